-- What the forum tells its people (issue 22, point 4): a mention `@pseudo` in a post, a
-- reply in a topic they watch (their own topics are watched from the start), a new topic
-- in a category they watch. Each is a notification on the forum's page of notifications,
-- and a mail: at once or in a daily digest, each kind turned off on its own, and every
-- forum mail ends with a one-click unsubscribe.

alter table forum_people
    -- Mail for mentions; for what they watch; in one mail a day rather than at once.
    add column mail_mentions boolean not null default true,
    add column mail_watched boolean not null default true,
    add column mail_daily boolean not null default false,
    -- When their last digest left (NULL: none yet).
    add column digest_sent_at timestamptz;

create table forum_topic_watches (
    person_id bigint not null references forum_people (id) on delete cascade,
    topic_id bigint not null references forum_topics (id) on delete cascade,
    primary key (person_id, topic_id)
);
create index forum_topic_watches_topic on forum_topic_watches (topic_id);

create table forum_category_watches (
    person_id bigint not null references forum_people (id) on delete cascade,
    category_id bigint not null references forum_categories (id) on delete cascade,
    primary key (person_id, category_id)
);
create index forum_category_watches_category on forum_category_watches (category_id);

create table forum_notifications (
    id bigserial primary key,
    person_id bigint not null references forum_people (id) on delete cascade,
    -- 'mention': the post names them; 'reply': a reply in a topic they watch; 'topic': a
    -- new topic in a category they watch.
    kind text not null check (kind in ('mention', 'reply', 'topic')),
    post_id bigint not null references forum_posts (id) on delete cascade,
    created_at timestamptz not null default now(),
    read_at timestamptz,
    -- Waiting for the next daily digest.
    digest_pending boolean not null default false
);
-- One notification per person and post: a mention in a watched topic is one mention.
create unique index forum_notifications_once on forum_notifications (person_id, post_id);
create index forum_notifications_person on forum_notifications (person_id, id desc);
create index forum_notifications_digest on forum_notifications (person_id)
    where digest_pending;

-- The authors of the topics so far watch their topics.
insert into forum_topic_watches (person_id, topic_id)
select author_id, id from forum_topics where author_id is not null
on conflict do nothing;
