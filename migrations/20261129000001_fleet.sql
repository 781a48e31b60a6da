-- The fleet: the Nextcloud hosts that hold the spaces, and the host each space is placed on.
create table hosts (
    id bigint generated always as identity primary key,
    -- The host's name, as `{host}` in its occ command template.
    name text not null unique check (name ~ '^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$'),
    -- How the portal runs a space's occ, e.g. `ssh -T {host} sudo -u www-data /usr/local/bin/framaspace-occ {slug}`.
    occ_template text not null check (length(occ_template) between 1 and 1000),
    -- Where a space answers, e.g. `https://{slug}.frama.space`.
    ocs_url text not null check (ocs_url ~ '^https?://\{slug\}\.[a-z0-9.-]+(:[0-9]{1,5})?$'),
    nextcloud_version integer not null check (nextcloud_version between 28 and 99),
    -- The PostgreSQL server that holds the spaces' databases, as the host sees it.
    database_server text not null check (length(database_server) between 1 and 255),
    office_url text check (office_url ~ '^https?://[^\s]+$'),
    -- Sealed with the configuration's secret key.
    office_secret bytea,
    capacity_spaces integer not null check (capacity_spaces between 1 and 100000),
    capacity_bytes bigint not null check (capacity_bytes > 0),
    -- Provisioning steps run at once on this host, whatever the number of workers.
    max_parallel integer not null default 2 check (max_parallel between 1 and 64),
    state text not null default 'active' check (state in ('active', 'draining')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

alter table spaces add column host_id bigint references hosts (id);
-- What the space may store: the room it takes on its host.
alter table spaces add column quota_bytes bigint not null default 42949672960 check (quota_bytes > 0);
create index spaces_on_host on spaces (host_id) where state <> 'deleted';
