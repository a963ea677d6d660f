//! A spinner advanced by the tick, so a pending request shows life without extra redraws.

const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spinner {
    frame: usize,
}

impl Spinner {
    pub fn advance(&mut self) {
        self.frame = (self.frame + 1) % FRAMES.len();
    }

    pub fn symbol(&self) -> &'static str {
        FRAMES[self.frame % FRAMES.len()]
    }
}
