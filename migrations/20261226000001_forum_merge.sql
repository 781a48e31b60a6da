-- A forum moderator merges a duplicate into the topic it repeats (issue 22, point 5): the
-- duplicate's posts move into the kept topic, its question becoming a reply there, and the
-- duplicate is hidden but keeps its address, which leads to the kept topic for good (301).

-- The topic a merged duplicate leads to (always a hidden topic).
alter table forum_topics add column merged_into bigint references forum_topics (id);
alter table forum_topics add constraint forum_topics_merged_hidden
    check (merged_into is null or state = 'moderated');
create index forum_topics_merged_into on forum_topics (merged_into) where merged_into is not null;

alter table forum_moderation_log drop constraint forum_moderation_log_action_check;
alter table forum_moderation_log add constraint forum_moderation_log_action_check check (action in
    ('hide', 'restore', 'keep', 'lock', 'unlock', 'pin', 'unpin', 'idea-state', 'move',
     'silence', 'ban', 'lift', 'approve', 'merge'));
