//! Importing members from a file, on a space's dashboard: what the pages show (the upload
//! page with the latest imports; an import's preview, then its progress and report) and
//! their two actions. The upload sends a file (`multipart/form-data`) or pasted text; the
//! preview's buttons keep the referent's choices (encoding, header, each column's meaning,
//! what to do with each kind of row), confirm, or drop the import. The pages themselves are
//! [`super::import_page`].

use common::states::{ImportKind, ImportPlan, ImportResult, ImportState};
use serde::{Deserialize, Serialize};

use super::paths::{import, import_of, IMPORT_ID_PATH, IMPORT_PATH};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{outcome_query, Action, SlugParam};
use crate::forms::{ErrorCode, FormErrors};

/// An import of the upload page's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLine {
    pub id: i64,
    pub file_name: String,
    pub state: ImportState,
    pub when: String,
}

/// What the upload page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadView {
    pub slug: String,
    pub address: String,
    pub latest: Vec<ImportLine>,
    /// The encodings a text file may be in, as the form sends them.
    pub encodings: Vec<String>,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/imports")]
pub async fn space_imports(
    #[server(default)] slug: String,
) -> Result<Option<UploadView>, leptos::prelude::ServerFnError> {
    use backend::referents::import::store;
    let caller = crate::ssr::caller().await?;
    let referent = caller
        .referent_of(&slug)
        .map_err(|d| d.into_server_error())?;
    let ctx = &caller.ctx;
    let latest = store::latest(ctx, &referent)
        .await
        .map_err(|e| crate::ssr::server_error("dashboard imports", e))?
        .into_iter()
        .map(|(id, file_name, state, at)| ImportLine {
            id,
            file_name,
            state,
            when: backend::i18n::long_date_time(caller.lang, at),
        })
        .collect();
    Ok(Some(UploadView {
        address: ctx.settings.site.space_address(referent.slug()),
        slug: referent.slug().to_string(),
        latest,
        encodings: encodings(),
    }))
}

/// A column of the file, as the preview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnView {
    /// What it holds, as the form sends it (`email`).
    pub meaning: String,
    /// Its header's cell, when the first row is a header.
    pub title: Option<String>,
    /// Its first cells of data.
    pub sample: Vec<String>,
}

/// A row of the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: usize,
    pub name: String,
    pub email: String,
    /// The login it has or would get.
    pub uid: Option<String>,
    pub groups: String,
    pub kind: ImportKind,
    /// A choice mended its problem.
    pub mended: bool,
    pub plan: ImportPlan,
    /// For a row that repeats another: that row's line.
    pub first: Option<usize>,
}

/// The space, as the preview found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpaceShown {
    Reached { accounts: usize, limit: u32 },
    NotReached,
    Maintenance,
    NotActive,
}

/// What the referent chose for each kind of row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoicesView {
    pub create: bool,
    pub add_to_groups: bool,
    pub make_login: bool,
    pub drop_groups: bool,
    pub default_quota: bool,
}

/// An import not confirmed yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewView {
    /// A text file (not a sheet): its encoding may be chosen.
    pub text: bool,
    /// The encoding chosen (`None`: found) and the one the file is read in.
    pub chosen: Option<String>,
    /// The encodings a text file may be in, as the form sends them.
    pub encodings: Vec<String>,
    pub encoding: Option<String>,
    /// The separator found, in words' key (`import-separator-semicolon`).
    pub separator: Option<String>,
    /// Why the file does not read as chosen.
    pub error: Option<ErrorCode>,
    pub header: bool,
    pub columns: Vec<ColumnView>,
    /// The meanings a column may have, as the form sends them.
    pub meanings: Vec<String>,
    pub choices: ChoicesView,
    pub space: SpaceShown,
    pub counts: Vec<(ImportKind, usize)>,
    pub to_create: usize,
    pub rows: Vec<PreviewRow>,
    /// Rows in all (the page shows the first ones).
    pub total: usize,
}

/// A row of a confirmed import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub line: i32,
    pub name: String,
    pub uid: Option<String>,
    pub kind: ImportKind,
    pub result: Option<ImportResult>,
}

/// A confirmed import: its progress, then its report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub done: usize,
    pub total: usize,
    pub counts: Vec<(ImportResult, usize)>,
    pub rows: Vec<ReportLine>,
    /// The space did not answer: tried again at this time.
    pub retry_at: Option<String>,
}

/// Where an import stands, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageView {
    Preview(PreviewView),
    Report(ReportView),
}

