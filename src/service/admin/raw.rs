//! The JSON a response carried, as Cognito sent it. The configuration face compares, judges and
//! exports whole pools; the SDK's typed output would drop members it does not know yet (Cognito
//! adds settings often), so those reads keep the wire document instead.

use std::sync::{Arc, Mutex};

use aws_sdk_cognitoidentityprovider::config::interceptors::AfterDeserializationInterceptorContextRef;
use aws_sdk_cognitoidentityprovider::config::{ConfigBag, Intercept, RuntimeComponents};
use serde_json::{Map, Value};

/// An interceptor that keeps the last response body it saw. One per request.
#[derive(Debug, Clone, Default)]
pub struct RawBody(Arc<Mutex<Option<Vec<u8>>>>);

impl Intercept for RawBody {
    fn name(&self) -> &'static str {
        "RawBody"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        // Non-streaming responses are read into memory before they are deserialized.
        if let Some(bytes) = context.response().body().bytes()
            && let Ok(mut slot) = self.0.lock()
        {
            *slot = Some(bytes.to_vec());
        }
        Ok(())
    }
}

impl RawBody {
    /// The body as a JSON object; a description of what was wrong otherwise.
    pub fn object(&self) -> Result<Map<String, Value>, String> {
        let bytes = self
            .0
            .lock()
            .map_err(|_| "the response was lost".to_string())?
            .take()
            .ok_or_else(|| "the response had no body".to_string())?;
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err("the response is not a JSON object".into()),
            Err(e) => Err(format!("the response is not JSON: {e}")),
        }
    }

    /// The member `name` of the body, which must be an object.
    pub fn member(&self, name: &str) -> Result<Map<String, Value>, String> {
        match self.object()?.remove(name) {
            Some(Value::Object(map)) => Ok(map),
            Some(_) => Err(format!("{name} is not an object")),
            None => Err(format!("the response has no {name}")),
        }
    }
}
