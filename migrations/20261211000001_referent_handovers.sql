-- The referent on file of a space, once its first referent handed the role over: it then
-- replaces the application's (`referents::SpaceOnFile`, the space's mails). Null: the
-- application's referent, whose account provisioning made.
alter table spaces
    add column referent_uid text check (length(referent_uid) between 1 and 64),
    add column referent_name text check (length(referent_name) between 1 and 200),
    add column referent_email text check (length(referent_email) between 3 and 254),
    add constraint spaces_referent_whole
        check ((referent_uid is null) = (referent_name is null)
               and (referent_uid is null) = (referent_email is null));

-- A referent's offer of their role to another member of the space, mailed to that member's
-- address; the link's page confirms it. A new offer replaces the one still open.
create table referent_handovers (
    id bigserial primary key,
    space_id bigint not null references spaces (id) on delete cascade,
    from_uid text not null check (length(from_uid) between 1 and 64),
    from_name text not null check (length(from_name) <= 200),
    to_uid text not null check (length(to_uid) between 1 and 64),
    to_name text not null check (length(to_name) <= 200),
    to_email text not null check (length(to_email) between 3 and 254),
    token_hash bytea not null unique,
    asked_at timestamptz not null default now(),
    expires_at timestamptz not null,
    accepted_at timestamptz,
    cancelled_at timestamptz,
    check (accepted_at is null or cancelled_at is null)
);
create unique index referent_handovers_open
    on referent_handovers (space_id) where accepted_at is null and cancelled_at is null;

alter table member_events drop constraint member_events_action_check,
    add constraint member_events_action_check
        check (action in ('member-created', 'member-disabled', 'member-enabled', 'member-deleted',
                          'admin-made', 'admin-unmade', 'welcome-sent', 'member-joined',
                          'referent-offered', 'referent-handed'));
