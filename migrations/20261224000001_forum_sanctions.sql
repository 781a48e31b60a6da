-- A forum moderator silences a person (they read, but no longer post or flag) or bans them
-- (their login opens nothing of the forum; its pages say why and until when), until the end
-- of a day and for a reason (issue 22, point 5). One sanction per person at a time: a new
-- one replaces it, lifting it deletes it, and one past its end no longer counts. The log
-- keeps each, naming the person and, when taken from a post's card, that post.

create table forum_sanctions (
    person_id bigint primary key references forum_people (id) on delete cascade,
    kind text not null check (kind in ('silence', 'ban')),
    until timestamptz not null,
    reason text not null check (length(reason) between 1 and 500),
    staff_id bigint references staff_accounts (id) on delete set null,
    at timestamptz not null default now()
);

alter table forum_moderation_log
    alter column topic_id drop not null,
    add column person_id bigint references forum_people (id) on delete set null,
    add column until timestamptz;
alter table forum_moderation_log drop constraint forum_moderation_log_action_check;
alter table forum_moderation_log add constraint forum_moderation_log_action_check check (action in
    ('hide', 'restore', 'keep', 'lock', 'unlock', 'pin', 'unpin', 'idea-state', 'move',
     'silence', 'ban', 'lift'));
create index forum_moderation_log_person on forum_moderation_log (person_id, at desc)
    where person_id is not null;
