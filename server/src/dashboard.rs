//! The dashboard's one handler outside the declared actions: an import's report as a file
//! (a GET, which writes nothing), for the referent of its space only.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};

use app::ssr::Caller;

use crate::AppState;

/// The report of import `id` of the space at `slug`, as a CSV file.
pub async fn import_report_get(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    req: Request<Body>,
) -> Response {
    let (parts, _) = req.into_parts();
    let caller = Caller::from_parts(state.ctx.clone(), &parts, state.config.dev_mode()).await;
    let referent = match caller.referent_of(&slug) {
        Ok(referent) => referent,
        Err(denied) => return denied.status().into_response(),
    };
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let report =
        backend::referents::import::store::report_csv(&state.ctx, &referent, id, caller.lang).await;
    match report {
        Ok(Some(bytes)) => {
            let mut res = bytes.into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            crate::render::download(res, &format!("import-{id}-rapport.csv"))
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "an import's report failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