/// What an import's page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub slug: String,
    pub address: String,
    pub id: i64,
    pub state: ImportState,
    pub file_name: String,
    /// What kind of file: `import-format-xlsx`, `import-format-ods`, `import-format-text`.
    pub format: Option<String>,
    pub created_by: String,
    pub created: String,
    pub stage: StageView,
}

/// The encodings a text file may be in, as the forms send them.
#[cfg(feature = "ssr")]
fn encodings() -> Vec<String> {
    use backend::referents::import::read::Encoding;
    Encoding::ALL
        .iter()
        .map(|e| e.as_str().to_string())
        .collect()
}

#[cfg(feature = "ssr")]
fn error_of(e: &backend::referents::import::read::ReadError) -> ErrorCode {
    use backend::referents::import::read::ReadError;
    match e {
        ReadError::Empty => ErrorCode::ImportEmpty,
        ReadError::TooLarge => ErrorCode::ImportTooLarge,
        ReadError::TooManyRows => ErrorCode::ImportTooManyRows,
        ReadError::TooManyColumns => ErrorCode::ImportTooManyColumns,
        ReadError::NotText => ErrorCode::ImportNotText,
        ReadError::WrongEncoding(_) => ErrorCode::ImportWrongEncoding,
        ReadError::UnreadableSheet => ErrorCode::ImportUnreadableSheet,
    }
}

#[cfg(feature = "ssr")]
fn preview_view(p: backend::referents::import::store::Preview) -> PreviewView {
    use backend::referents::import::columns::Column;
    use backend::referents::import::preview::Verdict;
    use backend::referents::import::read::Format;
    use backend::referents::import::store::{SpaceNow, SHOWN_ROWS};
    let (text, encoding, separator) = match p.table.as_ref().map(|t| t.format) {
        Ok(Format::Text {
            encoding,
            separator,
        }) => (
            true,
            Some(encoding.as_str().to_string()),
            Some(
                match separator {
                    ';' => "import-separator-semicolon",
                    '\t' => "import-separator-tab",
                    _ => "import-separator-comma",
                }
                .to_string(),
            ),
        ),
        Ok(_) => (false, None, None),
        // Not read as chosen: a text file whose encoding is wrong, most often.
        Err(_) => (true, None, None),
    };
    let columns = match &p.table {
        Ok(t) => p
            .mapping
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cell = |row: &Vec<String>| row.get(i).cloned().unwrap_or_default();
                let data = t.rows.iter().skip(usize::from(p.mapping.header));
                ColumnView {
                    meaning: c.as_str().to_string(),
                    title: p.mapping.header.then(|| t.rows.first().map(cell)).flatten(),
                    sample: data.take(3).map(cell).collect(),
                }
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let choices = ChoicesView {
        create: p.choices.create,
        add_to_groups: p.choices.add_to_groups,
        make_login: p.choices.make_login,
        drop_groups: p.choices.drop_groups,
        default_quota: p.choices.default_quota,
    };
    let rows = p
        .rows
        .iter()
        .take(SHOWN_ROWS)
        .map(|r| PreviewRow {
            line: r.entry.line,
            name: r.entry.name.clone(),
            email: r.entry.email.clone(),
            uid: r.verdict.uid().map(str::to_string),
            groups: r.entry.groups.join(", "),
            kind: r.kind,
            mended: r.mended(),
            plan: r.plan,
            first: match r.verdict {
                Verdict::Twice { first } => Some(first),
                _ => None,
            },
        })
        .collect();
    PreviewView {
        text,
        chosen: p.encoding.map(|e| e.as_str().to_string()),
        encodings: encodings(),
        encoding,
        separator,
        error: p.table.as_ref().err().map(error_of),
        header: p.mapping.header,
        columns,
        meanings: Column::ALL.iter().map(|c| c.as_str().to_string()).collect(),
        choices,
        space: match p.space {
            SpaceNow::Reached { accounts, limit } => SpaceShown::Reached { accounts, limit },
            SpaceNow::NotReached => SpaceShown::NotReached,
            SpaceNow::Maintenance => SpaceShown::Maintenance,
            SpaceNow::NotActive => SpaceShown::NotActive,
        },
        counts: p.counts(),
        to_create: p.to_create(),
        total: p.rows.len(),
        rows,
    }
}

#[leptos::server(prefix = "/api", endpoint = "spaces/import")]
pub async fn space_import(
    #[server(default)] slug: String,
    #[server(default)] id: i64,
) -> Result<Option<ImportView>, leptos::prelude::ServerFnError> {
    use backend::referents::import::read::Format;
    use backend::referents::import::store::{self, Stage, SHOWN_ROWS};
    let caller = crate::ssr::caller().await?;
    let referent = caller
        .referent_of(&slug)
        .map_err(|d| d.into_server_error())?;
    let ctx = &caller.ctx;
    let lang = caller.lang;
    let Some(found) = store::show(ctx, &referent, id)
        .await
        .map_err(|e| crate::ssr::server_error("dashboard import", e))?
    else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let stage = match found.stage {
        Stage::Preview(p) => StageView::Preview(preview_view(p)),
        Stage::Report(r) => StageView::Report(ReportView {
            done: r.done,
            total: r.total,
            counts: r.counts(),
            retry_at: r.retry_at.map(|t| backend::i18n::long_date_time(lang, t)),
            rows: r
                .rows
                .into_iter()
                .take(SHOWN_ROWS)
                .map(|l| ReportLine {
                    line: l.line,
                    name: l.name,
                    uid: l.uid,
                    kind: l.kind,
                    result: l.result,
                })
                .collect(),
        }),
    };
    Ok(Some(ImportView {
        address: ctx.settings.site.space_address(referent.slug()),
        slug: referent.slug().to_string(),
        id: found.id,
        state: found.state,
        file_name: found.file_name,
        format: found.format.map(|f| {
            match f {
                Format::Xlsx => "import-format-xlsx",
                Format::Ods => "import-format-ods",
                Format::Text { .. } => "import-format-text",
            }
            .to_string()
        }),
        created_by: found.created_by_name,
        created: backend::i18n::long_date_time(lang, found.created_at),
        stage,
    }))
}

/// What the upload form sends: a file, or pasted text, and the encoding chosen (empty: let
/// the portal find it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UploadInput {
    pub text: String,
    pub encoding: String,
    /// The file's bytes (a multipart body's `file` part).
    #[serde(skip)]
    pub file: Vec<u8>,
    #[serde(skip)]
    pub file_name: String,
}

