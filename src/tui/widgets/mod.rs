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
pub mod toast;

pub use confirm::Confirm;
pub use field::Field;
pub use form::Form;
pub use qr::Qr;
pub use spinner::Spinner;
pub use toast::{Toast, ToastKind};
