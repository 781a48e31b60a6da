//! A state's spelling is written in its type only (`common/src/states.rs`). Anywhere else,
//! a quoted `"approved"` or `'active'` is a state compared or stored by hand, which the
//! compiler cannot follow when the set changes: this test finds them in `app/`, `backend/`
//! and `server/`, their tests and benchmarks included, and in the kit those share
//! (`testkit/`).

use common::states::{
    AlertKind, ApplicationEvent, ApplicationStatus, ConnectionState, Drift, ExportState, FirstStep,
    HostState, ImportKind, ImportPlan, ImportResult, ImportState, JobState, MemberAction,
    ModerationAction, PostState, SanctionKind, SpaceAction, SpaceHealth, SpaceState, StepOutcome,
};

/// Where a state's word means something else: `(file, word, what it is there)`. Each entry
/// must still be needed (the test fails on one that no longer matches).
const OTHER_MEANINGS: &[(&str, &str, &str)] = &[
    (
        "app/src/actions.rs",
        "unavailable",
        "a server function's error message",
    ),
    (
        "app/src/pages/space/login.rs",
        "error",
        "OAuth2's `error` parameter, sent back by Nextcloud",
    ),
    (
        "app/src/pages/space/overview.rs",
        "office",
        "a message's argument",
    ),
    (
        "app/src/pages/forum/details.rs",
        "office",
        "a message's argument",
    ),
    (
        "app/src/pages/site/features.rs",
        "office",
        "a feature's name",
    ),
    (
        "app/src/pages/apply/form.rs",
        "office",
        "a field of the form",
    ),
    (
        "app/src/pages/apply/status.rs",
        "answer",
        "the answer form's id",
    ),
    (
        "app/src/pages/staff/spaces/space.rs",
        "office",
        "a field and a message's argument",
    ),
    (
        "app/src/pages/staff/spaces/actions.rs",
        "office",
        "a field of the form",
    ),
    (
        "app/src/pages/staff/applications/moderation.rs",
        "note",
        "a form's id",
    ),
    (
        "app/src/pages/staff/applications/moderation.rs",
        "question",
        "a form's id",
    ),
    (
        "backend/benches/fleet.rs",
        "provisioning",
        "the queue's name",
    ),
    (
        "backend/src/applications/moderation.rs",
        "office",
        "a column",
    ),
    (
        "backend/src/mail/mod.rs",
        "failed",
        "a mail's delivery, not a job",
    ),
    (
        "backend/src/nextcloud/settings.rs",
        "apps",
        "a key of `config:list`'s answer",
    ),
    (
        "backend/src/nextcloud/occ.rs",
        "apps",
        "a key of the settings' JSON",
    ),
    (
        "backend/src/nextcloud/ocs.rs",
        "apps",
        "a key of OCS's answer",
    ),
    (
        "backend/src/nextcloud/host.rs",
        "remove",
        "the host script's verb",
    ),
    (
        "backend/src/provisioning/lifecycle.rs",
        "provisioning",
        "the queue's name",
    ),
    (
        "backend/src/provisioning/steps/mod.rs",
        "apps",
        "a step's key",
    ),
    (
        "backend/src/provisioning/steps/mod.rs",
        "office",
        "a step's key",
    ),
    (
        "backend/src/provisioning/steps/mod.rs",
        "provisioning",
        "the queue's name",
    ),
    (
        "backend/src/provisioning/steps/mod.rs",
        "remove",
        "a step's key",
    ),
    (
        "backend/src/provisioning/steps/mod.rs",
        "rename",
        "a step's key",
    ),
    (
        "backend/src/provisioning/steps/mod.rs",
        "settings",
        "a step's key",
    ),
    (
        "backend/tests/all/health.rs",
        "office",
        "a change's tag in a job's payload",
    ),
    (
        "backend/tests/all/health.rs",
        "provisioning",
        "the queue's name",
    ),
    (
        "backend/tests/all/host_script.rs",
        "apps",
        "a folder of a space",
    ),
    ("backend/tests/all/health.rs", "apps", "a step's key"),
    ("backend/tests/all/health.rs", "settings", "a step's key"),
    (
        "backend/tests/all/health.rs",
        "maintenance",
        "a key of `config.php`",
    ),
    (
        "server/tests/app/faults.rs",
        "maintenance",
        "a key of `config.php`",
    ),
    (
        "backend/tests/all/structure/proofs/mod.rs",
        "answer",
        "a function's name",
    ),
    ("backend/tests/all/provisioning.rs", "apps", "a step's key"),
    (
        "backend/tests/all/provisioning.rs",
        "office",
        "a step's key",
    ),
    ("server/src/staff_cli.rs", "remove", "a command's verb"),
    (
        "server/src/metrics.rs",
        "failed",
        "a mail's delivery, not a job",
    ),
    ("server/tests/app/applications.rs", "note", "a form's id"),
    (
        "server/tests/app/applications.rs",
        "office",
        "a field of the form",
    ),
    (
        "server/tests/app/applications.rs",
        "question",
        "a form's id",
    ),
    ("server/tests/app/moderation.rs", "note", "a form's id"),
    ("server/tests/app/provisioning.rs", "apps", "a step's key"),
    (
        "server/tests/app/provisioning.rs",
        "settings",
        "a step's key",
    ),
    (
        "server/tests/app/provisioning.rs",
        "office",
        "a field of the form and a step's key",
    ),
    (
        "server/tests/app/staff.rs",
        "expired",
        "an assertion's message",
    ),
    ("server/tests/app/staff.rs", "remove", "a command's verb"),
];

