use std::collections::HashSet;

use crate::model::distance::edit_distance_str;
use crate::model::document::{Document, Link, LinkKind};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::link_format;
use crate::rules::registry::{Context, Rule, RuleCode};
use crate::site::{self, PageEntry, Resolved, SiteIndex, percent_decode};

/// ## What it does
/// Checks that links within the site land somewhere: in-page anchors, Hugo
/// refs and links to other pages of the site.
///
/// An in-page `#anchor` must match a heading (Hugo's heading ids, `{#custom}`
/// ids included, and for a heading that holds HTML or a link the id Hugo
/// makes from its source, `#i-classfas-fa-rocketi-vision`) or an HTML
/// `id`/`name`. A Hugo `{{< ref >}}` or `relref`
/// must name an existing page (by path, relative path or unique name) and
/// anchor. A link to another page (`/job-families/…`, `/handbook/…`, `../x/`)
/// must reach a page that exists and has the anchor; old-site spellings
/// (`index.html`, `.html`, `.md`) and aliases count. Other pages are looked
/// up in the site index when the site root (the folder holding `content/`)
/// is known; otherwise only in-page anchors are checked. A full URL to the
/// site's own sections (`https://about.gitlab.com/handbook/…`,
/// `https://handbook.gitlab.com/job-families/…`) is checked as its path, so a
/// page that moved or an anchor with a stray `/` (`#schedule/`) is reported
/// however the link is written. Other external URLs are not checked. A page whose
/// shortcodes add headings the index cannot see (a data-driven table, an
/// include that is not found) only gets an anchor reported when another link
/// to it spells the same anchor out in full. A destination `link-format`
/// reports as malformed (no leading `/`, a backslash, no scheme, doubled
/// parentheses) is left to it.
///
/// Applies to every page.
///
/// ## What it does not catch
/// - Links into sections the site does not hold (`/company/…`,
///   `about.gitlab.com/company/…`, `/pricing/`): the real site serves them
///   from another site or by redirect, so their absence here proves nothing.
/// - A link to the site root with an anchor (`/#new-hire-location-factor`)
///   and a fragment holding a second `#`, when the target's anchors are
///   incomplete.
/// - A link that lands on the wrong one of two same-named headings
///   (`#responsibilities-1` for `#responsibilities-2`): both anchors exist.
///
/// ## Why is this bad?
/// A broken reports-to or grade link sends readers to the top of a page, or
/// to a 404, exactly where they wanted to check who a role reports to. A
/// `ref` to a missing page stops the Hugo build altogether.
///
/// ## Example
/// ```markdown
/// Reports to the [VP of Product Management]({{< ref "product-leadership#vp-of-product-managemen" >}}).
/// ```
/// The anchor is truncated; the page's heading gives `#vp-of-product-management`:
/// ```markdown
/// Reports to the [VP of Product Management]({{< ref "product-leadership#vp-of-product-management" >}}).
/// ```
pub struct BrokenLink;

impl BrokenLink {
    pub fn new(_: &RuleData) -> Self {
        BrokenLink
    }
}

