//! Logging a person in with their space: Nextcloud's OAuth2 app (NEXTCLOUD.md §5), as a
//! confidential client with PKCE S256 (NC ≥ 35; older servers ignore the challenge and the
//! client secret still protects the code, §5.4). The identity comes from
//! `GET /ocs/v2.php/cloud/user` with the access token (§5.6).

use std::time::Duration;

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken,
    RequestTokenError, StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

use super::ocs::{Auth, Ocs, OcsVersion, UserDetails};
use super::{HostAccess, NcError};
use crate::Secret;

/// Nextcloud adds the user's id to the token answer (§5.3).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct NextcloudFields {
    pub user_id: String,
}
impl ExtraTokenFields for NextcloudFields {}

type TokenAnswer = StandardTokenResponse<NextcloudFields, BasicTokenType>;
type NcClient = Client<
    BasicErrorResponse,
    TokenAnswer,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// The portal as an OAuth2 client of one space.
pub struct OAuth {
    client: NcClient,
    http: reqwest::Client,
    base: String,
    client_id: String,
}

/// Where to send the person, and what to keep until they come back.
#[derive(Debug)]
pub struct Authorization {
    pub url: String,
    pub state: String,
    pub verifier: Secret,
}

/// A token pair. The refresh token is single-use: each refresh gives a new pair (§5.3).
#[derive(Debug)]
pub struct Tokens {
    pub access: Secret,
    pub refresh: Secret,
    pub expires_in: Duration,
    pub user_id: String,
}

fn bad_url(_: impl std::fmt::Display) -> NcError {
    NcError::InvalidArgument("not a valid URL".into())
}

impl OAuth {
    pub fn new(
        access: &HostAccess,
        slug: &str,
        client_id: &str,
        secret: &Secret,
        redirect_uri: &str,
    ) -> Result<OAuth, NcError> {
        let base = access.base_url(slug);
        let client = Client::new(ClientId::new(client_id.to_string()))
            .set_client_secret(ClientSecret::new(secret.expose().to_string()))
            .set_auth_uri(
                AuthUrl::new(format!("{base}/index.php/apps/oauth2/authorize")).map_err(bad_url)?,
            )
            .set_token_uri(
                TokenUrl::new(format!("{base}/index.php/apps/oauth2/api/v1/token"))
                    .map_err(bad_url)?,
            )
            .set_redirect_uri(RedirectUrl::new(redirect_uri.to_string()).map_err(bad_url)?);
        Ok(OAuth {
            client,
            http: access.http_client()?,
            base,
            client_id: client_id.to_string(),
        })
    }

    /// The authorization URL with a fresh state and PKCE S256 challenge.
    pub fn authorize(&self) -> Authorization {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = self
            .client
            .authorize_url(CsrfToken::new_random)
            .set_pkce_challenge(challenge)
            .url();
        Authorization {
            url: url.to_string(),
            state: state.secret().clone(),
            verifier: Secret::new(verifier.secret().clone()),
        }
    }

    /// Redeems the code the person brought back.
    pub async fn exchange(&self, code: &str, verifier: &Secret) -> Result<Tokens, NcError> {
        let http = TokenClient(&self.http);
        let answer = self
            .client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.expose().to_string()))
            .request_async(&http)
            .await
            .map_err(token_error)?;
        Ok(tokens(answer))
    }

    /// A new pair for the refresh token, which is then spent.
    pub async fn refresh(&self, refresh: &Secret) -> Result<Tokens, NcError> {
        let rt = RefreshToken::new(refresh.expose().to_string());
        let http = TokenClient(&self.http);
        let answer = self
            .client
            .exchange_refresh_token(&rt)
            .request_async(&http)
            .await
            .map_err(token_error)?;
        Ok(tokens(answer))
    }

    /// Who the access token belongs to.
    pub async fn identity(&self, access: &Secret) -> Result<UserDetails, NcError> {
        Ocs::with_client(
            self.http.clone(),
            self.base.clone(),
            Some(Auth::Bearer(access.clone())),
            OcsVersion::V2,
        )
        .me()
        .await
    }

    /// Whether the space knows this client ("is this client registered?"): Nextcloud has no
    /// listing, but its authorize page answers an unknown client with a 200 error page and a
    /// known one with a redirect to the login flow (§5.2). Nothing is granted by asking.
    pub async fn client_registered(&self) -> Result<bool, NcError> {
        client_known(&self.http, &self.base, &self.client_id).await
    }
}

