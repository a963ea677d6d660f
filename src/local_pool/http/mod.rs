//! HTTP face of the local pool: AWS JSON 1.1 on `POST /`, the JWKS and OpenID configuration
//! under `/<pool-id>/.well-known/`, and the outbox at `GET /_local/outbox`. `guard` decides who
//! may call; `serve` owns the connections (timeouts, a cap, shutdown).

pub mod guard;
pub mod serve;
mod strict_json;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State as AxumState};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::error::ApiError;
use super::ops::{self, Call};
use super::state::State;
use super::{outbox, pools};

/// Largest request body accepted (Cognito's own requests are a few KiB).
pub const MAX_BODY: usize = 256 * 1024;
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const JSON_11: &str = "application/x-amz-json-1.1";

#[derive(Clone)]
struct Shared {
    state: Arc<State>,
    /// The bound address, for the issuer when a request has no usable Host header.
    local: SocketAddr,
    /// A request body must be complete within this.
    body_timeout: Duration,
}

pub fn router(
    state: Arc<State>,
    local: SocketAddr,
    exposure: guard::Exposure,
    body_timeout: Duration,
) -> Router {
    Router::new()
        .route("/", post(api))
        .route("/{pool_id}/.well-known/jwks.json", get(jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(openid_configuration),
        )
        .route("/_local/outbox", get(outbox_messages))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(exposure),
            guard::guard,
        ))
        .layer(axum::middleware::map_response(common_headers))
        .with_state(Shared {
            state,
            local,
            body_timeout,
        })
}

/// Every response: a request id as AWS sends.
async fn common_headers(mut response: Response) -> Response {
    if let Ok(id) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        response.headers_mut().insert("x-amzn-requestid", id);
    }
    response
}

/// An error as Cognito sends it: JSON body and `x-amzn-ErrorType`.
pub fn error_response(e: &ApiError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = (status, json_11(e.body().to_string())).into_response();
    if let Ok(v) = HeaderValue::from_str(e.kind) {
        response.headers_mut().insert("x-amzn-errortype", v);
    }
    response
}

fn json_11(body: String) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, JSON_11)], body)
}

/// `http://<Host>` when the Host header is a plain host[:port], else the bound address.
fn base_url(headers: &HeaderMap, local: SocketAddr) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
        });
    match host {
        Some(h) => format!("http://{h}"),
        None => format!("http://{local}"),
    }
}

/// The region of `Credential=AKID/<date>/<region>/<service>/aws4_request`.
fn sigv4_region(headers: &HeaderMap) -> Option<String> {
    let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let scope = auth.split("Credential=").nth(1)?.split([',', ' ']).next()?;
    let region = scope.split('/').nth(2)?;
    let ok = !region.is_empty()
        && region.len() <= 32
        && region
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then(|| region.to_string())
}

async fn api(AxumState(shared): AxumState<Shared>, headers: HeaderMap, body: Body) -> Response {
    let body = match read_body(body, shared.body_timeout).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let Some(op) = headers
        .get("x-amz-target")
        .and_then(|t| t.to_str().ok())
        .and_then(|t| t.strip_prefix(TARGET_PREFIX))
        .map(str::to_string)
    else {
        return error_response(&ApiError::unknown_operation(
            "Missing or unknown X-Amz-Target: expected AWSCognitoIdentityProviderService.<Operation>",
        ));
    };
    let parsed: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match strict_json::parse(&body) {
            Ok(v) => v,
            Err(e) => {
                return error_response(&ApiError::serialization(format!(
                    "The request body is not valid JSON: {e}"
                )));
            }
        }
    };
    let base_url = base_url(&headers, shared.local);
    let signed = headers.contains_key(header::AUTHORIZATION);
    let region = sigv4_region(&headers);
    let state = shared.state.clone();
    let op_for_log = op.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let call = Call {
            state: &state,
            op: &op,
            body: parsed,
            base_url,
            signed,
            region,
        };
        ops::dispatch(&call)
    })
    .await;
    let result = match outcome {
        Ok(r) => r,
        Err(join) => {
            tracing::error!(op = %op_for_log, error = %join, "operation panicked");
            Err(ApiError::internal(
                "The local pool failed to process the request.",
            ))
        }
    };
    match result {
        Ok(value) => {
            tracing::debug!(op = %op_for_log, "ok");
            json_11(value.to_string()).into_response()
        }
        Err(e) => {
            tracing::debug!(op = %op_for_log, error = %e.kind, "refused");
            error_response(&e)
        }
    }
}