/// What came of an upload: the import's page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UploadOutcome {
    Uploaded { id: i64 },
}

/// The upload form: a file or pasted text becomes an import, shown by its preview.
pub struct UploadAction;

impl Action for UploadAction {
    const ID: &'static str = "space-import-upload";
    const PATH: &'static str = IMPORT_PATH;
    const EXAMPLE: &'static str = "/espace/les-amis/membres/importer";
    const TEXT_FIELDS: &'static [&'static str] = &["text", "encoding"];
    /// A file of 2 MB, and the form's other fields around it.
    const BODY_LIMIT: usize = 2 * 1024 * 1024 + 64 * 1024;
    type Params = SlugParam;
    type Input = UploadInput;
    type Outcome = UploadOutcome;

    fn examples() -> Vec<UploadInput> {
        vec![UploadInput {
            text: "Prénom;Nom;Courriel\nCamille;Durand;camille.durand@example.org\n".into(),
            ..UploadInput::default()
        }]
    }

    fn too_large() -> FormErrors {
        FormErrors::field_error("file", ErrorCode::ImportTooLarge)
    }

    /// A multipart body (the page's form, with its file), or URL-encoded (pasted text).
    #[cfg(feature = "ssr")]
    fn input_from(body: &[u8]) -> Option<UploadInput> {
        let Some(parts) = crate::multipart::parts(body) else {
            return serde_urlencoded::from_bytes(body).ok();
        };
        let mut input = UploadInput::default();
        for part in parts {
            match (part.name.as_str(), part.file_name) {
                ("file", Some(name)) => {
                    input.file = part.bytes;
                    input.file_name = name;
                }
                ("text", None) => input.text = String::from_utf8_lossy(&part.bytes).into_owned(),
                ("encoding", None) => {
                    input.encoding = String::from_utf8_lossy(&part.bytes).into_owned()
                }
                _ => {}
            }
        }
        Some(input)
    }

    #[cfg(feature = "ssr")]
    type Who = backend::referents::Referent;

    #[cfg(feature = "ssr")]
    async fn run(
        who: backend::referents::Referent,
        _: SlugParam,
        input: UploadInput,
        caller: crate::ssr::Caller,
    ) -> Reply<UploadOutcome> {
        use backend::referents::import::read::Encoding;
        use backend::referents::import::store::{self, ImportError, Upload};
        let encoding = match input.encoding.trim() {
            "" => None,
            e => match Encoding::parse(e) {
                Some(e) => Some(e),
                None => {
                    return Reply::Invalid(FormErrors::field_error(
                        "encoding",
                        ErrorCode::ChoiceRequired,
                    ))
                }
            },
        };
        // The file if one was chosen (a browser sends an empty name without one), else the
        // text pasted.
        let (field, upload) = if input.file.is_empty() && input.file_name.is_empty() {
            (
                "text",
                Upload {
                    bytes: input.text.into_bytes(),
                    file_name: String::new(),
                    encoding,
                },
            )
        } else {
            (
                "file",
                Upload {
                    bytes: input.file,
                    file_name: input.file_name,
                    encoding,
                },
            )
        };
        match store::upload(&caller.ctx, &who, &upload).await {
            Ok(id) => Reply::Done(UploadOutcome::Uploaded { id }),
            Err(ImportError::Read(e)) => {
                Reply::Invalid(FormErrors::field_error(field, error_of(&e)))
            }
            Err(e) => Reply::failed("an import's upload", e),
        }
    }

    fn next(params: &SlugParam, outcome: &UploadOutcome) -> String {
        match outcome {
            UploadOutcome::Uploaded { id } => import_of(&params.slug, *id),
        }
    }
}

