-- A space's life after it is made: suspended and resumed, deleted after a grace period (with
-- a reminder, and cancellable meanwhile), its office suite changed. Each change is asked,
-- recorded as an event, then done by a job.

alter table spaces
    add column suspended_at timestamptz,
    -- Why staff suspended it, as the referent was told.
    add column suspend_reason text check (length(suspend_reason) <= 2000),
    -- A deletion asked: the space is removed once this has passed, unless cancelled.
    add column delete_after timestamptz,
    add column deletion_reminded_at timestamptz,
    add column deleted_at timestamptz;
create index spaces_deletions on spaces (delete_after) where delete_after is not null;

-- Who asked what of a space, and when: the audit of its life.
create table space_events (
    id bigint generated always as identity primary key,
    space_id bigint not null references spaces (id) on delete cascade,
    at timestamptz not null default now(),
    -- `staff:<address>`, `referent` or `system`.
    actor text not null check (length(actor) between 1 and 300),
    action text not null check (action in (
        'suspend', 'resume', 'office', 'delete-asked', 'delete-reminded', 'delete-cancelled',
        'remove')),
    detail text not null default '' check (length(detail) <= 2000),
    job_id bigint references jobs (id) on delete set null
);
create index space_events_of on space_events (space_id, id);
