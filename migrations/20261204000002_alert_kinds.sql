-- The alert kinds are a closed set (`common::states::AlertKind`): the database keeps to it too,
-- as it does for every other state and kind stored as text.
alter table alerts drop constraint alerts_kind_check,
    add constraint alerts_kind_check
        check (kind in ('fleet_full', 'space_down', 'too_many_accounts'));
alter table alert_mails
    add constraint alert_mails_kind_check
        check (kind in ('fleet_full', 'space_down', 'too_many_accounts'));
