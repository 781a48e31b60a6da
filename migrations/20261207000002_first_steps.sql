-- A space's first steps (`common::states::FirstStep`) ticked by hand on its dashboard, with
-- who ticked them, and the address of its members' welcome page: unguessable (two random
-- version-4 UUIDs, 244 random bits), changed by the referent if it leaked.
create table first_steps (
    space_id bigint not null references spaces (id) on delete cascade,
    step text not null
        check (step in ('step-appearance', 'step-members', 'step-calendar', 'step-folder',
                        'step-apps', 'step-help')),
    done_by text not null default '' check (length(done_by) <= 200),
    done_at timestamptz not null default now(),
    primary key (space_id, step)
);
alter table spaces
    add column welcome_token text not null
        default (replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''))
        check (length(welcome_token) = 64);
create unique index spaces_welcome_token on spaces (welcome_token);
