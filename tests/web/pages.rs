//! Every page of the demo site over HTTP (tower `oneshot`): sign-in, challenges, CSRF, cookies.
