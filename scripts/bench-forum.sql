-- `make bench` (scripts/bench.sh): a forum of 1,000,000 posts in French for the search's
-- benchmark, written straight in SQL. Deterministic (hashes of the row number, no random()),
-- so two runs measure the same data.
--
-- What it makes: 20,000 people; about 100,000 topics in the eight open categories over the
-- last three years, each a question of 2 to 18 posts (10 on average) written by people new
-- to Nextcloud and those who answer them: greetings, what they tried, what happened, the
-- steps that solved it, thanks; two topics in five solved. The sentences are put together
-- from pieces (a subject, what went wrong, a detail, a piece of advice), so that the common
-- words of such a forum (« fichier », « agenda », « merci », « téléphone ») are common here
-- too, and rare ones (« webdav », « caldav ») rare.
\set ON_ERROR_STOP on
set maintenance_work_mem = '512MB';

begin;

-- The search indexes are built once the posts are in, as a restore does.
drop index forum_topic_words_words;
drop index forum_topics_search;

insert into forum_people (pseudonym, email, created_at)
select (array['camille', 'dominique', 'sacha', 'alex', 'claude', 'morgan', 'andrea', 'charlie',
              'lou', 'noa', 'sam', 'eden'])[1 + i % 12] || '-' || i,
       'membre-' || i || '@example.org',
       now() - interval '3 years' + (i || ' minutes')::interval * 50
from generate_series(1, 20000) as i;

