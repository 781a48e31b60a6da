-- The first posts of a person who logs in by a mailed link are held until a forum
-- moderator approves one of them (issue 22, point 5): a held post is shown only to its
-- author and to the moderators, and tells nobody until it is approved. A person logged in
-- with their space belongs to an association the team already reviewed: never held.

-- When a moderator first approved a post of theirs (NULL: not yet).
alter table forum_people add column approved_at timestamptz;
-- Whoever already wrote is not held from now on.
update forum_people p set approved_at = now()
where exists (select 1 from forum_posts o where o.author_id = p.id);

-- The moderators' list of held posts, the oldest first; a person's own.
create index forum_posts_held on forum_posts (author_id, id) where state = 'awaiting';

alter table forum_moderation_log drop constraint forum_moderation_log_action_check;
alter table forum_moderation_log add constraint forum_moderation_log_action_check check (action in
    ('hide', 'restore', 'keep', 'lock', 'unlock', 'pin', 'unpin', 'idea-state', 'move',
     'silence', 'ban', 'lift', 'approve'));
