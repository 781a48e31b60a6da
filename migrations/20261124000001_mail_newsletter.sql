-- Outgoing mail, written in the same transaction as the change that calls for it.
create table mail_outbox (
    id bigint generated always as identity primary key,
    recipient text not null,
    subject text not null,
    body_text text not null,
    body_html text not null,
    list_unsubscribe text,
    created_at timestamptz not null default now(),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    locked_until timestamptz,
    sent_at timestamptz,
    failed_at timestamptz,
    last_error text
);
create index mail_outbox_due on mail_outbox (next_attempt_at, id)
    where sent_at is null and failed_at is null;

-- Newsletter subscribers; an address is stored lower-cased and trimmed.
create table newsletter_subscribers (
    id bigint generated always as identity primary key,
    email text not null unique,
    lang text not null check (lang in ('fr', 'en')),
    created_at timestamptz not null default now(),
    confirmed_at timestamptz,
    confirm_token_hash bytea unique,
    confirm_expires_at timestamptz,
    last_mail_at timestamptz
);

-- Fixed-window rate-limit counters shared by every server process.
create table rate_limits (
    key text primary key,
    window_start timestamptz not null,
    hits integer not null
);

-- Marks demo content as seeded, so `make run` seeds it once.
create table demo_seed (
    name text primary key,
    seeded_at timestamptz not null default now()
);
