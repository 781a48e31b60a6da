-- A forum moderator moves a topic to another category (issue 22, point 5); the log keeps
-- the categories it left and joined, by name as they were then.
alter table forum_moderation_log drop constraint forum_moderation_log_action_check;
alter table forum_moderation_log add constraint forum_moderation_log_action_check check (action in
    ('hide', 'restore', 'keep', 'lock', 'unlock', 'pin', 'unpin', 'idea-state', 'move'));
