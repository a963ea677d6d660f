//! The Groups tab: the pool's groups, and one group's members (a member opens as a user).

use crate::service::admin::{Group, UserSummary};

#[derive(Debug)]
pub struct MembersPane {
    pub group: String,
    pub members: Vec<UserSummary>,
    pub loading: bool,
    pub selected: usize,
}

#[derive(Debug, Default)]
pub struct GroupsTab {
    pub groups: Vec<Group>,
    /// A read was asked for (the first one happens when the tab is first shown).
    pub asked: bool,
    pub loading: bool,
    pub selected: usize,
    pub members: Option<MembersPane>,
    /// Member counts of the groups whose members were listed.
    pub counts: std::collections::BTreeMap<String, usize>,
}