/// The whole body within `deadline` and `MAX_BODY`, or the error response to send.
async fn read_body(body: Body, deadline: Duration) -> Result<Bytes, Response> {
    let refuse = |status: StatusCode, message: String| {
        let mut response = error_response(&ApiError::serialization(message));
        *response.status_mut() = status;
        response
    };
    match tokio::time::timeout(deadline, axum::body::to_bytes(body, MAX_BODY)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => {
            let too_large = e
                .into_inner()
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            Err(if too_large {
                refuse(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("The request body is larger than {} KiB.", MAX_BODY / 1024),
                )
            } else {
                refuse(
                    StatusCode::BAD_REQUEST,
                    "Cannot read the request body.".to_string(),
                )
            })
        }
        Err(_) => Err(refuse(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "The request body did not arrive within {} s.",
                deadline.as_secs_f64()
            ),
        )),
    }
}

fn not_found(pool_id: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({ "message": format!("User pool {pool_id} does not exist.") })),
    )
        .into_response()
}

async fn pool_exists(state: &Arc<State>, pool_id: String) -> bool {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        state
            .db
            .read(|conn| pools::find_pool(conn, &pool_id))
            .is_ok_and(|p| p.is_some())
    })
    .await
    .unwrap_or(false)
}

async fn jwks(AxumState(shared): AxumState<Shared>, Path(pool_id): Path<String>) -> Response {
    if !pool_exists(&shared.state, pool_id.clone()).await {
        return not_found(&pool_id);
    }
    // On a first start the key may still be generating: wait off the async threads.
    let state = shared.state.clone();
    match tokio::task::spawn_blocking(move || state.signing_key(&pool_id).map(|key| key.jwks()))
        .await
    {
        Ok(Ok(jwks)) => axum::Json(jwks).into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(e) => error_response(&ApiError::internal(format!("the signing key: {e}"))),
    }
}

async fn openid_configuration(
    AxumState(shared): AxumState<Shared>,
    headers: HeaderMap,
    Path(pool_id): Path<String>,
) -> Response {
    if !pool_exists(&shared.state, pool_id.clone()).await {
        return not_found(&pool_id);
    }
    let issuer = super::tokens::issuer(&base_url(&headers, shared.local), &pool_id);
    axum::Json(json!({
        "issuer": issuer,
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "token"],
        "scopes_supported": ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "cognito:username",
                             "cognito:groups", "email", "email_verified", "phone_number",
                             "phone_number_verified", "token_use"],
    }))
    .into_response()
}

#[derive(serde::Deserialize)]
struct OutboxQuery {
    limit: Option<usize>,
}

async fn outbox_messages(
    AxumState(shared): AxumState<Shared>,
    query: Result<Query<OutboxQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(q)) = query else {
        return error_response(&ApiError::invalid_parameter(
            "limit must be a whole number from 0 to 10000",
        ));
    };
    let limit = q.limit.unwrap_or(1000).min(10_000);
    let state = shared.state.clone();
    let listed =
        tokio::task::spawn_blocking(move || state.db.read(|conn| outbox::list(conn, limit))).await;
    match listed {
        Ok(Ok(messages)) => axum::Json(messages).into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(_) => error_response(&ApiError::internal("The outbox could not be read.")),
    }
}
