//! Reading a page from disk the way every part of jflint does: a size cap,
//! binary files and invalid UTF-8 refused with a reason, and the path as
//! reports show it.

use std::io::Read;
use std::path::Path;

/// Markdown file names jflint checks when walking folders.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

pub enum Unreadable {
    Io(std::io::Error),
    /// A folder or entry the walk could not read.
    Walk(String),
    Binary,
    /// Larger than `MAX_PAGE_BYTES`.
    TooLarge,
    /// `text` is the lossy conversion; bytes before `offset` are exact.
    NotUtf8 {
        text: String,
        offset: usize,
    },
}

/// Pages larger than this are refused rather than read: the page model
/// takes about twenty times a page's size in memory (a 50 MB page peaks
/// near 1 GB), and offsets within a page are 32-bit.
pub const MAX_PAGE_BYTES: u64 = 256 << 20;

pub fn read_page(path: &Path) -> Result<String, Unreadable> {
    page_text(read_bytes(path)?)
}

/// A file's bytes; one too large is refused before it is read.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Unreadable> {
    let file = std::fs::File::open(path).map_err(Unreadable::Io)?;
    let len = file.metadata().map_err(Unreadable::Io)?.len();
    if len > MAX_PAGE_BYTES {
        return Err(Unreadable::TooLarge);
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // The file may grow while it is read: never past the limit.
    file.take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Unreadable::Io)?;
    Ok(bytes)
}

/// Bytes to page text: pages too large, binary files and invalid UTF-8 are
/// refused, the last with a position.
pub fn page_text(bytes: Vec<u8>) -> Result<String, Unreadable> {
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return Err(Unreadable::TooLarge);
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Err(Unreadable::Binary);
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Unreadable::NotUtf8 { text, offset }
    })
}

/// The path as reports show it: forward slashes, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}
