//! What a web page in the user's browser may do to the pool: nothing, unless the operator
//! allowed its origin. A request that carries an `Origin` (browsers send one on every
//! cross-origin fetch and POST; SDKs and CLIs send none) is refused unless that origin is
//! allowed; on a loopback bind the `Host` must name this machine (a DNS-rebinding page reaches
//! 127.0.0.1 under its own name); and `POST /` takes AWS JSON only, so a form or `text/plain`
//! POST — which browsers send without asking — never reaches an operation.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error_response;
use crate::local_pool::error::ApiError;

/// Who may call, decided once at start.
#[derive(Debug, Clone, Default)]
pub struct Exposure {
    /// Origins allowed to call from a browser (`http://localhost:3000`), exact match; `*`
    /// allows every origin. Empty: none.
    pub cors_origins: Vec<String>,
    /// The pool listens on loopback only: Host must then be a loopback name or address.
    pub loopback: bool,
}

impl Exposure {
    fn allows_origin(&self, origin: &str) -> bool {
        self.cors_origins
            .iter()
            .any(|o| o == "*" || o.eq_ignore_ascii_case(origin))
    }
}

/// The content types an AWS JSON 1.1 request may carry (with parameters such as `charset`).
const JSON_TYPES: [&str; 2] = ["application/x-amz-json-1.1", "application/json"];

/// A Host header naming this machine: `localhost` (or a name under it), a loopback address,
/// with or without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // [::1]:9229
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn refused(status: StatusCode, e: &ApiError) -> Response {
    let mut response = error_response(e);
    *response.status_mut() = status;
    response
}

fn content_type_is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|t| JSON_TYPES.contains(&t.as_str()))
}

/// The checks, before any handler runs; CORS headers on what an allowed origin gets back.
pub async fn guard(
    State(exposure): State<Arc<Exposure>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let headers = request.headers();
    if exposure.loopback {
        let host = headers.get(header::HOST).map(|h| h.to_str().unwrap_or(""));
        if host.is_some_and(|h| !is_loopback_host(h)) {
            return refused(
                StatusCode::FORBIDDEN,
                &ApiError::access_denied(
                    "The local pool answers only to localhost and loopback addresses (Host header).",
                ),
            );
        }
    }
    let origin = match headers.get(header::ORIGIN) {
        None => None,
        Some(value) => match value.to_str() {
            Ok(o) if exposure.allows_origin(o) => Some(value.clone()),
            _ => {
                return refused(
                    StatusCode::FORBIDDEN,
                    &ApiError::access_denied(
                        "Cross-origin calls are off: start the local pool with --cors-origin <origin> to allow a web page.",
                    ),
                );
            }
        },
    };
    if request.method() == Method::OPTIONS {
        // Only an allowed origin gets here: the preflight's answer.
        return preflight(origin);
    }
    if request.method() == Method::POST
        && request.uri().path() == "/"
        && !content_type_is_json(headers)
    {
        return refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &ApiError::serialization(
                "Content-Type must be application/x-amz-json-1.1 (or application/json).",
            ),
        );
    }
    let mut response = next.run(request).await;
    if let Some(origin) = origin {
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage"),
        );
    }
    response
}

fn preflight(origin: Option<HeaderValue>) -> Response {
    let Some(origin) = origin else {
        // A preflight always names its origin; without one there is nothing to allow.
        return StatusCode::FORBIDDEN.into_response();
    };
    (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, origin),
            (header::VARY, HeaderValue::from_static("Origin")),
            (
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("POST, GET, OPTIONS"),
            ),
            (
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(
                    "content-type, x-amz-target, x-amz-user-agent, authorization, cache-control",
                ),
            ),
            (
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            ),
        ],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_and_others() {
        for host in [
            "localhost",
            "localhost:9229",
            "LOCALHOST.",
            "app.localhost:3000",
            "127.0.0.1",
            "127.0.0.1:9229",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:9229",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "attacker.example",
            "attacker.example:9229",
            "localhost.attacker.example",
            "10.0.0.1:9229",
            "[2001:db8::1]:9229",
            "",
            "127.0.0.1.nip.io",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
