//! What the spelling, link and Markdown rules change when their fixes are
//! applied, and which findings carry no fix or only an unsafe one.

use std::path::Path;

use jflint::Engine;
use jflint::Finding;
use jflint::rules::diagnostic::{Applicability, Fix};
use jflint::rules::registry::RuleCode;
use jflint::workspace::config::Config;

fn findings(rule: RuleCode, text: &str) -> Vec<Finding> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let engine = Engine::new(
        Config::builtin(root.to_path_buf()),
        None,
        Some(vec![rule.into()]),
    );
    engine
        .lint_text(Path::new("content/handbook/page.md"), text.to_string())
        .findings
}

/// The text after one pass of the rule's safe fixes.
fn fixed(rule: RuleCode, text: &str) -> String {
    let found = findings(rule, text);
    let safe: Vec<&Fix> = found
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe)
        .collect();
    jflint::rules::diagnostic::apply_fixes(text, safe).0
}

const HEAD: &str = "---\ntitle: Page\n---\n\n";

fn page(body: &str) -> String {
    format!("{HEAD}{body}")
}

#[test]
fn british_spellings_become_american_with_their_case() {
    let text = page("Our organisation will Prioritise the CENTRE of the programme.\n");
    assert_eq!(
        fixed(RuleCode::BritishSpelling, &text),
        page("Our organization will Prioritize the CENTER of the program.\n")
    );
}

#[test]
fn a_heading_fix_is_unsafe_as_its_anchor_changes() {
    let text = page("## Fulfilment\n\n## Behaviour {#behaviour}\n");
    let found = findings(RuleCode::BritishSpelling, &text);
    let kinds: Vec<_> = found
        .iter()
        .map(|f| (f.excerpt.as_str(), f.fix.as_ref().map(|x| x.applicability)))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Fulfilment", Some(Applicability::Unsafe)),
            ("Behaviour", Some(Applicability::Safe))
        ]
    );
}

#[test]
fn foreign_text_and_link_targets_are_left() {
    let text = page(
        "Les équipes et la direction pour une bonne organisation du travail.\n\n\
         See [the guide](https://example.org/organisation-colour/).\n",
    );
    assert!(findings(RuleCode::BritishSpelling, &text).is_empty());
}

#[test]
fn full_urls_to_the_site_become_root_relative() {
    let text = page(
        "Read [hiring](https://about.gitlab.com/handbook/hiring/?tab=1#screening) and \
         [families](https://handbook.gitlab.com/job-families/sales/).\n",
    );
    assert_eq!(
        fixed(RuleCode::AbsoluteLink, &text),
        page(
            "Read [hiring](/handbook/hiring/?tab=1#screening) and [families](/job-families/sales/).\n"
        )
    );
}

#[test]
fn shown_urls_are_not_absolute_links() {
    let text = page(
        "Terms at https://about.gitlab.com/handbook/legal/ and <https://handbook.gitlab.com/handbook/x/>.\n\n\
         [https://handbook.gitlab.com/handbook/y/](https://handbook.gitlab.com/handbook/y/)\n",
    );
    assert!(findings(RuleCode::AbsoluteLink, &text).is_empty());
}

#[test]
fn link_destinations_are_repaired() {
    let text = page(
        "- [a](handbook/values/)\n- [b](/handbook//values//)\n- [c](hhttps://example.com/x)\n\
         - [d](malto:it@example.com)\n- [e](handbook.gitlab.com/handbook/values/)\n\
         - [f](https://gitlab.com/group\\project)\n",
    );
    assert_eq!(
        fixed(RuleCode::LinkFormat, &text),
        page(
            "- [a](/handbook/values/)\n- [b](/handbook/values/)\n- [c](https://example.com/x)\n\
             - [d](mailto:it@example.com)\n- [e](/handbook/values/)\n\
             - [f](https://gitlab.com/group/project)\n"
        )
    );
}

#[test]
fn a_scheme_added_to_a_bare_host_is_unsafe() {
    let text = page("See [docs](www.example.com/docs).\n");
    let found = findings(RuleCode::LinkFormat, &text);
    assert_eq!(found.len(), 1);
    let fix = found[0].fix.as_ref().expect("a fix");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    assert_eq!(fix.edits[0].replacement, "https://www.example.com/docs");
}

#[test]
fn kramdown_lines_are_removed_with_their_toc_item() {
    let text = page(
        "## On this page\n{:.no_toc .hidden-md}\n\n- TOC\n{:toc}\n\n## Title {:.no_toc}\n\nText.\n{: .alert}\n",
    );
    assert_eq!(findings(RuleCode::LegacySyntax, &text).len(), 4);
    assert_eq!(
        fixed(RuleCode::LegacySyntax, &text),
        page("## On this page\n\n## Title {:.no_toc}\n\nText.\n")
    );
}

#[test]
fn stray_emphasis_has_no_fix() {
    let text = page("Work across the * various teams.\n");
    let found = findings(RuleCode::UnbalancedEmphasis, &text);
    assert_eq!(found.len(), 1);
    assert!(found[0].fix.is_none());
}

#[test]
fn front_matter_without_its_opening_line_gets_one() {
    let text = "title: Page\nlayout: job_family_page\n---\n\n## Level\n";
    let found = findings(RuleCode::Frontmatter, text);
    assert_eq!(
        found.len(),
        1,
        "{:?}",
        found.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
    assert_eq!(fixed(RuleCode::Frontmatter, text), format!("---\n{text}"));
}
