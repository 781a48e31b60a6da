//! The staff's one handler outside the declared actions: an application's export, a JSON
//! download for its applicant (a GET, which writes nothing). The login handshake and every
//! staff button are declared actions (`app::actions`), served by `actions`.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};

use app::ssr::Caller;

use crate::AppState;

/// Everything kept about an application, as a JSON file, for its applicant (admins).
pub async fn export_get(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    req: Request<Body>,
) -> Response {
    let (parts, _) = req.into_parts();
    let caller = Caller::from_parts(state.ctx.clone(), &parts, state.config.dev_mode()).await;
    let admin = match caller.admin() {
        Ok(admin) => admin,
        Err(denied) => return denied.status().into_response(),
    };
    match backend::applications::privacy::export(&state.ctx, &admin, id).await {
        Ok(Some(data)) => crate::render::download(
            axum::Json(data).into_response(),
            &format!("demande-{id}.json"),
        ),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "application export failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
