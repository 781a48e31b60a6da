-- Provisioning: how the portal makes a space's site and database on a host, the secrets it
-- keeps for each space, the record of every step, and the alerts staff watch.

-- The host's script for a space's site and database (docs/host/framaspace-host), run like
-- occ, e.g. `ssh -T {host} sudo /usr/local/sbin/framaspace-host {slug}`.
alter table hosts add column host_script text
    check (length(host_script) between 1 and 1000);

-- Sealed with the configuration's secret key, each bound to its kind and its space. Each is
-- written before the step that gives it to Nextcloud, so a step repeated after a crash
-- gives the same one.
alter table spaces
    add column database_password bytea,
    add column admin_password bytea,
    add column app_password bytea,
    add column oauth_client_id text,
    add column oauth_secret bytea,
    add column provisioned_at timestamptz;

-- Every provisioning step a worker ran, with its outcome: the space's timeline for staff and
-- its progress for the applicant.
create table space_steps (
    id bigint generated always as identity primary key,
    space_id bigint not null references spaces (id) on delete cascade,
    job_id bigint references jobs (id) on delete set null,
    step text not null,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    -- `done`: this run made the effect; `already`: Nextcloud had it; `waiting`: not now
    -- (a full fleet, a busy host); `running`: started, never recorded (a worker died).
    outcome text not null default 'running'
        check (outcome in ('running', 'done', 'already', 'failed', 'waiting')),
    -- What the step saw or printed, secrets masked.
    excerpt text not null default '' check (length(excerpt) <= 2000)
);
create index space_steps_of on space_steps (space_id, id);

-- What staff must look at: open until cleared; one open alert per kind and subject.
create table alerts (
    id bigint generated always as identity primary key,
    kind text not null check (kind ~ '^[a-z_]{1,40}$'),
    -- What it is about: a space's address, a host's name; empty for the whole fleet.
    subject text not null default '',
    message text not null check (length(message) <= 2000),
    raised_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    cleared_at timestamptz
);
create unique index alerts_open on alerts (kind, subject) where cleared_at is null;
create index alerts_recent on alerts (raised_at desc);
