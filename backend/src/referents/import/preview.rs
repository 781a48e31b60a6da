//! What an import would do with each row of a file, before anything happens: made (with
//! which login), already a member, the same person twice in the file, a name, address,
//! login, group or quota that cannot be taken, no e-mail, or no room left (the rows past the
//! space's free places). Pure: the members and the free places come from the caller.

use common::states::{ImportKind, ImportPlan};
use common::Email;
use serde::{Deserialize, Serialize};

use super::columns::{Column, Mapping};
use crate::provisioning::steps::PORTAL_ADMIN;
use crate::referents::members::{check_login, free_login, Member};

/// The longest name Nextcloud shows in full (as the members page takes it).
const NAME_MAX: usize = 64;
/// A group's name, as Nextcloud stores it.
const GROUP_MAX: usize = 64;

/// A row of the file, as its columns say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its place among the rows of the file that are not empty, from 1 (a header is 1).
    pub line: usize,
    pub name: String,
    pub email: String,
    pub username: String,
    pub groups: Vec<String>,
    pub quota: String,
}

/// What will happen to a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Made, with this login.
    New {
        uid: String,
    },
    /// A member has this login or address already: left as they are.
    Exists {
        uid: String,
    },
    /// The same address or login as the row of line `first`.
    Twice {
        first: usize,
    },
    NoName,
    NameTooLong,
    BadEmail,
    /// A login Nextcloud would refuse.
    BadUsername,
    /// An empty, too long or control-character group, or `admin`: an import never makes a
    /// co-administrator.
    BadGroup,
    BadQuota,
    /// No address: Nextcloud cannot send its welcome mail.
    NoEmail,
    /// Past the space's free places.
    NoRoom,
}

impl Verdict {
    /// Whether the row would make an account.
    pub fn makes(&self) -> bool {
        matches!(self, Verdict::New { .. })
    }

    /// Its kind, as stored and shown.
    pub fn kind(&self) -> ImportKind {
        match self {
            Verdict::New { .. } => ImportKind::New,
            Verdict::Exists { .. } => ImportKind::Exists,
            Verdict::Twice { .. } => ImportKind::Twice,
            Verdict::NoName => ImportKind::NoName,
            Verdict::NameTooLong => ImportKind::NameTooLong,
            Verdict::BadEmail => ImportKind::BadEmail,
            Verdict::BadUsername => ImportKind::BadUsername,
            Verdict::BadGroup => ImportKind::BadGroup,
            Verdict::BadQuota => ImportKind::BadQuota,
            Verdict::NoEmail => ImportKind::NoEmail,
            Verdict::NoRoom => ImportKind::NoRoom,
        }
    }

    /// The login the row has or would have.
    pub fn uid(&self) -> Option<&str> {
        match self {
            Verdict::New { uid } | Verdict::Exists { uid } => Some(uid),
            _ => None,
        }
    }
}

/// What the referent chose to do with each kind of row the preview found. The other kinds
/// (no name, a bad or missing address, the same person twice, no room) are left out: the
/// file must say more, and imported again, creates nothing twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choices {
    /// Create the new accounts (without: a dry run that shows what would happen).
    pub create: bool,
    /// Put members who exist already in the groups their row names.
    pub add_to_groups: bool,
    /// A login Nextcloud would refuse: make one from the name instead.
    pub make_login: bool,
    /// A group that cannot be made: create the account without the row's groups.
    pub drop_groups: bool,
    /// A quota Nextcloud does not read: the space's default quota.
    pub default_quota: bool,
}

impl Default for Choices {
    fn default() -> Self {
        Choices {
            create: true,
            add_to_groups: false,
            make_login: false,
            drop_groups: false,
            default_quota: false,
        }
    }
}

/// A row of the file, what the preview says of it, and what an import of it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// The row as it will be imported (a refused login, group or quota left out when the
    /// referent chose so).
    pub entry: Entry,
    /// What the preview found: the row's problem, even when a choice mends it.
    pub kind: ImportKind,
    /// What it is once the choices are applied.
    pub verdict: Verdict,
    pub plan: ImportPlan,
}

