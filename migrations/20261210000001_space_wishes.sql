-- The settings a space's referent asks from the dashboard (an app on or off, the space's
-- name, its colour, its logo): one row per space and topic, the latest wish. The job
-- `referents.settings` applies those pending (`applied_at` null) with occ and the host
-- script; `error` says why the last try failed (tried again) or why it never will be.
create table space_wishes (
    space_id bigint not null references spaces (id) on delete cascade,
    topic text not null check (topic ~ '^(name|color|logo|app:[a-z][a-z0-9_]{0,63})$'),
    value text not null default '' check (length(value) <= 300),
    -- The logo's file until it is applied (checked PNG or JPEG of at most 1 MB).
    logo bytea check (octet_length(logo) <= 1048576),
    asked_by text not null check (length(asked_by) between 1 and 400),
    asked_at timestamptz not null default clock_timestamp(),
    applied_at timestamptz,
    error text check (length(error) <= 500),
    primary key (space_id, topic)
);
