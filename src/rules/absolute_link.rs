use crate::model::document::{Link, LinkKind};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags links to the handbook's own pages written as full URLs
/// (`https://handbook.gitlab.com/handbook/…`, the old
/// `https://about.gitlab.com/handbook/…`, and `…/job-families/…` or
/// `…/teamops/…` on either host) and offers the root-relative form
/// (`/handbook/…`), keeping the anchor and the query.
///
/// Only the site's own sections count: `about.gitlab.com/company/…` or
/// `about.gitlab.com/pricing/` are pages of another site and are left alone.
///
/// ## Why is this bad?
/// A full URL leaves the site being read: from a review app, a local preview or
/// a mirror it jumps to production, so a page moved in the same change looks
/// fine in review and breaks after merge. The old `about.gitlab.com/handbook/`
/// host only redirects, one hop per click, and link checkers cannot resolve
/// either form against the site.
///
/// ## Example
/// ```markdown
/// See the [hiring process](https://about.gitlab.com/handbook/hiring/#screening-call).
/// ```
/// Use instead:
/// ```markdown
/// See the [hiring process](/handbook/hiring/#screening-call).
/// ```
/// A URL that is shown as such (a bare URL, `<https://…>`, or a link whose
/// text is its own URL) is left alone: it is there to be read, as in a contract.
pub struct AbsoluteLink;

impl AbsoluteLink {
    pub fn new(_: &RuleData) -> Self {
        AbsoluteLink
    }
}

pub use crate::site::relative_form;

/// `[text](url)` or `![alt](url)`, as opposed to `<url>` or a bare URL.
fn is_bracketed(text: &str, link: &Link) -> bool {
    text.get(link.span.clone())
        .is_some_and(|s| s.starts_with('[') || s.starts_with("!["))
}

impl Rule for AbsoluteLink {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        for link in &doc.links {
            if link.kind == LinkKind::HugoRef {
                continue;
            }
            // A URL shown as the text (bare, `<…>`, or as its own link text)
            // is there to be read, in a contract or for print: leave it.
            if !is_bracketed(&doc.text, link) || relative_form(link.text.trim()).is_some() {
                continue;
            }
            let Some(relative) = relative_form(&link.url) else {
                continue;
            };
            let span = link.url_span.clone().unwrap_or(link.span.clone());
            let mut d = Diagnostic::new(
                RuleCode::AbsoluteLink,
                span.clone(),
                format!("link to the handbook's own page `{relative}` is a full URL"),
            )
            .with_help(format!("link to `{relative}`"));
            if link.url_span.is_some() {
                d = d.with_fix(Fix::safe(span, relative));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_become_relative() {
        assert_eq!(
            relative_form("https://about.gitlab.com/handbook/hiring/?a=1#x"),
            Some("/handbook/hiring/?a=1#x")
        );
        assert_eq!(
            relative_form("https://handbook.gitlab.com/job-families/engineering/"),
            Some("/job-families/engineering/")
        );
        assert_eq!(
            relative_form("http://handbook.gitlab.com/teamops"),
            Some("/teamops")
        );
    }

    #[test]
    fn other_pages_stay() {
        for url in [
            "https://about.gitlab.com/company/team/",
            "https://about.gitlab.com/handbooks/",
            "https://internal.gitlab.com/handbook/",
            "https://gitlab.com/handbook/",
            "/handbook/hiring/",
        ] {
            assert_eq!(relative_form(url), None, "{url}");
        }
    }
}
