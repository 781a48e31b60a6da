-- A search of the forum finds topics: each has here the words of its title (weight A), of
-- its question (B) and of its visible replies (D), kept by triggers as posts are written,
-- edited, hidden or removed, and as a title changes. Ranking a million posts one by one
-- cost as many reads as there were posts with a common word; a topic's words together are
-- ten times fewer rows, and the best post of each topic found is looked for afterwards,
-- among that topic's posts only (`backend::forum::search`).

-- The words of several posts together, each post's positions after the one before.
create aggregate forum_words_agg (tsvector) (sfunc = tsvector_concat, stype = tsvector, initcond = '');

create table forum_topic_words (
    topic_id bigint primary key references forum_topics (id) on delete cascade,
    words tsvector not null
);
create index forum_topic_words_words on forum_topic_words using gin (words);

-- A topic's words, from its title and its posts as they are now.
create function forum_topic_words_of(topic bigint) returns tsvector
    language sql stable
    as $$
    select t.search
        || coalesce((select setweight(o.search, 'B') from forum_posts o
                     where o.topic_id = t.id order by o.id limit 1), '')
        || coalesce((select forum_words_agg(o.search order by o.id) from forum_posts o
                     where o.topic_id = t.id and o.state = 'visible'
                       and o.id > (select min(f.id) from forum_posts f where f.topic_id = t.id)),
                    '')
    from forum_topics t
    where t.id = topic
    $$;

create function forum_topic_words_refresh() returns trigger
    language plpgsql
    as $$
    begin
        if tg_table_name = 'forum_topics' then
            update forum_topic_words set words = forum_topic_words_of(new.id)
            where topic_id = new.id;
            return null;
        end if;
        insert into forum_topic_words (topic_id, words)
        select t.id, forum_topic_words_of(t.id)
        from forum_topics t
        where t.id in (select topic_id from changed)
        on conflict (topic_id) do update set words = excluded.words;
        return null;
    end
    $$;

create trigger forum_posts_words_added after insert on forum_posts
    referencing new table as changed for each statement execute function forum_topic_words_refresh();
create trigger forum_posts_words_changed after update on forum_posts
    referencing new table as changed for each statement execute function forum_topic_words_refresh();
create trigger forum_posts_words_removed after delete on forum_posts
    referencing old table as changed for each statement execute function forum_topic_words_refresh();
-- A title changed (the replies' count and the last post's time change at every reply: they
-- are not words).
create trigger forum_topics_words_changed after update of title on forum_topics
    for each row execute function forum_topic_words_refresh();

insert into forum_topic_words (topic_id, words)
select id, forum_topic_words_of(id) from forum_topics;

-- Posts are no longer searched one by one: their own words serve to find the best post of a
-- topic found, by its id.
drop index forum_posts_search;
