-- What every public page reads (whether registrations are open, the capacity left) is kept
-- a few seconds by each server (backend::applications::public_state); a change to what it is
-- made of tells them when its transaction commits.
create function notify_public_state() returns trigger
language plpgsql as $$
begin
  perform pg_notify('public_state', '');
  return null;
end
$$;

create trigger registration_windows_public_state
  after insert or update or delete on registration_windows
  for each statement execute function notify_public_state();

create trigger applications_public_state
  after insert or delete or update of status, window_id on applications
  for each statement execute function notify_public_state();

create trigger spaces_public_state
  after insert or delete or update of state on spaces
  for each statement execute function notify_public_state();