/// A path's `{slug}` and `{id}`: an import of a space.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportParam {
    pub slug: String,
    pub id: i64,
}

/// The buttons of an import's preview.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportButton {
    /// Read the file again with the choices made.
    #[default]
    Update,
    Confirm,
    /// Drop the import and its file.
    Cancel,
}

/// What the preview's form sends. Each column's meaning comes as `col-<n>`, gathered in
/// order into `columns` (comma-separated); the yes-or-no choices as `yes` or `no`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportInput {
    pub action: ImportButton,
    pub encoding: String,
    pub header: String,
    pub columns: String,
    pub create: String,
    pub add_to_groups: String,
    pub make_login: String,
    pub drop_groups: String,
    pub default_quota: String,
}

/// What came of a button of the preview.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportOutcome {
    /// The preview shows the choices made.
    Updated,
    /// The job is queued: `create` accounts to make, `groups` members to put in groups.
    Queued {
        create: i64,
        groups: i64,
    },
    /// Confirmed already.
    Already,
    Cancelled,
    /// The space did not answer: nothing was confirmed.
    NotReached,
    Maintenance,
    NotActive,
    /// The file does not read as chosen: nothing was confirmed.
    Unreadable,
    /// Confirmed or dropped meanwhile (another tab): nothing changed.
    Gone,
}

impl ImportOutcome {
    /// Its sentence's key.
    pub fn key(self) -> &'static str {
        match self {
            ImportOutcome::Updated => "import-updated",
            ImportOutcome::Queued { .. } => "import-queued",
            ImportOutcome::Already => "import-already",
            ImportOutcome::Cancelled => "import-cancelled",
            ImportOutcome::NotReached => "import-not-reached",
            ImportOutcome::Maintenance => "import-maintenance",
            ImportOutcome::NotActive => "import-not-active",
            ImportOutcome::Unreadable => "import-unreadable",
            ImportOutcome::Gone => "import-gone",
        }
    }

    /// Whether it says nothing was done.
    pub fn refused(self) -> bool {
        matches!(
            self,
            ImportOutcome::NotReached
                | ImportOutcome::Maintenance
                | ImportOutcome::NotActive
                | ImportOutcome::Unreadable
                | ImportOutcome::Gone
        )
    }
}

/// The preview's buttons.
pub struct ImportAction;

