//! Recording what a page's check asked of the index, so a change to one
//! page re-checks exactly the pages whose answers it changes. Each question
//! is a key: `u:URL` (a page at a URL), `k:KEY` (a ref by logical path),
//! `n:NAME` (a ref by base name), `s:SECTION` (a served section), `f:PATH`
//! (a file that exists), `a:FILE` (the anchors of a page).

use std::cell::RefCell;

/// The questions one check asked, sorted, without duplicates.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deps {
    pub keys: Vec<String>,
}

thread_local! {
    static RECORDING: RefCell<Vec<Vec<String>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f`, returning what it asked of the index on this thread.
/// Recordings nest (a stack), so a check that runs another on the same
/// thread keeps each one's questions apart.
pub fn record<R>(f: impl FnOnce() -> R) -> (R, Deps) {
    RECORDING.with(|r| r.borrow_mut().push(Vec::new()));
    let result = f();
    let mut keys = RECORDING.with(|r| r.borrow_mut().pop()).unwrap_or_default();
    keys.sort_unstable();
    keys.dedup();
    (result, Deps { keys })
}

/// Notes a question, when a recording is running.
pub(crate) fn note(key: impl FnOnce() -> String) {
    RECORDING.with(|r| {
        if let Some(top) = r.borrow_mut().last_mut() {
            top.push(key());
        }
    });
}

/// The key of a page's anchors (see the module documentation).
pub fn anchors_key(file: &str) -> String {
    format!("a:{file}")
}

/// What a change to one page of the index can affect: the questions whose
/// answers may have changed (the page's URLs, key, name and section before
/// and after, and its anchors when a check had read them). Pages that asked
/// one of them must be checked again.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IndexChange {
    pub keys: Vec<String>,
}

impl IndexChange {
    /// Whether a page that asked these questions may resolve differently now.
    pub fn affects(&self, asked: &Deps) -> bool {
        // `asked.keys` is sorted (see `record`).
        self.keys
            .iter()
            .any(|k| asked.keys.binary_search(k).is_ok())
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn extend(&mut self, other: IndexChange) {
        self.keys.extend(other.keys);
    }
}
