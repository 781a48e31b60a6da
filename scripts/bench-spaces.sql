-- `make bench` (scripts/bench.sh), after bench-moderation.sql: 10,000 spaces for the staff
-- spaces pages' benchmark, written straight in SQL and deterministic (hashes of the row
-- number). The approved applications' spaces come first; spaces without an application
-- (their structure's data erased) make up the rest.
--
-- What it makes: 40 hosts of 250 spaces; 94 % of the spaces active, the others suspended,
-- being made (with part of their steps), waiting, failed or deleted; each space made has its
-- sixteen steps recorded, and each active one a health sweep (97 % answering), usage (1 to 50
-- accounts, up to its 40 GiB) and one to three runs of health history.
\set ON_ERROR_STOP on

begin;

create function pg_temp.pick(salt text, i bigint, m integer) returns integer
    language sql immutable
    as $$ select abs(hashtext(salt || ':' || i::text)) % m $$;

insert into hosts (name, occ_template, ocs_url, nextcloud_version, database_server,
                   capacity_spaces, capacity_bytes, max_parallel)
select 'nc' || h || '.frama.space',
       'ssh -T {host} sudo -u www-data /usr/local/bin/framaspace-occ {slug}',
       'https://{slug}.frama.space', case when h % 2 = 0 then 35 else 34 end,
       'db' || (h % 4) || '.frama.space', 250, 250 * 42949672960::bigint, 2
from generate_series(1, 40) as h;

insert into spaces (slug, office, created_at)
select 'espace-' || i, case when i % 3 = 0 then 'onlyoffice' else 'collabora' end,
       now() - make_interval(days => pg_temp.pick('age', i, 400))
from generate_series(1, 10000 - (select count(*) from spaces)) as i;

-- Placed round the hosts, each in a state.
with numbered as (select id, row_number() over (order by id) as n from spaces)
update spaces s
set host_id = (select h.id from hosts h order by h.id offset (numbered.n - 1) % 40 limit 1),
    state = case when pg_temp.pick('state', s.id, 100) < 94 then 'active'
                 when pg_temp.pick('state', s.id, 100) < 96 then 'suspended'
                 when pg_temp.pick('state', s.id, 100) < 97 then 'provisioning'
                 when pg_temp.pick('state', s.id, 100) < 98 then 'waiting'
                 when pg_temp.pick('state', s.id, 100) < 99 then 'failed'
                 else 'deleted' end
from numbered where numbered.id = s.id;
update spaces set host_id = null where state = 'waiting';
update spaces set provisioned_at = created_at + interval '40 seconds'
where state in ('active', 'suspended', 'deleted');

-- The thirteen steps of each space made; part of them for one being made or failed.
insert into space_steps (space_id, step, started_at, finished_at, outcome, excerpt)
select s.id, st.step, s.created_at + make_interval(secs => st.n * 2),
       s.created_at + make_interval(secs => st.n * 2 + 1.5),
       case when s.state = 'failed' and st.n = 4 then 'failed' else 'done' end,
       'bench: ' || st.step
from spaces s
cross join unnest(array['place', 'site', 'database', 'install', 'settings', 'apps', 'office',
                        'theming', 'referent', 'app-password', 'oauth-client', 'health',
                        'welcome']) with ordinality as st(step, n)
where s.state <> 'waiting'
  and (s.state in ('active', 'suspended', 'deleted')
       or st.n <= 4 + pg_temp.pick('done', s.id, 8));

-- The last sweep of each active space, and its usage.
update spaces s
set checked_at = now() - make_interval(secs => pg_temp.pick('checked', s.id, 600)),
    health = case when pg_temp.pick('health', s.id, 100) < 97 then 'ok' else 'unreachable' end,
    failed_sweeps = case when pg_temp.pick('health', s.id, 100) < 97 then 0
                         else 1 + pg_temp.pick('fails', s.id, 5) end,
    nextcloud_version = case when h.nextcloud_version = 35 then '35.0.1' else '34.0.4' end,
    accounts = 1 + pg_temp.pick('accounts', s.id, 50),
    storage_used = pg_temp.pick('storage', s.id, 40000)::bigint * 1048576,
    last_login = now() - make_interval(mins => pg_temp.pick('login', s.id, 60 * 24 * 30))
from hosts h
where h.id = s.host_id and s.state = 'active';

-- One to three runs of health history each.
insert into space_health (space_id, health, version, first_at, last_at, sweeps)
select s.id, case when r = 1 then s.health else 'ok' end, s.nextcloud_version,
       now() - make_interval(days => 3 * r), now() - make_interval(days => 3 * r - 3),
       1 + pg_temp.pick('sweeps', s.id + r, 400)
from spaces s cross join generate_series(1, 3) as r
where s.state = 'active' and r <= 1 + pg_temp.pick('runs', s.id, 3);

insert into space_usage (space_id, day, accounts, storage_used)
select id, (now() at time zone 'Europe/Paris')::date, accounts, storage_used
from spaces where accounts is not null;

commit;

-- As autovacuum leaves a database some minutes after a bulk load: statistics, and the
-- visibility map that lets the counts read their partial indexes alone (index-only scans).
vacuum analyze hosts;
vacuum analyze spaces;
vacuum analyze space_steps;
vacuum analyze space_health;
