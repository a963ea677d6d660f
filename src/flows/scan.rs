//! A client-side scan for what ListUsers cannot filter: custom attributes, "contains", several
//! conditions at once. It pages through the whole pool, keeps the matches where the caller can
//! read them while it runs, can be stopped between pages, and backs off when Cognito answers
//! TooManyRequestsException.

use std::future::Future;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crate::service::ServiceError;
use crate::service::admin::UserSummary;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Equals,
    Prefix,
    Contains,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// An attribute (`custom:team`, `email`), `username` or `status`; `*` is any attribute.
    pub attribute: String,
    pub op: Op,
    pub value: String,
}

/// Every condition must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub conditions: Vec<Condition>,
}

/// Reads `custom:team=platform email~example given_name^=Al *~lisbon`: conditions separated by
/// spaces (a value with spaces in double quotes); `=` equals, `^=` starts with, `~` contains.
pub fn parse(text: &str) -> Result<Query, String> {
    let mut conditions = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (op_at, op, op_len) = ["^=", "~", "="]
            .iter()
            .filter_map(|op| rest.find(op).map(|at| (at, *op)))
            .min_by_key(|(at, op)| (*at, std::cmp::Reverse(op.len())))
            .map(|(at, op)| {
                let kind = match op {
                    "^=" => Op::Prefix,
                    "~" => Op::Contains,
                    _ => Op::Equals,
                };
                (at, kind, op.len())
            })
            .ok_or_else(|| format!("{rest:?} has no =, ^= or ~ (e.g. custom:team=platform)"))?;
        let attribute = rest[..op_at].trim();
        if attribute.is_empty() || attribute.contains(char::is_whitespace) {
            return Err(format!(
                "{:?} does not name one attribute before its {}",
                &rest[..op_at],
                &rest[op_at..op_at + op_len]
            ));
        }
        let after = &rest[op_at + op_len..];
        let (value, remaining) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or_else(|| format!("the quote after {attribute} is not closed"))?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        conditions.push(Condition {
            attribute: attribute.to_string(),
            op,
            value: value.to_string(),
        });
        rest = remaining.trim_start();
    }
    if conditions.is_empty() {
        return Err("the query is empty".into());
    }
    Ok(Query { conditions })
}

impl Condition {
    fn holds_for(&self, candidate: &str) -> bool {
        // As ListUsers: username and status compare case-sensitively, the rest do not.
        let sensitive = matches!(self.attribute.as_str(), "username" | "status");
        let (c, v) = if sensitive {
            (candidate.to_string(), self.value.clone())
        } else {
            (candidate.to_lowercase(), self.value.to_lowercase())
        };
        match self.op {
            Op::Equals => c == v,
            Op::Prefix => c.starts_with(&v),
            Op::Contains => c.contains(&v),
        }
    }

    fn matches(&self, user: &UserSummary) -> bool {
        match self.attribute.as_str() {
            "*" => {
                self.holds_for(&user.username)
                    || user.attributes.values().any(|v| self.holds_for(v))
            }
            "username" => self.holds_for(&user.username),
            "status" | "cognito:user_status" => self.holds_for(user.status.as_str()),
            name => user.attributes.get(name).is_some_and(|v| self.holds_for(v)),
        }
    }
}

impl Query {
    pub fn matches(&self, user: &UserSummary) -> bool {
        self.conditions.iter().all(|c| c.matches(user))
    }
}

/// What a running scan has found so far, shared with whoever shows it.
#[derive(Debug, Default)]
pub struct ScanState {
    /// Matches not yet taken by whoever shows them (`drain`): each is kept once.
    matches: Mutex<Vec<UserSummary>>,
    found: AtomicUsize,
    pub pages: AtomicUsize,
    pub users: AtomicUsize,
    /// How often Cognito asked to slow down.
    pub backoffs: AtomicUsize,
    stop: AtomicBool,
}

impl ScanState {
    /// Asks the scan to stop after the page in flight.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// The matches found since the last drain, moved out (the caller keeps them).
    pub fn drain(&self) -> Vec<UserSummary> {
        self.matches
            .lock()
            .map(|mut m| std::mem::take(&mut *m))
            .unwrap_or_default()
    }

    /// How many matches were found so far, drained or not.
    pub fn match_count(&self) -> usize {
        self.found.load(Ordering::SeqCst)
    }

    /// "scanned 3 pages / 180 users, 2 matches".
    pub fn words(&self) -> String {
        let pages = self.pages.load(Ordering::SeqCst);
        let found = self.match_count();
        format!(
            "scanned {pages} page{} / {} users, {found} match{}",
            if pages == 1 { "" } else { "s" },
            self.users.load(Ordering::SeqCst),
            if found == 1 { "" } else { "es" }
        )
    }
}

/// How a scan ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanEnd {
    /// Every page was read.
    Complete,
    /// Stopped on request; what was found so far stays.
    Stopped,
}

/// The longest pause between retries of a throttled page.
const MAX_BACKOFF: Duration = Duration::from_secs(16);