create temporary table bench_pieces on commit drop as
select
    -- What a question is about.
    array['mon agenda', 'l’agenda partagé de l’association', 'le dossier partagé', 'mes fichiers',
          'le client de synchronisation', 'l’application Nextcloud sur mon téléphone',
          'le carnet d’adresses', 'mes contacts', 'le document de Collabora', 'OnlyOffice',
          'la visio de Talk', 'la discussion de groupe', 'le tableau Deck', 'le wiki Collectives',
          'les photos de la fête', 'le compte rendu de l’AG', 'le lien de partage',
          'le formulaire d’inscription', 'le sondage', 'la corbeille', 'mon mot de passe',
          'la double authentification', 'le quota de stockage', 'les notifications',
          'le tableur des adhésions', 'la présentation du bilan', 'le groupe du bureau',
          'le compte de la trésorière', 'les tâches du calendrier', 'la synchronisation WebDAV',
          'le calendrier CalDAV', 'DAVx⁵ sur Android', 'l’iPhone de notre secrétaire',
          'Thunderbird', 'le dossier monté dans l’explorateur', 'les versions d’un fichier',
          'le modèle de lettre', 'la liste des bénévoles', 'les rendez-vous', 'l’annuaire']
        as subject,
    -- What went wrong, or what they want.
    array['ne se synchronise plus depuis hier', 'affiche une erreur quand je l’ouvre',
          'fonctionne sur l’ordinateur mais pas sur le téléphone', 'a disparu après la mise à jour',
          'reste bloqué au chargement', 'me demande sans cesse de me reconnecter',
          'n’apparaît pas chez les autres membres', 'est en double depuis la dernière synchronisation',
          'ne s’ouvre qu’en lecture seule', 'est très lent depuis ce matin',
          'ne garde pas les modifications', 'ne montre pas les événements récurrents',
          'refuse le mot de passe pourtant correct', 'ne permet pas d’inviter quelqu’un d’extérieur',
          'dépasse le quota alors que le dossier est presque vide',
          'ne se partage qu’avec un seul groupe', 'perd les accents dans les noms de fichiers',
          'envoie des notifications en anglais', 'ne trouve pas le serveur',
          'coupe le son pendant les réunions', 'ne garde pas la mise en page du document',
          'demande un code à chaque connexion', 'ne s’affiche pas sur la tablette',
          'a changé d’adresse sans prévenir']
        as problem,
    array['Bonjour à toutes et à tous,', 'Bonjour,', 'Bonsoir,', 'Salut,', 'Bonjour à tous,',
          'Bonjour l’équipe,', 'Hello,', 'Bonjour et merci pour ce forum,']
        as opening,
    array['Merci pour votre réponse,', 'Bonjour,', 'Merci pour la question,', 'Re-bonjour,',
          'Même souci ici,', 'Pour compléter la réponse précédente,', 'Bonsoir,', 'Salut,']
        as reply_opening,
    -- What they tell of their situation.
    array['Nous sommes une petite association de quartier d’une trentaine de bénévoles.',
          'J’utilise Android 14 avec DAVx⁵ et l’application Nextcloud.',
          'Je suis sur un Mac récent, avec le client de synchronisation à jour.',
          'Notre trésorière travaille sous Windows 11 et moi sous Ubuntu.',
          'C’est la première fois que j’utilise un outil de ce genre, soyez indulgents.',
          'J’ai déjà essayé de redémarrer l’ordinateur, sans succès.',
          'Le problème arrive seulement avec les gros fichiers, au-delà de 500 Mo.',
          'Le message dit seulement « Une erreur est survenue », sans plus de détails.',
          'Cela fonctionnait très bien jusqu’à la semaine dernière.',
          'Les autres membres du bureau ont le même problème.',
          'Nous préparons notre assemblée générale pour le mois prochain.',
          'Je gère l’espace pour le collectif depuis quelques mois seulement.',
          'Nous avons une cinquantaine de comptes et presque 30 Go utilisés.',
          'J’ai suivi la documentation mais je bloque à la troisième étape.',
          'Le navigateur est Firefox, à jour, sans extension particulière.',
          'Sur la tablette de l’association tout fonctionne, c’est étrange.']
        as detail,
    -- A piece of advice.
    array['Essayez de vous déconnecter puis de vous reconnecter dans l’application.',
          'Il faut aller dans les paramètres personnels, puis dans Sécurité, et créer un mot de passe d’application.',
          'Vérifiez que l’adresse du serveur commence bien par https et finit par frama.space.',
          'Dans Fichiers, cliquez sur les trois points du dossier puis sur Partager.',
          'Le plus simple est de créer un groupe pour le bureau et de partager le dossier avec ce groupe.',
          'Dans l’agenda, le bouton des trois points donne le lien CalDAV à copier dans DAVx⁵.',
          'La corbeille garde les fichiers supprimés trente jours : regardez en bas à gauche.',
          'Chaque fichier garde ses anciennes versions, dans l’onglet Versions de ses détails.',
          'Videz le cache du navigateur et rechargez la page.',
          'Le client de synchronisation a une option pour ne synchroniser que certains dossiers.',
          'Pour la visio, un lien public suffit : les invités n’ont pas besoin de compte.',
          'Collabora et OnlyOffice ouvrent tous les deux les documents ODT et DOCX.',
          'Demandez à la personne qui gère votre espace de vous ajouter au groupe.',
          'La double authentification se règle dans les paramètres personnels, rubrique Sécurité.',
          'Exportez l’agenda au format ICS puis importez-le dans le nouveau calendrier.',
          'Un formulaire de Forms peut être partagé par un simple lien, même sans compte.',
          'Le tableau Deck permet d’assigner une carte à une personne et de fixer une échéance.',
          'Mettez à jour l’application sur le téléphone, l’ancienne version avait ce défaut.',
          'Le quota compte aussi la corbeille et les anciennes versions des fichiers.',
          'Dans Contacts, importez le fichier VCF exporté de votre ancien carnet d’adresses.']
        as advice,
    array['Merci d’avance pour votre aide !', 'Merci beaucoup !', 'Bonne journée.',
          'Toute piste est la bienvenue.', 'Merci, ça a marché !', 'Je vous tiens au courant.',
          'Bon courage.', 'En espérant que cela vous aide.']
        as closing,
    -- The start of a question's title, and what it asks about.
    array['Comment partager', 'Comment synchroniser', 'Impossible d’ouvrir', 'Problème avec',
          'Comment retrouver', 'Comment inviter quelqu’un dans', 'Erreur sur',
          'Comment organiser', 'Question sur', 'Besoin d’aide pour']
        as ask;

create temporary table bench_topics on commit drop as
with counts as (
    select t, 2 + abs(hashtext('posts:' || t)) % 17 as n
    from generate_series(1, 120000) as t
),
placed as (
    select t, n, sum(n) over (order by t) - n as first
    from counts
)
select t, least(n, 1000000 - first)::integer as n, first
from placed
where first < 1000000;

-- The topics, after the welcome topic; ids follow the generated numbers.
insert into forum_topics (category_id, title, slug, author_id, created_at, last_posted_at, replies)
select 1 + abs(hashtext('category:' || t)) % 8,
       p.ask[1 + abs(hashtext('ask:' || t)) % cardinality(p.ask)] || ' '
           || p.subject[1 + abs(hashtext('subject:' || t)) % cardinality(p.subject)] || ' ?',
       'sujet-' || t,
       1 + abs(hashtext('author:' || t)) % 20000,
       now() - interval '3 years' + (t || ' minutes')::interval * 13,
       now() - interval '3 years' + (t || ' minutes')::interval * 13 + (n - 1) * interval '3 hours',
       n - 1
