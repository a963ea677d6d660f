//! Requests with identity: a result goes to the screen that asked, the newest request of a
//! screen wins, a closed screen's work is cancelled, long work reports progress.

use crate::support;

use cognito_tui::service::ServiceError;
use cognito_tui::store::StorePaths;
use cognito_tui::tui::app::{App, Screen};
use cognito_tui::tui::msg::{Job, Msg, Reply, ScreenId, Task, Ticket};
use cognito_tui::tui::screens::tokens::TokenCheck;
use cognito_tui::tui::worker::Worker;
use crossterm::event::KeyCode;
use support::*;
use tokio_util::sync::CancellationToken;

/// The jobs screens asked for (the app's own background requests set aside).
fn screen_jobs(app: &mut App) -> Vec<Job> {
    app.take_jobs()
        .into_iter()
        .filter(|job| job.ticket.screen != ScreenId(0))
        .collect()
}

fn sign_in_error(app: &App) -> Option<String> {
    match app.screen() {
        Screen::SignIn(s) => s.error.clone(),
        other => panic!("expected the sign-in screen, got {other:?}"),
    }
}

#[test]
fn a_newer_request_of_a_screen_supersedes_and_cancels_the_older_one() {
    let mut app = signed_out_app(Some("alice"));
    type_text(&mut app, "first");
    press(&mut app, KeyCode::Enter);
    let first = screen_jobs(&mut app);
    assert!(matches!(
        first.as_slice(),
        [Job {
            task: Task::SignIn { .. },
            ..
        }]
    ));
    type_text(&mut app, "second");
    press(&mut app, KeyCode::Enter);
    let second = screen_jobs(&mut app);
    assert!(matches!(
        second.as_slice(),
        [Job {
            task: Task::SignIn { .. },
            ..
        }]
    ));
    assert_eq!(first[0].ticket.screen, second[0].ticket.screen);
    assert_ne!(first[0].ticket.id, second[0].ticket.id);
    assert!(
        first[0].cancel.is_cancelled(),
        "the older request is cancelled"
    );
    assert!(!second[0].cancel.is_cancelled());

    // The older answer arrives late: it is dropped, not shown as the newer one's.
    let late = app.on_reply(Reply {
        ticket: first[0].ticket,
        msg: Msg::SignIn(Err(ServiceError::WrongCredentials)),
    });
    assert!(!late, "a superseded reply asks for no redraw");
    assert_eq!(sign_in_error(&app), None);
    assert_eq!(
        app.pending(),
        Some("Signing in"),
        "the newer request still waits"
    );

    assert!(app.on_reply(Reply {
        ticket: second[0].ticket,
        msg: Msg::SignIn(Err(ServiceError::UserDisabled)),
    }));
    assert_eq!(
        sign_in_error(&app).as_deref(),
        Some("This account is disabled; ask the pool's administrator.")
    );
    assert_eq!(app.pending(), None);
}

#[test]
fn closing_a_screen_cancels_its_request_and_its_late_result_is_dropped() {
    let mut app = home_app();
    let depth = app.depth();
    press(&mut app, KeyCode::Char('t'));
    assert!(matches!(app.screen(), Screen::Tokens(_)));
    let jobs = screen_jobs(&mut app);
    let [
        Job {
            ticket,
            task: Task::VerifyTokens { .. },
            cancel,
        },
    ] = jobs.as_slice()
    else {
        panic!("the inspector checks the signatures at once: {jobs:?}")
    };
    assert!(!cancel.is_cancelled());

    press(&mut app, KeyCode::Esc);
    assert_eq!(app.depth(), depth, "back on the home");
    assert!(matches!(app.screen(), Screen::Home(_)));
    assert!(
        cancel.is_cancelled(),
        "the closed inspector's check is cancelled"
    );

    let redraw = app.on_reply(Reply {
        ticket: *ticket,
        msg: Msg::TokensVerified(TokenCheck {
            id: Ok("signed".into()),
            access: Ok("signed".into()),
        }),
    });
    assert!(!redraw, "no screen is there to take it");
    assert!(matches!(app.screen(), Screen::Home(_)));
}