/// Pages through the pool with `fetch(token)` (a page and the next token), keeping what
/// matches `query` in `state`. On RateLimited it waits (`sleep`, doubling from 250 ms) and asks
/// for the same page again; `progress` hears the words after each page.
pub async fn scan<F, Fut, S, SFut>(
    fetch: F,
    query: &Query,
    state: &ScanState,
    progress: &(dyn Fn(String) + Sync),
    sleep: S,
) -> Result<ScanEnd, ServiceError>
where
    F: Fn(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<UserSummary>, Option<String>), ServiceError>>,
    S: Fn(Duration) -> SFut,
    SFut: Future<Output = ()>,
{
    let mut token = None;
    let mut pause = Duration::from_millis(250);
    loop {
        if state.stopped() {
            return Ok(ScanEnd::Stopped);
        }
        let (page, next) = match fetch(token.clone()).await {
            Ok(page) => {
                pause = Duration::from_millis(250);
                page
            }
            Err(ServiceError::RateLimited { .. }) => {
                state.backoffs.fetch_add(1, Ordering::SeqCst);
                progress(format!(
                    "{}; Cognito asks to slow down, waiting {} ms",
                    state.words(),
                    pause.as_millis()
                ));
                sleep(pause).await;
                pause = (pause * 2).min(MAX_BACKOFF);
                continue;
            }
            Err(e) => return Err(e),
        };
        state.users.fetch_add(page.len(), Ordering::SeqCst);
        let found: Vec<UserSummary> = page.into_iter().filter(|u| query.matches(u)).collect();
        state.found.fetch_add(found.len(), Ordering::SeqCst);
        if let Ok(mut matches) = state.matches.lock() {
            matches.extend(found);
        }
        state.pages.fetch_add(1, Ordering::SeqCst);
        progress(state.words());
        match next {
            Some(t) => token = Some(t),
            None => return Ok(ScanEnd::Complete),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::admin::UserStatus;
    use std::cell::RefCell;

    fn user(name: &str, attrs: &[(&str, &str)]) -> UserSummary {
        UserSummary {
            username: name.into(),
            sub: None,
            status: UserStatus::Confirmed,
            enabled: true,
            created: None,
            modified: None,
            attributes: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn queries_parse_and_match() {
        let q = parse(r#"custom:team=Platform email~EXAMPLE given_name^="Al""#).unwrap();
        assert_eq!(q.conditions.len(), 3);
        let alice = user(
            "alice",
            &[
                ("custom:team", "platform"),
                ("email", "a@example.com"),
                ("given_name", "Alice"),
            ],
        );
        let bob = user(
            "bob",
            &[("custom:team", "mobile"), ("email", "b@example.com")],
        );
        assert!(q.matches(&alice));
        assert!(!q.matches(&bob));
        assert!(
            parse("*~lisbon")
                .unwrap()
                .matches(&user("x", &[("address", "Rua 1, Lisbon")]))
        );
        assert!(
            !parse("username=Alice").unwrap().matches(&alice),
            "usernames compare case-sensitively"
        );
        assert!(parse("no operator").is_err());
        assert!(parse("a b=c").is_err());
        assert!(parse("a=\"open").is_err());
        assert!(parse("   ").is_err());
    }

    #[test]
    fn a_scan_pages_backs_off_when_throttled_and_stops_on_request() {
        let query = parse("custom:team=qa").unwrap();
        let pages: Vec<Vec<UserSummary>> = (0..3)
            .map(|p| {
                (0..60)
                    .map(|i| {
                        let team = if i % 20 == 0 { "qa" } else { "dev" };
                        user(&format!("u{p}-{i}"), &[("custom:team", team)])
                    })
                    .collect()
            })
            .collect();
        let throttled = RefCell::new(true);
        let fetch = |token: Option<String>| {
            let at: usize = token.as_deref().map_or(0, |t| t.parse().unwrap());
            let throttle = at == 1 && throttled.replace(false);
            let result = if throttle {
                Err(ServiceError::RateLimited {
                    detail: "slow down".into(),
                })
            } else {
                let next = (at + 1 < pages.len()).then(|| (at + 1).to_string());
                Ok((pages[at].clone(), next))
            };
            async move { result }
        };
        let slept = RefCell::new(Vec::new());
        let state = ScanState::default();
        let said = Mutex::new(Vec::new());
        let end = futures_util::FutureExt::now_or_never(scan(
            fetch,
            &query,
            &state,
            &|w| said.lock().unwrap().push(w),
            |d| {
                slept.borrow_mut().push(d);
                async {}
            },
        ))
        .unwrap()
        .unwrap();
        assert_eq!(end, ScanEnd::Complete);
        assert_eq!(state.words(), "scanned 3 pages / 180 users, 9 matches");
        assert_eq!(*slept.borrow(), vec![Duration::from_millis(250)]);
        assert_eq!(state.backoffs.load(Ordering::SeqCst), 1);
        assert!(said.lock().unwrap().iter().any(|w| w.contains("slow down")));

        let stopped = ScanState::default();
        stopped.stop();
        let end = futures_util::FutureExt::now_or_never(scan(
            fetch,
            &query,
            &stopped,
            &|_| {},
            |_| async {},
        ))
        .unwrap()
        .unwrap();
        assert_eq!(end, ScanEnd::Stopped);
        assert_eq!(stopped.pages.load(Ordering::SeqCst), 0);
    }
}
