//! The answers to the face's own requests (pages, reads, scans, actions, bulk runs), each put
//! where it belongs.

use super::*;

impl OperatorScreen {
    /// What `View::on_result` hears.
    pub(super) fn answer(&mut self, msg: Msg) -> Outcome {
        let Msg::Loaded(loaded) = msg else {
            return Outcome::Unchanged;
        };
        let loaded = match loaded.take::<UsersPage>() {
            Ok(page) => {
                match page.result {
                    Ok((users, next)) => self.users.add_page(users, next, page.first),
                    Err(e) => {
                        self.users.loading = false;
                        self.users.fresh = false;
                        self.error = Some(service_words(&e));
                    }
                }
                return Outcome::None;
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<UserRead>() {
            Ok(UserRead(result)) => {
                if let Some(pane) = &mut self.detail {
                    pane.loading = false;
                    match result {
                        Ok(detail) if detail.summary.username == pane.summary.username => {
                            pane.summary = detail.summary.clone();
                            self.users.replace(detail.summary.clone());
                            pane.detail = Some(detail);
                        }
                        Ok(_) => {}
                        Err(e) => pane.error = Some(service_words(&e)),
                    }
                }
                return Outcome::None;
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<Acted>() {
            Ok(acted) => return self.acted(acted),
            Err(other) => other,
        };
        let loaded = match loaded.take::<ScanDone>() {
            Ok(ScanDone(result)) => {
                if let Some(run) = &mut self.users.scan {
                    self.users.users.extend(run.state.drain());
                    run.end = Some(result.map_err(|e| service_words(&e)));
                }
                return Outcome::None;
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<GroupChanged>() {
            Ok(changed) => {
                return match changed.result {
                    Ok(()) => Outcome::Toast(Toast::info(changed.done))
                        .then(Outcome::Run(Command::Reload)),
                    Err(e) => Outcome::Toast(Toast::error(service_words(&e))),
                };
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<Collected>() {
            Ok(collected) => {
                match collected.result {
                    Ok(usernames) => self.preview(collected.action, usernames),
                    Err(e) => {
                        self.bulk = None;
                        return Outcome::Toast(Toast::error(format!(
                            "The matching users could not be read: {}",
                            service_words(&e)
                        )));
                    }
                }
                return Outcome::None;
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<BulkDone>() {
            Ok(done) => {
                let summary = bulk_flow::summary(&done.results);
                let failed = done
                    .results
                    .iter()
                    .any(|(_, o)| matches!(o, bulk_flow::Outcome::Failed(_)));
                self.bulk = Some(BulkPane {
                    who: Who::AllMatching,
                    stage: Stage::Done {
                        action: done.action,
                        results: done.results,
                        dry_run: done.dry_run,
                        selected: 0,
                    },
                });
                return Outcome::Toast(if failed {
                    Toast::error(summary)
                } else {
                    Toast::info(summary)
                });
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<GroupsRead>() {
            Ok(GroupsRead(result)) => {
                self.groups.loading = false;
                match result {
                    Ok(groups) => {
                        self.groups.selected =
                            self.groups.selected.min(groups.len().saturating_sub(1));
                        self.groups.groups = groups;
                    }
                    Err(e) => self.error = Some(service_words(&e)),
                }
                return Outcome::None;
            }
            Err(other) => other,
        };
        if let Ok(read) = loaded.take::<MembersRead>() {
            if let Some(pane) = &mut self.groups.members
                && pane.group == read.group
            {
                pane.loading = false;
                match read.result {
                    Ok(members) => {
                        self.groups.counts.insert(read.group.clone(), members.len());
                        pane.members = members;
                        pane.selected = pane.selected.min(pane.members.len().saturating_sub(1));
                    }
                    Err(e) => self.error = Some(service_words(&e)),
                }
            }
            return Outcome::None;
        }
        Outcome::Unchanged
    }
}
