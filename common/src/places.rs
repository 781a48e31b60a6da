//! Where a structure is: a French department or overseas collectivity, or a French-speaking
//! country. Department names are proper nouns, the same in both languages.

/// `(code, name)` of every French department, overseas department and inhabited overseas
/// collectivity, in the order of their codes.
pub const DEPARTMENTS: &[(&str, &str)] = &[
    ("01", "Ain"),
    ("02", "Aisne"),
    ("03", "Allier"),
    ("04", "Alpes-de-Haute-Provence"),
    ("05", "Hautes-Alpes"),
    ("06", "Alpes-Maritimes"),
    ("07", "Ardèche"),
    ("08", "Ardennes"),
    ("09", "Ariège"),
    ("10", "Aube"),
    ("11", "Aude"),
    ("12", "Aveyron"),
    ("13", "Bouches-du-Rhône"),
    ("14", "Calvados"),
    ("15", "Cantal"),
    ("16", "Charente"),
    ("17", "Charente-Maritime"),
    ("18", "Cher"),
    ("19", "Corrèze"),
    ("2A", "Corse-du-Sud"),
    ("2B", "Haute-Corse"),
    ("21", "Côte-d’Or"),
    ("22", "Côtes-d’Armor"),
    ("23", "Creuse"),
    ("24", "Dordogne"),
    ("25", "Doubs"),
    ("26", "Drôme"),
    ("27", "Eure"),
    ("28", "Eure-et-Loir"),
    ("29", "Finistère"),
    ("30", "Gard"),
    ("31", "Haute-Garonne"),
    ("32", "Gers"),
    ("33", "Gironde"),
    ("34", "Hérault"),
    ("35", "Ille-et-Vilaine"),
    ("36", "Indre"),
    ("37", "Indre-et-Loire"),
    ("38", "Isère"),
    ("39", "Jura"),
    ("40", "Landes"),
    ("41", "Loir-et-Cher"),
    ("42", "Loire"),
    ("43", "Haute-Loire"),
    ("44", "Loire-Atlantique"),
    ("45", "Loiret"),
    ("46", "Lot"),
    ("47", "Lot-et-Garonne"),
    ("48", "Lozère"),
    ("49", "Maine-et-Loire"),
    ("50", "Manche"),
    ("51", "Marne"),
    ("52", "Haute-Marne"),
    ("53", "Mayenne"),
    ("54", "Meurthe-et-Moselle"),
    ("55", "Meuse"),
    ("56", "Morbihan"),
    ("57", "Moselle"),
    ("58", "Nièvre"),
    ("59", "Nord"),
    ("60", "Oise"),
    ("61", "Orne"),
    ("62", "Pas-de-Calais"),
    ("63", "Puy-de-Dôme"),
    ("64", "Pyrénées-Atlantiques"),
    ("65", "Hautes-Pyrénées"),
    ("66", "Pyrénées-Orientales"),
    ("67", "Bas-Rhin"),
    ("68", "Haut-Rhin"),
    ("69", "Rhône"),
    ("70", "Haute-Saône"),
    ("71", "Saône-et-Loire"),
    ("72", "Sarthe"),
    ("73", "Savoie"),
    ("74", "Haute-Savoie"),
    ("75", "Paris"),
    ("76", "Seine-Maritime"),
    ("77", "Seine-et-Marne"),
    ("78", "Yvelines"),
    ("79", "Deux-Sèvres"),
    ("80", "Somme"),
    ("81", "Tarn"),
    ("82", "Tarn-et-Garonne"),
    ("83", "Var"),
    ("84", "Vaucluse"),
    ("85", "Vendée"),
    ("86", "Vienne"),
    ("87", "Haute-Vienne"),
    ("88", "Vosges"),
    ("89", "Yonne"),
    ("90", "Territoire de Belfort"),
    ("91", "Essonne"),
    ("92", "Hauts-de-Seine"),
    ("93", "Seine-Saint-Denis"),
    ("94", "Val-de-Marne"),
    ("95", "Val-d’Oise"),
    ("971", "Guadeloupe"),
    ("972", "Martinique"),
    ("973", "Guyane"),
    ("974", "La Réunion"),
    ("975", "Saint-Pierre-et-Miquelon"),
    ("976", "Mayotte"),
    ("977", "Saint-Barthélemy"),
    ("978", "Saint-Martin"),
    ("986", "Wallis-et-Futuna"),
    ("987", "Polynésie française"),
    ("988", "Nouvelle-Calédonie"),
];

