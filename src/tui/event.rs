//! One stream of what the loop reacts to: terminal events, results of spawned work, and the
//! tick that drives spinners and countdowns.

use std::time::Duration;

use crossterm::event::EventStream;
use futures_util::StreamExt as _;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::{Interval, MissedTickBehavior};

use super::msg::Reply;

/// Four ticks a second: smooth enough for a spinner, nearly free when idle.
pub const TICK: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub enum AppEvent {
    Terminal(crossterm::event::Event),
    Reply(Reply),
    Tick,
}

pub struct Events {
    terminal: EventStream,
    msgs: UnboundedReceiver<Reply>,
    tick: Interval,
}

impl Events {
    pub fn new(msgs: UnboundedReceiver<Reply>) -> Self {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
        Self {
            terminal: EventStream::new(),
            msgs,
            tick,
        }
    }

    /// The next event; an error when the terminal's input ends or fails.
    pub async fn next(&mut self) -> Result<AppEvent, String> {
        tokio::select! {
            event = self.terminal.next() => match event {
                Some(Ok(event)) => Ok(AppEvent::Terminal(event)),
                Some(Err(e)) => Err(format!("cannot read the terminal: {e}")),
                None => Err("the terminal's input ended".into()),
            },
            Some(msg) = self.msgs.recv() => Ok(AppEvent::Reply(msg)),
            _ = self.tick.tick() => Ok(AppEvent::Tick),
        }
    }
}
