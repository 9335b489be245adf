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

/// What a change to one page of the index can affect.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IndexChange {
    /// Lookups whose answer may have changed (the page's URLs, key, name,
    /// section, before and after): pages that asked them must be checked
    /// again.
    pub keys: Vec<String>,
    /// The page whose anchors changed after a page read them.
    pub anchors_of: Option<String>,
}

impl IndexChange {
    /// Whether a page that made these lookups may resolve differently now.
    pub fn affects(&self, asked: &Deps) -> bool {
        let anchors = self.anchors_of.as_ref().map(|f| format!("a:{f}"));
        asked
            .keys
            .iter()
            .any(|k| self.keys.contains(k) || anchors.as_ref() == Some(k))
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.anchors_of.is_none()
    }

    pub fn extend(&mut self, other: IndexChange) {
        self.keys.extend(other.keys);
        // Two pages' anchors changing at once are kept as keys of their own.
        if let Some(file) = other.anchors_of {
            if self.anchors_of.is_none() {
                self.anchors_of = Some(file);
            } else {
                self.keys.push(format!("a:{file}"));
            }
        }
    }
}
