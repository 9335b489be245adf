//! The light scanner the site index reads pages with: no comrak, only the
//! CommonMark block structure headings need (front matter, fenced code, HTML
//! blocks, setext underlines), so indexing a site stays cheap next to linting
//! one page. Heading text is flattened the way
//! [`crate::model::document::Document`] does it and slugged by the same
//! `comrak::Anchorizer`, so both give a page the same anchors. Where a
//! heading holds markup, the id Hugo's renderer makes from its source
//! ([`source_slug`]) is kept as well.

use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::split_heading_attributes;
use crate::site::shortcode::{Shortcode, shortcodes};
use crate::site::slug::slug_text;
/// What the index keeps of one page's text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ScannedPage {
    /// Heading anchors in document order (explicit `{#id}` or slug).
    pub headings: Vec<String>,
    /// Ids given by HTML `id=` / `name=` attributes.
    pub html_ids: Vec<String>,
    /// The ids Hugo derives from heading sources where they differ from the
    /// heading anchors ([`source_slug`]).
    pub source_ids: Vec<String>,
    /// Other URLs the page is served at (front matter `aliases`, `url`, `slug`).
    pub urls: Vec<String>,
    /// Shortcodes the page calls (closing tags left out).
    pub shortcodes: Vec<Shortcode>,
}

/// A cheap test for a page that may give HTML ids at all.
static HTML_ID_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:id|name)\s*=").expect("valid regex"));
static HTML_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<[a-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']"#).expect("valid regex")
});

/// HTML block starts that end at a blank line (CommonMark types 6 and 7 are
/// approximated by "a line that starts with a tag").
static HTML_BLOCK_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^</?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)").expect("valid regex"));

/// Block-level tag names (CommonMark type 6): these start an HTML block even
/// inside a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HtmlEnd {
    /// Ends at a blank line.
    Blank,
    /// Ends on the line holding this text (`-->`, `</pre>`).
    Marker(&'static str),
}

/// An open fenced code block.
#[derive(Debug, Clone, Copy)]
struct Fence {
    ch: u8,
    len: usize,
    indent: usize,
    quoted: bool,
}

