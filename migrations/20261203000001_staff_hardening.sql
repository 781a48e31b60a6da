-- Second-factor set-up expires: a key begun and left waits 15 minutes at most.
alter table staff_accounts add column totp_pending_at timestamptz;
update staff_accounts set totp_pending = null where totp_pending is not null;

-- Login ids are stored hashed (SHA-256, hex), like session ids from now on (the session
-- store hashes the cookie's id before it reaches the table). Sessions made before cannot be
-- told apart from their cookie in the table: everyone logs in once more.
delete from sessions;
delete from staff_logins;
