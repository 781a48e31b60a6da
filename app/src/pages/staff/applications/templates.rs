//! Admins edit the reasons moderators pick from when rejecting: a label for staff and a
//! text sent to the applicant, in French and English. One form on the kit creates a
//! reason or, opened from the list, changes one.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::components::form::KitForm;
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::forms::{ErrorCode, Field, Form, FormErrors, Input};
use crate::i18n::use_i18n;
use crate::pages::staff::area::guarded;
use crate::pages::staff::TEMPLATES_PATH;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RejectTemplateForm {
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
    pub text_fr: String,
    pub text_en: String,
    pub retired: String,
}

/// A short name: `a-z0-9` words joined by single hyphens, 40 characters at most.
pub fn short_name(raw: &str) -> Result<String, ErrorCode> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(ErrorCode::Required);
    }
    let words_ok = value.split('-').all(|w| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    if value.len() > 40 || !words_ok {
        return Err(ErrorCode::ShortNameInvalid);
    }
    Ok(value.to_string())
}

impl Form for RejectTemplateForm {
    const ID: &'static str = "reject-template";
    const PATH: &'static str = TEMPLATES_PATH;
    const FIELDS: &'static [Field] = &[
        Field::plain(
            "code",
            Input::Text,
            "reject-template-code",
            Some("template-code-hint"),
        ),
        Field::plain("label_fr", Input::Text, "reject-template-label_fr", None),
        Field::plain(
            "text_fr",
            Input::LongText,
            "reject-template-text_fr",
            Some("template-text-hint"),
        ),
        Field::plain("label_en", Input::Text, "reject-template-label_en", None),
        Field::plain(
            "text_en",
            Input::LongText,
            "reject-template-text_en",
            Some("template-text-hint"),
        ),
        Field::plain(
            "retired",
            Input::Checkbox,
            "reject-template-retired",
            Some("template-retired-hint"),
        ),
    ];
    const SUBMIT: &'static str = "template-submit";
    const SUBMITTING: &'static str = "template-submitting";

    fn errors(&self, site: &common::SiteInfo) -> FormErrors {
        use common::application::{clean_line, clean_text, required};
        let limits = &site.applications;
        let checks = [
            ("code", short_name(&self.code).map(drop)),
            (
                "label_fr",
                required(clean_line(&self.label_fr, limits.line_max)).map(drop),
            ),
            (
                "text_fr",
                required(clean_text(&self.text_fr, limits.text_max)).map(drop),
            ),
            (
                "label_en",
                required(clean_line(&self.label_en, limits.line_max)).map(drop),
            ),
            (
                "text_en",
                required(clean_text(&self.text_en, limits.text_max)).map(drop),
            ),
        ];
        // A box: ticked (`yes`) or left out; anything else was never offered.
        let retired = match self.retired.as_str() {
            "" | "yes" => Ok(()),
            _ => Err(ErrorCode::ChoiceRequired),
        };
        FormErrors::from_checks(checks.into_iter().chain([("retired", retired)]))
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Admin;

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        admin: backend::accounts::Admin,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = crate::forms::Submitted> + Send {
        use backend::applications::templates::{self, TemplateInput};
        use common::application::{clean_line, clean_text};
        async move {
            let limits = &caller.ctx.settings.site.applications;
            // The rules passed: these are the cleaned values.
            let line = |v: &str| clean_line(v, limits.line_max).unwrap_or_default();
            let text = |v: &str| clean_text(v, limits.text_max).unwrap_or_default();
            let input = TemplateInput {
                code: self.code.trim().to_string(),
                label_fr: line(&self.label_fr),
                label_en: line(&self.label_en),
                text_fr: text(&self.text_fr),
                text_en: text(&self.text_en),
                retired: self.retired == "yes",
            };
            let saved = templates::save(&caller.ctx, &admin, &input).await;
            crate::forms::kit::backend_outcome(saved, TEMPLATES_PATH, "reject template saved")
        }
    }
}

