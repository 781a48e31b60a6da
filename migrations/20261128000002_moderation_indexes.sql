-- What the moderation pages read, measured with 20,000 applications (`make bench`):
-- the queue walks live applications in confirmation order, the counts read statuses,
-- the waves count their applications, and the possible duplicates look up an address's
-- family by prefix (byte order, so that a range on `slug || '-'` can use the index).
create index applications_confirmed on applications (confirmed_at, id) where anonymised_at is null;
create index applications_status_live on applications (status) where anonymised_at is null;
create index applications_window on applications (window_id, status);
create index applications_slug_bytes on applications ((slug collate "C"));
