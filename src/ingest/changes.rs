//! The papers a run changed — new, updated, removed — for the report a
//! nightly job forwards: each with its path, document id, number, title
//! and body. Bounded: the first [`LISTED`] of each kind are listed, all
//! are counted.

use serde::Serialize;

use crate::index::writer::{last_commit, stored_record};
use crate::index::{RatsIndex, Result};

/// How many papers of each kind the report lists.
pub const LISTED: usize = 10_000;

/// The papers a run changed (the report's `changes`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Changes {
    /// Files with content new to the index.
    pub new: ChangeList,
    /// Known files whose content changed (listed under the new content's
    /// id).
    pub updated: ChangeList,
    /// Files gone and forgotten by `--prune` (listed under the id they had).
    pub removed: ChangeList,
}

/// Papers of one kind.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ChangeList {
    /// How many there were.
    pub count: usize,
    /// Whether there were more than [`LISTED`] (then `papers` holds the
    /// first of them).
    pub truncated: bool,
    /// The first [`LISTED`], in the order the run met them.
    pub papers: Vec<Change>,
}

/// One changed paper.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// The file, as the index knows it.
    pub path: String,
    /// The document id.
    pub id: String,
    /// The paper's number, as stored.
    pub reference: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its body.
    pub body: Option<String>,
}

impl ChangeList {
    /// Counts one paper and lists it while there is room.
    pub fn push(&mut self, path: String, id: String) {
        self.count += 1;
        if self.papers.len() < LISTED {
            self.papers.push(Change {
                path,
                id,
                reference: None,
                title: None,
                body: None,
            });
        } else {
            self.truncated = true;
        }
    }

    /// Fills number, title and body from the records the index's last
    /// commit holds (a paper whose record is not there keeps `null`s).
    pub fn describe(&mut self, index: &RatsIndex) -> Result<()> {
        if self.papers.is_empty() {
            return Ok(());
        }
        let searcher = last_commit(index)?;
        for change in &mut self.papers {
            if let Some(record) = stored_record(index, &searcher, &change.id)? {
                change.reference = record.reference;
                change.title = record.title;
                change.body = record.body;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_bounded_and_count_everything() {
        let mut list = ChangeList::default();
        for i in 0..LISTED + 5 {
            list.push(format!("p{i}"), format!("{i:016x}"));
        }
        assert_eq!(list.count, LISTED + 5);
        assert_eq!(list.papers.len(), LISTED);
        assert!(list.truncated);
        assert_eq!(list.papers[0].path, "p0");
    }
}
