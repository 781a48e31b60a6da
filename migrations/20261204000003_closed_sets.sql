-- The last states and kinds kept as free text become closed sets, as every other one is:
-- an application's timeline (`common::states::ApplicationEvent`, and the statuses it moves
-- between), a space's health history (`SpaceHealth`) and its drift (`Drift`).
alter table application_events
    add constraint application_events_kind_check
        check (kind in ('submitted', 'confirmed', 'question', 'answer', 'approved', 'rejected',
                        'waitlisted', 'withdrawn', 'expired', 'assigned', 'unassigned', 'note',
                        'space-ready')),
    add constraint application_events_from_status_check
        check (from_status in ('unconfirmed', 'confirmed', 'question', 'approved', 'rejected',
                               'waitlisted', 'withdrawn', 'expired')),
    add constraint application_events_to_status_check
        check (to_status in ('unconfirmed', 'confirmed', 'question', 'approved', 'rejected',
                             'waitlisted', 'withdrawn', 'expired'));
alter table space_health
    add constraint space_health_health_check
        check (health in ('ok', 'unreachable', 'not_installed', 'maintenance', 'error'));
alter table spaces
    add constraint spaces_drift_check
        check (drift <@ array['apps', 'settings', 'app_password', 'oauth_client']::text[]);
