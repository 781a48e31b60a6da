-- Each host counts the spaces placed on it and the bytes they reserve (every space but a
-- deleted one), kept by a trigger on the spaces: placing a space reads 40 host rows
-- instead of grouping every space of the fleet (`provisioning::fleet::place`).
alter table hosts
    add column spaces_placed integer not null default 0 check (spaces_placed >= 0),
    add column bytes_placed bigint not null default 0 check (bytes_placed >= 0);

update hosts h set spaces_placed = c.spaces, bytes_placed = c.bytes
from (
    select host_id, count(*) as spaces, coalesce(sum(quota_bytes), 0) as bytes
    from spaces where host_id is not null and state <> 'deleted' group by host_id
) c
where c.host_id = h.id;

create function spaces_count_on_hosts() returns trigger language plpgsql as $$
declare
    was boolean := tg_op <> 'INSERT' and old.host_id is not null and old.state <> 'deleted';
    is_now boolean := tg_op <> 'DELETE' and new.host_id is not null and new.state <> 'deleted';
begin
    -- A change that moves nothing (a step's state, a space renamed) writes no host.
    if was and is_now and old.host_id = new.host_id and old.quota_bytes = new.quota_bytes then
        return null;
    end if;
    if was then
        update hosts set spaces_placed = spaces_placed - 1,
                         bytes_placed = bytes_placed - old.quota_bytes
        where id = old.host_id;
    end if;
    if is_now then
        update hosts set spaces_placed = spaces_placed + 1,
                         bytes_placed = bytes_placed + new.quota_bytes
        where id = new.host_id;
    end if;
    return null;
end $$;

create trigger spaces_count_on_hosts
    after insert or delete or update of host_id, state, quota_bytes on spaces
    for each row execute function spaces_count_on_hosts();
