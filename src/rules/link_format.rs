use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::{Link, LinkKind};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags malformed link destinations and links that did not parse. In detail:
///
/// - a site path without its leading slash (`handbook/values/`), which the
///   browser resolves against the current page;
/// - the same written with `./` (`./handbook/values/`);
/// - `//` inside a path of the site (`/handbook//values/`);
/// - a mistyped scheme (`hhttps://`, `https:/host`, `https//host`, `malto:`);
/// - a web address with no scheme (`www.example.com/x`, `gitlab.com/group`),
///   which the browser treats as a relative path on this site;
/// - backslashes used as slashes (`gitlab.com\group\project`);
/// - spaces in a destination;
/// - doubled parentheses (`[values]((/handbook/values/))`), which make the
///   parentheses part of the destination;
/// - a bracket left at the end of a destination with none to pair it
///   (`…/values/#collaboration[`);
/// - a second `#` in the anchor of a link on the site
///   (`/handbook/x/#communication#writing`, `#teams/##widgets/`): a
///   heading's id never holds one, so the link lands at the top of the page;
/// - Markdown links that did not parse: a space between `]` and `(`, or a
///   destination with spaces, so the brackets show as text.
///
/// The fix is offered where the intended destination is certain. A `./` in
/// front of another relative path is not reported: `./x` and `x` resolve alike.
///
/// ## Why is this bad?
/// Each of these either sends readers to a page that does not exist or works
/// only by accident (browsers forgive `//` and `\`, link checkers and other
/// renderers do not).
///
/// ## Example
/// ```markdown
/// Read [our values](handbook/values/) and the [docs](www.example.com/docs).
/// ```
/// Use instead:
/// ```markdown
/// Read [our values](/handbook/values/) and the [docs](https://www.example.com/docs).
/// ```
pub struct LinkFormat;

