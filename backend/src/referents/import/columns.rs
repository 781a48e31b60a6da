//! Which column of a members' file says what: found from its header (the usual spellings,
//! in English and French, accents, case and punctuation aside), or from its content when it
//! has none (the column of e-mail addresses, the first other one for names). The referent
//! may change each column's meaning on the preview page. A `password` column is never read.

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Column {
    /// The whole name, as Nextcloud shows it.
    Name,
    /// A first name, put before the last name.
    FirstName,
    LastName,
    Email,
    /// The login, checked as Nextcloud checks it.
    Username,
    /// Groups, separated by commas, semicolons or `|` within the cell.
    Groups,
    /// A quota (`5 GB`, `500 MB`, `none`).
    Quota,
    /// Never read, said so on the page.
    Password,
    Ignored,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Name,
        Column::FirstName,
        Column::LastName,
        Column::Email,
        Column::Username,
        Column::Groups,
        Column::Quota,
        Column::Password,
        Column::Ignored,
    ];

    /// As a form sends it.
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::FirstName => "first-name",
            Column::LastName => "last-name",
            Column::Email => "email",
            Column::Username => "username",
            Column::Groups => "groups",
            Column::Quota => "quota",
            Column::Password => "password",
            Column::Ignored => "ignored",
        }
    }

    pub fn parse(s: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// The meaning of each column, and whether the first row is a header.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping {
    pub header: bool,
    pub columns: Vec<Column>,
}

impl Mapping {
    /// A mapping the referent chose, for a table `width` columns wide: a column without a
    /// choice ignored, a second column of the same meaning ignored (as [`guess`] does).
    pub fn chosen(header: bool, mut columns: Vec<Column>, width: usize) -> Mapping {
        columns.resize(width, Column::Ignored);
        let mut seen = Vec::new();
        for c in columns.iter_mut() {
            if *c != Column::Ignored && seen.contains(c) {
                *c = Column::Ignored;
            } else {
                seen.push(*c);
            }
        }
        Mapping { header, columns }
    }

    /// Whether some column gives each person a way to be told (an address) or named.
    pub fn names_people(&self) -> bool {
        self.columns.iter().any(|c| {
            matches!(
                c,
                Column::Name | Column::FirstName | Column::LastName | Column::Email
            )
        })
    }
}

/// The header cell's meaning, if it is a usual spelling of one.
fn recognised(cell: &str) -> Option<Column> {
    let key: String = deunicode::deunicode(cell)
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    Some(match key.as_str() {
        "name" | "displayname" | "fullname" | "nomcomplet" | "nomprenom" | "prenomnom"
        | "nomdaffichage" | "nomaafficher" | "membre" | "adherent" | "adherente" | "nom" => {
            Column::Name
        }
        "firstname" | "givenname" | "prenom" | "prenoms" => Column::FirstName,
        "lastname" | "surname" | "familyname" | "nomdefamille" | "nomdusage" => Column::LastName,
        "email"
        | "mail"
        | "emailaddress"
        | "courriel"
        | "adressemail"
        | "adresseemail"
        | "adressecourriel"
        | "adresseelectronique"
        | "mel" => Column::Email,
        "username" | "user" | "login" | "uid" | "userid" | "identifiant" | "nomdutilisateur"
        | "utilisateur" | "compte" => Column::Username,
        "groups" | "group" | "groupes" | "groupe" => Column::Groups,
        "quota" | "quotas" => Column::Quota,
        "password" | "passwd" | "pass" | "motdepasse" | "mdp" => Column::Password,
        _ => return None,
    })
}

fn looks_like_email(cell: &str) -> bool {
    common::is_email(cell.trim())
}

/// The meaning of each column of `rows`, found as the module says.
pub fn guess(rows: &[Vec<String>]) -> Mapping {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let first = rows.first().map(Vec::as_slice).unwrap_or_default();
    let known: Vec<Option<Column>> = (0..width)
        .map(|i| first.get(i).and_then(|c| recognised(c)))
        .collect();
    let header = known.iter().any(Option::is_some) && !first.iter().any(|c| looks_like_email(c));
    if header {
        let mut columns: Vec<Column> = known
            .into_iter()
            .map(|k| k.unwrap_or(Column::Ignored))
            .collect();
        // `Nom` beside `Prénom` is the last name.
        if columns.contains(&Column::FirstName) {
            for c in columns.iter_mut().filter(|c| **c == Column::Name) {
                *c = Column::LastName;
            }
        }
        // One column of each meaning: a second is left aside (the page says so).
        return Mapping::chosen(header, columns, width);
    }
    // No header: the addresses' column, and the first other one with words for names.
    let share = |i: usize, test: &dyn Fn(&str) -> bool| {
        let cells: Vec<&String> = rows.iter().filter_map(|r| r.get(i)).collect();
        let hits = cells.iter().filter(|c| test(c.as_str())).count();
        hits * 2 > cells.len()
    };
    let email = (0..width).find(|i| share(*i, &looks_like_email));
    let name = (0..width)
        .find(|i| Some(*i) != email && share(*i, &|c: &str| c.chars().any(char::is_alphabetic)));
    let columns = (0..width)
        .map(|i| {
            if Some(i) == email {
                Column::Email
            } else if Some(i) == name {
                Column::Name
            } else {
                Column::Ignored
            }
        })
        .collect();
    Mapping { header, columns }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn the_usual_headers_are_recognised() {
        use Column::*;
        let m = guess(&rows(&[
            &[
                "Nom d'affichage",
                "E-mail",
                "Identifiant",
                "Groupes",
                "Quota",
                "Mot de passe",
                "Cotisation",
            ],
            &[
                "Hélène",
                "h@example.org",
                "helene",
                "Bureau",
                "5 GB",
                "secret",
                "20",
            ],
        ]));
        assert!(m.header);
        assert_eq!(
            m.columns,
            [Name, Email, Username, Groups, Quota, Password, Ignored]
        );
        let m = guess(&rows(&[&[
            "username",
            "displayname",
            "email",
            "groups",
            "quota",
        ]]));
        assert_eq!(m.columns, [Username, Name, Email, Groups, Quota]);
        // A membership tool's export: first and last names apart, the address as `Courriel`.
        let m = guess(&rows(&[&[
            "N° adhérent",
            "NOM",
            "Prénom",
            "Courriel",
            "Courriel",
        ]]));
        assert_eq!(m.columns, [Ignored, LastName, FirstName, Email, Ignored]);
    }

    #[test]
    fn without_a_header_the_content_says() {
        use Column::*;
        let m = guess(&rows(&[
            &["12", "Hélène Dupont", "helene@example.org"],
            &["13", "Jean Martin", "jean@example.org"],
        ]));
        assert!(!m.header);
        assert_eq!(m.columns, [Ignored, Name, Email]);
        // A first row of names that happen to be words (`Nom`) and an address: data.
        let m = guess(&rows(&[
            &["Nom", "nom@example.org"],
            &["Paul", "p@example.org"],
        ]));
        assert!(!m.header);
        assert_eq!(m.columns, [Name, Email]);
        let m = guess(&rows(&[&["a@example.org"], &["b@example.org"]]));
        assert_eq!(m.columns, [Email]);
    }
}
