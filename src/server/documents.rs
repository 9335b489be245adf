//! The documents an editor has open: their text, version and line map, and
//! the mapping between `file:` URIs and the paths the workspace knows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_types::{TextDocumentContentChangeEvent, Url};

use crate::server::positions::{Encoding, LineMap};

/// One open document.
#[derive(Debug, Clone)]
pub struct OpenDocument {
    pub uri: Url,
    pub text: String,
    pub version: i32,
    pub lines: LineMap,
}

impl OpenDocument {
    fn new(uri: Url, text: String, version: i32, encoding: Encoding) -> OpenDocument {
        let lines = LineMap::new(&text, encoding);
        OpenDocument {
            uri,
            text,
            version,
            lines,
        }
    }
}

/// Why a change was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeError {
    /// The document is not open.
    NotOpen,
    /// The change's version is not newer than the document's.
    Stale { have: i32, got: i32 },
}

/// The open documents, by path.
#[derive(Debug, Default)]
pub struct Documents {
    open: BTreeMap<PathBuf, OpenDocument>,
    pub encoding: Encoding,
}

impl Documents {
    pub fn new(encoding: Encoding) -> Documents {
        Documents {
            open: BTreeMap::new(),
            encoding,
        }
    }

    /// Opens (or re-opens) a document; returns its path.
    pub fn open(&mut self, uri: Url, text: String, version: i32) -> Option<PathBuf> {
        let path = path_of(&uri)?;
        let doc = OpenDocument::new(uri, text, version, self.encoding);
        self.open.insert(path.clone(), doc);
        Some(path)
    }

    /// Applies an editor's changes, in order: a change without a range
    /// replaces the text, one with a range replaces that range.
    pub fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> Result<PathBuf, ChangeError> {
        let path = path_of(uri).ok_or(ChangeError::NotOpen)?;
        let encoding = self.encoding;
        let doc = self.open.get_mut(&path).ok_or(ChangeError::NotOpen)?;
        if version <= doc.version {
            return Err(ChangeError::Stale {
                have: doc.version,
                got: version,
            });
        }
        for change in changes {
            match change.range {
                None => doc.text = change.text,
                Some(range) => {
                    let span = doc.lines.span(&doc.text, range);
                    doc.text.replace_range(span, &change.text);
                }
            }
            doc.lines = LineMap::new(&doc.text, encoding);
        }
        doc.version = version;
        Ok(path)
    }

    pub fn close(&mut self, uri: &Url) -> Option<PathBuf> {
        let path = path_of(uri)?;
        self.open.remove(&path).map(|_| path)
    }

    pub fn get(&self, path: &Path) -> Option<&OpenDocument> {
        self.open.get(path)
    }

    pub fn by_uri(&self, uri: &Url) -> Option<(PathBuf, &OpenDocument)> {
        let path = path_of(uri)?;
        let doc = self.open.get(&path)?;
        Some((path, doc))
    }

    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.open.keys().map(PathBuf::as_path)
    }

    pub fn is_open(&self, path: &Path) -> bool {
        self.open.contains_key(path)
    }
}

/// The path of a `file:` URI, with its folder resolved (symbolic links,
/// `..`) so that it matches the paths the workspace walked; the file itself
/// need not exist. `None` for other schemes.
pub fn path_of(uri: &Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    let path = uri.to_file_path().ok()?;
    Some(normalize(&path))
}

/// `path` with its folder made canonical, when the folder exists.
pub fn normalize(path: &Path) -> PathBuf {
    if let Ok(full) = std::fs::canonicalize(path) {
        return full;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

pub fn uri_of(path: &Path) -> Option<Url> {
    Url::from_file_path(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(range: Option<Range>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_utf16_units() {
        let mut docs = Documents::new(Encoding::Utf16);
        let uri = Url::parse("file:///tmp/jflint-docs-test/page.md").unwrap();
        let path = docs
            .open(uri.clone(), "- 🚀 Ship widgets\n".into(), 1)
            .unwrap();
        // "Ship" starts at UTF-16 column 5 (the rocket is two units).
        let range = Range::new(Position::new(0, 5), Position::new(0, 9));
        docs.change(&uri, 2, vec![change(Some(range), "Build")])
            .unwrap();
        assert_eq!(docs.get(&path).unwrap().text, "- 🚀 Build widgets\n");
        docs.change(&uri, 3, vec![change(None, "new\n")]).unwrap();
        assert_eq!(docs.get(&path).unwrap().text, "new\n");
    }

    #[test]
    fn out_of_order_versions_are_refused() {
        let mut docs = Documents::new(Encoding::Utf16);
        let uri = Url::parse("file:///tmp/jflint-docs-test/page.md").unwrap();
        docs.open(uri.clone(), "a\n".into(), 5).unwrap();
        assert_eq!(
            docs.change(&uri, 4, vec![change(None, "b\n")]),
            Err(ChangeError::Stale { have: 5, got: 4 })
        );
        let other = Url::parse("file:///tmp/jflint-docs-test/other.md").unwrap();
        assert_eq!(
            docs.change(&other, 1, vec![change(None, "b\n")]),
            Err(ChangeError::NotOpen)
        );
        let (_, doc) = docs.by_uri(&uri).unwrap();
        assert_eq!(doc.text, "a\n");
    }

    #[test]
    fn only_file_uris_have_paths() {
        assert!(path_of(&Url::parse("untitled:Untitled-1").unwrap()).is_none());
        assert!(path_of(&Url::parse("file:///x/y.md").unwrap()).is_some());
    }
}
