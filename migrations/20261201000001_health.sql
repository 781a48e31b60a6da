-- The health sweep: each active space's last check and usage, the history of its health as
-- runs of the same result, its usage day by day, and the alert mails sent to staff.

alter table spaces
    add column checked_at timestamptz,
    -- What `status.php` said at the last sweep.
    add column health text check (health in (
        'ok', 'unreachable', 'not_installed', 'maintenance', 'error')),
    add column health_detail text check (length(health_detail) <= 500),
    add column nextcloud_version text check (length(nextcloud_version) <= 40),
    -- Sweeps failed in a row; three raise an alert.
    add column failed_sweeps int not null default 0,
    -- Usage at the last sweep that could read it: accounts besides the portal's own, bytes in
    -- their homes, the latest login among them.
    add column accounts int,
    add column storage_used bigint,
    add column last_login timestamptz,
    -- What the last sweep found out of place (`apps`, `app_password`, `oauth_client`),
    -- repaired by a job.
    add column drift text[] not null default '{}';
create index spaces_active_on_host on spaces (host_id, id) where state = 'active';

-- A row opens when a space's health changes; each sweep with the same result only moves its
-- end and counts it, so the history stays short however often the sweep runs.
create table space_health (
    id bigint generated always as identity primary key,
    space_id bigint not null references spaces (id) on delete cascade,
    health text not null,
    version text,
    detail text check (length(detail) <= 500),
    first_at timestamptz not null default now(),
    last_at timestamptz not null default now(),
    sweeps int not null default 1
);
create index space_health_of on space_health (space_id, id desc);

-- Usage day by day (the last sweep of the day wins).
create table space_usage (
    space_id bigint not null references spaces (id) on delete cascade,
    day date not null,
    accounts int not null,
    storage_used bigint not null,
    primary key (space_id, day)
);

-- Alerts reach staff by mail, batched: at most one mail per kind per hour.
alter table alerts add column mailed_at timestamptz;
create table alert_mails (
    id bigint generated always as identity primary key,
    kind text not null,
    sent_at timestamptz not null default now(),
    alerts int not null,
    recipients int not null
);
create index alert_mails_recent on alert_mails (kind, sent_at desc);
