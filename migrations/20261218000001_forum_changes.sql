-- Two things about what the forum shows.
--
-- 1. A topic's words take its question's only while the question is visible: a question
--    held for approval or hidden by a moderator is not found by its words (the title, which
--    the topic's own state governs, still is).
create or replace function forum_topic_words_of(topic bigint) returns tsvector
    language sql stable
    as $$
    select t.search
        || coalesce((select setweight(q.search, 'B')
                     from (select o.search, o.state from forum_posts o
                           where o.topic_id = t.id order by o.id limit 1) q
                     where q.state = 'visible'), '')
        || coalesce((select forum_words_agg(o.search order by o.id) from forum_posts o
                     where o.topic_id = t.id and o.state = 'visible'
                       and o.id > (select min(f.id) from forum_posts f where f.topic_id = t.id)),
                    '')
    from forum_topics t
    where t.id = topic
    $$;

update forum_topic_words w set words = forum_topic_words_of(w.topic_id)
where exists (select 1 from forum_posts o where o.topic_id = w.topic_id and o.state <> 'visible');

-- 2. Each server keeps the forum's pages rendered for anonymous readers (server::page_cache)
--    and forgets them when what they show changes: categories, topics, posts, and the
--    people's names, told when the change's transaction commits (one notification per
--    transaction: PostgreSQL folds identical ones).
create function notify_forum() returns trigger
language plpgsql as $$
begin
  perform pg_notify('forum', '');
  return null;
end
$$;

create trigger forum_categories_changed
  after insert or update or delete on forum_categories
  for each statement execute function notify_forum();
create trigger forum_topics_changed
  after insert or update or delete on forum_topics
  for each statement execute function notify_forum();
create trigger forum_posts_changed
  after insert or update or delete on forum_posts
  for each statement execute function notify_forum();
-- A login makes a person without a name yet: nothing shown changes until they have one.
create trigger forum_people_changed
  after update of pseudonym, deleted_at, show_space, space_id or delete on forum_people
  for each statement execute function notify_forum();
