//! Admins plan the registration waves: each window opens and closes at a time on the clock
//! of Paris, may cap the applications it takes, and carries a note for the public pages.
//! Windows never overlap (the database refuses it, the form says so).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::form::KitForm;
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::forms::{ErrorCode, Field, Form, FormErrors, Input};
use crate::i18n::use_i18n;
use crate::pages::staff::area::guarded;
use crate::pages::staff::WINDOWS_PATH;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowForm {
    pub opens: String,
    pub closes: String,
    pub max_applications: String,
    pub note_fr: String,
    pub note_en: String,
}

/// A date and a time as a browser's `datetime-local` field sends it (`2026-12-01T09:00`,
/// seconds allowed; a space for the `T` when typed by hand): `(year, month, day, hour,
/// minute)`, which compare in time order.
pub fn date_time(raw: &str) -> Result<(u32, u32, u32, u32, u32), ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ErrorCode::Required);
    }
    let invalid = ErrorCode::DateTimeInvalid;
    let (date, time) = raw.split_once(['T', ' ']).ok_or(invalid)?;
    let number = |s: &str, len: usize| -> Result<u32, ErrorCode> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| invalid)
        } else {
            Err(invalid)
        }
    };
    let mut d = date.split('-');
    let (y, mo, da) = match (d.next(), d.next(), d.next(), d.next()) {
        (Some(y), Some(m), Some(da), None) => (number(y, 4)?, number(m, 2)?, number(da, 2)?),
        _ => return Err(invalid),
    };
    let mut t = time.split(':');
    let (h, mi) = match (t.next(), t.next(), t.next(), t.next()) {
        (Some(h), Some(m), None | Some(_), None) => (number(h, 2)?, number(m, 2)?),
        _ => return Err(invalid),
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(invalid),
    };
    if !(2000..=2999).contains(&y) || da == 0 || da > days || h > 23 || mi > 59 {
        return Err(invalid);
    }
    Ok((y, mo, da, h, mi))
}

/// The cap of a window: empty for none, or a whole number from 1 to a million.
pub fn cap(raw: &str) -> Result<Option<i32>, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i32>() {
        Ok(n) if raw.bytes().all(|b| b.is_ascii_digit()) && (1..=1_000_000).contains(&n) => {
            Ok(Some(n))
        }
        _ => Err(ErrorCode::NumberInvalid),
    }
}

impl Form for WindowForm {
    const ID: &'static str = "window";
    const PATH: &'static str = WINDOWS_PATH;
    const FIELDS: &'static [Field] = &[
        Field::plain(
            "opens",
            Input::DateTime,
            "window-opens",
            Some("window-time-hint"),
        ),
        Field::plain(
            "closes",
            Input::DateTime,
            "window-closes",
            Some("window-time-hint"),
        ),
        Field::plain(
            "max_applications",
            Input::Number,
            "window-max_applications",
            Some("window-max_applications-hint"),
        ),
        Field::plain(
            "note_fr",
            Input::Text,
            "window-note_fr",
            Some("window-note-hint"),
        ),
        Field::plain("note_en", Input::Text, "window-note_en", None),
    ];
    const SUBMIT: &'static str = "window-submit";
    const SUBMITTING: &'static str = "window-submitting";

    fn errors(&self, site: &common::SiteInfo) -> FormErrors {
        use common::application::clean_line;
        let line_max = site.applications.line_max;
        let opens = date_time(&self.opens);
        let closes = date_time(&self.closes);
        let closes_check = match (&opens, &closes) {
            (Ok(o), Ok(c)) if c <= o => Err(ErrorCode::ClosesBeforeOpening),
            (_, c) => c.map(drop),
        };
        let checks = [
            ("opens", opens.map(drop)),
            ("closes", closes_check),
            ("max_applications", cap(&self.max_applications).map(drop)),
            ("note_fr", clean_line(&self.note_fr, line_max).map(drop)),
            ("note_en", clean_line(&self.note_en, line_max).map(drop)),
        ];
        FormErrors::from_checks(checks)
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Admin;

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        admin: backend::accounts::Admin,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = crate::forms::Submitted> + Send {
        use crate::forms::Submitted;
        use backend::applications::windows::{self, NewWindow, WindowError};
        use common::application::clean_line;
        async move {
            let line_max = caller.ctx.settings.site.applications.line_max;
            // The rules passed: these parse.
            let time = |raw: &str| {
                let (y, mo, d, h, mi) = date_time(raw).ok()?;
                chrono::NaiveDate::from_ymd_opt(y as i32, mo, d)?.and_hms_opt(h, mi, 0)
            };
            let (Some(opens), Some(closes)) = (time(&self.opens), time(&self.closes)) else {
                return Submitted::Invalid(FormErrors::field_error(
                    "opens",
                    ErrorCode::DateTimeInvalid,
                ));
            };
            let window = NewWindow {
                opens,
                closes,
                max_applications: cap(&self.max_applications).ok().flatten(),
                note_fr: clean_line(&self.note_fr, line_max).unwrap_or_default(),
                note_en: clean_line(&self.note_en, line_max).unwrap_or_default(),
            };
            match windows::create_window(&caller.ctx, &admin, &window).await {
                Ok(id) => {
                    tracing::info!(id, "registration window planned");
                    Submitted::Done(WINDOWS_PATH)
                }
                Err(WindowError::ClosesBeforeOpening) => Submitted::Invalid(
                    FormErrors::field_error("closes", ErrorCode::ClosesBeforeOpening),
                ),
                Err(WindowError::Overlaps) => {
                    Submitted::Invalid(FormErrors::field_error("opens", ErrorCode::WindowOverlaps))
                }
                Err(WindowError::Backend(error)) => {
                    tracing::error!(%error, "registration window failed");
                    Submitted::Unavailable
                }
            }
        }
    }
}