impl Planned {
    /// Whether a choice mended the row (its kind is a problem, and it is imported).
    pub fn mended(&self) -> bool {
        self.kind != self.verdict.kind()
    }
}

/// What an import of `entries` does, against the space's `members` and `free` places, as
/// `choices` say: each row's verdict once the chosen mends are made, and its plan.
pub fn plan(entries: &[Entry], members: &[Member], free: usize, choices: Choices) -> Vec<Planned> {
    let found = classify(entries, members, free);
    let mut rows = entries.to_vec();
    let mut verdicts = found.clone();
    // A row may have several problems that a choice mends (a login and a group): each
    // pass mends the one found first, at most once per kind.
    for _ in 0..3 {
        let mut mended = false;
        for (row, verdict) in rows.iter_mut().zip(&verdicts) {
            match verdict {
                Verdict::BadUsername if choices.make_login && !row.username.is_empty() => {
                    row.username.clear();
                    mended = true;
                }
                Verdict::BadGroup if choices.drop_groups && !row.groups.is_empty() => {
                    row.groups.clear();
                    mended = true;
                }
                Verdict::BadQuota if choices.default_quota && !row.quota.is_empty() => {
                    row.quota.clear();
                    mended = true;
                }
                _ => {}
            }
        }
        if !mended {
            break;
        }
        verdicts = classify(&rows, members, free);
    }
    rows.into_iter()
        .zip(found)
        .zip(verdicts)
        .map(|((entry, first), verdict)| {
            let plan = match &verdict {
                Verdict::New { .. } if choices.create => ImportPlan::Create,
                Verdict::Exists { .. } if choices.add_to_groups && !entry.groups.is_empty() => {
                    ImportPlan::AddToGroups
                }
                _ => ImportPlan::Skip,
            };
            // The problem found first stays the row's kind when a choice mended it.
            let kind = if first.kind() != verdict.kind() && verdict.makes() {
                first.kind()
            } else {
                verdict.kind()
            };
            Planned {
                entry,
                kind,
                verdict,
                plan,
            }
        })
        .collect()
}

