use std::sync::LazyLock;

use regex::Regex;

use crate::language::phrases::run_range;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags location requirements in a job family: "must be located in…",
/// "must reside in…", "based in…", "must be able to work in US time zones".
/// Two kinds of constraint belong to the role wherever it is hired and are
/// not reported: the residency a US Federal specialty needs by law (under a
/// heading naming `Federal`), and places a role must not be based in ("Not
/// based in …").
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

static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?:must|should|will\s+need\s+to|needs?\s+to|required\s+to)\s+(?:be\s+)?(?:located|based|resid\w*|live|living|relocate)\b
        | \b(?:is|are|be|been)\s+(?:\w+\s+)?based\s+(?:somewhere\s+)?in\s+(?:the\s+)?(?-i:\p{Lu})\w*
        | \b(?:must|should|needs?\s+to|required\s+to)\s+(?:be\s+able\s+to\s+)?work\s+(?:in|during|within|across)\b[^.;]{0,40}?\btime\s*zones?\b
        ",
    )
    .expect("valid regex")
});

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
        for run in &doc.prose {
            for m in LOCATION.find_iter(&run.text) {
                // "is not based in …": a place the role excludes.
                if m.as_str()
                    .split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("not"))
                {
                    continue;
                }
                let Some(span) = run_range(doc, run, m.range()) else {
                    continue;
                };
                if doc
                    .heading_path(span.start)
                    .iter()
                    .any(|h| FEDERAL.is_match(h))
                {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        RuleCode::LocationRequirement,
                        span,
                        format!("location requirement `{}`", m.as_str()),
                    )
                    .with_help("move location and time-zone needs to the vacancy; the job family applies everywhere"),
                );
            }
        }
    }
}
