-- A member's creation sent to the space and not known to be done (its answer lost: the
-- space too slow, the portal stopped meanwhile). A retry of the same form (its single-use
-- key) finds the login it chose and the account Nextcloud may have made under it, rather
-- than making a second account under another login. Deleted once the creation is
-- recorded in member_events, or after a day.
create table member_creations (
    space_id bigint not null references spaces (id) on delete cascade,
    form_key text not null check (length(form_key) between 1 and 64),
    member_uid text not null check (length(member_uid) between 1 and 64),
    begun_at timestamptz not null default now(),
    primary key (space_id, form_key)
);