/// Scans a page for what the index needs, without a Markdown parse.
pub fn scan_page(text: &str) -> ScannedPage {
    let mut page = ScannedPage::default();
    let body_start = front_matter_end(text, &mut page.urls);
    page.shortcodes = shortcodes(&text[body_start..]);
    let mut anchorizer = comrak::Anchorizer::new();
    let mut fence: Option<Fence> = None;
    let mut html: Option<HtmlEnd> = None;
    // Lines of the open paragraph, if it can still become a setext heading.
    let mut para: Vec<&str> = Vec::new();
    // The open paragraph is not a plain one (a list item's, a table's).
    let mut para_other = false;
    // The open paragraph is inside a block quote: only a quoted underline
    // makes it a heading.
    let mut para_quoted = false;
    let mut in_list = false;
    let body = &text[body_start..];
    // Most pages give no HTML ids: the per-line search is skipped for them.
    let ids = HTML_ID_HINT.is_match(body);
    let mut ids_out = Vec::new();
    let mut html_ids = ids.then_some(&mut ids_out);
    let mut start = 0;
    while start < body.len() {
        let end =
            memchr::memchr(b'\n', &body.as_bytes()[start..]).map_or(body.len(), |i| start + i);
        let raw = &body[start..end];
        start = end + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(open) = fence {
            let (inner, quoted) = strip_quotes(line);
            if open.quoted && !quoted {
                // The quote ended, and the code block with it.
                fence = None;
            } else {
                let t = inner.trim_start();
                let run = t.bytes().take_while(|&b| b == open.ch).count();
                // A closing fence may be indented up to 3 columns more than
                // the opening one (a fence in a list item); deeper runs of
                // backticks are content (a fence shown inside a fence).
                if run >= open.len
                    && t[run..].trim().is_empty()
                    && indent_width(inner) <= open.indent + 3
                {
                    fence = None;
                }
                continue;
            }
        }
        if let Some(end) = html {
            scan_html_ids(line, html_ids.as_deref_mut());
            match end {
                HtmlEnd::Blank if line.trim().is_empty() => html = None,
                HtmlEnd::Marker(m) if contains_ignore_case(line, m) => html = None,
                _ => {}
            }
            continue;
        }
        if line.trim().is_empty() {
            para.clear();
            para_other = false;
            continue;
        }
        if line.as_bytes()[0].is_ascii_alphabetic() {
            // Fast path for the common case, a line of prose at the margin:
            // it cannot open any block, so it only extends the paragraph.
            if para.is_empty() {
                in_list = false;
                para_quoted = false;
            }
            scan_html_ids(line, html_ids.as_deref_mut());
            para.push(line);
            continue;
        }
        let indent = indent_width(line);
        let (stripped, quoted) = strip_quotes(line);
        let content = stripped.trim_start();
        let block_indent = if quoted { 0 } else { indent };
        if block_indent >= 4 && para.is_empty() && !para_other && !in_list {
            continue; // indented code
        }
        if !line.starts_with([' ', '\t']) && !is_list_item(content) && para.is_empty() {
            in_list = false;
        }
        let structural = block_indent < 4 || in_list;
        if structural && let Some((ch, len)) = fence_open(content) {
            fence = Some(Fence {
                ch,
                len,
                indent: indent_width(stripped),
                quoted,
            });
            para.clear();
            continue;
        }
        if structural && content.starts_with('<') {
            if let Some(end) = html_block_start(content, !para.is_empty()) {
                scan_html_ids(content, html_ids.as_deref_mut());
                para.clear();
                para_other = false;
                let lower = content.to_ascii_lowercase();
                let done = match end {
                    HtmlEnd::Marker("-->") => lower[4..].contains("-->"),
                    HtmlEnd::Marker(m) => lower.contains(m),
                    HtmlEnd::Blank => false,
                };
                if !done {
                    html = Some(end);
                }
                continue;
            }
        }
        scan_html_ids(content, html_ids.as_deref_mut());
        if structural && let Some(h) = atx_heading(content) {
            push_heading(&mut page, &mut anchorizer, h);
            para.clear();
            para_other = false;
            continue;
        }
        if block_indent < 4
            && !para.is_empty()
            && !para_other
            && para_quoted == quoted
            && setext_underline(content)
        {
            let joined: Vec<&str> = para.iter().map(|l| l.trim()).collect();
            let joined = joined.join(" ");
            push_heading(&mut page, &mut anchorizer, &joined);
            para.clear();
            continue;
        }
        if structural && is_thematic_break(content) {
            para.clear();
            para_other = false;
            continue;
        }
        if is_list_item(content) && block_indent < 4 {
            in_list = true;
            para.clear();
            para_other = true;
            // A heading can open a list item: `- ## Title`.
            let item = list_item_content(content);
            if let Some(h) = atx_heading(item) {
                push_heading(&mut page, &mut anchorizer, h);
                para_other = false;
            }
            continue;
        }
        if is_table_delimiter(content)
            && para
                .last()
                .is_some_and(|header| table_cells(header) == table_cells(content))
        {
            // The paragraph's last line was a table header: a table, not
            // text a setext underline could turn into a heading.
            para_other = true;
        }
        if para.is_empty() {
            para_quoted = quoted;
        }
        para.push(content);
    }
    page.html_ids = ids_out;
    page
}

fn push_heading(page: &mut ScannedPage, anchorizer: &mut comrak::Anchorizer, raw: &str) {
    let (text, id) = split_heading_attributes(raw);
    let anchor = match id {
        Some(id) => id,
        None => {
            let anchor = anchorizer.anchorize(&slug_text(text));
            let source = source_slug(text);
            if !source.is_empty() && source != anchor {
                page.source_ids.push(source);
            }
            anchor
        }
    };
    page.headings.push(anchor);
}