/// Every spelling of every state type.
fn spellings() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    all.extend(ApplicationStatus::ALL.iter().map(|s| s.as_str()));
    all.extend(ApplicationEvent::ALL.iter().map(|s| s.as_str()));
    all.extend(SpaceState::ALL.iter().map(|s| s.as_str()));
    all.extend(SpaceAction::ALL.iter().map(|s| s.as_str()));
    all.extend(JobState::ALL.iter().map(|s| s.as_str()));
    all.extend(HostState::ALL.iter().map(|s| s.as_str()));
    all.extend(StepOutcome::ALL.iter().map(|s| s.as_str()));
    all.extend(AlertKind::ALL.iter().map(|s| s.as_str()));
    all.extend(SpaceHealth::ALL.iter().map(|s| s.as_str()));
    all.extend(Drift::ALL.iter().map(|s| s.as_str()));
    all.extend(MemberAction::ALL.iter().map(|s| s.as_str()));
    all.extend(FirstStep::ALL.iter().map(|s| s.as_str()));
    all.extend(ImportState::ALL.iter().map(|s| s.as_str()));
    all.extend(ImportKind::ALL.iter().map(|s| s.as_str()));
    all.extend(ImportPlan::ALL.iter().map(|s| s.as_str()));
    all.extend(ImportResult::ALL.iter().map(|s| s.as_str()));
    all.extend(ExportState::ALL.iter().map(|s| s.as_str()));
    all.extend(ConnectionState::ALL.iter().map(|s| s.as_str()));
    all.extend(PostState::ALL.iter().map(|s| s.as_str()));
    all.extend(SanctionKind::ALL.iter().map(|s| s.as_str()));
    all.sort_unstable();
    all.dedup();
    all
}

/// The quoted occurrences of `word` in `text`, by line number, outside comments.
fn quoted(text: &str, word: &str) -> Vec<usize> {
    let double = format!("\"{word}\"");
    let single = format!("'{word}'");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .filter(|(_, l)| l.contains(&double) || l.contains(&single))
        .map(|(i, _)| i + 1)
        .collect()
}

/// Spellings found outside their type, as `file:line: word`.
pub fn found(root: &std::path::Path, files: &[std::path::PathBuf]) -> (Vec<String>, Vec<bool>) {
    let words = spellings();
    let mut out = Vec::new();
    let mut used = vec![false; OTHER_MEANINGS.len()];
    for f in files {
        let name = f.strip_prefix(root).unwrap_or(f).display().to_string();
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        for word in &words {
            let lines = quoted(&text, word);
            if lines.is_empty() {
                continue;
            }
            if let Some(k) = OTHER_MEANINGS
                .iter()
                .position(|(file, w, _)| *file == name && w == word)
            {
                used[k] = true;
                continue;
            }
            for line in lines {
                out.push(format!("{name}:{line}: \"{word}\""));
            }
        }
    }
    (out, used)
}