/// A window as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowRow {
    pub opens: String,
    pub closes: String,
    pub cap: Option<i32>,
    pub applications: i64,
    pub note: String,
    /// `past`, `open` or `planned`.
    pub state: String,
}

#[server(prefix = "/api", endpoint = "staff/windows")]
pub async fn registration_windows() -> Result<Vec<WindowRow>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let admin = caller.admin().map_err(|d| d.into_server_error())?;
    let lang = caller.lang;
    let rows = backend::applications::windows::list_windows(&caller.ctx, &admin)
        .await
        .map_err(|e| crate::ssr::server_error("registration windows", e))?;
    Ok(rows
        .into_iter()
        .map(|w| WindowRow {
            opens: backend::i18n::long_date_time(lang, w.opens),
            closes: backend::i18n::long_date_time(lang, w.closes),
            cap: w.max_applications,
            applications: w.applications,
            note: match lang {
                common::Lang::Fr => w.note_fr,
                common::Lang::En => w.note_en,
            },
            state: w.state,
        })
        .collect())
}

#[component]
pub fn WindowsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new_blocking(|| (), |_| registration_windows());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(data.await, move |rows| view! {
                    <PageTitle text=i18n.t("windows-title")/>
                    <h1>{i18n.t("windows-title")}</h1>
                    <p class="lead">{i18n.t("windows-intro")}</p>
                    {rows.is_empty().then(|| view! { <p>{i18n.t("windows-none")}</p> })}
                    <TableWrap label=i18n.t("windows-title")>
                        <table>
                            <caption class="visually-hidden">{i18n.t("windows-title")}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t("window-opens")}</th>
                                    <th scope="col">{i18n.t("window-closes")}</th>
                                    <th scope="col">{i18n.t("staff-col-state")}</th>
                                    <th scope="col">{i18n.t("windows-received")}</th>
                                    <th scope="col">{i18n.t("window-note")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|w| {
                                    let received = match w.cap {
                                        Some(cap) => format!("{} / {cap}", w.applications),
                                        None => w.applications.to_string(),
                                    };
                                    view! {
                                        <tr>
                                            <td>{w.opens}</td>
                                            <td>{w.closes}</td>
                                            <td>{i18n.t(&format!("window-state-{}", w.state))}</td>
                                            <td>{received}</td>
                                            <td>{w.note}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                    <h2>{i18n.t("windows-new-title")}</h2>
                    <KitForm<WindowForm>/>
                })
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_are_read_as_a_browser_sends_them() {
        assert_eq!(date_time("2026-12-01T09:00"), Ok((2026, 12, 1, 9, 0)));
        assert_eq!(date_time("2026-12-01 09:00:30"), Ok((2026, 12, 1, 9, 0)));
        assert_eq!(date_time("2028-02-29T23:59"), Ok((2028, 2, 29, 23, 59)));
        assert_eq!(date_time(""), Err(ErrorCode::Required));
        for bad in [
            "2026-02-29T10:00",
            "2026-13-01T10:00",
            "2026-12-01T24:00",
            "2026-12-01",
            "01/12/2026 09:00",
            "2026-12-01T09:00<b>",
            "２０２６-12-01T09:00",
        ] {
            assert_eq!(date_time(bad), Err(ErrorCode::DateTimeInvalid), "{bad}");
        }
    }

    #[test]
    fn a_cap_is_empty_or_a_reasonable_number() {
        assert_eq!(cap(""), Ok(None));
        assert_eq!(cap(" 500 "), Ok(Some(500)));
        for bad in ["0", "-3", "+3", "1e3", "2000000", "x"] {
            assert_eq!(cap(bad), Err(ErrorCode::NumberInvalid), "{bad}");
        }
    }
}
