//! Work a screen defines in its own file: an async closure the worker runs, whose result comes
//! back as `Msg::Loaded` for that screen to take apart. A screen that loads data adds no
//! `Task` or `Msg` variant and no worker arm (the operator screens' lists, scans and bulk
//! actions are such work). Long work reports progress through the `Progress` it is given.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

use super::{Msg, Progress};

type Run =
    Box<dyn FnOnce(Progress) -> Pin<Box<dyn Future<Output = Box<dyn Any + Send>> + Send>> + Send>;

/// One piece of a screen's own work.
pub struct Load {
    /// What the status bar says while it runs ("Listing the groups").
    pub what: &'static str,
    run: Run,
}

impl Load {
    /// Work that says `what` while it runs and answers with what `run` returns.
    pub fn new<T, F, Fut>(what: &'static str, run: F) -> Self
    where
        T: Send + 'static,
        F: FnOnce(Progress) -> Fut + Send + 'static,
        Fut: Future<Output = T> + Send + 'static,
    {
        Self {
            what,
            run: Box::new(move |progress| {
                Box::pin(async move { Box::new(run(progress).await) as Box<dyn Any + Send> })
            }),
        }
    }

    /// Does the work; the answer is `Msg::Loaded`.
    pub async fn run(self, progress: Progress) -> Msg {
        Msg::Loaded(Loaded((self.run)(progress).await))
    }
}

impl std::fmt::Debug for Load {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Load").field("what", &self.what).finish()
    }
}

/// The answer of a `Load`, for the screen that asked to take back as the type it returned.
pub struct Loaded(Box<dyn Any + Send>);

impl Loaded {
    /// The answer as a `T`, or itself back when it is something else.
    pub fn take<T: 'static>(self) -> Result<T, Self> {
        self.0.downcast::<T>().map(|t| *t).map_err(Self)
    }
}

impl std::fmt::Debug for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Loaded(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_answer_comes_back_as_its_own_type_and_progress_is_reported() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let ticket = super::super::Ticket {
            id: 1,
            screen: super::super::ScreenId(2),
        };
        let load = Load::new("Counting", |progress: Progress| async move {
            progress.report("half way");
            Ok::<u32, String>(42)
        });
        assert_eq!(format!("{load:?}"), r#"Load { what: "Counting" }"#);
        let Msg::Loaded(loaded) = load.run(Progress::new(ticket, tx)).await else {
            panic!("a load answers with Loaded")
        };
        let loaded = loaded.take::<String>().expect_err("not a String");
        assert_eq!(loaded.take::<Result<u32, String>>().ok(), Some(Ok(42)));
        let reported = rx.recv().await.expect("a progress report");
        assert!(matches!(reported.msg, Msg::Progress(ref w) if w == "half way"));
    }

    #[test]
    fn only_the_same_work_supersedes_an_earlier_request() {
        use super::super::Task;
        let load = |what| Task::Load(Load::new(what, |_: Progress| async {}));
        assert_eq!(
            load("Listing the groups").kind(),
            load("Listing the groups").kind()
        );
        assert_ne!(
            load("Listing the groups").kind(),
            load("Reading the user").kind()
        );
        let other = Task::DeleteProfile { name: "x".into() };
        assert_ne!(load("Listing the groups").kind(), other.kind());
    }
}
