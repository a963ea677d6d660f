//! A bound on how much of an API answer is read. Cognito's answers are a few KiB (a page of 60
//! users with every attribute stays well under 1 MiB); a server that sends hundreds of MiB would
//! otherwise all be buffered before the SDK parses it. The JWKS fetch has its own bound.

use aws_sdk_cognitoidentityprovider::config::interceptors::BeforeDeserializationInterceptorContextMut;
use aws_sdk_cognitoidentityprovider::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_types::body::SdkBody;

/// The largest answer read: 8 MiB.
pub const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// Refuses an answer whose Content-Length is over the bound, and stops reading one without a
/// length once it passes it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResponseCap;

fn too_large() -> BoxError {
    format!(
        "the answer is larger than {} MiB, more than any Cognito answer",
        MAX_RESPONSE_BYTES / (1024 * 1024)
    )
    .into()
}

impl Intercept for ResponseCap {
    fn name(&self) -> &'static str {
        "ResponseCap"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response_mut();
        let declared = response
            .headers()
            .get("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
            return Err(too_large());
        }
        let body = std::mem::replace(response.body_mut(), SdkBody::taken());
        *response.body_mut() = body.map(|body| {
            SdkBody::from_body_1_x(http_body_util::Limited::new(body, MAX_RESPONSE_BYTES))
        });
        Ok(())
    }
}
