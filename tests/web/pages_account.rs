//! The signed-in pages over HTTP: details, profile, password, logout, operators; tokens in the
//! session, refreshed on expiry, and the session ended when Cognito ends the sign-in.
