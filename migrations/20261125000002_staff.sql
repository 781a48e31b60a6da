-- Sessions, as tower-sessions' PostgreSQL store keeps them (MessagePack data).
create table sessions (
    id text primary key not null,
    data bytea not null,
    expiry_date timestamptz not null
);
create index sessions_expiry on sessions (expiry_date);

-- Staff accounts, made with `framaspace staff add`. Second-factor keys are encrypted with
-- a key derived from the configuration's secret_key.
create table staff_accounts (
    id bigint generated always as identity primary key,
    email text not null unique,
    role text not null check (role in ('moderator', 'admin')),
    created_at timestamptz not null default now(),
    totp_secret bytea,
    totp_pending bytea,
    totp_last_step bigint,
    totp_enabled_at timestamptz
);

-- Single-use recovery codes, hashed.
create table staff_recovery_codes (
    staff_id bigint not null references staff_accounts (id) on delete cascade,
    code_hash bytea not null,
    used_at timestamptz,
    primary key (staff_id, code_hash)
);

-- Login links sent by mail: single use, short-lived, stored hashed.
create table staff_login_links (
    token_hash bytea primary key,
    staff_id bigint not null references staff_accounts (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
);

-- One row per login; a session holds only the id. The per-person index of sessions:
-- deleting a person's rows ends all their sessions.
create table staff_logins (
    id text primary key,
    staff_id bigint not null references staff_accounts (id) on delete cascade,
    second_factor boolean not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
);
create index staff_logins_staff on staff_logins (staff_id);
