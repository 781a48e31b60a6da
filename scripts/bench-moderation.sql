-- `make bench` (scripts/bench.sh): 20,000 varied applications for the moderation pages'
-- benchmark, written straight in SQL. Deterministic (hashes of the row number, no random()),
-- so two runs measure the same data. Needs the staff accounts bench.sh adds first (they
-- decide, ask and take applications).
--
-- What it makes, roughly: 45 % confirmed (a fifth of them after a question answered),
-- 15 % question, 15 % waitlisted, 12 % approved (with their space, waiting), 9 % rejected,
-- 2 % withdrawn, 1 % expired, 1 % unconfirmed; confirmed over the last 60 days; every kind,
-- every department and French-speaking country; a few likely ineligible ones (company,
-- school, town hall, federation words); every 50th a second application of the one before
-- (same e-mail and number, a similar name, the address with `-2`); a history of 1 to 6
-- events each, internal notes and assignments included.
\set ON_ERROR_STOP on

begin;

-- A number in [0, m) from a salt and a row number.
create function pg_temp.pick(salt text, i integer, m integer) returns integer
    language sql immutable
    as $$ select abs(hashtext(salt || ':' || i::text)) % m $$;

-- One element of an array, chosen by pick().
create function pg_temp.one(list text[], salt text, i integer) returns text
    language sql immutable
    as $$ select list[1 + pg_temp.pick(salt, i, cardinality(list))] $$;

-- A made-up word, different for every i below 20,736 (12^4): one piece of each list by the
-- digits, in base 12, of a permutation of i ("Barandron", "Kelouchelle").
create function pg_temp.word(i integer) returns text
    language sql immutable
    as $$
    select (array['bar', 'kel', 'mor', 'tin', 'vos', 'gal', 'pri', 'dun', 'sel', 'fro', 'lak', 'zem'])[1 + p % 12]
        || (array['a', 'o', 'i', 'u', 'e', 'ou', 'ai', 'y', 'au', 'ei', 'ia', 'oi'])[1 + p / 12 % 12]
        || (array['ndr', 'st', 'lv', 'rk', 'ss', 'mb', 'gn', 'ch', 'pp', 'tt', 'rz', 'ld'])[1 + p / 144 % 12]
        || (array['on', 'ine', 'as', 'ec', 'ur', 'ix', 'elle', 'ap', 'and', 'ot', 'is', 'um'])[1 + p / 1728 % 12]
    from (select (i::bigint * 7919 % 20736)::integer as p) x
    $$;

-- Three registration waves; each application belongs to the one it was sent in.
insert into registration_windows (opens_at, closes_at, note_fr, note_en) values
    (now() - interval '125 days', now() - interval '41 days', 'Première vague', 'First wave'),
    (now() - interval '41 days', now() - interval '20 days', 'Deuxième vague', 'Second wave'),
    (now() - interval '20 days', now() + interval '30 days', 'Troisième vague', 'Third wave');

create temporary table bench_rows on commit drop as
with base as (
    select i,
           -- Every 50th application is a second one of the structure before it.
           case when i % 50 = 0 then i - 1 else i end as b,
           i % 50 = 0 as twin,
           pg_temp.pick('status', i, 100) as s,
           pg_temp.pick('topic', case when i % 50 = 0 then i - 1 else i end, 24) as t
    from generate_series(1, 20000) as i
)
select base.*,
       case when s < 45 then 'confirmed' when s < 60 then 'question'
            when s < 75 then 'waitlisted' when s < 87 then 'approved'
            when s < 96 then 'rejected' when s < 98 then 'withdrawn'
            when s < 99 then 'expired' else 'unconfirmed' end as status,
       -- Confirmed at a moment of the last 60 days (seconds back from now).
       pg_temp.pick('age', i, 60 * 86400) as age_secs,
       (array['association', 'association', 'association', 'association', 'association',
              'collective', 'collective', 'foundation', 'union', 'club', 'club', 'other'])
           [1 + pg_temp.pick('kind', b, 12)] as kind,
       (array['des jardins partagés', 'pour le vélo au quotidien', 'de la chorale',
              'des locataires', 'de solidarité avec les exilés', 'de la radio libre',
              'des parents d’élèves', 'du repair café', 'de théâtre amateur',
              'de la bibliothèque de rue', 'de l’épicerie solidaire', 'de randonnée',
              'des logiciels libres', 'du festival', 'de l’éducation populaire',
              'du cinéma de quartier', 'de la ressourcerie', 'de danse traditionnelle',
              'de défense des droits', 'de l’AMAP', 'du club photo', 'du football féminin',
              'de la maison de santé', 'des habitants du quartier'])[1 + t] as topic,
       (array['jardins', 'velo', 'chorale', 'locataires', 'exiles', 'radio', 'parents',
              'repair', 'theatre', 'biblio', 'epicerie', 'rando', 'libre', 'festival',
              'educpop', 'cine', 'ressourcerie', 'danse', 'droits', 'amap', 'photo', 'foot',
              'sante', 'quartier'])[1 + t] as topic_slug,
       (array['Jardins partagés', 'Vélo', 'Chorale', 'Locataires', 'Solidarité Exilés',
              'Radio', 'Parents d’élèves', 'Repair Café', 'Théâtre', 'Bibliothèque de rue',
              'Épicerie solidaire', 'Randonnée', 'Logiciels libres', 'Festival',
              'Éducation populaire', 'Ciné-club', 'Ressourcerie', 'Danse trad', 'Droits humains',
              'AMAP', 'Photo-club', 'Football féminin', 'Maison de santé', 'Habitants'])[1 + t] as noun,
       (array['environment', 'environment', 'culture', 'housing', 'solidarity', 'media',
              'education', 'digital-commons', 'culture', 'culture', 'solidarity', 'sport',
              'digital-commons', 'culture', 'education', 'culture', 'environment', 'culture',
              'rights', 'environment', 'other', 'sport', 'health', 'housing'])[1 + t] as field
