-- Staff and referents are marked as such beside their names (issue 22, point 4).
-- - A person who logs in with their space is marked its referent when the portal's record
--   says their account is the space's referent (`referents::SpaceOnFile::is_referent`),
--   as it stood at their last login.
-- - A person who logs in by a mailed link is marked staff while a staff account has that
--   address: the link proved the address theirs. An address a space's Nextcloud gives
--   proves nothing (its admins set it), so a login with a space is never marked staff.
alter table forum_people add column referent boolean not null default false;
