-- The forum's page a mailed login link returns to (the page that asked for the login:
-- the question being flagged, the topic replied to); checked by the portal before it is
-- kept (common::forum::forum_return).
alter table forum_login_links
    add column return_path text check (length(return_path) <= 300);