from base;

insert into applications (
    window_id, status, structure_name, kind, location, identifier, field_of_action,
    field_detail, purpose, members, accounts, storage_gb, budget, tools, slug, office,
    referent_name, referent_email, referent_role, lang, confirm_token_hash,
    confirm_expires_at, status_token_hash, submitted_at, confirmed_at, decided_at,
    decided_by, assigned_to)
select
    (select w.id from registration_windows w where w.opens_at <= dates.sent and w.closes_at > dates.sent),
    r.status,
    name.v || case when r.twin then ' (bureau)' else '' end,
    r.kind,
    place.code,
    case
        when r.kind not in ('association', 'foundation', 'union', 'club') then ''
        when place.code in ('57', '67', '68')
            then 'Volume ' || (1 + pg_temp.pick('vol', r.b, 90)) || ' folio ' || (1 + pg_temp.pick('folio', r.b, 300))
        when place.france then 'W' || lpad(((r.b::bigint * 48271 + 100000000) % 1000000000)::text, 9, '0')
        else ''
    end,
    r.field,
    case when r.field = 'other' then 'Photographie et expositions' else '' end,
    pg_temp.one(array[
        'Partager nos documents et nos agendas entre les membres ',
        'Remplacer les listes de diffusion et les clés USB ',
        'Organiser les permanences, les comptes rendus et les photos ',
        'Coordonner les bénévoles et garder la mémoire des projets '], 'purpose', r.i)
        || r.topic || '. '
        || pg_temp.one(array[
        'Nous sommes une petite équipe, presque tout se fait le soir et le week-end.',
        'Aujourd’hui tout passe par des messageries privées que nous voulons quitter.',
        'Les comptes rendus d’assemblée générale et les budgets doivent rester chez nous.',
        'Nous voulons un outil que les nouveaux membres prennent en main sans formation.'], 'purpose2', r.i)
        || case pg_temp.pick('hint', r.i, 40)
               when 0 then ' Notre SARL gère aussi la facturation des clients.'
               when 1 then ' Le projet est porté avec l’école et le collège du secteur.'
               when 2 then ' La mairie nous prête une salle et suit le projet.'
               when 3 then ' Nous sommes membres de la fédération nationale.'
               else '' end,
    1 + pg_temp.pick('members', r.b, 400),
    1 + pg_temp.pick('accounts', r.b, 50),
    1 + pg_temp.pick('storage', r.b, 40),
    pg_temp.one(array['none', 'under-1k', 'under-1k', '1k-10k', '1k-10k', '10k-50k',
                      '50k-200k', 'over-200k'], 'budget', r.b),
    pg_temp.one(array['', '', 'Google Drive et WhatsApp', 'Dropbox et Doodle',
                      'des clés USB et beaucoup de courriels', 'Framadate et Framapad'], 'tools', r.b),
    pg_temp.word(r.b) || '-' || r.topic_slug || case when r.twin then '-2' else '' end,
    case when pg_temp.pick('office', r.b, 5) = 0 then 'onlyoffice' else 'collabora' end,
    pg_temp.one(array['Camille', 'Dominique', 'Alex', 'Sam', 'Claude', 'Maryam', 'Yann',
                      'Fatou', 'Lucie', 'Mathis', 'Inès', 'Hugo', 'Nour', 'Jeanne'], 'first', r.b)
        || ' ' || pg_temp.one(array['Martin', 'Bernard', 'Diallo', 'Le Goff', 'Nguyen',
                      'Moreau', 'Haddad', 'Lefebvre', 'Garcia', 'Kerjean', 'Traoré', 'Rousseau'], 'last', r.b),
    'contact@' || pg_temp.word(r.b) || '.example',
    pg_temp.one(array['présidente', 'trésorier', 'secrétaire', 'coordinatrice',
                      'membre du bureau', 'bénévole'], 'role', r.b),
    case when place.france or pg_temp.pick('lang', r.b, 3) > 0 then 'fr' else 'en' end,
    case when r.status = 'unconfirmed' then sha256(convert_to('bench-confirm-' || r.i, 'UTF8')) end,
    case when r.status = 'unconfirmed' then now() + interval '48 hours' - make_interval(secs => r.age_secs % 86400) end,
    sha256(convert_to('bench-status-' || r.i, 'UTF8')),
    dates.sent,
    case when r.status not in ('unconfirmed', 'expired') then dates.confirmed end,
    case when r.status in ('approved', 'rejected') then dates.confirmed + (now() - dates.confirmed) * 0.6 end,
    case when r.status in ('approved', 'rejected') then staff.ids[1 + r.i % cardinality(staff.ids)] end,
    case when r.status in ('confirmed', 'question', 'waitlisted') and pg_temp.pick('assigned', r.i, 12) = 0
         then staff.ids[1 + r.i / 7 % cardinality(staff.ids)] end