#[test]
fn a_result_goes_to_the_screen_that_asked_even_when_another_is_open_over_it() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('t'));
    let jobs = screen_jobs(&mut app);
    let ticket = jobs[0].ticket;
    // A reply addressed to a screen id that never existed changes nothing.
    let stray = app.on_reply(Reply {
        ticket: Ticket {
            id: ticket.id,
            screen: ScreenId(ticket.screen.0 + 100),
        },
        msg: Msg::TokensVerified(TokenCheck {
            id: Err("forged".into()),
            access: Err("forged".into()),
        }),
    });
    assert!(!stray);
    assert!(app.on_reply(Reply {
        ticket,
        msg: Msg::TokensVerified(TokenCheck {
            id: Err("kid not in the JWKS".into()),
            access: Err("kid not in the JWKS".into()),
        }),
    }));
    assert!(matches!(app.screen(), Screen::Tokens(_)));
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("✗ kid not in the JWKS"), "{shown}");
    assert!(!shown.contains("forged"), "{shown}");
}

#[test]
fn progress_words_replace_the_status_until_the_result_comes() {
    let mut app = signed_out_app(Some("alice"));
    type_text(&mut app, "pw");
    press(&mut app, KeyCode::Enter);
    let jobs = screen_jobs(&mut app);
    let ticket = jobs[0].ticket;
    assert_eq!(app.pending(), Some("Signing in"));
    assert!(app.on_reply(Reply {
        ticket,
        msg: Msg::Progress("scanned 3 pages / 180 users".into()),
    }));
    assert_eq!(app.pending(), Some("scanned 3 pages / 180 users"));
    assert!(
        matches!(app.screen(), Screen::SignIn(_)),
        "progress is no result"
    );
    app.on_reply(Reply {
        ticket,
        msg: Msg::SignIn(Err(ServiceError::WrongCredentials)),
    });
    assert_eq!(app.pending(), None);
    // Progress for a request that has finished is dropped.
    assert!(!app.on_reply(Reply {
        ticket,
        msg: Msg::Progress("late".into()),
    }));
    assert_eq!(app.pending(), None);
}

#[tokio::test]
async fn the_worker_sends_nothing_for_a_cancelled_job() {
    let dir = tempfile::tempdir().expect("temp dir");
    let worker = Worker::new(StorePaths::new(
        dir.path().join("config"),
        dir.path().join("data"),
    ));
    let ticket = Ticket {
        id: 7,
        screen: ScreenId(3),
    };
    let job = |cancel: CancellationToken| Job {
        ticket,
        task: Task::DeleteProfile {
            name: "nobody".into(),
        },
        cancel,
    };

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let cancelled = CancellationToken::new();
    cancelled.cancel();
    worker.spawn(job(cancelled), tx);
    assert!(rx.recv().await.is_none(), "a cancelled job never replies");

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    worker.spawn(job(CancellationToken::new()), tx);
    let reply = rx.recv().await.expect("an uncancelled job replies");
    assert_eq!(reply.ticket, ticket);
    let Msg::ProfileDeleted(result) = reply.msg else {
        panic!("a delete answers as a delete: {:?}", reply.msg)
    };
    assert!(result.is_err(), "there is no profile \"nobody\" to delete");
}

#[tokio::test]
async fn a_screens_own_work_reports_progress_under_its_ticket_and_stops_when_cancelled() {
    use cognito_tui::tui::msg::{Load, Progress};
    let dir = tempfile::tempdir().expect("temp dir");
    let worker = Worker::new(StorePaths::new(dir.path().join("c"), dir.path().join("d")));
    let ticket = Ticket {
        id: 9,
        screen: ScreenId(4),
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let scan = Load::new("Scanning", |progress: Progress| async move {
        progress.report("scanned 1 page / 60 users, 2 matches");
        vec!["alice", "bob"]
    });
    worker.spawn(
        Job {
            ticket,
            task: Task::Load(scan),
            cancel: CancellationToken::new(),
        },
        tx,
    );
    let first = rx.recv().await.expect("progress");
    assert_eq!(first.ticket, ticket);
    assert!(matches!(first.msg, Msg::Progress(ref w) if w.starts_with("scanned 1 page")));
    let done = rx.recv().await.expect("the answer");
    let Msg::Loaded(loaded) = done.msg else {
        panic!("a load answers with Loaded: {:?}", done.msg)
    };
    assert_eq!(loaded.take::<Vec<&str>>().ok(), Some(vec!["alice", "bob"]));

    // Work that never ends is stopped by its token: the channel closes with no reply.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let cancel = CancellationToken::new();
    let endless = Load::new("Waiting", |_: Progress| std::future::pending::<()>());
    worker.spawn(
        Job {
            ticket,
            task: Task::Load(endless),
            cancel: cancel.clone(),
        },
        tx,
    );
    cancel.cancel();
    assert!(rx.recv().await.is_none(), "a cancelled load never replies");
}
