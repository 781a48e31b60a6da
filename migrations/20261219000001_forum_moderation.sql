-- The forum's moderation (issue 22, point 5): a person flags a post with a reason, the
-- flags wait in a queue, and a forum moderator hides the post or leaves it; a moderator
-- also restores a hidden post, locks and pins topics. Every such action is written in a
-- log that says who did what, to what, when and why.
--
-- Moderating applications does not make one a forum moderator: an admin gives the role.
-- Admins (with their second factor) moderate the forum too.

alter table staff_accounts add column forum_moderator boolean not null default false;

create table forum_flags (
    id bigserial primary key,
    post_id bigint not null references forum_posts (id) on delete cascade,
    person_id bigint not null references forum_people (id) on delete cascade,
    reason text not null
        check (reason in ('spam', 'offensive', 'off-topic', 'personal-data', 'other')),
    detail text not null default '' check (length(detail) <= 500),
    created_at timestamptz not null default now(),
    -- Set when a moderator decided on the post (hid it, or left it as it was).
    resolved_at timestamptz,
    resolved_by bigint references staff_accounts (id) on delete set null,
    outcome text check (outcome in ('hidden', 'kept')),
    check ((resolved_at is null) = (outcome is null))
);
-- One open flag per person and post: flagging again changes nothing.
create unique index forum_flags_open on forum_flags (post_id, person_id) where resolved_at is null;
create index forum_flags_queue on forum_flags (created_at) where resolved_at is null;

create table forum_moderation_log (
    id bigserial primary key,
    -- NULL once the account is removed; its address stays in `staff_email`.
    staff_id bigint references staff_accounts (id) on delete set null,
    staff_email text not null,
    action text not null check (action in
        ('hide', 'restore', 'keep', 'lock', 'unlock', 'pin', 'unpin')),
    topic_id bigint not null references forum_topics (id) on delete cascade,
    post_id bigint references forum_posts (id) on delete set null,
    reason text not null default '' check (length(reason) <= 500),
    at timestamptz not null default now()
);
create index forum_moderation_log_at on forum_moderation_log (at desc, id desc);
create index forum_moderation_log_post on forum_moderation_log (post_id, at desc);