impl Rule for BrokenLink {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let here = ctx.site.and_then(|s| s.content_path(doc.path()));
        // Links with a fragment, by target, checked once all are known.
        let mut anchored: Vec<(&Link, String, Option<&PageEntry>)> = Vec::new();
        for link in &doc.links {
            // A malformed destination is `link-format`'s, with its fix.
            if link_format::is_malformed(&doc.text, link) {
                continue;
            }
            let Some(target) = Target::parse(link) else {
                continue;
            };
            if target.path.is_empty() {
                if let Some(fragment) = target.fragment {
                    anchored.push((link, fragment, None));
                }
                continue;
            }
            let Some(site) = ctx.site else {
                continue;
            };
            let resolved = match link.kind {
                LinkKind::HugoRef => site.resolve_ref(here.as_deref(), &target.path),
                LinkKind::Markdown | LinkKind::Image => {
                    site.resolve_link(here.as_deref(), &target.path)
                }
            };
            match resolved {
                Resolved::Page(page) => {
                    if let Some(fragment) = target.fragment {
                        let page = (Some(&page.file) != here.as_ref()).then_some(page);
                        anchored.push((link, fragment, page));
                    }
                }
                Resolved::MissingPage(url) => {
                    let help = if link.kind == LinkKind::HugoRef {
                        "point the ref at an existing page (a path under `content/` or a unique page name)"
                    } else {
                        "point the link at an existing page, or remove it"
                    };
                    out.push(
                        Diagnostic::new(
                            RuleCode::BrokenLink,
                            link_span(link),
                            format!("no page at `{url}`"),
                        )
                        .with_help(help),
                    );
                }
                Resolved::MissingFile(url) => out.push(
                    Diagnostic::new(
                        RuleCode::BrokenLink,
                        link_span(link),
                        format!("no file at `{url}`"),
                    )
                    .with_help("add the file under `static/` or fix the path"),
                ),
                Resolved::File | Resolved::Unknown => {}
            }
        }
        // The page's own anchors come from its text (which may be newer
        // than the index), plus what its shortcodes add: gathered only for a
        // page that links to one of its own anchors.
        let own_ids = std::cell::OnceCell::new();
        let own = std::cell::OnceCell::new();
        for (link, fragment, page) in &anchored {
            let anchors = match page {
                None => own.get_or_init(|| {
                    let (ids, complete) = own_ids.get_or_init(|| own_anchor_ids(doc, ctx.site));
                    Anchors {
                        set: AnchorSet::Own(
                            doc.headings
                                .iter()
                                .map(|h| h.anchor.as_str())
                                .chain(doc.html_anchors.iter().map(String::as_str))
                                .chain(ids.iter().map(String::as_str))
                                .collect(),
                        ),
                        complete: *complete,
                        page: None,
                    }
                }),
                Some(page) => &Anchors {
                    set: AnchorSet::Indexed(&page.anchors().set),
                    complete: page.anchors().complete,
                    page: Some(page),
                },
            };
            if anchors.set.contains(fragment) {
                continue;
            }
            if anchors.complete {
                out.push(missing_anchor(doc, link, fragment, anchors));
                continue;
            }
            // The page has anchors the index cannot see; only a fragment that
            // another link to the same page spells out in full is reported.
            let same_target = |p: &Option<&PageEntry>| p.map(|p| &p.url) == page.map(|p| &p.url);
            let fuller = anchored
                .iter()
                .filter(|(_, _, p)| same_target(p))
                .map(|(_, f, _)| f.as_str())
                .filter(|f| is_truncation(fragment, f))
                .max_by_key(|f| f.len());
            if let Some(fuller) = fuller {
                let target = page.map_or("this page".to_string(), |p| format!("`{}`", p.url));
                let message = format!(
                    "anchor `#{fragment}` looks truncated: another link to {target} uses `#{fuller}`"
                );
                out.push(suggest(
                    doc,
                    link,
                    Diagnostic::new(RuleCode::BrokenLink, link_span(link), message),
                    fuller,
                ));
            }
        }
    }
}

/// The ids a page has besides its headings' anchors and HTML ids: those
/// Hugo builds from a heading's source, and those its shortcodes add; and
/// whether the shortcodes' are all known.
fn own_anchor_ids(doc: &Document, site: Option<&SiteIndex>) -> (Vec<String>, bool) {
    let calls = site::shortcodes(&doc.text[doc.body_start()..]);
    let (mut ids, complete) = site::shortcode_anchors(site.map(|s| s.root.as_path()), &calls);
    // Hugo's renderer slugs a heading's source, markup included; handbook
    // links use those ids for headings that hold HTML or links. A heading
    // with an explicit `{#id}` has that id only.
    ids.extend(
        doc.headings
            .iter()
            .filter(|h| {
                doc.text
                    .get(h.span.clone())
                    .is_some_and(|s| !s.contains("{#"))
            })
            .filter_map(|h| doc.text.get(h.text_span.clone()))
            .map(site::source_slug)
            .filter(|id| !id.is_empty()),
    );
    (ids, complete)
}

/// The anchors a link can land on.
struct Anchors<'a> {
    set: AnchorSet<'a>,
    /// False when shortcodes may add anchors the index cannot see.
    complete: bool,
    /// The target page; `None` for the page being checked.
    page: Option<&'a PageEntry>,
}

