use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::{Document, LinkKind, TextRun};
use crate::model::words::key_hash;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks that `GitLab` and `GitHub` are spelled with their capitals in prose:
/// `Gitlab`, `Gitlab's`, `GItLab` and `Github` are reported and fixed; so are
/// the names of other companies and products that job families cite, when a
/// capital is misplaced: `Youtube` (`YouTube`), `Hashicorp` (`HashiCorp`),
/// `ZenDesk` (`Zendesk`), `Linkedin`, `Javascript`, `Netsuite`, `SalesForce`.
/// Applies to every page. Only
/// prose is read: code, URLs, link targets, front matter, file names, handles
/// and identifiers (`gitlab.com`, `gitlab-org`, `@gitlab`, `Gitlab::Redis`)
/// are left as they are, and an all-capitals `GITLAB` is taken as deliberate.
///
/// An all-lowercase `gitlab` or `github` is reported on job-family pages
/// only: elsewhere in a handbook it usually names the software itself (the
/// `gitlab` repository, chart or pod). Even there, a lowercase word that
/// stands alone in emphasis, quotes or a heading, or that names the target of
/// its link, is a literal name and is left alone.
///
/// ## What it does not catch
/// Lowercase forms of the other names (`youtube`, `zendesk`), which are
/// mostly hosts, handles and shortcode names; names not in the list; a name
/// split in two (`Git Lab`, `You Tube`).
///
/// ## Why is this bad?
/// The company and product name is part of the brand; a job description that
/// misspells it looks careless to the candidates who read it.
///
/// ## Example
/// ```markdown
/// Represent Gitlab leadership and reflect our values.
/// ```
/// Use instead:
/// ```markdown
/// Represent GitLab leadership and reflect our values.
/// ```
pub struct BrandName;

/// The names checked, as they are spelled. The first two are also reported
/// all in lowercase on job families; the others only when written with a
/// capital in the wrong place (`Youtube`, `Hashicorp`, `ZenDesk`), since a
/// lowercase `youtube` is most often part of a link or a handle.
const BRANDS: &[&str] = &[
    "GitLab",
    "GitHub",
    "HashiCorp",
    "JavaScript",
    "LinkedIn",
    "NetSuite",
    "Salesforce",
    "YouTube",
    "Zendesk",
];

static BRAND: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = BRANDS.iter().map(|b| regex::escape(b)).collect();
    Regex::new(&format!(r"(?i)\b(?:{})\b", names.join("|"))).expect("valid regex")
});
/// The word keys of the names: a run without any is not searched.
static BRAND_KEYS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    BRANDS
        .iter()
        .map(|b| key_hash(b.to_ascii_lowercase().as_bytes()))
        .collect()
});

impl BrandName {
    pub fn new(_: &RuleData) -> Self {
        BrandName
    }
}

impl Rule for BrandName {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        for run in &doc.prose {
            // Only runs that are the source verbatim, so a fix edits exactly the word.
            if !run.verbatim
                || !doc
                    .words_of(run)
                    .iter()
                    .any(|w| BRAND_KEYS.contains(&w.key_hash))
            {
                continue;
            }
            for m in BRAND.find_iter(&run.text) {
                if doc.in_shortcode(run.span.start + m.start()) {
                    continue;
                }
                let start = run.span.start + m.start();
                let end = run.span.start + m.end();
                let word = m.as_str();
                let Some(&canonical) = BRANDS.iter().find(|b| b.eq_ignore_ascii_case(word)) else {
                    continue;
                };
                if word == canonical || word.chars().all(|c| c.is_ascii_uppercase()) {
                    continue;
                }
                if !is_prose_word(doc, start, end, word) || in_link_target(doc, start) {
                    continue;
                }
                let lowercase = word.chars().all(|c| c.is_ascii_lowercase());
                if lowercase && !matches!(canonical, "GitLab" | "GitHub") {
                    continue;
                }
                if lowercase && (!ctx.family.is_job_family || is_literal_name(doc, run, start, end))
                {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        RuleCode::BrandName,
                        start..end,
                        format!("`{word}` is spelled `{canonical}`"),
                    )
                    .with_help(format!("write `{canonical}`"))
                    .with_fix(Fix::safe(start..end, canonical)),
                );
            }
        }
    }
}

/// False when the word is part of a URL, host, path, handle, file name or
/// identifier, judged by the characters around it in the source.
fn is_prose_word(doc: &Document, start: usize, end: usize, word: &str) -> bool {
    let text = &doc.text;
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || "@/\\.-_#:=~+&%$".contains(c)) {
        return false;
    }
    let after = &text[end..];
    let capitalised = word.starts_with(|c: char| c.is_ascii_uppercase());
    ends_word(after)
        || ["'s", "’s"]
            .iter()
            .any(|s| after.strip_prefix(s).is_some_and(ends_word))
        // `Gitlab.com` in prose is the product's name; `gitlab.com` is a host.
        || (capitalised && after.strip_prefix(".com").is_some_and(ends_word))
}

/// True when `rest` (the text after a word) starts with the end of the word:
/// nothing, a space, closing punctuation, or a full stop or colon that ends
/// the sentence rather than continuing a host, file name or identifier.
fn ends_word(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        Some(c) if c.is_whitespace() || ",;!?)]\"'’”*".contains(c) => true,
        Some('.' | ':') => chars
            .next()
            .is_none_or(|c| c.is_whitespace() || "*)]\"'’”".contains(c)),
        Some(_) => false,
    }
}

