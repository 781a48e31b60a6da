-- French words without their accents, as people type them ("fete" finds "fêtes"): the
-- `french` configuration with `unaccent` before its stemmer. A configuration named in
-- to_tsvector keeps the call immutable, as a generated column needs (unaccent() alone is
-- only stable). `unaccent` is a trusted extension: the database's owner may create it.
create extension if not exists unaccent;
create text search configuration french_unaccent (copy = french);
alter text search configuration french_unaccent
    alter mapping for hword, hword_part, word with unaccent, french_stem;

-- A space's entry in the directory of spaces open to connections with other associations:
-- shown to other spaces' dashboards only while `listed` (and the space active), with what
-- its administrators wrote and nothing else.
create table space_directory (
    space_id bigint primary key references spaces (id) on delete cascade,
    listed boolean not null default false,
    name text not null check (length(name) between 1 and 120),
    -- One of the application form's fields of action (`common::application::FIELDS_OF_ACTION`).
    cause text not null check (length(cause) between 1 and 40),
    -- A department's or a country's code (`common::places`).
    place text not null check (length(place) between 1 and 3),
    description text not null default '' check (length(description) <= 600),
    updated_at timestamptz not null default now(),
    search tsvector generated always as
        (to_tsvector('french_unaccent', name || ' ' || description)) stored
);
create index space_directory_search on space_directory using gin (search) where listed;
