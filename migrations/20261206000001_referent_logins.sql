-- A space's dashboard: who logged in with their space (through its Nextcloud's OAuth2
-- login, or by a single-use link mailed to the referent on file), one row per login. A
-- session holds only the login's id; the table keeps its SHA-256 (hex), so a copy of the
-- database opens no dashboard. Deleting a person's rows ends all their sessions.
create table referent_logins (
    id text primary key check (length(id) = 64),
    space_id bigint not null references spaces (id) on delete cascade,
    -- The Nextcloud account, as `GET /cloud/user` named it.
    uid text not null check (length(uid) between 1 and 64),
    display_name text not null default '' check (length(display_name) <= 200),
    -- Logged in by the mailed link (no OAuth2): the referent on file.
    by_link boolean not null default false,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
);
create index referent_logins_of on referent_logins (space_id, uid);

-- Single-use login links mailed to a space's referent on file (the fallback when the space
-- has no OAuth2 client, does not answer, or is suspended).
create table referent_login_links (
    token_hash bytea primary key,
    space_id bigint not null references spaces (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
);