/// The anchors of the page being checked, or those the site index holds for
/// another page (read in place: a page may have thousands).
enum AnchorSet<'a> {
    Own(HashSet<&'a str>),
    Indexed(&'a HashSet<String>),
}

impl<'a> AnchorSet<'a> {
    fn contains(&self, anchor: &str) -> bool {
        match self {
            AnchorSet::Own(set) => set.contains(anchor),
            AnchorSet::Indexed(set) => set.contains(anchor),
        }
    }

    /// Every anchor, sorted.
    fn sorted(&self) -> Vec<&'a str> {
        let mut all: Vec<&'a str> = match self {
            AnchorSet::Own(set) => set.iter().copied().collect(),
            AnchorSet::Indexed(set) => set.iter().map(String::as_str).collect(),
        };
        all.sort_unstable();
        all
    }
}

/// `short` is `long` cut off by a character or two inside a word
/// (`…-managemen` for `…-management`); a longer difference is more likely
/// another anchor (`#kassio` and `#kassioborges` on a team page).
fn is_truncation(short: &str, long: &str) -> bool {
    (1..=2).contains(&(long.len() - short.len().min(long.len())))
        && long.starts_with(short)
        && short.chars().next_back().is_some_and(char::is_alphanumeric)
        && long[short.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// A link destination split into what the checks need.
struct Target {
    /// The path, decoded, without query or fragment (empty for `#x`).
    path: String,
    /// The fragment, decoded; `None` without `#` or with an empty one.
    fragment: Option<String>,
}

impl Target {
    /// `None` for what is not checked: external URLs, `mailto:`, shortcodes.
    fn parse(link: &Link) -> Option<Target> {
        let url = link.url.trim();
        if url.is_empty() || url.contains("{{") || url.contains("}}") || url.starts_with("//") {
            return None;
        }
        // A full URL to the site's own pages is checked as its path.
        let url = if has_scheme(url) {
            site::relative_form(url)?
        } else {
            url
        };
        let (before, fragment) = match url.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (url, None),
        };
        let path = before.split('?').next().unwrap_or("");
        let fragment = fragment
            .map(percent_decode)
            .filter(|f| !f.is_empty() && !skipped_fragment(f));
        if path.is_empty() && fragment.is_none() {
            return None;
        }
        Some(Target {
            path: percent_decode(path),
            fragment,
        })
    }
}

fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// Fragments a browser or Hugo handles without an element: the top of the
/// page, text fragments, footnotes.
fn skipped_fragment(fragment: &str) -> bool {
    fragment == "top"
        || fragment.starts_with(":~:")
        || fragment.starts_with("fn:")
        || fragment.starts_with("fnref:")
}

fn link_span(link: &Link) -> std::ops::Range<usize> {
    link.url_span.clone().unwrap_or_else(|| link.span.clone())
}

fn missing_anchor(
    doc: &Document,
    link: &Link,
    fragment: &str,
    anchors: &Anchors<'_>,
) -> Diagnostic {
    let message = match anchors.page {
        None => format!("link target `#{fragment}` does not exist on this page"),
        Some(page) => format!("page `{}` has no anchor `#{fragment}`", page.url),
    };
    let diagnostic = Diagnostic::new(RuleCode::BrokenLink, link_span(link), message);
    match closest(fragment, &anchors.set) {
        Some(best) => suggest(doc, link, diagnostic, best),
        None => diagnostic.with_help(match anchors.page {
            None => "link to one of this page's headings, or add the anchor",
            Some(_) => "link to one of that page's headings, or to the page itself",
        }),
    }
}

/// Help naming the likely anchor, and an unsafe fix that writes it.
fn suggest(doc: &Document, link: &Link, diagnostic: Diagnostic, anchor: &str) -> Diagnostic {
    let diagnostic = diagnostic.with_help(format!("did you mean `#{anchor}`?"));
    match fragment_range(doc, link) {
        Some(range) => diagnostic.with_fix(Fix::unsafe_edit(range, anchor)),
        None => diagnostic,
    }
}

/// The source range of the fragment after `#` in the link destination.
fn fragment_range(doc: &Document, link: &Link) -> Option<std::ops::Range<usize>> {
    let span = link.url_span.clone()?;
    let source = doc.text.get(span.clone())?;
    let hash = source.find('#')?;
    Some(span.start + hash + 1..span.end)
}

/// The anchor closest to `wanted` within a small edit distance, if one is
/// clearly the best; case differences cost nothing extra to find.
fn closest<'a>(wanted: &str, anchors: &AnchorSet<'a>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 5).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for anchor in anchors.sorted() {
        let d = if anchor == wanted_lower {
            0
        } else {
            edit_distance_str(&wanted_lower, anchor, limit).unwrap_or(limit + 1)
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, anchor));
        }
    }
    best.map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::job_family::JobFamily;
    use crate::site::SiteIndex;
    use std::path::Path;

    fn check(site: Option<&SiteIndex>, path: &str, text: &str) -> Vec<Diagnostic> {
        let doc = Document::parse(path, text.to_string());
        let family = JobFamily::build(&doc);
        let phrases = crate::language::phrases::PageHits::default();
        let ctx = Context {
            doc: &doc,
            family: &family,
            site,
            phrases: &phrases,
            files: &[],
        };
        let mut out = Vec::new();
        BrokenLink.check(&ctx, &mut out);
        out
    }

    #[test]
    fn in_page_anchor_with_suggestion_and_unsafe_fix() {
        let text =
            "## VP of Product Management\n\nReports to the [VP](#vp-of-product-managemen).\n";
        let out = check(None, "page.md", text);
        assert_eq!(out.len(), 1);
        let d = &out[0];
        assert_eq!(
            d.message,
            "link target `#vp-of-product-managemen` does not exist on this page"
        );
        assert_eq!(&text[d.span.clone()], "#vp-of-product-managemen");
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `#vp-of-product-management`?")
        );
        let fix = d.fix.as_ref().expect("a fix");
        assert_eq!(
            fix.applicability,
            crate::rules::diagnostic::Applicability::Unsafe
        );
        let mut fixed = text.to_string();
        fixed.replace_range(fix.edits[0].range.clone(), &fix.edits[0].replacement);
        assert!(check(None, "page.md", &fixed).is_empty(), "{fixed}");
    }

    #[test]
    fn far_anchors_get_no_suggestion() {
        let out = check(None, "page.md", "## Levels\n\nSee [x](#requirements).\n");
        assert_eq!(out.len(), 1);
        assert!(out[0].fix.is_none());
        assert!(
            !out[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean")
        );
    }

    #[test]
    fn cross_page_targets_need_a_site() {
        let text = "[a](/job-families/nope/) [b]({{< ref \"nope\" >}}) [c](https://x.y/#q)\n";
        assert!(check(None, "page.md", text).is_empty());
        let site = SiteIndex::from_pages(
            Path::new("/s"),
            [
                ("job-families/x.md", "## X\n"),
                ("job-families/y.md", "## Y\n"),
            ],
        );
        let out = check(Some(&site), "/s/content/job-families/x.md", text);
        let messages: Vec<_> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["no page at `/job-families/nope/`", "no page at `nope`"]
        );
        let ok = "## X\n\n[y](../y/#y) [y]({{% relref \"y#y\" %}}) [self](/job-families/x/#x)\n";
        let out = check(Some(&site), "/s/content/job-families/x.md", ok);
        assert!(out.is_empty(), "{out:?}");
        let bad = "[y]({{% relref \"y#z\" %}})\n";
        let out = check(Some(&site), "/s/content/job-families/x.md", bad);
        assert_eq!(out[0].message, "page `/job-families/y/` has no anchor `#z`");
    }

    #[test]
    fn truncations_are_short_cuts_inside_a_word() {
        assert!(is_truncation(
            "vp-of-product-managemen",
            "vp-of-product-management"
        ));
        assert!(is_truncation("tool-adoption-ra", "tool-adoption-rate"));
        assert!(!is_truncation("kassio", "kassioborges"));
        assert!(!is_truncation("levels-", "levels-1"));
        assert!(!is_truncation("levels", "levels"));
        assert!(!is_truncation("levels", "other-levels"));
    }

    #[test]
    fn edit_distance() {
        assert_eq!(edit_distance_str("kitten", "sitting", 5), Some(3));
        assert_eq!(edit_distance_str("abc", "abc", 1), Some(0));
        assert_eq!(edit_distance_str("abc", "xyzabc", 1), None);
    }
}
