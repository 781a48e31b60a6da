-- A person logged in to the forum likes a visible post of someone else's (issue 22, point
-- 1): one like per person and post, taken back at will. Each post shows how many like it,
-- counted when read (one index lookup per post): a count kept on `forum_posts` would have
-- every like recompute its topic's search words (`forum_posts_words_changed`).

create table forum_likes (
    post_id bigint not null references forum_posts (id) on delete cascade,
    person_id bigint not null references forum_people (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (post_id, person_id)
);
create index forum_likes_person on forum_likes (person_id);

-- The forum's kept pages show the counts: a like forgets them as a post does.
create trigger forum_likes_changed
  after insert or delete on forum_likes
  for each statement execute function notify_forum();
