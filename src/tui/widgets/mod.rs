//! Small reusable widgets. Each renders from state prepared in `update`; none computes.

pub mod confirm;
pub mod field;
pub mod footer;
pub mod form;
pub mod help;
pub mod hit;
pub mod list;
pub mod policy;
pub mod qr;
pub mod spinner;
pub mod tabs;
pub mod toast;

pub use confirm::Confirm;
pub use field::Field;
pub use form::Form;
pub use qr::Qr;
pub use spinner::Spinner;
pub use toast::{Toast, ToastKind};

/// `text` on one line, cut to `width` characters with an ellipsis when cut.
pub fn fit(text: &str, width: usize) -> String {
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() <= width {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