/// A lowercase word that stands alone in a heading, emphasis or quotes
/// (`**gitlab**`, `"gitlab"`), or in link text whose destination contains
/// it (`[gitlab roulette](…/gitlab-roulette)`): the literal name of something.
fn is_literal_name(doc: &Document, run: &TextRun, start: usize, end: usize) -> bool {
    let word = &doc.text[start..end];
    if run.in_heading.is_some() && run.text.trim() == word {
        return true;
    }
    if let Some(link) = run.in_link.and_then(|i| doc.links.get(i))
        && link.url.to_lowercase().contains(word)
    {
        return true;
    }
    let before = doc.text[..start].chars().next_back();
    let after = doc.text[end..].chars().next();
    let quote = |c: Option<char>| c.is_some_and(|c| "*_\"'“”‘’`".contains(c));
    quote(before) && quote(after)
}

/// Inside a link destination or a Hugo `ref` argument.
fn in_link_target(doc: &Document, offset: usize) -> bool {
    doc.links.iter().any(|l| {
        l.url_span.as_ref().is_some_and(|s| s.contains(&offset))
            || (l.kind == LinkKind::HugoRef && l.span.contains(&offset))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

    /// The words reported on `text` read as the page at `path`.
    fn found_in(path: &str, text: &str) -> Vec<String> {
        let (doc, out) = check_page(&BrandName, path, text);
        out.iter()
            .map(|d| doc.text[d.span.clone()].to_string())
            .collect()
    }

    const FAMILY: &str = "content/job-families/x.md";

    fn found(text: &str) -> Vec<String> {
        found_in(FAMILY, text)
    }

    #[test]
    fn reports_misspellings_in_prose() {
        assert_eq!(
            found("Work at Gitlab and github, with Gitlab's values; gitlab.\n"),
            ["Gitlab", "github", "Gitlab", "gitlab"]
        );
        assert_eq!(found("## Life at Gitlab\n"), ["Gitlab"]);
        assert_eq!(found("Sign in to Gitlab.com now.\n"), ["Gitlab"]);
        assert_eq!(
            found("[Leadership at Gitlab](https://gitlab.com/x)\n"),
            ["Gitlab"]
        );
        assert_eq!(
            found("Gitlab’s values (see Github).\n"),
            ["Gitlab", "Github"]
        );
        assert_eq!(found("Drive GItLab's values.\n"), ["GItLab"]);
    }

    #[test]
    fn reports_other_names_with_a_misplaced_capital() {
        assert_eq!(
            found("Post on the Youtube channel, work with Hashicorp and ZenDesk.\n"),
            ["Youtube", "Hashicorp", "ZenDesk"]
        );
        assert_eq!(
            found("Use YouTube, zendesk, HashiCorp and [youtube](https://youtube.com).\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn lowercase_only_on_job_families() {
        let text = "Install the gitlab chart and the github app, at Gitlab.\n";
        assert_eq!(found_in(FAMILY, text), ["gitlab", "github", "Gitlab"]);
        assert_eq!(found_in("content/handbook/x.md", text), ["Gitlab"]);
    }

    #[test]
    fn fix_replaces_only_the_word() {
        let (doc, out) = check_page(&BrandName, FAMILY, "At Gitlab's office.\n");
        let fix = out[0].fix.as_ref().unwrap();
        assert_eq!(
            fix.applicability,
            crate::rules::diagnostic::Applicability::Safe
        );
        assert_eq!(&doc.text[fix.edits[0].range.clone()], "Gitlab");
        assert_eq!(fix.edits[0].replacement, "GitLab");
    }

    #[test]
    fn leaves_urls_code_and_identifiers_alone() {
        for text in [
            "See https://gitlab.com/gitlab-org/gitlab and www.github.com.\n",
            "Email someone@gitlab.com or ping @gitlab or #gitlab-ci.\n",
            "Run `gitlab-ctl reconfigure` and `Gitlab::Redis`.\n",
            "```\nGitlab\n```\n",
            "The gitlab.com namespace, the gitlab-org group, the Meltano-Gitlab tap.\n",
            "Use `Support::SaaS::Gitlab.com::Export` and Gitlab::HTTP.head.\n",
            "A [link](https://example.com/Gitlab/page) and [gitlab](https://gitlab.com/gitlab-org/gitlab).\n",
            "See [gitlab roulette](https://gitlab.com/gitlab-org/gitlab-roulette).\n",
            "---\ntitle: Life at Gitlab\n---\n\nText.\n",
            "Edit gitlab.yml or gitlab_rails settings, GitLab and GITLAB are fine.\n",
            "See [VP]({{< ref \"gitlab\" >}}) and {{< youtube id=\"gitlab\" >}}.\n",
            "<!-- Gitlab --> <span title=\"Gitlab\">x</span>\n",
            "Enter **gitlab** as the domain, or \"github\".\n\n### gitlab\n",
            "Visit Gitlab.com.au or Gitlab.company today.\n",
        ] {
            assert_eq!(found(text), Vec::<String>::new(), "{text}");
        }
    }
}
