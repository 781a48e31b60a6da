-- The staff's search of spaces reads a trigram index of the address, as it already does
-- of the structure's name (`applications_name_trgm`): a search no longer reads every space.
create index spaces_slug_trgm on spaces using gin (slug gin_trgm_ops);
