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
    /// Larger than the page size limit (given).
    TooLarge(u64),
    /// `text` is the lossy conversion; bytes before `offset` are exact.
    NotUtf8 {
        text: String,
        offset: usize,
    },
}

/// Pages larger than this are refused rather than read, unless the
/// configuration's `max-page-size` says otherwise: the page model takes
/// about fifteen times a page's size in memory, and the largest real
/// handbook pages are a few hundred kilobytes.
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 16 << 20;

/// No configuration raises the limit past this: offsets within a page are
/// 32-bit.
pub const LARGEST_PAGE_BYTES: u64 = 1 << 30;

pub fn read_page(path: &Path, limit: u64) -> Result<String, Unreadable> {
    page_text(read_bytes(path, limit)?, limit)
}

/// A file's bytes; one larger than `limit` is refused before it is read.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    let limit = limit.min(LARGEST_PAGE_BYTES);
    let file = std::fs::File::open(path).map_err(Unreadable::Io)?;
    let len = file.metadata().map_err(Unreadable::Io)?.len();
    if len > limit {
        return Err(Unreadable::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // The file may grow while it is read: never past the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Unreadable::Io)?;
    Ok(bytes)
}

/// Bytes to page text: pages larger than `limit`, binary files and invalid
/// UTF-8 are refused, the last with a position.
pub fn page_text(bytes: Vec<u8>, limit: u64) -> Result<String, Unreadable> {
    let limit = limit.min(LARGEST_PAGE_BYTES);
    if bytes.len() as u64 > limit {
        return Err(Unreadable::TooLarge(limit));
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

/// A size as the configuration writes it: bytes, or a number with `KB`,
/// `MB` or `GB` (powers of 1024; `KiB`, `MiB`, `GiB` also read).
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let number: u64 = text[..digits].parse().ok()?;
    let shift = match text[digits..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "kb" | "kib" | "k" => 10,
        "mb" | "mib" | "m" => 20,
        "gb" | "gib" | "g" => 30,
        _ => return None,
    };
    number.checked_mul(1 << shift)
}

/// A size for messages: `8 MiB`, `512 KiB`, `100 bytes`.
pub fn show_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}
