-- Importing a space's members from a file (`backend::referents::import`). An import is
-- uploaded (the file kept as sent, so that another encoding or column mapping can read it
-- again), previewed, confirmed, then run by a job of the queue, row by row. The file and
-- what the rows said of each person (address, groups, quota) are deleted when the import
-- ends; the report (line, name, login, what happened) is kept 30 days, an import never
-- confirmed a day.
create table member_imports (
    id bigserial primary key,
    space_id bigint not null references spaces (id) on delete cascade,
    created_by text not null check (length(created_by) between 1 and 64),
    created_by_name text not null default '' check (length(created_by_name) <= 200),
    created_at timestamptz not null default now(),
    -- The file's name as the browser sent it, or empty for pasted text.
    file_name text not null default '' check (length(file_name) <= 255),
    content bytea check (octet_length(content) <= 2097152),
    -- The encoding the referent chose; null: the one found.
    encoding text check (encoding in ('UTF-8', 'Windows-1252', 'UTF-16')),
    -- The meaning of each column and whether the first row is a header; null: guessed.
    mapping jsonb,
    -- What to do with each kind of row.
    choices jsonb not null default '{}',
    state text not null default 'preview'
        check (state in ('preview', 'queued', 'running', 'finished')),
    confirmed_at timestamptz,
    finished_at timestamptz
);
create index member_imports_of on member_imports (space_id, created_at desc);

-- Each row of a confirmed import: what the preview said of it (`kind`), what is to be done
-- (`plan`), and once done what happened (`result`, null until then).
create table member_import_rows (
    import_id bigint not null references member_imports (id) on delete cascade,
    line int not null check (line > 0),
    name text not null default '' check (length(name) <= 1000),
    email text check (length(email) <= 1000),
    uid text check (length(uid) <= 64),
    groups text[],
    quota text check (length(quota) <= 1000),
    kind text not null
        check (kind in ('new', 'exists', 'twice', 'no-name', 'name-too-long', 'bad-email',
                        'bad-username', 'bad-group', 'bad-quota', 'no-email', 'no-room')),
    plan text not null check (plan in ('create-account', 'add-to-groups', 'skip')),
    result text
        check (result in ('created', 'added-to-groups', 'left', 'skipped', 'no-room',
                          'login-taken', 'space-refused')),
    primary key (import_id, line)
);
