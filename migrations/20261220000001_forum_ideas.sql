-- Wishes for Nextcloud (issue 22, point 7): in a category of ideas, members vote on topics
-- (one vote each, withdrawable), forum moderators set each idea's state (proposed, under
-- study, planned, done, declined with a reason), and the category lists them by votes.

alter table forum_topics
    -- Meaningful in a category of ideas only.
    add column idea_state text not null default 'proposed'
        check (idea_state in ('proposed', 'under-study', 'planned', 'done', 'declined')),
    add column idea_reason text not null default '' check (length(idea_reason) <= 500),
    -- The votes of `forum_votes`, counted with each vote.
    add column votes int not null default 0 check (votes >= 0);

create table forum_votes (
    topic_id bigint not null references forum_topics (id) on delete cascade,
    person_id bigint not null references forum_people (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (topic_id, person_id)
);
create index forum_votes_person on forum_votes (person_id);

-- The count follows the votes, whatever removes them (a vote withdrawn, a forum account
-- deleted).
create function forum_votes_count() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        update forum_topics set votes = votes + 1 where id = new.topic_id;
    else
        update forum_topics set votes = votes - 1 where id = old.topic_id;
    end if;
    return null;
end $$;
create trigger forum_votes_count after insert or delete on forum_votes
    for each row execute function forum_votes_count();

create index forum_topics_ideas
    on forum_topics (category_id, votes desc, last_posted_at desc) where state = 'visible';

-- A moderator's change of an idea's state is logged as the other decisions are.
alter table forum_moderation_log
    add column idea_state text
        check (idea_state in ('proposed', 'under-study', 'planned', 'done', 'declined'));
alter table forum_moderation_log drop constraint forum_moderation_log_action_check;
alter table forum_moderation_log add constraint forum_moderation_log_action_check check (action in
    ('hide', 'restore', 'keep', 'lock', 'unlock', 'pin', 'unpin', 'idea-state'));