/// The departments under local law (Alsace-Moselle): associations are entered in the
/// register of the court, not in the RNA.
pub const LOCAL_LAW_DEPARTMENTS: &[&str] = &["57", "67", "68"];

/// `(ISO code, French name, English name)` of the countries where French is spoken widely,
/// France excepted, in French alphabetical order.
pub const COUNTRIES: &[(&str, &str, &str)] = &[
    ("DZ", "Algérie", "Algeria"),
    ("AD", "Andorre", "Andorra"),
    ("BE", "Belgique", "Belgium"),
    ("BJ", "Bénin", "Benin"),
    ("BF", "Burkina Faso", "Burkina Faso"),
    ("BI", "Burundi", "Burundi"),
    ("CM", "Cameroun", "Cameroon"),
    ("CA", "Canada", "Canada"),
    ("CF", "Centrafrique", "Central African Republic"),
    ("KM", "Comores", "Comoros"),
    ("CG", "Congo", "Congo"),
    ("CD", "Congo (RDC)", "Congo (DRC)"),
    ("CI", "Côte d’Ivoire", "Côte d’Ivoire"),
    ("DJ", "Djibouti", "Djibouti"),
    ("GA", "Gabon", "Gabon"),
    ("GN", "Guinée", "Guinea"),
    ("GQ", "Guinée équatoriale", "Equatorial Guinea"),
    ("HT", "Haïti", "Haiti"),
    ("LB", "Liban", "Lebanon"),
    ("LU", "Luxembourg", "Luxembourg"),
    ("MG", "Madagascar", "Madagascar"),
    ("ML", "Mali", "Mali"),
    ("MA", "Maroc", "Morocco"),
    ("MU", "Maurice", "Mauritius"),
    ("MR", "Mauritanie", "Mauritania"),
    ("MC", "Monaco", "Monaco"),
    ("NE", "Niger", "Niger"),
    ("RW", "Rwanda", "Rwanda"),
    ("SN", "Sénégal", "Senegal"),
    ("SC", "Seychelles", "Seychelles"),
    ("CH", "Suisse", "Switzerland"),
    ("TD", "Tchad", "Chad"),
    ("TG", "Togo", "Togo"),
    ("TN", "Tunisie", "Tunisia"),
    ("VU", "Vanuatu", "Vanuatu"),
];

/// Where a structure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A French department (its code).
    Department(&'static str),
    /// Alsace-Moselle: a department under local law.
    LocalLawDepartment(&'static str),
    /// A French-speaking country (its ISO code).
    Country(&'static str),
}

impl Place {
    /// The place a form's value names, if any.
    pub fn parse(code: &str) -> Option<Place> {
        if let Some((c, _)) = DEPARTMENTS.iter().find(|(c, _)| *c == code) {
            return Some(if LOCAL_LAW_DEPARTMENTS.contains(c) {
                Place::LocalLawDepartment(c)
            } else {
                Place::Department(c)
            });
        }
        COUNTRIES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(c, _, _)| Place::Country(c))
    }

    pub fn code(self) -> &'static str {
        match self {
            Place::Department(c) | Place::LocalLawDepartment(c) | Place::Country(c) => c,
        }
    }

    pub fn in_france(self) -> bool {
        !matches!(self, Place::Country(_))
    }
}

/// The name of a place's code in `lang` (`fr` or `en`), or the code itself.
pub fn place_name(code: &str, lang: &str) -> String {
    if let Some((c, name)) = DEPARTMENTS.iter().find(|(c, _)| *c == code) {
        return format!("{name} ({c})");
    }
    COUNTRIES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, fr, en)| if lang == "en" { en } else { fr }.to_string())
        .unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_department_once_and_the_local_law_ones_known() {
        assert_eq!(DEPARTMENTS.len(), 96 + 5 + 6);
        let mut codes: Vec<_> = DEPARTMENTS.iter().map(|(c, _)| *c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), DEPARTMENTS.len());
        assert_eq!(Place::parse("67"), Some(Place::LocalLawDepartment("67")));
        assert_eq!(Place::parse("2A"), Some(Place::Department("2A")));
        assert_eq!(Place::parse("BE"), Some(Place::Country("BE")));
        assert!(Place::parse("FR").is_none() && Place::parse("20").is_none());
        assert!(!Place::parse("CH").unwrap().in_france());
        assert_eq!(place_name("CH", "en"), "Switzerland");
        assert_eq!(place_name("974", "fr"), "La Réunion (974)");
    }
}