/// [`OAuth::client_registered`] with a host's HTTP client (the health sweep asks it of every
/// space): whether the space at `base` knows `client_id`.
pub async fn client_known(
    http: &reqwest::Client,
    base: &str,
    client_id: &str,
) -> Result<bool, NcError> {
    let r = http
        .get(format!("{base}/index.php/apps/oauth2/authorize"))
        .query(&[
            ("response_type", "code"),
            ("client_id", client_id),
            ("state", "probe"),
        ])
        .send()
        .await
        .map_err(NcError::from_reqwest)?;
    match r.status().as_u16() {
        300..=399 => Ok(true),
        200 => Ok(false),
        // In maintenance, the page says nothing of the client (§8b.1).
        503 if r.headers().contains_key(MAINTENANCE_HEADER) => Err(NcError::Maintenance),
        s => Err(NcError::Unexpected {
            status: s,
            excerpt: String::new(),
        }),
    }
}

/// The header of a space's answers in maintenance mode, on every route (§1.5, §8b.1).
const MAINTENANCE_HEADER: &str = "x-nextcloud-maintenance-mode";

/// The token endpoint's HTTP client: the host's, except that a space in maintenance, which
/// answers every route with 503, `X-Nextcloud-Maintenance-Mode` and an HTML page (§8b.1),
/// is told apart as "not now" before its answer is read as an OAuth2 error.
struct TokenClient<'a>(&'a reqwest::Client);

type TokenFuture<'c> = std::pin::Pin<
    Box<
        dyn std::future::Future<Output = Result<oauth2::HttpResponse, TokenHttpError>>
            + Send
            + Sync
            + 'c,
    >,
>;

impl<'c> oauth2::AsyncHttpClient<'c> for TokenClient<'_> {
    type Error = TokenHttpError;
    type Future = TokenFuture<'c>;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let answer = self
                .0
                .call(request)
                .await
                .map_err(|_| TokenHttpError::Request)?;
            if answer.status().as_u16() == 503 && answer.headers().contains_key(MAINTENANCE_HEADER)
            {
                return Err(TokenHttpError::Maintenance);
            }
            Ok(answer)
        })
    }
}

/// Why a request to the token endpoint got no OAuth2 answer.
#[derive(Debug, thiserror::Error)]
enum TokenHttpError {
    #[error("token request failed")]
    Request,
    #[error("the space is in maintenance mode")]
    Maintenance,
}

fn tokens(a: TokenAnswer) -> Tokens {
    Tokens {
        access: Secret::new(a.access_token().secret().clone()),
        refresh: Secret::new(
            a.refresh_token()
                .map(|r| r.secret().clone())
                .unwrap_or_default(),
        ),
        expires_in: a.expires_in().unwrap_or(Duration::from_secs(3600)),
        user_id: a.extra_fields().user_id.clone(),
    }
}

fn token_error(e: RequestTokenError<TokenHttpError, BasicErrorResponse>) -> NcError {
    match e {
        // `invalid_client` comes as HTTP 400 like the others (§8.8).
        RequestTokenError::ServerResponse(r) => NcError::OAuth(r.error().as_ref().to_string()),
        // Transient: a refresh during maintenance is tried again, the refresh token unspent.
        RequestTokenError::Request(TokenHttpError::Maintenance) => NcError::Maintenance,
        RequestTokenError::Request(TokenHttpError::Request) => {
            NcError::Unreachable("token request failed".into())
        }
        RequestTokenError::Parse(_, body) => NcError::Unexpected {
            status: 0,
            excerpt: String::from_utf8_lossy(&body).chars().take(200).collect(),
        },
        RequestTokenError::Other(m) => NcError::Unexpected {
            status: 0,
            excerpt: m,
        },
    }
}
