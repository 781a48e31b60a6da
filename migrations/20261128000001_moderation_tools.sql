-- Moderation tools: the reasons a moderator picks from when rejecting, which admins edit
-- (a label for staff, a text sent to the applicant, both in French and English), and each
-- moderator's choice of the daily digest.

create table reject_templates (
    -- A short name, for the command line and the form's drop-down list.
    code text primary key check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(code) <= 40),
    label_fr text not null check (length(label_fr) between 1 and 200),
    label_en text not null check (length(label_en) between 1 and 200),
    text_fr text not null check (length(text_fr) between 1 and 10000),
    text_en text not null check (length(text_en) between 1 and 10000),
    -- Retired reasons are no longer offered; past decisions keep the text they sent.
    retired boolean not null default false,
    position integer not null default 0,
    updated_at timestamptz not null default now(),
    updated_by bigint references staff_accounts (id) on delete set null
);

insert into reject_templates (code, position, label_fr, label_en, text_fr, text_en) values
('company', 1, 'Une entreprise', 'A company',
 'Les espaces sont réservés aux associations et collectifs sans but lucratif ; votre structure semble être une entreprise.',
 'Spaces are for non-profit associations and collectives; your organisation seems to be a company.'),
('public-body', 2, 'Un organisme public', 'A public body',
 'Les espaces sont réservés aux associations et collectifs ; les collectivités et organismes publics disposent d’autres solutions.',
 'Spaces are for associations and collectives; local authorities and public bodies have other solutions.'),
('large', 3, 'Une grande structure', 'A large organisation',
 'Les espaces sont pensés pour les petites structures ; la vôtre a des besoins ou une taille qui dépassent ce que nous pouvons offrir.',
 'Spaces are meant for small organisations; yours has needs or a size beyond what we can offer.'),
('not-a-collective', 4, 'Pas un collectif', 'Not a collective',
 'Les espaces sont destinés à des groupes qui agissent ensemble, pas à un usage personnel.',
 'Spaces are for groups acting together, not for personal use.'),
('other', 5, 'Autre motif (à préciser dans le mot personnel)', 'Another reason (say which in the personal note)',
 'Votre demande ne correspond pas à ce que nous pouvons offrir.',
 'Your application does not match what we can offer.');

-- The daily digest of overdue and newly confirmed applications: on unless declined.
alter table staff_accounts add column moderation_digest boolean not null default true;
