-- Steps run at once on a host, whatever the number of workers and machines: a host has
-- `max_parallel` slots, each held under a lease that its holder renews and that lapses if
-- the holder dies.
create table host_slots (
    host_id bigint not null references hosts (id) on delete cascade,
    slot integer not null check (slot >= 0),
    holder text not null,
    expires_at timestamptz not null,
    primary key (host_id, slot)
);