/// The id Hugo's Markdown renderer (goldmark) gives a heading: its source,
/// markup included, with spaces and `-` as `-`, letters, digits and `_` in
/// lower case, and everything else dropped. It differs from the slug of the
/// heading's text where the heading holds HTML or a link
/// (`<i class="fas fa-rocket"></i> Vision` gives `i-classfas-fa-rocketi-vision`),
/// and handbook links use it.
pub fn source_slug(source: &str) -> String {
    source
        .trim()
        .chars()
        .filter_map(|c| match c {
            '-' | ' ' | '\t' => Some('-'),
            c if c == '_' || c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// `needle` (ASCII lower-case) occurs in `haystack`, ignoring ASCII case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn scan_html_ids(line: &str, out: Option<&mut Vec<String>>) {
    let Some(out) = out else {
        return;
    };
    // Most lines hold no `=`; the capturing regex is only run on the rest.
    let bytes = line.as_bytes();
    if memchr::memchr(b'=', bytes).is_some() && memchr::memchr(b'<', bytes).is_some() {
        for cap in HTML_ID.captures_iter(line) {
            out.push(cap[1].to_string());
        }
    }
}

/// The URLs a page's front matter adds (`aliases`, `url`, `slug`); `None`
/// when the file cannot be read. Only the head of the file is read when the
/// front matter ends there.
pub(crate) fn front_matter_urls_of(path: &Path) -> Option<Vec<String>> {
    const HEAD: u64 = 16 << 10;
    let mut file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    (&mut file).take(HEAD).read_to_end(&mut bytes).ok()?;
    let mut urls = Vec::new();
    let head = String::from_utf8_lossy(&bytes);
    let opens = head.starts_with("---") || head.starts_with("+++") || head.starts_with('\u{feff}');
    if front_matter_end(&head, &mut urls) == 0 && opens && bytes.len() as u64 == HEAD {
        // A front matter longer than the head: read the rest.
        file.read_to_end(&mut bytes).ok()?;
        urls.clear();
        front_matter_end(&String::from_utf8_lossy(&bytes), &mut urls);
    }
    Some(urls)
}

/// The URLs a page's front matter adds (`aliases`, `url`, `slug`), from its
/// text.
pub(crate) fn front_matter_urls_in(text: &str) -> Vec<String> {
    let mut urls = Vec::new();
    front_matter_end(text, &mut urls);
    urls
}

/// End of the front matter (0 without one); collects `aliases`, `url` and `slug`.
fn front_matter_end(text: &str, urls: &mut Vec<String>) -> usize {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first = rest.lines().next().unwrap_or("").trim_end();
    let delimiter = match first {
        "---" => "---",
        "+++" => "+++",
        _ => return 0,
    };
    let mut pos = start + rest.find('\n').map_or(rest.len(), |i| i + 1);
    let yaml_start = pos;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        if line == delimiter || (delimiter == "---" && line == "...") {
            if delimiter == "---" {
                front_matter_urls(&text[yaml_start..pos], urls);
            }
            return end;
        }
        pos = end;
    }
    // Unterminated: comrak reads the page as Markdown from the top.
    0
}

fn front_matter_urls(yaml: &str, urls: &mut Vec<String>) {
    let mentions = yaml
        .lines()
        .any(|l| l.starts_with("aliases:") || l.starts_with("url:") || l.starts_with("slug:"));
    if !mentions {
        return;
    }
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(yaml) else {
        return;
    };
    if let Some(aliases) = value.get("aliases").and_then(|v| v.as_sequence()) {
        urls.extend(
            aliases
                .iter()
                .filter_map(|a| a.as_str())
                .map(str::to_string),
        );
    }
    if let Some(url) = value.get("url").and_then(|v| v.as_str()) {
        urls.push(url.to_string());
    }
    if let Some(slug) = value.get("slug").and_then(|v| v.as_str()) {
        urls.push(slug.to_string());
    }
}

/// Columns of leading whitespace (a tab counts to the next multiple of 4).
fn indent_width(line: &str) -> usize {
    let mut width = 0;
    for b in line.bytes() {
        match b {
            b' ' => width += 1,
            b'\t' => width += 4 - width % 4,
            _ => break,
        }
    }
    width
}

/// Removes block-quote markers (`> > text` -> `text`).
fn strip_quotes(line: &str) -> (&str, bool) {
    let mut rest = line;
    let mut quoted = false;
    loop {
        let t = rest.trim_start_matches(' ');
        if rest.len() - t.len() <= 3
            && let Some(after) = t.strip_prefix('>')
        {
            rest = after.strip_prefix(' ').unwrap_or(after);
            quoted = true;
        } else {
            return (rest, quoted);
        }
    }
}

fn fence_open(content: &str) -> Option<(u8, usize)> {
    let ch = *content.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let run = content.bytes().take_while(|&b| b == ch).count();
    if run < 3 {
        return None;
    }
    // A backtick fence's info string cannot hold a backtick.
    if ch == b'`' && content[run..].contains('`') {
        return None;
    }
    Some((ch, run))
}

/// The start of an HTML block at `content` (already trimmed), and how it ends.
/// `in_paragraph`: only block-level tags and comments interrupt a paragraph.
fn html_block_start(content: &str, in_paragraph: bool) -> Option<HtmlEnd> {
    let lower = content.to_ascii_lowercase();
    if lower.starts_with("<!--") {
        return Some(HtmlEnd::Marker("-->"));
    }
    for (open, close) in [
        ("<pre", "</pre>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if let Some(after) = lower.strip_prefix(open)
            && (after.is_empty() || after.starts_with([' ', '>', '\t']))
        {
            return Some(HtmlEnd::Marker(close));
        }
    }
    if !HTML_BLOCK_START.is_match(content) {
        return None;
    }
    let name: String = lower
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if BLOCK_TAGS.contains(&name.as_str()) {
        return Some(HtmlEnd::Blank);
    }
    // Type 7: any other complete tag alone on its line, not inside a paragraph
    // (`<a id="x"></a>` is two tags: inline HTML in a paragraph).
    let alone = lower
        .find('>')
        .is_some_and(|end| lower[end + 1..].trim().is_empty())
        && !in_paragraph;
    alone.then_some(HtmlEnd::Blank)
}

/// The raw text of an ATX heading (closing `#`s removed), or `None`.
fn atx_heading(content: &str) -> Option<&str> {
    let hashes = content.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &content[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut text = rest.trim();
    // Closing sequence: a run of `#` preceded by a space (or the whole text).
    let trimmed = text.trim_end_matches('#');
    if trimmed.len() < text.len() && (trimmed.is_empty() || trimmed.ends_with([' ', '\t'])) {
        text = trimmed.trim_end();
    }
    Some(text)
}

fn setext_underline(content: &str) -> bool {
    let t = content.trim_end();
    t.as_bytes()
        .first()
        .is_some_and(|&ch| matches!(ch, b'=' | b'-') && t.bytes().all(|b| b == ch))
}

fn is_thematic_break(content: &str) -> bool {
    let mut chars = content.chars().filter(|c| !c.is_whitespace());
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '-' | '*' | '_')
        && content.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && chars.all(|c| c == first)
}

fn is_list_item(content: &str) -> bool {
    list_marker_len(content).is_some()
}

fn list_marker_len(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    let marker = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    match bytes.get(marker) {
        None => Some(marker),
        Some(b' ' | b'\t') => Some(marker),
        _ => None,
    }
}

fn list_item_content(content: &str) -> &str {
    list_marker_len(content).map_or(content, |n| content[n..].trim_start())
}

/// Cells in a table row (`| a | b |` and `a | b` both have two).
fn table_cells(row: &str) -> usize {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    row.split('|').count()
}

fn is_table_delimiter(content: &str) -> bool {
    let bytes = content.as_bytes();
    bytes
        .iter()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
        && bytes.contains(&b'|')
        && bytes.contains(&b'-')
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::document::Document;
    use crate::site::index::{normalize_url, percent_decode};

    /// The anchors the full parse gives a page, to hold the scanner to.
    pub(crate) fn doc_anchors(text: &str) -> Vec<String> {
        Document::parse("page.md", text.to_string())
            .headings
            .into_iter()
            .map(|h| h.anchor)
            .collect()
    }

    #[test]
    fn scanner_anchors_equal_document_anchors() {
        let page = "---\ntitle: \"T\"\naliases:\n- /old/place/\n---\n\n\
# Top\n\n\
## *Emphasis* and **strong** and _under_ and __double__\n\n\
## A [link](/x/ \"title\") and ![image alt](i.png) and [ref][r]\n\n[r]: /ref/\n\n\
## Uses `code_span` and `a<b`\n\n\
## R&amp;D &lt;tag&gt; &#169; Tom &amp; Jerry\n\n\
## Closing hashes ##\n\n\
## snake_case_name and __init__\n\n\
## <span class=\"x\">Inline</span> HTML<br>\n\n\
## Director, Engineering\n\n\
## Director, Engineering\n\n\
## Director, Engineering\n\n\
## Custom {#my-custom-id}\n\n## 🤝 Collaboration{#collaboration}\n\n\
## Custom\n\n\
Setext heading\n==============\n\n\
Two line\nsetext\n------\n\n\
Paragraph text\n\n---\n\n\
- list item\n---\n\n\
```markdown\n## Not a heading\n```\n\n\
~~~~\n# Also not\n```\nstill code\n~~~~\n\n\
    ## indented code\n\n\
<!--\n## commented out\n-->\n\n\
<div>\n## inside html block\n</div>\n\n\
> ## Quoted heading\n\n\
### Escaped \\# hash and \\_under\\_\n\n\
#### Group Manager, Product (GMP) - Responsibilities\n\n\
##### Ünïcödé Ärger 🚀 emoji\n\n\
###### Trailing # not closing#\n\n\
#hashtag is not a heading\n";
        let scanned = scan_page(page);
        assert_eq!(scanned.headings, doc_anchors(page));
        assert_eq!(scanned.urls, ["/old/place/"]);
        // Sanity: the cases above really produce what they test.
        assert!(scanned.headings.contains(&"my-custom-id".to_string()));
        assert!(
            scanned
                .headings
                .contains(&"director-engineering-2".to_string())
        );
        assert!(scanned.headings.contains(&"setext-heading".to_string()));
        assert!(!scanned.headings.iter().any(|h| h.contains("not-a-heading")));
    }

    #[test]
    fn hugo_ids_from_heading_sources() {
        assert_eq!(
            source_slug(r#"<i class="fas fa-rocket" id="icons"></i> Security Vision"#),
            "i-classfas-fa-rocket-idiconsi-security-vision"
        );
        assert_eq!(source_slug("Plain Title"), "plain-title");
        let scanned = scan_page(
            "## <i class=\"fas fa-users\"></i> Our Team\n\n## Plain Title\n\n## Fixed <b>id</b> {#fixed}\n",
        );
        assert_eq!(scanned.headings, ["our-team", "plain-title", "fixed"]);
        assert_eq!(scanned.source_ids, ["i-classfas-fa-usersi-our-team"]);
    }

    #[test]
    fn html_ids_are_anchors() {
        let scanned = scan_page("<a name=\"top-of-page\"></a>\n\nText <span id='here'>x</span>\n");
        assert_eq!(scanned.html_ids, ["top-of-page", "here"]);
    }

    #[test]
    fn scanner_survives_any_input() {
        let alphabet: Vec<char> = "#`~<>[]()!*_&;{}=-|\\ \n\r\tax1é🚀\"'./:".chars().collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            let len = (seed >> 58) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let scanned = scan_page(&text);
            assert!(scanned.headings.len() <= text.lines().count());
            let _ = percent_decode(&text);
            let _ = normalize_url(&text);
        }
        for text in [
            "---\n",
            "+++\n+++\n#",
            "# {#}",
            "## x {",
            "## `",
            "&#xZZ;",
            "](",
            "<!--",
            "%",
            "%e",
        ] {
            let _ = scan_page(text);
            let _ = percent_decode(text);
        }
    }
}
