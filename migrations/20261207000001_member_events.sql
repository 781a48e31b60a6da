-- What was done to a space's members from its dashboard (`common::states::MemberAction`):
-- the members page's short history, with who did it as Nextcloud named them. The creation
-- form's single-use key makes a form sent twice (a double click, a retry) create once.
create table member_events (
    id bigserial primary key,
    space_id bigint not null references spaces (id) on delete cascade,
    at timestamptz not null default now(),
    action text not null
        check (action in ('member-created', 'member-disabled', 'member-enabled', 'member-deleted',
                          'admin-made', 'admin-unmade', 'welcome-sent', 'member-joined')),
    -- Who did it: a dashboard login's account and name (an invitation link's joiner is
    -- their own actor).
    actor_uid text not null check (length(actor_uid) between 1 and 64),
    actor_name text not null default '' check (length(actor_name) <= 200),
    member_uid text not null check (length(member_uid) between 1 and 64),
    form_key text check (length(form_key) between 1 and 64),
    unique (space_id, form_key)
);
create index member_events_of on member_events (space_id, at desc);