from bench_topics, bench_pieces p
order by t;

create temporary table bench_topic_ids on commit drop as
select t, id from (select row_number() over (order by id) as t, id from forum_topics
                   where slug like 'sujet-%') x;

insert into forum_posts (topic_id, author_id, body, created_at)
select ti.id,
       case when k = 0 then 1 + abs(hashtext('author:' || bt.t)) % 20000
            else 1 + abs(hashtext('reply:' || i)) % 20000 end,
       case when k = 0 then
           p.opening[1 + abs(hashtext('o:' || i)) % cardinality(p.opening)] || E'\n\n'
           || initcap(left(p.subject[1 + abs(hashtext('subject:' || bt.t)) % cardinality(p.subject)], 1))
           || substr(p.subject[1 + abs(hashtext('subject:' || bt.t)) % cardinality(p.subject)], 2) || ' '
           || p.problem[1 + abs(hashtext('pb:' || i)) % cardinality(p.problem)] || '. '
           || p.detail[1 + abs(hashtext('d1:' || i)) % cardinality(p.detail)] || ' '
           || p.detail[1 + abs(hashtext('d2:' || i)) % cardinality(p.detail)] || ' '
           || p.detail[1 + abs(hashtext('d3:' || i)) % cardinality(p.detail)]
           || case when i % 2 = 0 then
                  E'\n\nPar ailleurs, ' || p.subject[1 + abs(hashtext('s2:' || i)) % cardinality(p.subject)]
                  || ' ' || p.problem[1 + abs(hashtext('p2:' || i)) % cardinality(p.problem)] || '.'
              else '' end
           || E'\n\n' || p.closing[1 + abs(hashtext('c:' || i)) % cardinality(p.closing)]
       else
           p.reply_opening[1 + abs(hashtext('o:' || i)) % cardinality(p.reply_opening)] || E'\n\n'
           || p.advice[1 + abs(hashtext('a1:' || i)) % cardinality(p.advice)] || ' '
           || case when i % 3 <> 0 then
                  p.advice[1 + abs(hashtext('a2:' || i)) % cardinality(p.advice)] || ' ' else '' end
           || case when i % 5 = 0 then
                  p.advice[1 + abs(hashtext('a3:' || i)) % cardinality(p.advice)] || ' ' else '' end
           || case when i % 6 = 1 then
                  p.detail[1 + abs(hashtext('d1:' || i)) % cardinality(p.detail)] || ' ' else '' end
           || case when i % 4 = 0 then
                  'Chez nous, ' || p.subject[1 + abs(hashtext('s2:' || i)) % cardinality(p.subject)]
                  || ' ' || p.problem[1 + abs(hashtext('p2:' || i)) % cardinality(p.problem)]
                  || ' aussi, ' || 'et c’est réglé depuis.' else '' end
           || case when i % 7 = 0 then
                  E'\n\n- ouvrir les **paramètres** ;\n- choisir `Sécurité` ;\n- suivre [la documentation](https://docs.nextcloud.com/).'
              else '' end
           || E'\n\n' || p.closing[1 + abs(hashtext('c:' || i)) % cardinality(p.closing)]
       end,
       now() - interval '3 years' + (bt.t || ' minutes')::interval * 13 + k * interval '3 hours'
from bench_topics bt
join bench_topic_ids ti on ti.t = bt.t
cross join lateral generate_series(0, bt.n - 1) as k
cross join lateral (select bt.first + k) as x (i)
cross join bench_pieces p
order by bt.t, k;

-- Two topics in five are solved, by their second post.
update forum_topics t set solved_post_id = s.post_id
from (select topic_id, (array_agg(id order by id))[2] as post_id
      from forum_posts group by topic_id having count(*) > 1) s
where s.topic_id = t.id and t.slug like 'sujet-%' and abs(hashtext('solved:' || t.id)) % 5 < 2;

create index forum_topic_words_words on forum_topic_words using gin (words);
create index forum_topics_search on forum_topics using gin (search);

commit;

vacuum analyze forum_people;
vacuum analyze forum_topics;
vacuum analyze forum_posts;
vacuum analyze forum_topic_words;
