use std::sync::LazyLock;

use regex::Regex;

use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::file_rule::Match;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags location requirements in a job family: "must be located in…",
/// "must reside in…", "based in…", "must be able to work in US time zones".
/// The wording is the expression of `rules/location-requirement.yaml`. Two
/// kinds of constraint belong to the role wherever it is hired and are not
/// reported: the residency a US Federal specialty needs by law (under a
/// heading naming `Federal`), and places a role must not be based in ("Not
/// based in …").
///
/// Applies to job-family pages, in every part of the page.
///
/// ## What it does not catch
/// - A place named without a verb of residence ("US only", "EMEA role",
///   "Location: Remote, Americas").
/// - Time-zone needs written as hours ("available 9am to 5pm Pacific").
/// - Travel requirements ("travel up to 25%"), which are not about where the
///   role is based.
///
/// A team can add its own wording with a rule file that extends this rule
/// (`id: location-requirement`, `extends: true`, `tokens:` or `patterns:`).
///
/// ## Why is this bad?
/// A job family describes the role everywhere it is hired. Where a specific
/// opening has a location or time-zone need, it belongs in that vacancy, not in
/// the family every team member is measured against.
///
/// ## Example
/// ```markdown
/// - Must be located in the Washington DC metro area.
/// ```
/// Move the requirement to the vacancy that needs it.
pub struct LocationRequirement;

/// Headings of specialties whose location needs are set by law.
static FEDERAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bfederal\b").expect("valid regex"));

impl LocationRequirement {
    pub fn new(_: &RuleData) -> Self {
        LocationRequirement
    }
}

impl Rule for LocationRequirement {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let Some(rule) = ctx.rule_file(RuleCode::LocationRequirement) else {
            return;
        };
        for Match { span, text, .. } in rule.page_matches(ctx) {
            // "is not based in …": a place the role excludes.
            if text
                .split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("not"))
            {
                continue;
            }
            if doc
                .heading_path(span.start)
                .iter()
                .any(|h| FEDERAL.is_match(h))
            {
                continue;
            }
            out.push(rule.diagnostic(span, text, None, None));
        }
    }
}