/// A relative destination that starts with one of the site's top sections.
static SITE_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:handbook|job-families|teamops)(?:[/?#]|$)").expect("valid regex")
});
/// An http scheme with a typo; group 1 is the `s` if any, the rest is the host.
static BAD_HTTP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:h{1,2}t{1,3}p{1,2}(s?)(?::/*|/{2}|;/{1,2}|:\\{2}))[A-Za-z0-9]")
        .expect("valid regex")
});
static GOOD_HTTP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:https?://)").expect("valid regex"));
/// A mistyped `mailto:`; group 1 is the address.
static BAD_MAILTO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:(?:malto|mailt|maito|mailtto|mialto|mailo|mail-to):|mailto(?://+|:/+))([^/:\s][^/\s]*@)",
    )
    .expect("valid regex")
});
/// A host name written as a relative path: `www.x.org/…`, `gitlab.com/…`.
static BARE_HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+|(?:[a-z0-9-]+\.)+(?:com|org|net|io|gov|edu|dev|co|ai|app|us|uk|de|fr|ca|ly|me|tv|info|biz))(?:[/?#:]|$)",
    )
    .expect("valid regex")
});
/// Text that shows a link did not parse: `[text] (url)`, `[text](a b)`.
static BROKEN_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[[^\[\]\n]+\][ \t]+\((?:https?://|/|#)[^()\s]*\)|\[[^\[\]\n]+\]\((?:https?://|/)[^()\s]*[ \t]+[^()\s\x22']+[^()]*\)")
        .expect("valid regex")
});

impl LinkFormat {
    pub fn new(_: &RuleData) -> Self {
        LinkFormat
    }
}

/// What is wrong with a destination, with its corrected form when certain.
struct Problem {
    message: String,
    help: String,
    fixed: Option<String>,
    /// The correction is probable rather than certain.
    probable: bool,
}

impl Problem {
    fn new(message: impl Into<String>, help: impl Into<String>, fixed: Option<String>) -> Self {
        Problem {
            message: message.into(),
            help: help.into(),
            fixed,
            probable: false,
        }
    }
}

fn diagnose(url: &str) -> Option<Problem> {
    if url.is_empty() {
        return None;
    }
    // A heading's id never holds `#`: a fragment with a second one
    // (`#communication#writing`, `#specialties/##widgets/`) lands nowhere.
    let is_relative = !url.contains(':');
    if is_relative
        && let Some((_, fragment)) = url.split_once('#')
        && fragment.contains('#')
    {
        return Some(Problem::new(
            format!("a second `#` in the anchor of `{url}`"),
            "keep one anchor: a heading's id holds no `#`",
            None,
        ));
    }
    if url.starts_with('#') {
        return None;
    }
    if let Some(c) = BAD_HTTP.captures(url)
        && !GOOD_HTTP.is_match(url)
    {
        // The match ends with the host's first character.
        let rest = &url[c.get(0).map_or(0, |m| m.end() - 1)..];
        let fixed = format!("http{}://{rest}", &c[1].to_lowercase());
        return Some(Problem::new(
            format!("mistyped scheme in `{url}`"),
            format!("link to `{fixed}`"),
            Some(fixed),
        ));
    }
    if let Some(c) = BAD_MAILTO.captures(url) {
        let rest = &url[c.get(1).map_or(0, |m| m.start())..];
        let fixed = format!("mailto:{rest}");
        return Some(Problem::new(
            format!("mistyped scheme in `{url}`"),
            format!("link to `{fixed}`"),
            Some(fixed),
        ));
    }
    let has_scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if !has_scheme && !url.starts_with('/') && !url.starts_with('.') && BARE_HOST.is_match(url) {
        if let Some(relative) =
            crate::rules::absolute_link::relative_form(&format!("https://{url}"))
        {
            return Some(Problem::new(
                format!("`{url}` has no scheme and is read as a path on this site"),
                format!("link to `{relative}`"),
                Some(relative.to_string()),
            ));
        }
        let fixed = format!("https://{url}");
        return Some(Problem {
            probable: true,
            ..Problem::new(
                format!("`{url}` has no scheme and is read as a path on this site"),
                format!("link to `{fixed}`"),
                Some(fixed),
            )
        });
    }
    let from_root = url.strip_prefix("./").unwrap_or(url);
    if !has_scheme && SITE_SECTION.is_match(from_root) {
        let fixed = format!("/{from_root}");
        return Some(Problem::new(
            format!(
                "site path `{url}` lacks its leading `/` and resolves against the current page"
            ),
            format!("link to `{fixed}`"),
            Some(fixed),
        ));
    }
    let is_web = !has_scheme || GOOD_HTTP.is_match(url);
    if is_web && url.contains('\\') {
        let fixed = url.replace('\\', "/");
        return Some(Problem::new(
            format!("backslash in `{url}`"),
            "use `/` between the parts of a path",
            Some(fixed),
        ));
    }
    if is_web && url.contains([' ', '\t']) {
        return Some(Problem::new(
            format!("space in link destination `{url}`"),
            "remove the spaces, or write them as `%20` if the address has them",
            None,
        ));
    }
    // `[text]((/path))`: CommonMark takes the inner parentheses as part of
    // the destination.
    if let Some(inner) = url.strip_prefix('(').and_then(|u| u.strip_suffix(')'))
        && !inner.is_empty()
        && !inner.contains(['(', ')'])
    {
        return Some(Problem::new(
            format!("doubled parentheses around `{inner}`"),
            format!("link to `{inner}`"),
            Some(inner.to_string()),
        ));
    }
    // A bracket left at the end (`…#values[`, `…/issues/161]`), with no
    // bracket to pair with.
    let unpaired = url.ends_with('[')
        || (url.ends_with(']') && url.matches(']').count() > url.matches('[').count());
    if is_web && unpaired {
        let fixed = url[..url.len() - 1].to_string();
        return Some(Problem::new(
            format!("stray `{}` at the end of `{url}`", &url[url.len() - 1..]),
            format!("link to `{fixed}`"),
            Some(fixed),
        ));
    }
    // Full URLs to the site are `absolute-link`'s; their fix leads here.
    let own_site = !has_scheme && !url.starts_with("//");
    if own_site && let Some(fixed) = collapse_slashes(url) {
        return Some(Problem::new(
            format!("`//` in the path of `{url}`"),
            format!("link to `{fixed}`"),
            Some(fixed),
        ));
    }
    None
}

/// `url` with repeated slashes in its path made single, if it has any.
fn collapse_slashes(url: &str) -> Option<String> {
    let (head, path_start) = match url.find("://") {
        Some(i) => {
            let after = i + 3;
            let host_end = url[after..].find('/').map_or(url.len(), |j| after + j);
            (&url[..host_end], host_end)
        }
        None => ("", 0),
    };
    let path_end = url[path_start..]
        .find(['?', '#'])
        .map_or(url.len(), |i| path_start + i);
    let path = &url[path_start..path_end];
    if !path.contains("//") {
        return None;
    }
    let mut collapsed = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && collapsed.ends_with('/')) {
            collapsed.push(c);
        }
    }
    Some(format!("{head}{collapsed}{}", &url[path_end..]))
}

/// Whether `link` is a destination this rule reports as malformed: where it
/// lands is beside the point until it is written right.
pub fn is_malformed(text: &str, link: &Link) -> bool {
    link.kind != LinkKind::HugoRef && is_written_link(text, link) && diagnose(&link.url).is_some()
}

impl Rule for LinkFormat {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        for link in &doc.links {
            if link.kind == LinkKind::HugoRef || !is_written_link(&doc.text, link) {
                continue;
            }
            let Some(problem) = diagnose(&link.url) else {
                continue;
            };
            let span = link.url_span.clone().unwrap_or(link.span.clone());
            let mut d = Diagnostic::new(RuleCode::LinkFormat, span.clone(), problem.message)
                .with_help(problem.help);
            if let (Some(fixed), Some(_)) = (problem.fixed, &link.url_span) {
                d = d.with_fix(if problem.probable {
                    Fix::unsafe_edit(span, fixed)
                } else {
                    Fix::safe(span, fixed)
                });
            }
            out.push(d);
        }
        let mut seen = Vec::new();
        for run in &doc.prose {
            if run.in_link.is_some() || !run.text.contains(']') {
                continue;
            }
            // The destination may have become a link of its own (a bare URL),
            // so the pattern is matched on the source up to the line's end.
            let line = doc
                .lines
                .line_range(&doc.text, doc.lines.line_of(run.span.end));
            let Some(source) = doc.text.get(run.span.start..line.end.max(run.span.end)) else {
                continue;
            };
            for m in BROKEN_LINK.find_iter(source) {
                let start = run.span.start + m.start();
                if start >= run.span.end || seen.contains(&start) || doc.in_code(start) {
                    continue;
                }
                seen.push(start);
                let shown: String = m.as_str().chars().take(40).collect();
                let more = if shown.len() < m.as_str().len() {
                    "…"
                } else {
                    ""
                };
                out.push(
                    Diagnostic::new(
                        RuleCode::LinkFormat,
                        start..run.span.start + m.end(),
                        format!("link did not parse and shows as text: `{shown}{more}`"),
                    )
                    .with_help("write `[text](destination)` with no space after `]` and none in the destination"),
                );
            }
        }
    }
}

/// `[text](url)`, `![alt](url)` or `<url>`: a destination the author typed.
/// Bare URLs that the autolink extension found are text, not destinations.
fn is_written_link(text: &str, link: &Link) -> bool {
    text.get(link.span.clone())
        .is_some_and(|s| s.starts_with('[') || s.starts_with("![") || s.starts_with('<'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(url: &str) -> Option<String> {
        diagnose(url).and_then(|p| p.fixed)
    }

    #[test]
    fn an_anchor_holds_one_hash() {
        for url in ["/handbook/x/#a#b", "#teams/##widgets/", "../x/#a##b"] {
            let problem = diagnose(url).expect(url);
            assert!(problem.message.contains("second `#`"), "{url}");
            assert_eq!(problem.fixed, None);
        }
        for url in ["/handbook/x/#a", "#a", "https://example.com/x#a#b"] {
            assert!(diagnose(url).is_none(), "{url}");
        }
    }

    #[test]
    fn site_paths_get_their_slash() {
        assert_eq!(
            fixed("handbook/values/#x").as_deref(),
            Some("/handbook/values/#x")
        );
        assert_eq!(
            fixed("job-families/sales/").as_deref(),
            Some("/job-families/sales/")
        );
        assert!(diagnose("handbooks/x").is_none());
        assert!(diagnose("values/").is_none());
    }

    #[test]
    fn stray_parentheses_and_brackets() {
        assert_eq!(
            fixed("(/handbook/values/)").as_deref(),
            Some("/handbook/values/")
        );
        assert_eq!(
            fixed("https://example.com/values/#collaboration[").as_deref(),
            Some("https://example.com/values/#collaboration")
        );
        assert_eq!(
            fixed("https://example.com/issues/161]").as_deref(),
            Some("https://example.com/issues/161")
        );
        // Brackets that pair are the address's own.
        assert!(diagnose("https://example.com/boards?label_name[]=x").is_none());
        assert!(diagnose("https://example.com/a_(b)").is_none());
    }

    #[test]
    fn schemes_are_repaired() {
        assert_eq!(
            fixed("hhttps://youtu.be/x").as_deref(),
            Some("https://youtu.be/x")
        );
        assert_eq!(
            fixed("https:/example.com/a").as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(
            fixed("http//example.com").as_deref(),
            Some("http://example.com")
        );
        assert_eq!(
            fixed("malto:it@example.com").as_deref(),
            Some("mailto:it@example.com")
        );
        assert!(diagnose("https://example.com/a").is_none());
        assert!(diagnose("mailto:it@example.com").is_none());
    }

    #[test]
    fn hosts_without_scheme() {
        assert_eq!(
            fixed("handbook.gitlab.com/handbook/x/").as_deref(),
            Some("/handbook/x/")
        );
        assert_eq!(
            fixed("www.example.com/a").as_deref(),
            Some("https://www.example.com/a")
        );
        assert!(diagnose("staging.html").is_none());
        assert!(diagnose("readme.md").is_none());
    }

    #[test]
    fn slashes() {
        assert_eq!(fixed("/handbook//x//").as_deref(), Some("/handbook/x/"));
        assert!(diagnose("https://example.com/a//b").is_none());
        assert!(diagnose("https://web.archive.org/web/2020/https://example.com/").is_none());
        assert!(diagnose("//cdn.example.com/x").is_none());
        assert!(diagnose("./roles/lead/").is_none());
        assert_eq!(
            fixed("./handbook/values/").as_deref(),
            Some("/handbook/values/")
        );
        assert_eq!(
            fixed("https://gitlab.com/a\\b").as_deref(),
            Some("https://gitlab.com/a/b")
        );
    }
}
