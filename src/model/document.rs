//! `Document`: one page, parsed once. Holds the text, its line index, the front
//! matter, and an owned extract of the comrak AST (headings, links, prose runs,
//! blocks, HTML anchors and comments, Hugo refs) that every rule reads.
//!
//! comrak's arena is neither `Send` nor `Sync`, so the AST lives only inside
//! [`Document::parse`]; what leaves it is plain owned data with byte spans.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeValue};
use regex::Regex;

use crate::model::front_matter::{FrontMatter, parse_front_matter};
use crate::model::span::LineIndex;
use crate::model::words::Word;

pub type Span = Range<usize>;

/// Comrak options used for every page: GFM plus heading `{#id}` attributes.
pub fn comrak_options() -> comrak::Options<'static> {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.extension.header_attributes = true;
    options.extension.front_matter_delimiter = Some("---".to_string());
    options
}

#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 to 6.
    pub depth: u8,
    /// Plain text of the heading, as rendered (markup removed, trimmed).
    pub text: String,
    /// The whole heading, markers included.
    pub span: Span,
    /// The heading's text in the source (without `###` or an `{#id}`).
    pub text_span: Span,
    /// The id Hugo gives it: the explicit `{#id}` or the GitHub-style slug.
    pub anchor: String,
    /// Index of the enclosing heading: the nearest earlier one of smaller depth.
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LinkKind {
    /// `[text](url)`, `[text][ref]`, `<url>`, or a bare URL (GFM autolink).
    Markdown,
    Image,
    /// Hugo `{{< ref "…" >}}` or `{{% relref "…" %}}`.
    HugoRef,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub kind: LinkKind,
    pub url: String,
    /// Plain text of the link.
    pub text: String,
    /// The whole link in the source.
    pub span: Span,
    /// Where the destination is written, when it can be found verbatim.
    pub url_span: Option<Span>,
    /// Index of the heading this link sits in, if any.
    pub in_heading: Option<usize>,
}

/// A run of prose text (a comrak `Text` node): never code, never front matter.
#[derive(Debug, Clone)]
pub struct TextRun {
    pub text: String,
    pub span: Span,
    /// True when `text` is exactly `source[span]`, so word offsets map 1:1.
    pub verbatim: bool,
    pub in_heading: Option<usize>,
    pub in_link: Option<usize>,
    /// The words of `text`, split once for every rule: indices into
    /// `Document::words` (read them with `Document::words_of`).
    pub words: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    List,
    CodeBlock,
    HtmlBlock,
    Table,
    BlockQuote,
    ThematicBreak,
    Other,
}

/// A block of content. Paragraphs are recorded at any depth (with their plain
/// text); the other kinds only as children of the document.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
    /// Plain text, for paragraphs; empty otherwise.
    pub text: String,
    /// True for a child of the document (not nested in a list or quote).
    pub top_level: bool,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub span: Span,
    /// The text between `<!--` and `-->`, trimmed.
    pub body: String,
}

#[derive(Debug)]
pub struct Document {
    pub path: PathBuf,
    pub text: String,
    pub lines: LineIndex,
    pub front_matter: FrontMatter,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub prose: Vec<TextRun>,
    /// The words of every prose run, run after run.
    pub words: Vec<Word>,
    pub blocks: Vec<Block>,
    /// Ids given by HTML (`<a id>`, `<a name>`, `id=` on any element).
    pub html_anchors: Vec<String>,
    pub comments: Vec<Comment>,
    /// Spans of code (blocks and inline) and raw HTML, sorted: text there is not prose.
    pub code: Vec<Span>,
    /// Every list item (bullet, numbered or task), at any depth, in document order.
    pub items: Vec<Span>,
    /// Hugo shortcodes (`{{< … >}}`, `{{% … %}}`) in the body, sorted: comrak
    /// reads them as text, but their arguments are not prose.
    pub shortcodes: Vec<Span>,
    /// Indices into `blocks` of the paragraphs, in document order.
    paragraphs: Vec<usize>,
}

static HTML_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<[a-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']"#).expect("valid regex")
});
static HUGO_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[<%]-?\s*(?:ref|relref)\s+(?:path\s*=\s*)?(?:"([^"]*)"|'([^']*)'|`([^`]*)`)[^}]*?-?[%>]\}\}"#)
        .expect("valid regex")
});
static SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{\{[<%].*?[%>]\}\}").expect("valid regex"));
static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--(.*?)-->").expect("valid regex"));

