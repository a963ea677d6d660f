//! The Pool tab's rows: a heading per section, then its settings.

use crate::pool_config::show::Section;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PoolRow {
    Heading(String),
    Setting {
        label: String,
        /// Cognito's name for it.
        name: String,
        value: String,
        /// The app client (index into the configuration's clients) the row is about.
        client: Option<usize>,
    },
}

/// Rows of `sections` in order; the app clients' sections (titled "App client …", in the
/// configuration's order) mark their rows with the client's index.
pub fn pool_rows(sections: &[Section]) -> Vec<PoolRow> {
    let mut out = Vec::new();
    let mut clients = 0;
    for section in sections {
        let client = section.title.starts_with("App client ").then(|| {
            clients += 1;
            clients - 1
        });
        out.push(PoolRow::Heading(section.title.clone()));
        out.extend(section.rows.iter().map(|r| PoolRow::Setting {
            label: r.label.clone(),
            name: r.name.clone(),
            value: r.value.clone(),
            client,
        }));
    }
    out
}
