-- A referent's request for an export of their space: one archive of every member's files and
-- of the space's database, which the job `referents.export` has the host script write into
-- the asker's own files (folder "Exports"), then mails the referent. Staff see each request
-- and its state on the space's page. One request is open (requested or running) per space.
create table space_exports (
    id bigserial primary key,
    space_id bigint not null references spaces (id) on delete cascade,
    -- The asker: the archive goes into this account's files.
    uid text not null check (length(uid) between 1 and 64),
    name text not null check (length(name) <= 200),
    state text not null default 'requested'
        check (state in ('requested', 'running', 'ready', 'failed', 'unavailable')),
    asked_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz,
    -- Where the archive is, inside the asker's files ("Exports/…tar.gz"), and its size.
    file text check (length(file) between 1 and 300),
    bytes bigint check (bytes >= 0),
    -- Why it failed, or why the host could not make it.
    error text check (length(error) <= 500),
    check (state <> 'ready' or (finished_at is not null and file is not null))
);
create unique index space_exports_open on space_exports (space_id)
    where state in ('requested', 'running');
create index space_exports_space on space_exports (space_id, asked_at desc);

-- Staff hear of an export the host cannot make.
alter table alerts drop constraint alerts_kind_check,
    add constraint alerts_kind_check
        check (kind in ('fleet_full', 'space_down', 'too_many_accounts', 'export_by_hand'));
alter table alert_mails drop constraint alert_mails_kind_check,
    add constraint alert_mails_kind_check
        check (kind in ('fleet_full', 'space_down', 'too_many_accounts', 'export_by_hand'));