/// The rows of `rows` as `mapping` reads them; the header left out, first and last names
/// put together.
pub fn entries(rows: &[Vec<String>], mapping: &Mapping) -> Vec<Entry> {
    let at = |row: &[String], what: Column| -> String {
        mapping
            .columns
            .iter()
            .position(|c| *c == what)
            .and_then(|i| row.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let skip = usize::from(mapping.header);
    rows.iter()
        .enumerate()
        .skip(skip)
        .map(|(i, row)| {
            let name = [
                at(row, Column::FirstName),
                at(row, Column::Name),
                at(row, Column::LastName),
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
            Entry {
                line: i + 1,
                name,
                email: at(row, Column::Email),
                username: at(row, Column::Username),
                groups: at(row, Column::Groups)
                    .split([',', ';', '|'])
                    .map(str::trim)
                    .filter(|g| !g.is_empty())
                    .map(str::to_string)
                    .collect(),
                quota: at(row, Column::Quota),
            }
        })
        .collect()
}

/// A quota as Nextcloud takes it: `none`, `default`, or a size (`5 GB`, `500MB`, `1.5 GB`).
pub fn quota_fits(q: &str) -> bool {
    let q = q.trim().to_ascii_lowercase();
    if q.is_empty() || q == "none" || q == "default" {
        return true;
    }
    let digits = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(q.len());
    let (number, unit) = q.split_at(digits);
    number.parse::<f64>().is_ok_and(|n| n >= 0.0)
        && ["", "b", "k", "kb", "m", "mb", "g", "gb", "t", "tb"].contains(&unit.trim())
}

fn control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// The verdict of each of `entries`, in order, against the space's `members` and its
/// `free` places.
pub fn classify(entries: &[Entry], members: &[Member], free: usize) -> Vec<Verdict> {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let mut made: Vec<String> = Vec::new();
    let mut seen: Vec<(usize, String, String)> = Vec::new();
    entries
        .iter()
        .map(|e| {
            let name = e.name.trim();
            let verdict = if name.is_empty() {
                Verdict::NoName
            } else if name.chars().count() > NAME_MAX || control(name) {
                Verdict::NameTooLong
            } else if e.email.is_empty() {
                Verdict::NoEmail
            } else if Email::parse(&e.email).is_err() {
                Verdict::BadEmail
            } else if check_login(&e.username).is_err() || same(e.username.trim(), PORTAL_ADMIN) {
                Verdict::BadUsername
            } else if e
                .groups
                .iter()
                .any(|g| g.chars().count() > GROUP_MAX || control(g) || same(g, "admin"))
            {
                Verdict::BadGroup
            } else if !quota_fits(&e.quota) {
                Verdict::BadQuota
            } else {
                let login = e.username.trim();
                let twice = seen.iter().find(|(_, email, uid)| {
                    same(email, &e.email) || (!login.is_empty() && same(uid, login))
                });
                if let Some((first, _, _)) = twice {
                    Verdict::Twice { first: *first }
                } else if let Some(m) = members.iter().find(|m| {
                    (!login.is_empty() && same(&m.uid, login))
                        || m.email.as_deref().is_some_and(|a| same(a, &e.email))
                }) {
                    Verdict::Exists { uid: m.uid.clone() }
                } else if made.len() >= free {
                    Verdict::NoRoom
                } else {
                    let taken = |uid: &str| {
                        same(uid, PORTAL_ADMIN)
                            || members.iter().any(|m| same(&m.uid, uid))
                            || made.iter().any(|u| same(u, uid))
                    };
                    let uid = if login.is_empty() {
                        free_login(name, taken)
                    } else if taken(login) {
                        // Another row already gave that login to someone else.
                        return Verdict::BadUsername;
                    } else {
                        login.to_string()
                    };
                    made.push(uid.clone());
                    Verdict::New { uid }
                }
            };
            if !matches!(verdict, Verdict::Twice { .. }) {
                seen.push((e.line, e.email.clone(), e.username.trim().to_string()));
            }
            verdict
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referents::import::columns::guess;
    use crate::referents::import::read::read;

    fn member(uid: &str, email: &str) -> Member {
        Member {
            uid: uid.into(),
            display_name: uid.into(),
            email: Some(email.into()),
            enabled: true,
            admin: false,
            last_login: None,
            last_login_paris: None,
            used: 0,
        }
    }

    fn verdicts(file: &str, members: &[Member], free: usize) -> Vec<(usize, Verdict)> {
        let table = read(file.as_bytes(), None).unwrap();
        let found = entries(&table.rows, &guess(&table.rows));
        found
            .iter()
            .map(|e| e.line)
            .zip(classify(&found, members, free))
            .collect()
    }

    #[test]
    fn each_row_says_what_will_happen() {
        use Verdict::*;
        let file = "Prénom;Nom;Courriel;Identifiant;Groupes;Quota\n\
            Hélène;Dupont;helene@example.org;;Bureau, Jardin;5 GB\n\
            Jean;Martin;jean@example.org;;;\n\
            Jeanne;Martin;pas-une-adresse;;;\n\
            ;;personne@example.org;;;\n\
            Hélène;Dupont;HELENE@example.org;;;\n\
            Paul;Durand;paul@example.org;paul/x;;\n\
            Zoé;Petit;zoe@example.org;;admin;\n\
            Zoé;Grand;zoe.grand@example.org;;;beaucoup\n\
            Sans;Adresse;;;;\n\
            Ana;Lima;ana@example.org;ana;;\n\
            Bob;Lima;bob@example.org;;;\n\
            Carl;Lima;carl@example.org;;;\n";
        let members = [
            member("jean.martin", "jean@example.org"),
            member("bob", "autre@example.org"),
        ];
        assert_eq!(
            verdicts(file, &members, 3),
            [
                (
                    2,
                    New {
                        uid: "helene.dupont".into()
                    }
                ),
                (
                    3,
                    Exists {
                        uid: "jean.martin".into()
                    }
                ),
                (4, BadEmail),
                (5, NoName),
                (6, Twice { first: 2 }),
                (7, BadUsername),
                (8, BadGroup),
                (9, BadQuota),
                (10, NoEmail),
                (11, New { uid: "ana".into() }),
                (
                    12,
                    New {
                        uid: "bob.lima".into()
                    }
                ),
                (13, NoRoom),
            ]
        );
    }

    #[test]
    fn logins_made_in_the_file_do_not_meet() {
        use Verdict::*;
        let file = "name,email\nMarie,m1@example.org\nMarie,m2@example.org\nMarie,m3@example.org\n";
        assert_eq!(
            verdicts(file, &[member("marie", "x@example.org")], 10),
            [
                (
                    2,
                    New {
                        uid: "marie2".into()
                    }
                ),
                (
                    3,
                    New {
                        uid: "marie3".into()
                    }
                ),
                (
                    4,
                    New {
                        uid: "marie4".into()
                    }
                ),
            ]
        );
        // A login typed twice for two people: the second row is the same person twice.
        let file = "name,email,username\nA,a@example.org,same\nB,b@example.org,same\n";
        assert_eq!(
            verdicts(file, &[], 10),
            [(2, New { uid: "same".into() }), (3, Twice { first: 2 })]
        );
    }

    #[test]
    fn choices_mend_rows_or_leave_them_out() {
        let file = "name,email,username,groups,quota\n\
            Ana,ana@example.org,ana/x,Bureau,\n\
            Bob,bob@example.org,,admin,beaucoup\n\
            Carl,carl@example.org,,Jardin,\n\
            Dan,dan@example.org,,,\n";
        let table = read(file.as_bytes(), None).unwrap();
        let found = entries(&table.rows, &guess(&table.rows));
        let members = [member("carl", "carl@example.org")];
        let plans = |choices| {
            plan(&found, &members, 10, choices)
                .into_iter()
                .map(|p| (p.kind, p.verdict.uid().map(str::to_string), p.plan))
                .collect::<Vec<_>>()
        };
        use ImportKind as K;
        use ImportPlan as P;
        assert_eq!(
            plans(Choices::default()),
            [
                (K::BadUsername, None, P::Skip),
                (K::BadGroup, None, P::Skip),
                (K::Exists, Some("carl".into()), P::Skip),
                (K::New, Some("dan".into()), P::Create),
            ]
        );
        let all = Choices {
            create: true,
            add_to_groups: true,
            make_login: true,
            drop_groups: true,
            default_quota: true,
        };
        let planned = plan(&found, &members, 10, all);
        assert_eq!(
            planned
                .iter()
                .map(|p| (p.kind, p.verdict.uid().map(str::to_string), p.plan))
                .collect::<Vec<_>>(),
            [
                (K::BadUsername, Some("ana".into()), P::Create),
                // Its group, then its quota, mended: created without either.
                (K::BadGroup, Some("bob".into()), P::Create),
                (K::Exists, Some("carl".into()), P::AddToGroups),
                (K::New, Some("dan".into()), P::Create),
            ]
        );
        assert!(planned[1].mended() && planned[1].entry.groups.is_empty());
        assert!(planned[1].entry.quota.is_empty());
        // Without creating, nothing is made and the rest stays as it was found.
        let dry = plan(
            &found,
            &members,
            10,
            Choices {
                create: false,
                ..all
            },
        );
        assert!(dry.iter().all(|p| p.plan != P::Create));
    }

    /// The sample file the upload page offers reads as it says, every row a new account.
    #[test]
    fn the_sample_file_imports_cleanly() {
        let sample = include_bytes!("../../../../public/fichiers/exemple-membres.csv");
        let table = read(sample, None).unwrap();
        let mapping = guess(&table.rows);
        assert_eq!(
            mapping.columns,
            [
                Column::FirstName,
                Column::LastName,
                Column::Email,
                Column::Groups,
                Column::Quota
            ]
        );
        let found = entries(&table.rows, &mapping);
        assert_eq!(found.len(), 3);
        assert!(classify(&found, &[], 50).iter().all(Verdict::makes));
        assert_eq!(found[1].groups, ["Bureau", "Jardin partagé"]);
    }

    #[test]
    fn quotas_as_nextcloud_takes_them() {
        for ok in ["", "none", "default", "5 GB", "500MB", "1.5 gb", "1024"] {
            assert!(quota_fits(ok), "{ok}");
        }
        for bad in ["beaucoup", "-5 GB", "5 GiB!", "GB"] {
            assert!(!quota_fits(bad), "{bad}");
        }
    }
}
