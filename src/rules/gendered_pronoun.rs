use std::sync::LazyLock;

use regex::Regex;

use crate::language::phrases::Hit;
use crate::model::document::Document;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags gendered pronouns (he, she, his, her, him, hers, his/her, s/he, …) in
/// prose. Paired forms ("he/she", "his or her") are always reported; a single
/// pronoun is not reported in a paragraph that names a person (a link to a team
/// member's page or a link whose text is a personal name), where it refers to
/// that person. Text in code or quoted names is ignored.
///
/// ## Why is this bad?
/// A role description that says "he" tells half the candidates the role is not
/// for them; "he/she" still leaves out non-binary people. "They" is correct and
/// reads better.
///
/// ## Example
/// ```markdown
/// - Enthusiasm that enables him or her to manage responsibilities.
/// ```
/// Use instead:
/// ```markdown
/// - Enthusiasm that enables them to manage responsibilities.
/// ```
pub struct GenderedPronoun;

static PERSON_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+)+$").expect("valid regex")
});

impl GenderedPronoun {
    pub fn new(_: &RuleData) -> Self {
        GenderedPronoun
    }
}

impl Rule for GenderedPronoun {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let Some(rule) = ctx.rule_file(RuleCode::GenderedPronoun) else {
            return;
        };
        for hit in rule.kept_hits(ctx) {
            if is_quoted(doc, hit) {
                continue;
            }
            let paired = hit.entry.phrase.contains(['/', ' ']);
            if !paired && names_a_person(doc, hit.span.start) {
                continue;
            }
            out.push(rule.diagnostic(hit.span.clone(), hit.text, None, None));
        }
    }
}

/// `"Her"` in quotes is a name (of a product, a book), not a pronoun.
fn is_quoted(doc: &Document, hit: &Hit<'_>) -> bool {
    let before = doc.text[..hit.span.start].chars().next_back();
    let after = doc.text[hit.span.end..].chars().next();
    matches!(before, Some('"' | '“' | '\'' | '‘')) && matches!(after, Some('"' | '”' | '\'' | '’'))
}

/// Does the paragraph around `offset` name a person?
fn names_a_person(doc: &Document, offset: usize) -> bool {
    let Some(paragraph) = doc.paragraph_at(offset) else {
        return false;
    };
    doc.links.iter().any(|l| {
        paragraph.span.contains(&l.span.start)
            && (l.url.contains("/team/") || PERSON_NAME.is_match(l.text.trim()))
    })
}