#[test]
fn the_search_finds_a_quoted_state_and_skips_comments() {
    let text =
        "let a = 1;\n// status = 'approved'\nif s == \"approved\" {}\nwhere state = 'active'\n";
    assert_eq!(quoted(text, "approved"), vec![3]);
    assert_eq!(quoted(text, "active"), vec![4]);
    assert!(quoted("let approved = true;", "approved").is_empty());
    assert!(spellings().contains(&"delete-asked"));
}

pub fn other_meanings() -> &'static [(&'static str, &'static str, &'static str)] {
    OTHER_MEANINGS
}

/// Every column that stores a state, with its type's spellings: `(table, column, spellings)`.
pub fn stored_sets() -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    fn words<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|s| f(*s)).collect()
    }
    let status = words(ApplicationStatus::ALL, ApplicationStatus::as_str);
    vec![
        ("applications", "status", status.clone()),
        ("application_events", "from_status", status.clone()),
        ("application_events", "to_status", status),
        (
            "application_events",
            "kind",
            words(ApplicationEvent::ALL, ApplicationEvent::as_str),
        ),
        (
            "spaces",
            "state",
            words(SpaceState::ALL, SpaceState::as_str),
        ),
        (
            "spaces",
            "health",
            words(SpaceHealth::ALL, SpaceHealth::as_str),
        ),
        ("spaces", "drift", words(Drift::ALL, Drift::as_str)),
        (
            "space_health",
            "health",
            words(SpaceHealth::ALL, SpaceHealth::as_str),
        ),
        (
            "space_events",
            "action",
            words(SpaceAction::ALL, SpaceAction::as_str),
        ),
        (
            "space_steps",
            "outcome",
            words(StepOutcome::ALL, StepOutcome::as_str),
        ),
        (
            "first_steps",
            "step",
            words(FirstStep::ALL, FirstStep::as_str),
        ),
        (
            "member_events",
            "action",
            words(MemberAction::ALL, MemberAction::as_str),
        ),
        (
            "member_imports",
            "state",
            words(ImportState::ALL, ImportState::as_str),
        ),
        (
            "member_import_rows",
            "kind",
            words(ImportKind::ALL, ImportKind::as_str),
        ),
        (
            "member_import_rows",
            "plan",
            words(ImportPlan::ALL, ImportPlan::as_str),
        ),
        (
            "member_import_rows",
            "result",
            words(ImportResult::ALL, ImportResult::as_str),
        ),
        (
            "space_exports",
            "state",
            words(ExportState::ALL, ExportState::as_str),
        ),
        (
            "space_connections",
            "state",
            words(ConnectionState::ALL, ConnectionState::as_str),
        ),
        (
            "forum_topics",
            "state",
            words(PostState::ALL, PostState::as_str),
        ),
        (
            "forum_posts",
            "state",
            words(PostState::ALL, PostState::as_str),
        ),
        (
            "forum_sanctions",
            "kind",
            words(SanctionKind::ALL, SanctionKind::as_str),
        ),
        (
            "forum_moderation_log",
            "action",
            words(ModerationAction::ALL, ModerationAction::as_str),
        ),
        ("jobs", "state", words(JobState::ALL, JobState::as_str)),
        ("hosts", "state", words(HostState::ALL, HostState::as_str)),
        ("alerts", "kind", words(AlertKind::ALL, AlertKind::as_str)),
        (
            "alert_mails",
            "kind",
            words(AlertKind::ALL, AlertKind::as_str),
        ),
    ]
}

/// The quoted words of a constraint's definition, as PostgreSQL prints it
/// (`CHECK ((state = ANY (ARRAY['ready'::text, …])))`).
pub fn quoted_words(definition: &str) -> Vec<String> {
    let mut words: Vec<String> = definition
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}
