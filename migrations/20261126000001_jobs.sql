-- One durable job queue for every kind of background work: mail now; provisioning, sweeps
-- and imports next. A job is enqueued in the transaction of the change that calls for it.
--
-- A worker claims jobs with `FOR UPDATE SKIP LOCKED`, taking a fresh fencing token from
-- `job_leases` and a lease that its heartbeat renews. Every update it makes afterwards is
-- conditioned on that token, so a worker that lost its lease (frozen, cut off, too slow)
-- can no longer finish, fail or touch the job that another worker took over.
create sequence job_leases;

create table jobs (
    id bigint generated always as identity primary key,
    -- What to do (`mail.send`) and with what (`{"outbox_id": 12}`).
    kind text not null,
    queue text not null default 'default',
    payload jsonb not null default 'null'::jsonb,
    -- Higher first; then oldest first.
    priority smallint not null default 0,
    -- At most one ready or running job per (kind, dedup_key).
    dedup_key text,
    state text not null default 'ready'
        check (state in ('ready', 'running', 'done', 'dead', 'cancelled')),
    attempts integer not null default 0,
    run_at timestamptz not null default now(),
    -- The fencing token of the claim that holds (or last held) the job.
    lease bigint,
    lease_owner text,
    lease_until timestamptz,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz,
    last_error text
);
create unique index jobs_dedup on jobs (kind, dedup_key)
    where dedup_key is not null and state in ('ready', 'running');
create index jobs_ready on jobs (priority desc, run_at, id) where state = 'ready';
create index jobs_running on jobs (lease_until) where state = 'running';
create index jobs_finished on jobs (finished_at) where state in ('done', 'cancelled');

-- Periodic jobs run once per period however many workers run: the first worker to insert
-- the period's row enqueues the job, in the same statement.
create table job_periods (
    kind text not null,
    period_start timestamptz not null,
    job_id bigint,
    primary key (kind, period_start)
);

-- The outbox keeps what to send; its delivery (attempts, backoff, given up) is now a job's.
alter table mail_outbox add column job_id bigint references jobs (id) on delete set null;

with pending as (
    select id, attempts, next_attempt_at from mail_outbox
    where sent_at is null and failed_at is null and body_text is not null
), made as (
    insert into jobs (kind, queue, payload, attempts, run_at)
    select 'mail.send', 'mail', jsonb_build_object('outbox_id', id), attempts, next_attempt_at
    from pending
    returning id, (payload ->> 'outbox_id')::bigint as outbox_id
)
update mail_outbox m set job_id = made.id from made where m.id = made.outbox_id;

with given_up as (
    select id, attempts, failed_at, last_error from mail_outbox where failed_at is not null
), made as (
    insert into jobs (kind, queue, payload, state, attempts, finished_at, last_error)
    select 'mail.send', 'mail', jsonb_build_object('outbox_id', id), 'dead', attempts,
           failed_at, last_error
    from given_up
    returning id, (payload ->> 'outbox_id')::bigint as outbox_id
)
update mail_outbox m set job_id = made.id from made where m.id = made.outbox_id;

drop index mail_outbox_due;
alter table mail_outbox
    drop column attempts,
    drop column next_attempt_at,
    drop column locked_until,
    drop column failed_at,
    drop column last_error;
create index mail_outbox_job on mail_outbox (job_id);