impl Action for ImportAction {
    const ID: &'static str = "space-import";
    const PATH: &'static str = IMPORT_ID_PATH;
    const EXAMPLE: &'static str = "/espace/les-amis/membres/importer/1";
    const TEXT_FIELDS: &'static [&'static str] = &[
        "encoding",
        "header",
        "columns",
        "create",
        "add_to_groups",
        "make_login",
        "drop_groups",
        "default_quota",
    ];
    type Params = ImportParam;
    type Input = ImportInput;
    type Outcome = ImportOutcome;

    fn examples() -> Vec<ImportInput> {
        [
            ImportButton::Update,
            ImportButton::Confirm,
            ImportButton::Cancel,
        ]
        .into_iter()
        .map(|action| ImportInput {
            action,
            header: "yes".into(),
            columns: "first-name,last-name,email".into(),
            create: "yes".into(),
            ..ImportInput::default()
        })
        .collect()
    }

    /// The form's fields, each column's meaning (`col-<n>`) gathered into `columns`.
    #[cfg(feature = "ssr")]
    fn input_from(body: &[u8]) -> Option<ImportInput> {
        let mut input: ImportInput = serde_urlencoded::from_bytes(body).ok()?;
        let mut columns: Vec<(usize, String)> = form_pairs(body)
            .filter_map(|(k, v)| Some((k.strip_prefix("col-")?.parse().ok()?, v)))
            .collect();
        if !columns.is_empty() {
            columns.sort_by_key(|(n, _)| *n);
            input.columns = columns
                .into_iter()
                .map(|(_, v)| v)
                .collect::<Vec<_>>()
                .join(",");
        }
        Some(input)
    }

    #[cfg(feature = "ssr")]
    type Who = backend::referents::Referent;

    #[cfg(feature = "ssr")]
    async fn run(
        who: backend::referents::Referent,
        params: ImportParam,
        input: ImportInput,
        caller: crate::ssr::Caller,
    ) -> Reply<ImportOutcome> {
        use backend::referents::import::store::{self, Confirmed, ImportError, Settled};
        let ctx = &caller.ctx;
        let Some(settings) = settings_of(&input) else {
            return Reply::Unprocessable;
        };
        match input.action {
            ImportButton::Update => match store::settle(ctx, &who, params.id, &settings).await {
                Ok(Settled::Saved) => Reply::Done(ImportOutcome::Updated),
                Ok(Settled::NotPreview) => Reply::Done(ImportOutcome::Already),
                Ok(Settled::NotFound) => Reply::NotFound,
                Err(e) => Reply::failed("an import's choices", e),
            },
            ImportButton::Confirm => match store::confirm(ctx, &who, params.id, &settings).await {
                Ok(Confirmed::Queued { create, groups }) => Reply::Done(ImportOutcome::Queued {
                    create: create as i64,
                    groups: groups as i64,
                }),
                Ok(Confirmed::Already) => Reply::Done(ImportOutcome::Already),
                Ok(Confirmed::NotFound) => Reply::NotFound,
                Err(ImportError::Read(_)) => Reply::Done(ImportOutcome::Unreadable),
                Err(ImportError::Space(backend::referents::members::Refusal::NotActive)) => {
                    Reply::Done(ImportOutcome::NotActive)
                }
                Err(ImportError::Space(e)) if e.maintenance() => {
                    Reply::Done(ImportOutcome::Maintenance)
                }
                Err(ImportError::Space(_)) => Reply::Done(ImportOutcome::NotReached),
                Err(ImportError::Database(e)) => Reply::failed("an import's confirmation", e),
            },
            ImportButton::Cancel => match store::cancel(ctx, &who, params.id).await {
                Ok(true) => Reply::Done(ImportOutcome::Cancelled),
                Ok(false) => Reply::Done(ImportOutcome::Gone),
                Err(e) => Reply::failed("an import's cancellation", e),
            },
        }
    }

    fn next(params: &ImportParam, outcome: &ImportOutcome) -> String {
        match outcome {
            ImportOutcome::Cancelled => outcome_query(&import(&params.slug), outcome),
            _ => outcome_query(&import_of(&params.slug, params.id), outcome),
        }
    }
}

/// A form body's pairs, decoded.
#[cfg(feature = "ssr")]
fn form_pairs(body: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .unwrap_or_default()
        .into_iter()
}

/// The choices a form sent, read as the backend takes them; `None` when a value is none the
/// page offers (a forged form).
#[cfg(feature = "ssr")]
fn settings_of(input: &ImportInput) -> Option<backend::referents::import::store::Settings> {
    use backend::referents::import::columns::Column;
    use backend::referents::import::preview::Choices;
    use backend::referents::import::read::Encoding;
    use backend::referents::import::store::Settings;
    let yes = |v: &str, default: bool| match v {
        "" => Some(default),
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let header = match input.header.as_str() {
        "" => None,
        v => Some(yes(v, true)?),
    };
    let encoding = match input.encoding.as_str() {
        "" => None,
        e => Some(Encoding::parse(e)?),
    };
    let columns = if input.columns.is_empty() {
        None
    } else {
        Some(
            input
                .columns
                .split(',')
                .take(backend::referents::import::read::MAX_COLUMNS)
                .map(Column::parse)
                .collect::<Option<Vec<_>>>()?,
        )
    };
    let d = Choices::default();
    Some(Settings {
        encoding,
        header,
        columns,
        choices: Choices {
            create: yes(&input.create, d.create)?,
            add_to_groups: yes(&input.add_to_groups, d.add_to_groups)?,
            make_login: yes(&input.make_login, d.make_login)?,
            drop_groups: yes(&input.drop_groups, d.drop_groups)?,
            default_quota: yes(&input.default_quota, d.default_quota)?,
        },
    })
}
