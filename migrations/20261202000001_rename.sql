-- A space's address can change; its instance cannot.
--
-- `instance` names the space on its host for good: its folder, its database, the `{slug}`
-- of the host's command templates, and what its sealed secrets are bound to. It is the
-- address the space was made with. `slug` is the address people use today; renaming a
-- space changes it, and the host then serves the new name and redirects the former ones.
alter table spaces add column instance text;
update spaces set instance = slug;
alter table spaces alter column instance set not null;
alter table spaces add constraint spaces_instance_form
    check (instance ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' and length(instance) <= 63);
create unique index spaces_live_instance on spaces (host_id, instance) where state <> 'deleted';

-- A space is made with its instance named after its address, whoever inserts it.
create function spaces_instance_default() returns trigger language plpgsql as $$
begin
    new.instance := coalesce(new.instance, lower(new.slug));
    return new;
end $$;
create trigger spaces_instance_default before insert on spaces
    for each row execute function spaces_instance_default();

-- The addresses a space had, each redirected by its host to the current one, and kept from
-- any other space while the space lives (freed with it).
create table space_former_addresses (
    slug text primary key check (slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' and length(slug) <= 63),
    space_id bigint not null references spaces (id) on delete cascade,
    replaced_at timestamptz not null default now()
);
create index space_former_addresses_of on space_former_addresses (space_id);

alter table space_events drop constraint space_events_action_check;
alter table space_events add constraint space_events_action_check check (action in (
    'suspend', 'resume', 'office', 'delete-asked', 'delete-reminded', 'delete-cancelled',
    'remove', 'rename'));