impl Document {
    /// Parses a page. Never fails: problems with the page become part of the
    /// model (an invalid front matter) and rules report them.
    pub fn parse(path: impl Into<PathBuf>, text: String) -> Document {
        let path = path.into();
        let lines = LineIndex::new(&text);
        let front_matter = parse_front_matter(&text);
        // About one word in every eight bytes of a page.
        let words_expected = text.len() / 8;
        let mut doc = Document {
            path,
            text,
            lines,
            front_matter,
            headings: Vec::new(),
            links: Vec::new(),
            prose: Vec::new(),
            words: Vec::with_capacity(words_expected),
            blocks: Vec::new(),
            html_anchors: Vec::new(),
            comments: Vec::new(),
            code: Vec::new(),
            items: Vec::new(),
            shortcodes: Vec::new(),
            paragraphs: Vec::new(),
        };
        doc.extract_ast();
        doc.link_heading_parents();
        doc.code.sort_by_key(|s| s.start);
        doc.extract_hugo_refs();
        doc.paragraphs = (0..doc.blocks.len())
            .filter(|&i| doc.blocks[i].kind == BlockKind::Paragraph)
            .collect();
        doc
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Byte offset where the Markdown body starts (after the front matter).
    pub fn body_start(&self) -> usize {
        self.front_matter.span().map_or(0, |s| s.end)
    }

    /// The words of a prose run of this page, with byte ranges in `run.text`.
    pub fn words_of(&self, run: &TextRun) -> &[Word] {
        self.words.get(run.words.clone()).unwrap_or_default()
    }

    /// True if `offset` falls inside a Hugo shortcode.
    pub fn in_shortcode(&self, offset: usize) -> bool {
        let i = self.shortcodes.partition_point(|s| s.start <= offset);
        i > 0 && self.shortcodes[i - 1].contains(&offset)
    }

    /// The paragraph holding `offset`, if any (paragraphs never nest).
    pub fn paragraph_at(&self, offset: usize) -> Option<&Block> {
        let i = self
            .paragraphs
            .partition_point(|&b| self.blocks[b].span.start <= offset);
        let block = &self.blocks[*self.paragraphs.get(i.checked_sub(1)?)?];
        block.span.contains(&offset).then_some(block)
    }

    /// True if `offset` falls inside code or raw HTML.
    pub fn in_code(&self, offset: usize) -> bool {
        let i = self.code.partition_point(|s| s.start <= offset);
        i > 0 && self.code[i - 1].contains(&offset)
    }

    /// The line that sets the front matter's `title`, or the first line of the
    /// page: where a finding about the whole page is reported.
    pub fn title_span(&self) -> Span {
        let first_line = self.lines.line_range(&self.text, 1);
        let Some(front) = self.front_matter.span() else {
            return first_line;
        };
        let mut offset = front.start;
        for line in self.text[front.clone()].split_inclusive('\n') {
            if line.starts_with("title:") {
                return offset..offset + line.trim_end().len();
            }
            offset += line.len();
        }
        first_line
    }

    /// The heading whose section contains `offset`: the last heading before it.
    pub fn heading_at(&self, offset: usize) -> Option<usize> {
        let i = self.headings.partition_point(|h| h.span.start <= offset);
        i.checked_sub(1)
    }

    /// Texts of the headings enclosing `offset`, outermost first.
    pub fn heading_path(&self, offset: usize) -> Vec<&str> {
        let mut path: Vec<&str> =
            std::iter::successors(self.heading_at(offset), |&i| self.headings[i].parent)
                .map(|i| self.headings[i].text.as_str())
                .collect();
        path.reverse();
        path
    }

    /// Sets each heading's parent in one pass, so that finding the headings
    /// around a finding costs their depth (at most 6), not the page's length.
    fn link_heading_parents(&mut self) {
        let mut open: Vec<usize> = Vec::new();
        for i in 0..self.headings.len() {
            let depth = self.headings[i].depth;
            while open
                .last()
                .is_some_and(|&p| self.headings[p].depth >= depth)
            {
                open.pop();
            }
            self.headings[i].parent = open.last().copied();
            open.push(i);
        }
    }

    /// The paragraphs that start in `range`, in order.
    pub fn paragraphs_in(&self, range: &Range<usize>) -> impl Iterator<Item = &Block> {
        let first = self.blocks.partition_point(|b| b.span.start < range.start);
        let end = range.end;
        self.blocks[first..]
            .iter()
            .take_while(move |b| b.span.start < end)
            .filter(|b| b.kind == BlockKind::Paragraph)
    }

    /// End of the section that `heading` opens: the start of the next heading
    /// of the same or a shallower depth, or the end of the text.
    pub fn section_end(&self, heading: usize) -> usize {
        let depth = self.headings[heading].depth;
        self.headings[heading + 1..]
            .iter()
            .find(|h| h.depth <= depth)
            .map_or(self.text.len(), |h| h.span.start)
    }

    /// The byte range of the body that the comrak parse skipped as front matter
    /// is excluded here by construction; everything else comes from the AST.
    fn extract_ast(&mut self) {
        let arena = comrak::Arena::new();
        let options = comrak_options();
        let root = comrak::parse_document(&arena, &self.text, &options);
        let body_start = self.body_start();
        let mut anchorizer = comrak::Anchorizer::new();
        // The enclosing heading and links are tracked on the way down rather
        // than found by walking ancestors from every text node: that walk made
        // a deep block quote full of text quadratic (20,000 levels: minutes).
        let mut in_heading: Option<usize> = None;
        let mut link_stack: Vec<usize> = Vec::new();
        for edge in root.traverse() {
            let node = match edge {
                NodeEdge::Start(node) => node,
                NodeEdge::End(node) => {
                    match node.data().value {
                        NodeValue::Heading(_) => in_heading = None,
                        NodeValue::Link(_) | NodeValue::Image(_) => {
                            link_stack.pop();
                        }
                        _ => {}
                    }
                    continue;
                }
            };
            let data = node.data();
            let span = self.lines.sourcepos_range(&self.text, data.sourcepos);
            if span.end <= body_start && !matches!(data.value, NodeValue::Document) {
                // Keep the stacks balanced for the matching `End`.
                if matches!(data.value, NodeValue::Link(_) | NodeValue::Image(_)) {
                    link_stack.push(usize::MAX);
                }
                continue;
            }
            match &data.value {
                NodeValue::Heading(h) => {
                    let mut explicit = data.attrs.as_ref().and_then(|a| a.id.clone());
                    let mut text = plain_text(node);
                    let mut text_span =
                        inline_span(node, &self.lines, &self.text).unwrap_or(span.clone());
                    // Hugo (goldmark) also reads `Title{#id}`, with no space
                    // before the brace; comrak leaves that in the text.
                    if explicit.is_none()
                        && let (rest, Some(id)) = split_heading_attributes(&text)
                    {
                        text = rest.to_string();
                        explicit = Some(id);
                        if let Some(source) = self.text.get(text_span.clone())
                            && let (rest, Some(_)) = split_heading_attributes(source)
                        {
                            text_span.end = text_span.start + rest.len();
                        }
                    }
                    let anchor = match explicit {
                        Some(id) => id,
                        None => anchorizer.anchorize(&text),
                    };
                    self.headings.push(Heading {
                        depth: h.level,
                        text,
                        span,
                        text_span,
                        anchor,
                        parent: None,
                    });
                    in_heading = Some(self.headings.len() - 1);
                }
                NodeValue::Link(link) | NodeValue::Image(link) => {
                    let kind = if matches!(data.value, NodeValue::Image(_)) {
                        LinkKind::Image
                    } else {
                        LinkKind::Markdown
                    };
                    let url_span = find_url_span(&self.text, &span, &link.url);
                    link_stack.push(self.links.len());
                    self.links.push(Link {
                        kind,
                        url: link.url.clone(),
                        text: plain_text(node),
                        span,
                        url_span,
                        in_heading,
                    });
                }
                NodeValue::Text(t) => {
                    let mut span = span;
                    let mut verbatim = self.text.get(span.clone()) == Some(t.as_ref());
                    if !verbatim
                        && let Some(real) =
                            crate::model::span::literal_range(&self.text, span.start, t)
                    {
                        verbatim = real.len() == t.len();
                        span = real;
                    }
                    let in_link = link_stack.last().copied().filter(|&l| l != usize::MAX);
                    let first_word = self.words.len();
                    crate::model::words::split_keyed_into(t, &mut self.words);
                    self.prose.push(TextRun {
                        words: first_word..self.words.len(),
                        text: t.to_string(),
                        span,
                        verbatim,
                        in_heading,
                        in_link,
                    });
                }
                NodeValue::Code(_) => self.code.push(span),
                NodeValue::CodeBlock(_) => {
                    self.code.push(span.clone());
                    self.push_block(node, BlockKind::CodeBlock, span);
                }
                NodeValue::HtmlBlock(html) => {
                    self.scan_html(&html.literal, span.start);
                    self.code.push(span.clone());
                    self.push_block(node, BlockKind::HtmlBlock, span);
                }
                NodeValue::HtmlInline(html) => {
                    self.scan_html(html, span.start);
                    self.code.push(span);
                }
                NodeValue::Paragraph => {
                    let text = plain_text(node);
                    let top_level = is_top_level(node);
                    self.blocks.push(Block {
                        kind: BlockKind::Paragraph,
                        span,
                        text,
                        top_level,
                    });
                }
                NodeValue::List(_) => self.push_block(node, BlockKind::List, span),
                NodeValue::Item(_) | NodeValue::TaskItem(_) => self.items.push(span),
                NodeValue::Table(_) => self.push_block(node, BlockKind::Table, span),
                NodeValue::BlockQuote => self.push_block(node, BlockKind::BlockQuote, span),
                NodeValue::ThematicBreak => self.push_block(node, BlockKind::ThematicBreak, span),
                NodeValue::FootnoteDefinition(_) => self.push_block(node, BlockKind::Other, span),
                _ => {}
            }
        }
    }

    fn push_block(&mut self, node: &AstNode<'_>, kind: BlockKind, span: Span) {
        if is_top_level(node) {
            self.blocks.push(Block {
                kind,
                span,
                text: String::new(),
                top_level: true,
            });
        }
    }

    fn scan_html(&mut self, html: &str, base: usize) {
        for cap in HTML_ID.captures_iter(html) {
            self.html_anchors.push(cap[1].to_string());
        }
        for cap in COMMENT.captures_iter(html) {
            let whole = cap.get(0).expect("group 0");
            // The literal is the source text, so offsets map directly.
            self.comments.push(Comment {
                span: base + whole.start()..base + whole.end(),
                body: cap[1].trim().to_string(),
            });
        }
    }

    /// Hugo shortcodes are not Markdown: comrak sees them as text (or, inside a
    /// link destination, as a broken link). They are found once, here.
    fn extract_hugo_refs(&mut self) {
        let body_start = self.body_start();
        let body = &self.text[body_start..];
        if !body.contains("{{") {
            return;
        }
        self.shortcodes = SHORTCODE
            .find_iter(body)
            .map(|m| body_start + m.start()..body_start + m.end())
            .collect();
        let mut refs = Vec::new();
        for cap in HUGO_REF.captures_iter(body) {
            let whole = cap.get(0).expect("group 0");
            let start = body_start + whole.start();
            // A binary search: a page of many refs and code spans stays linear.
            if self.in_code(start) {
                continue;
            }
            let target = cap
                .get(1)
                .or(cap.get(2))
                .or(cap.get(3))
                .expect("one alternative");
            refs.push(Link {
                kind: LinkKind::HugoRef,
                url: target.as_str().to_string(),
                text: String::new(),
                span: start..body_start + whole.end(),
                url_span: Some(body_start + target.start()..body_start + target.end()),
                in_heading: None,
            });
        }
        for mut link in refs {
            link.in_heading = self
                .heading_at(link.span.start)
                .filter(|&h| self.headings[h].span.contains(&link.span.start));
            // Appended after the Markdown links so that `TextRun::in_link` stays valid.
            self.links.push(link);
        }
    }
}

/// Splits a trailing attribute block (`{#id .class key=val}`) off heading
/// text, as Hugo reads it: returns the text before it and its last `#id`.
/// The block is split off when a space precedes it or it holds an id.
pub fn split_heading_attributes(raw: &str) -> (&str, Option<String>) {
    let t = raw.trim_end();
    let Some(open) = t.strip_suffix('}').and_then(|body| body.rfind('{')) else {
        return (t, None);
    };
    let (before, inner) = (&t[..open], &t[open + 1..t.len() - 1]);
    let mut id = None;
    for token in inner.split_whitespace() {
        match token.strip_prefix('#') {
            Some("") => return (t, None),
            Some(i) => id = Some(i.to_string()),
            None if token.starts_with('.') || token.contains('=') => {}
            None => return (t, None),
        }
    }
    let spaced = before.is_empty() || before.ends_with([' ', '\t']);
    if spaced || id.is_some() {
        (before.trim_end(), id)
    } else {
        (t, None)
    }
}

fn is_top_level(node: &AstNode<'_>) -> bool {
    node.parent()
        .is_some_and(|p| matches!(p.data().value, NodeValue::Document))
}

/// Rendered plain text of a node: text and code literals, breaks as spaces.
fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for n in node.descendants().skip(1) {
        match &n.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Span covered by a node's inline children.
fn inline_span<'a>(node: &'a AstNode<'a>, lines: &LineIndex, text: &str) -> Option<Span> {
    let first = node.first_child()?;
    let last = node.last_child()?;
    let start = lines.sourcepos_range(text, first.data().sourcepos).start;
    let end = lines.sourcepos_range(text, last.data().sourcepos).end;
    (start < end).then_some(start..end)
}

/// Where a link's destination is written inside the link's source.
fn find_url_span(text: &str, link: &Span, url: &str) -> Option<Span> {
    if url.is_empty() {
        return None;
    }
    let source = text.get(link.clone())?;
    // Search from the end: the destination follows the link text.
    source
        .rfind(url)
        .map(|i| link.start + i..link.start + i + url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::parse("page.md", text.to_string())
    }

    #[test]
    fn headings_get_hugo_anchors() {
        let d = doc(
            "## Director, Engineering\n\n#### Group Manager, Product (GMP) - Responsibilities\n\n## Director, Engineering\n\n## Custom {#my-id}\n\n## 🤝 Glued{#glued}\n",
        );
        let anchors: Vec<_> = d.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(
            anchors,
            [
                "director-engineering",
                "group-manager-product-gmp---responsibilities",
                "director-engineering-1",
                "my-id",
                "glued"
            ]
        );
        assert_eq!(d.headings[4].text, "🤝 Glued");
        assert_eq!(&d.text[d.headings[4].text_span.clone()], "🤝 Glued");
    }

    #[test]
    fn hugo_refs_are_links_but_not_in_code() {
        let d = doc(
            "See [VP]({{< ref \"product-leadership#vp-of-product\" >}}) and `{{< ref \"nope\" >}}`.\n\n{{% relref \"other\" %}}\n",
        );
        let refs: Vec<_> = d
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::HugoRef)
            .map(|l| l.url.as_str())
            .collect();
        assert_eq!(refs, ["product-leadership#vp-of-product", "other"]);
    }