from bench_rows r
cross join (select array_agg(id order by id) as ids from staff_accounts) staff
cross join lateral (
    -- When it was confirmed (or would have been, for the unconfirmed and expired ones).
    select case
        when r.status = 'unconfirmed' then now() - make_interval(secs => r.age_secs % 86400)
        when r.status = 'expired' then now() - interval '60 days' - make_interval(secs => r.age_secs)
        else now() - make_interval(secs => r.age_secs) end as confirmed
) moment
cross join lateral (
    -- Sent a few minutes to a day before its confirmation.
    select moment.confirmed,
           moment.confirmed - make_interval(secs => 300 + pg_temp.pick('sent', r.i, 86400)) as sent
) dates
cross join lateral (
    -- Nine in ten in France (any department or overseas), one in ten abroad.
    select case when pg_temp.pick('abroad', r.b, 10) = 0
        then pg_temp.one(array['DZ', 'AD', 'BE', 'BJ', 'BF', 'BI', 'CM', 'CA', 'CF', 'KM', 'CG',
            'CD', 'CI', 'DJ', 'GA', 'GN', 'GQ', 'HT', 'LB', 'LU', 'MG', 'ML', 'MA', 'MU', 'MR',
            'MC', 'NE', 'RW', 'SN', 'SC', 'CH', 'TD', 'TG', 'TN', 'VU'], 'country', r.b)
        else pg_temp.one(array['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11',
            '12', '13', '14', '15', '16', '17', '18', '19', '2A', '2B', '21', '22', '23', '24',
            '25', '26', '27', '28', '29', '30', '31', '32', '33', '34', '35', '36', '37', '38',
            '39', '40', '41', '42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52',
            '53', '54', '55', '56', '57', '58', '59', '60', '61', '62', '63', '64', '65', '66',
            '67', '68', '69', '70', '71', '72', '73', '74', '75', '76', '77', '78', '79', '80',
            '81', '82', '83', '84', '85', '86', '87', '88', '89', '90', '91', '92', '93', '94',
            '95', '971', '972', '973', '974', '975', '976', '977', '978', '986', '987', '988'],
            'department', r.b)
        end as code,
        pg_temp.pick('abroad', r.b, 10) <> 0 as france
) place
cross join lateral (
    select initcap(pg_temp.word(r.b)) as w
) made_up
cross join lateral (
    -- Mostly short names around the made-up word ("Chorale Kalomire"), some longer ones
    -- ("Association Kalomire des jardins partagés", "Radio Kalomire de Lorient").
    select case
        when pg_temp.pick('pattern', r.b, 20) < 12 then r.noun || ' ' || made_up.w
        when pg_temp.pick('pattern', r.b, 20) < 17 then case r.kind
            when 'association' then pg_temp.one(array['Association ', 'Les Amis ', 'Maison ', 'Comité '], 'prefix', r.b)
            when 'collective' then 'Collectif '
            when 'foundation' then 'Fondation '
            when 'union' then 'Syndicat '
            when 'club' then pg_temp.one(array['Club ', 'Amicale '], 'prefix', r.b)
            else pg_temp.one(array['Groupe ', 'Réseau ', 'Coopérative '], 'prefix', r.b)
            end || made_up.w || ' ' || r.topic
        else r.noun || ' ' || made_up.w || ' de ' || pg_temp.one(array['Lorient', 'Rennes',
            'Lyon', 'Montreuil', 'Marseille', 'Lille', 'Tours', 'Nantes', 'Bordeaux', 'Grenoble',
            'Besançon', 'Ajaccio', 'Saint-Denis', 'Pointe-à-Pitre', 'Limoges', 'Toulouse',
            'Strasbourg', 'Metz', 'Brest', 'Dijon', 'Liège', 'Dakar', 'Montréal', 'Genève'],
            'town', r.b)
        end as v
) name
order by r.i;

