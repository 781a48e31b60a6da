-- Invitation links of a space, made on its dashboard: whoever holds one may ask for an
-- account until it expires, is revoked or has served its uses. The token is kept sealed
-- (the referent sees the link again) and found by its SHA-256.
create table invitations (
    id bigserial primary key,
    space_id bigint not null references spaces (id) on delete cascade,
    token_hash bytea not null unique,
    token_sealed bytea not null,
    created_by text not null default '' check (length(created_by) <= 200),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    max_uses int not null check (max_uses between 1 and 500),
    uses int not null default 0 check (uses between 0 and max_uses),
    revoked_at timestamptz
);
create index invitations_of on invitations (space_id, created_at desc);

-- A person who asked to join by a link: their name and address, until they confirm the
-- address by the link mailed to them (24 hours, its code stored hashed); then the account
-- made (`member_uid`), which the referent sees beside the link.
create table invitation_requests (
    id bigserial primary key,
    invitation_id bigint not null references invitations (id) on delete cascade,
    code_hash bytea not null unique,
    name text not null check (length(name) between 1 and 64),
    email text not null check (length(email) between 3 and 254),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    joined_at timestamptz,
    member_uid text check (length(member_uid) between 1 and 64)
);
create index invitation_requests_of on invitation_requests (invitation_id);
