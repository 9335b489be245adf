//! `broken-link` across the pages of a site: help, unsafe fixes, and the site
//! root found from the page or given explicitly.

use std::path::{Path, PathBuf};

use jflint::rules::diagnostic::Applicability;
use jflint::rules::registry::RuleCode;
use jflint::workspace::config::Config;
use jflint::{Engine, FileReport};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn site_root() -> PathBuf {
    manifest().join("fixtures/broken-link/site")
}

fn lint(site: Option<&Path>, page: &Path, text: String) -> FileReport {
    let config = Config::builtin(manifest().to_path_buf());
    let engine = Engine::new(config, site, Some(vec![RuleCode::BrokenLink.into()]));
    engine.lint_text(page, text)
}

#[test]
fn suggestions_come_with_unsafe_fixes_that_resolve_the_link() {
    let page = site_root().join("content/job-families/engineering/bad-cross-page.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let report = lint(Some(&site_root()), &page, text.clone());
    let helps: Vec<(&str, Option<&str>)> = report
        .findings
        .iter()
        .map(|f| (f.excerpt.as_str(), f.help.as_deref()))
        .collect();
    assert!(
        helps.contains(&(
            "/job-families/product/widget-leadership/#vp-of-widget-managemen",
            Some("did you mean `#vp-of-widget-management`?")
        )),
        "{helps:#?}"
    );
    assert!(helps.contains(&(
        "/handbook/tools/metrics/#tool-adoption-rat",
        Some("did you mean `#tool-adoption-rate`?")
    )));

    // Apply every fix (all unsafe), back to front: those findings go away.
    let mut fixes: Vec<_> = report
        .findings
        .iter()
        .filter_map(|f| f.fix.clone())
        .collect();
    assert_eq!(fixes.len(), 2);
    assert!(
        fixes
            .iter()
            .all(|f| f.applicability == Applicability::Unsafe)
    );
    fixes.sort_by_key(|f| std::cmp::Reverse(f.edits[0].range.start));
    let mut fixed = text;
    for fix in &fixes {
        fixed.replace_range(fix.edits[0].range.clone(), &fix.edits[0].replacement);
    }
    let after = lint(Some(&site_root()), &page, fixed);
    assert_eq!(after.findings.len(), report.findings.len() - 2);
    assert!(after.findings.iter().all(|f| f.fix.is_none()));
}

#[test]
fn the_site_root_is_what_makes_cross_page_links_checkable() {
    let text =
        "## Levels\n\nSee [gone](/job-families/product/gone/) and [ref]({{< ref \"gone\" >}}).\n";
    let page = site_root().join("content/job-families/engineering/new-page.md");
    let with_site = lint(Some(&site_root()), &page, text.to_string());
    let messages: Vec<&str> = with_site
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "no page at `/job-families/product/gone/`",
            "no page at `gone`"
        ]
    );
    let without = lint(None, &page, text.to_string());
    assert!(without.findings.is_empty());
}

#[test]
fn the_index_reads_the_fixture_site() {
    let index = jflint::site::SiteIndex::build(&site_root());
    let leadership = index
        .page_at("/job-families/product/widget-leadership/")
        .expect("the page is indexed");
    assert!(
        leadership
            .anchors()
            .set
            .contains("vp-of-widget-management-job-grade")
    );
    assert!(leadership.anchors().complete);
    // The alias from the front matter leads to the same page.
    let alias = index
        .page_at("/job-families/product/widget-leaders/")
        .unwrap();
    assert_eq!(alias.url, leadership.url);
    // A data-driven shortcode leaves anchors the index cannot see.
    assert!(
        !index
            .page_at("/handbook/tools/metrics/")
            .unwrap()
            .anchors()
            .complete
    );
    // Top-level folders are sections even without an `_index.md`.
    assert!(index.page_at("/job-families/").is_some());
}
