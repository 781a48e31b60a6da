-- The help forum: categories, topics, and the posts of each topic (its first post is the
-- question). A post keeps its Markdown; the portal renders and cleans it when it shows it.
--
-- Search in French through `french_unaccent` (the directory's migration): « evenement »
-- finds « événement ».

create table forum_categories (
    id bigserial primary key,
    slug text not null unique
        check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 60),
    name text not null check (length(name) between 1 and 60),
    description text not null default '' check (length(description) <= 300),
    position int not null,
    -- Topics here are wishes for Nextcloud, which members vote on.
    ideas boolean not null default false,
    -- Only staff open topics here (the announcements).
    staff_only boolean not null default false
);

-- A person of the forum, known by their pseudonym only. Deleting one's forum account keeps
-- the posts, under a pseudonym that no longer says who wrote them.
create table forum_people (
    id bigserial primary key,
    pseudonym text not null check (length(pseudonym) between 2 and 30),
    created_at timestamptz not null default now(),
    deleted_at timestamptz
);
create unique index forum_people_pseudonym on forum_people (lower(pseudonym));

create table forum_topics (
    id bigserial primary key,
    category_id bigint not null references forum_categories (id),
    title text not null check (length(title) between 1 and 150),
    slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
    -- NULL: the team (the welcome topic).
    author_id bigint references forum_people (id),
    created_at timestamptz not null default now(),
    last_posted_at timestamptz not null default now(),
    -- The visible replies (every visible post but the first).
    replies int not null default 0 check (replies >= 0),
    pinned boolean not null default false,
    locked boolean not null default false,
    guide boolean not null default false,
    state text not null default 'visible' check (state in ('visible', 'awaiting', 'moderated')),
    solved_post_id bigint,
    -- The title's words, weighted above a post's in a search.
    search tsvector generated always as (setweight(to_tsvector('french_unaccent', title), 'A'))
        stored
);
create index forum_topics_search on forum_topics using gin (search);
create index forum_topics_category
    on forum_topics (category_id, pinned desc, last_posted_at desc) where state = 'visible';
create index forum_topics_latest on forum_topics (last_posted_at desc) where state = 'visible';

create table forum_posts (
    id bigserial primary key,
    topic_id bigint not null references forum_topics (id) on delete cascade,
    author_id bigint references forum_people (id),
    body text not null check (length(body) between 1 and 20000),
    created_at timestamptz not null default now(),
    edited_at timestamptz,
    state text not null default 'visible' check (state in ('visible', 'awaiting', 'moderated')),
    search tsvector generated always as (to_tsvector('french_unaccent', body)) stored
);
create index forum_posts_topic on forum_posts (topic_id, id);
create index forum_posts_search on forum_posts using gin (search);

alter table forum_topics
    add foreign key (solved_post_id) references forum_posts (id) on delete set null;

insert into forum_categories (slug, name, description, position, ideas, staff_only) values
    ('premiers-pas', 'Premiers pas',
     'Se connecter, s’y retrouver, les premières questions sur son espace.', 1, false, false),
    ('fichiers-et-synchronisation', 'Fichiers et synchronisation',
     'Déposer, partager et synchroniser ses fichiers sur son ordinateur ou son téléphone.',
     2, false, false),
    ('agendas-et-contacts', 'Agendas et contacts',
     'Agendas partagés, carnets d’adresses, et les relier à son téléphone.', 3, false, false),
    ('bureautique-en-ligne', 'Bureautique en ligne',
     'Écrire, calculer et présenter à plusieurs dans le navigateur.', 4, false, false),
    ('visio-et-discussion', 'Visio et discussion',
     'Réunions en visio, discussions de groupe et appels.', 5, false, false),
    ('administrer-son-espace', 'Administrer son espace',
     'Comptes, groupes, applications et réglages, pour les personnes qui gèrent un espace.',
     6, false, false),
    ('vie-associative-et-outils', 'Vie associative et outils',
     'Organiser une AG, un bureau, un projet : les façons de faire avec les outils de l’espace.',
     7, false, false),
    ('idees-pour-nextcloud', 'Idées pour Nextcloud',
     'Les besoins que nous partageons, à porter auprès des personnes qui développent Nextcloud.',
     8, true, false),
    ('annonces', 'Annonces', 'Les nouvelles du service, par l’équipe.', 9, false, true);

-- The welcome topic, by the team, pinned in the announcements.
with topic as (
    insert into forum_topics (category_id, title, slug, pinned)
    select id, 'Bienvenue sur le forum d’entraide', 'bienvenue-sur-le-forum-d-entraide', true
    from forum_categories where slug = 'annonces'
    returning id
)
insert into forum_posts (topic_id, body)
select id, E'Ce forum est un lieu d’entraide entre personnes qui découvrent Nextcloud : '
    'posez vos questions, même celles qui vous semblent simples, et répondez à celles des '
    'autres quand vous le pouvez.\n\n'
    '## Avant de poser une question\n\n'
    '- Cherchez si elle a déjà été posée : la réponse y est peut-être déjà.\n'
    '- Choisissez la catégorie la plus proche de votre sujet.\n'
    '- Dites ce que vous vouliez faire, ce que vous avez fait et ce qui s’est passé.\n\n'
    '## Quelques règles\n\n'
    '- Restez bienveillant·es : tout le monde a débuté un jour.\n'
    '- Ne publiez jamais de mot de passe ni de données personnelles.\n'
    '- Quand une réponse a résolu votre problème, marquez-la comme solution : '
    'elle aidera la personne suivante.\n'
from topic;
