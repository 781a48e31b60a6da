-- Applications for a space, the registration windows they arrive in, and the spaces that
-- approvals create.

create extension if not exists pg_trgm;

-- A registration window ("wave"): applications are accepted between its opening and its
-- closing, up to its optional cap. Windows never overlap.
create table registration_windows (
    id bigint generated always as identity primary key,
    opens_at timestamptz not null,
    closes_at timestamptz not null,
    max_applications integer check (max_applications > 0),
    note_fr text not null default '',
    note_en text not null default '',
    created_by bigint references staff_accounts (id) on delete set null,
    created_at timestamptz not null default now(),
    check (closes_at > opens_at),
    exclude using gist (tstzrange(opens_at, closes_at) with &&)
);

create table applications (
    id bigint generated always as identity primary key,
    window_id bigint references registration_windows (id) on delete set null,
    status text not null default 'unconfirmed' check (status in (
        'unconfirmed', 'confirmed', 'question', 'approved', 'rejected', 'waitlisted',
        'withdrawn', 'expired')),
    -- Optimistic locking: every change of status adds one; a decision names the version
    -- it was made on.
    version integer not null default 1,
    structure_name text not null,
    kind text not null check (kind in (
        'association', 'collective', 'foundation', 'union', 'club', 'other')),
    -- A French department's code (`75`, `2A`, `971`) or a country's ISO code (`BE`).
    location text not null,
    -- RNA (`W` + 9 digits), SIREN (9 digits), a court register entry, a foreign
    -- identifier, or nothing.
    identifier text not null default '',
    field_of_action text not null,
    field_detail text not null default '',
    purpose text not null,
    members integer not null check (members > 0),
    accounts integer not null check (accounts > 0),
    storage_gb integer not null check (storage_gb > 0),
    budget text not null,
    tools text not null default '',
    slug text not null check (slug = lower(slug)),
    office text not null check (office in ('collabora', 'onlyoffice')),
    referent_name text not null,
    referent_email text not null,
    referent_role text not null,
    lang text not null,
    confirm_token_hash bytea unique,
    confirm_expires_at timestamptz,
    status_token_hash bytea not null unique,
    -- When a "lost my link" mail was last sent (one per `resend_after_secs`).
    link_mailed_at timestamptz,
    submitted_at timestamptz not null default now(),
    confirmed_at timestamptz,
    decided_at timestamptz,
    decided_by bigint references staff_accounts (id) on delete set null,
    assigned_to bigint references staff_accounts (id) on delete set null,
    anonymised_at timestamptz
);

-- The last guard of an address's uniqueness: among applications still alive (the approved
-- ones keep theirs: their space has it), one per address, whatever the case.
create unique index applications_live_slug on applications (lower(slug))
    where status not in ('rejected', 'withdrawn', 'expired');
create index applications_queue on applications (status, confirmed_at, id);
create index applications_email on applications (lower(referent_email));
create index applications_identifier on applications (identifier) where identifier <> '';
create index applications_name_trgm on applications using gin (structure_name gin_trgm_ops);
create index applications_unconfirmed on applications (confirm_expires_at)
    where status = 'unconfirmed';

-- Everything that happened to an application, in order: its timeline for the applicant
-- (the entries not `internal`) and its audit trail for staff.
create table application_events (
    id bigint generated always as identity primary key,
    application_id bigint not null references applications (id) on delete cascade,
    at timestamptz not null default now(),
    -- `applicant`, `staff` or `system`.
    actor text not null check (actor in ('applicant', 'staff', 'system')),
    staff_id bigint references staff_accounts (id) on delete set null,
    kind text not null,
    from_status text,
    to_status text,
    -- A question, an answer, a reason, a note.
    body text not null default '',
    internal boolean not null default false
);
create index application_events_of on application_events (application_id, id);

-- A space: created waiting for provisioning when its application is approved.
create table spaces (
    id bigint generated always as identity primary key,
    application_id bigint unique references applications (id) on delete set null,
    slug text not null check (slug = lower(slug)),
    state text not null default 'waiting' check (state in (
        'waiting', 'provisioning', 'active', 'suspended', 'failed', 'deleted')),
    office text not null check (office in ('collabora', 'onlyoffice')),
    created_at timestamptz not null default now()
);
create unique index spaces_live_slug on spaces (lower(slug)) where state <> 'deleted';
