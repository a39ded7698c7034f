//! The index as the server reads it: one open reader shared by all
//! requests, replaced when another process (a nightly `ingest`) commits,
//! so new papers appear without a restart.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use ratsindex::index::search::Finder;
use ratsindex::index::RatsIndex;

/// How often the index directory is checked for a new commit.
pub const RELOAD_EVERY: Duration = Duration::from_secs(1);

/// The open index and the reader of its latest commit seen.
pub struct Snapshot {
    index: RatsIndex,
    current: RwLock<Current>,
}

struct Current {
    opstamp: u64,
    finder: Arc<Finder>,
}

impl Snapshot {
    /// Opens a reader on the index as committed now.
    pub fn open(index: RatsIndex) -> anyhow::Result<Snapshot> {
        let opstamp = opstamp(&index)?;
        let finder = Arc::new(Finder::new(&index)?);
        Ok(Snapshot {
            index,
            current: RwLock::new(Current { opstamp, finder }),
        })
    }

    /// The index (for lookups that open their own searcher).
    pub fn index(&self) -> &RatsIndex {
        &self.index
    }

    /// The reader of the latest commit seen; a search holds it for its
    /// whole run, so a reload never changes a page half-way.
    pub fn finder(&self) -> Arc<Finder> {
        match self.current.read() {
            Ok(current) => current.finder.clone(),
            Err(poisoned) => poisoned.into_inner().finder.clone(),
        }
    }

    /// Replaces the reader if the index has a newer commit; `true` if it
    /// did.
    pub fn refresh(&self) -> anyhow::Result<bool> {
        let now = opstamp(&self.index)?;
        let seen = match self.current.read() {
            Ok(current) => current.opstamp,
            Err(poisoned) => poisoned.into_inner().opstamp,
        };
        if now == seen {
            return Ok(false);
        }
        let finder = Arc::new(Finder::new(&self.index)?);
        let mut current = match self.current.write() {
            Ok(current) => current,
            Err(poisoned) => poisoned.into_inner(),
        };
        *current = Current {
            opstamp: now,
            finder,
        };
        Ok(true)
    }

    /// Checks for new commits every [`RELOAD_EVERY`] on a thread of its
    /// own, for as long as the process runs.
    pub fn follow_commits(self: &Arc<Snapshot>) {
        let snapshot = Arc::downgrade(self);
        let spawned = std::thread::Builder::new()
            .name("reload".into())
            .spawn(move || loop {
                std::thread::sleep(RELOAD_EVERY);
                let Some(snapshot) = snapshot.upgrade() else {
                    return;
                };
                match snapshot.refresh() {
                    Ok(true) => eprintln!("ratsindex: serving a new commit of the index"),
                    Ok(false) => {}
                    Err(err) => eprintln!("ratsindex: cannot reload the index: {err:#}"),
                }
            });
        if let Err(err) = spawned {
            eprintln!("ratsindex: cannot start following commits: {err}");
        }
    }
}

/// The operation stamp of the index's last commit.
fn opstamp(index: &RatsIndex) -> anyhow::Result<u64> {
    Ok(index.index().load_metas()?.opstamp)
}