    #[test]
    fn html_anchors_and_comments_are_collected() {
        let d = doc(
            "<a name=\"top\"></a>\n\nText <span id='inline'>x</span>\n\n<!-- jflint-disable typo -->\n",
        );
        assert_eq!(d.html_anchors, ["top", "inline"]);
        assert_eq!(d.comments.len(), 1);
        assert_eq!(d.comments[0].body, "jflint-disable typo");
    }

    #[test]
    fn prose_excludes_code() {
        let d = doc("Some `code here` and\n\n```\nfenced\n```\n");
        let all: String = d.prose.iter().map(|r| r.text.as_str()).collect();
        assert!(!all.contains("code here"));
        assert!(!all.contains("fenced"));
        assert!(d.in_code(d.text.find("fenced").unwrap()));
    }

    #[test]
    fn heading_path_nests() {
        let d = doc("## A\n\n### B\n\ntext\n\n## C\n\nmore\n");
        assert_eq!(d.heading_path(d.text.find("text").unwrap()), ["A", "B"]);
        assert_eq!(d.heading_path(d.text.find("more").unwrap()), ["C"]);
        let d = doc("# T\n\n### Deep\n\n## Mid\n\n#### Deeper\n\nx\n");
        assert_eq!(d.heading_path(d.text.len() - 1), ["T", "Mid", "Deeper"]);
        let d = doc("intro\n\n## A\n");
        assert_eq!(d.heading_path(0), Vec::<&str>::new());
    }
}
