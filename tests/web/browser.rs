//! A real headless browser against the demo site.