-- The history, in order: sent, confirmed, then what staff and the applicant did.
insert into application_events (application_id, at, actor, staff_id, kind, from_status, to_status, body, internal)
select e.application_id, e.at, e.actor, e.staff_id, e.kind, e.from_status, e.to_status, e.body, e.internal
from (
    select a.id as application_id, ev.*
    from applications a
    cross join (select array_agg(id order by id) as ids from staff_accounts) staff
    cross join lateral (
        select coalesce(a.confirmed_at, a.submitted_at + interval '1 day') as c,
               -- Asked, then answered: every question, a third of the approved, a fifth of
               -- the confirmed (back in the queue).
               a.status = 'question'
                   or (a.status = 'approved' and a.id % 3 = 0)
                   or (a.status = 'confirmed' and a.id % 5 = 0) as asked,
               a.status in ('approved', 'confirmed') and (a.id % 3 = 0 or a.id % 5 = 0) as answered,
               staff.ids[1 + a.id % cardinality(staff.ids)] as by
    ) x
    cross join lateral (values
        (1, a.submitted_at, 'applicant', null::bigint, 'submitted', null, 'unconfirmed', '', false, true),
        (2, x.c, 'applicant', null, 'confirmed', 'unconfirmed', 'confirmed', '', false,
            a.confirmed_at is not null),
        (3, x.c + (now() - x.c) * 0.1, 'staff', a.assigned_to, 'assigned', null, null, '', true,
            a.assigned_to is not null),
        (4, x.c + (now() - x.c) * 0.2, 'staff', x.by, 'question', 'confirmed', 'question',
            'Pouvez-vous nous dire combien de membres actifs utiliseront l’espace, et qui gère les comptes ?',
            false, x.asked and a.status in ('question', 'approved', 'confirmed')),
        (5, x.c + (now() - x.c) * 0.4, 'applicant', null, 'answer', 'question', 'confirmed',
            'Une quinzaine de membres actifs ; la secrétaire gérera les comptes.', false,
            x.asked and x.answered),
        (6, x.c + (now() - x.c) * 0.5, 'staff', x.by, 'note', null, null,
            'Vu le site web et les statuts : cohérent avec la demande.', true, a.id % 7 = 0),
        (7, x.c + (now() - x.c) * 0.6, 'staff', x.by, 'waitlisted', 'confirmed', 'waitlisted',
            'Nous gardons votre demande pour la prochaine vague.', false, a.status = 'waitlisted'),
        (8, coalesce(a.decided_at, now()), 'staff', a.decided_by, 'approved', 'confirmed',
            'approved', '', false, a.status = 'approved'),
        (9, coalesce(a.decided_at, now()), 'staff', a.decided_by, 'rejected', 'confirmed', 'rejected',
            'Frama.space est réservé aux associations et collectifs : votre structure semble être une entreprise.',
            false, a.status = 'rejected'),
        (10, x.c + (now() - x.c) * 0.7, 'applicant', null, 'withdrawn', 'confirmed', 'withdrawn', '', false,
            a.status = 'withdrawn'),
        (11, a.submitted_at + interval '72 hours', 'system', null, 'expired', 'unconfirmed', 'expired', '',
            false, a.status = 'expired')
    ) as ev(seq, at, actor, staff_id, kind, from_status, to_status, body, internal, happened)
    where ev.happened
) e
order by e.application_id, e.at, e.seq;

-- The version counts the changes of status, as the application code does.
update applications a set version = v.n
from (select application_id, count(*)::integer as n from application_events
      where to_status is not null group by application_id) v
where v.application_id = a.id;

-- Approved applications have their space, waiting for provisioning.
insert into spaces (application_id, slug, office, created_at)
select id, slug, office, decided_at from applications where status = 'approved';

commit;

-- As autovacuum leaves a database some minutes after a bulk load: statistics, and the
-- visibility map that lets the counts read their partial indexes alone (index-only scans).
vacuum analyze registration_windows;
vacuum analyze applications;
vacuum analyze application_events;
vacuum analyze spaces;
vacuum analyze staff_accounts;
