-- A connection between two spaces: Nextcloud's federation, each space a trusted server of
-- the other, so that their members show in each other's address book and share with each
-- other. Proposed by one space's referent on file (`asker`), accepted or declined by the
-- other's (`asked`); the job `referents.connect` adds each to the other's trusted servers
-- and waits for their keys' exchange, or removes them on a disconnection. One row per pair
-- of spaces, whichever asked.
create table space_connections (
    id bigserial primary key,
    asker bigint not null references spaces (id) on delete cascade,
    asked bigint not null references spaces (id) on delete cascade,
    -- The account that proposed it, in the asker's space.
    asker_uid text not null check (length(asker_uid) between 1 and 64),
    state text not null default 'proposed'
        check (state in ('proposed', 'declined', 'linking', 'connected', 'unlinking',
                         'unavailable', 'failed')),
    asked_at timestamptz not null default now(),
    answered_at timestamptz,
    connected_at timestamptz,
    -- What the hosts said last, for staff (never shown to either space).
    error text check (length(error) <= 500),
    check (asker <> asked),
    check (state = 'proposed' or answered_at is not null),
    check (state <> 'connected' or connected_at is not null)
);
create unique index space_connections_pair
    on space_connections (least(asker, asked), greatest(asker, asked));
create index space_connections_asked on space_connections (asked);
