-- The forum's people log in (issue 22, point 4): with their space (an account of an active
-- space, by the space's OAuth2 login) or, for people without a space, by a single-use link
-- mailed to them. A person is made at their first login; their pseudonym is chosen at their
-- first post, so it may be missing until then.

alter table forum_people alter column pseudonym drop not null;
alter table forum_people
    -- Logged in with a space: the space and the Nextcloud account (`GET /cloud/user`).
    add column space_id bigint references spaces (id) on delete set null,
    add column nc_uid text check (length(nc_uid) between 1 and 64),
    -- Where the forum writes to them (a mailed link's address, or the account's own); never
    -- shown on a page.
    add column email text check (length(email) <= 254),
    -- Their profile names their space only if they choose so.
    add column show_space boolean not null default false,
    add constraint forum_people_identity
        check (deleted_at is not null or email is not null or nc_uid is not null);
create unique index forum_people_account on forum_people (space_id, nc_uid)
    where deleted_at is null and nc_uid is not null;
create unique index forum_people_email on forum_people (lower(email))
    where deleted_at is null and nc_uid is null;

-- A forum session: its id is stored hashed (SHA-256, hex), as the dashboard's are.
create table forum_logins (
    id text primary key check (length(id) = 64),
    person_id bigint not null references forum_people (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
);
create index forum_logins_person on forum_logins (person_id);

-- A single-use login link, mailed to an address (known or not: the first use makes the person).
create table forum_login_links (
    token_hash bytea primary key,
    email text not null check (length(email) <= 254),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
);