/// A reason as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRow {
    pub code: String,
    pub label: String,
    pub text: String,
    pub retired: bool,
    pub updated: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatesView {
    pub rows: Vec<TemplateRow>,
    /// The reason being changed (`?modele=<code>`), as the form opens with it.
    pub editing: Option<RejectTemplateForm>,
}

#[server(prefix = "/api", endpoint = "staff/reject-templates")]
pub async fn reject_templates(editing: Option<String>) -> Result<TemplatesView, ServerFnError> {
    use backend::applications::templates;
    let caller = crate::ssr::caller().await?;
    let admin = caller.admin().map_err(|d| d.into_server_error())?;
    let fail = |e| crate::ssr::server_error("reject templates", e);
    let all = templates::list(&caller.ctx, &admin, true)
        .await
        .map_err(fail)?;
    let lang = caller.lang;
    let editing = editing.and_then(|code| all.iter().find(|t| t.code == code).cloned());
    Ok(TemplatesView {
        rows: all
            .iter()
            .map(|t| TemplateRow {
                code: t.code.clone(),
                label: t.label(lang).to_string(),
                text: t.text(lang).to_string(),
                retired: t.retired,
                updated: format!(
                    "{}{}",
                    backend::i18n::long_date(lang, t.updated_at.naive_utc()),
                    t.updated_by
                        .as_ref()
                        .map(|who| format!(", {who}"))
                        .unwrap_or_default()
                ),
            })
            .collect(),
        editing: editing.map(|t| RejectTemplateForm {
            code: t.code,
            label_fr: t.label_fr,
            label_en: t.label_en,
            text_fr: t.text_fr,
            text_en: t.text_en,
            retired: if t.retired {
                "yes".into()
            } else {
                String::new()
            },
        }),
    })
}

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new_blocking(move || query.with(|q| q.get("modele")), reject_templates);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(data.await, move |v| {
                    let heading = if v.editing.is_some() { "templates-edit-title" } else { "templates-new-title" };
                    view! {
                        <PageTitle text=i18n.t("templates-title")/>
                        <h1>{i18n.t("templates-title")}</h1>
                        <p class="lead">{i18n.t("templates-intro")}</p>
                        <TableWrap label=i18n.t("templates-title")>
                            <table>
                                <caption class="visually-hidden">{i18n.t("templates-title")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.t("template-label")}</th>
                                        <th scope="col">{i18n.t("template-text")}</th>
                                        <th scope="col">{i18n.t("staff-col-state")}</th>
                                        <th scope="col">{i18n.t("templates-updated")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {v.rows.into_iter().map(|r| view! {
                                        <tr>
                                            <td>
                                                <a href=format!("{TEMPLATES_PATH}?modele={}#reject-template-code", r.code)>{r.label}</a>
                                                " " <code>{r.code}</code>
                                            </td>
                                            <td>{r.text}</td>
                                            <td>{i18n.t(if r.retired { "template-state-retired" } else { "template-state-offered" })}</td>
                                            <td>{r.updated}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </TableWrap>
                        <h2>{i18n.t(heading)}</h2>
                        {v.editing.is_some().then(|| view! {
                            <p><a href=TEMPLATES_PATH>{i18n.t("templates-new-instead")}</a></p>
                        })}
                        <KitForm<RejectTemplateForm> values=v.editing.unwrap_or_default()/>
                    }
                })
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_lowercase_words_joined_by_single_hyphens() {
        assert_eq!(
            short_name(" not-a-collective "),
            Ok("not-a-collective".into())
        );
        assert_eq!(short_name("rgpd2"), Ok("rgpd2".into()));
        assert_eq!(short_name(""), Err(ErrorCode::Required));
        for bad in ["-a", "a-", "a--b", "A", "é", "a b", "<b>", &"a".repeat(41)] {
            assert_eq!(short_name(bad), Err(ErrorCode::ShortNameInvalid), "{bad}");
        }
    }
}
