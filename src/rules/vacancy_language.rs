use std::sync::LazyLock;

use regex::Regex;

use crate::language::phrases::run_range;
use crate::language::sentences::sentence_ranges;
use crate::model::document::{Document, Span, TextRun};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags wording that makes a job family read like a vacancy: the phrases of
/// `rules/vacancy-language.yaml` ("you will", "we're hiring", "exciting
/// opportunity", "the ideal candidate", "great candidates", "the candidate
/// should", "is seeking a", "apply today", "will enable you to", "part of
/// your role", "your term"), a candidate named with a word between ("An
/// ideal engineer candidate", "the successful Backend candidate") and text
/// that addresses the reader as the candidate in the second person:
/// - a sentence, bullet or heading that opens with "You", "You're", "You've",
///   "You'll", "You'd" or "Your" ("You are obsessed with …", "You've led a
///   complex organization.", "Your job is to …");
/// - "you" as the subject of a clause: after a comma or a conjunction ("As a
///   Support Engineer, you are …", "If you are willing …", "When you're not
///   …");
/// - the company speaking to the reader: "we'll invite you", "we expect that
///   you";
/// - "you" opening a relative clause on a noun, with a verb in -ing ("the
///   project you are leading", "the folks you'd be supporting").
///
/// One finding per sentence (or bullet, or heading), at its first such word.
///
/// Applies to job-family pages, except the Hiring Process (or Interview
/// Process) sections, which speak to candidates by design ("You will be
/// invited to a screening call"), and link texts (titles of articles).
///
/// ## What it does not catch
/// - "your" inside an imperative bullet ("Provide mentorship for the
///   engineers on your team", "Conduct weekly 1:1s with your manager"): the
///   bullet speaks to the role's holder, as every imperative responsibility
///   does, and the handbook's shared responsibilities are written this way.
/// - "you" as an object or generic "you" inside an imperative ("speak up
///   where you can add value", "the widgets you've built"), and "your" with
///   the people or things of the role ("your manager and your peers",
///   "underpin your approach"): the handbook's own reviewers leave most of
///   them alone, so reporting them all would bury the pitches.
/// - The handbook's shared bullet "You share our values, and work in
///   accordance with those values" (on most job families, the wording of the
///   old template) and "You adhere to our view of Leadership".
/// - A pointer to further reading ("You can learn more about the team on
///   its page", "you can find the details of future releases"): it speaks
///   to the page's reader; the sentence is not a pitch.
/// - Vacancy wording in the third person that names no candidate ("This
///   role is a great opportunity to …"), and imperatives written as a pitch
///   ("Be the one making decisions.").
///
/// ## Why is this bad?
/// A job family describes a role for everyone who holds it, now and later; it
/// is not an advertisement. Vacancy wording dates the page and addresses a
/// reader who is not its audience.
///
/// ## Example
/// ```markdown
/// - You will own the roadmap for the Verify stage.
/// - You are obsessed with making customers happy.
/// ```
/// Use instead:
/// ```markdown
/// - Own the roadmap for the Verify stage.
/// - Puts customers first.
/// ```
pub struct VacancyLanguage;

/// Headings of the sections written for candidates.
static CANDIDATE_SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:hiring|interview)\s+process\b").expect("valid regex"));

/// "you" in its forms, and "your".
static SECOND_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:you(?:['’](?:re|ve|ll|d))?|your)\b").expect("valid regex")
});

/// The company speaking to the reader: "we'll invite you", "we expect that you".
static WE_YOU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bwe(?:['’]ll|\s+will|\s+would)?\s+(?:[a-z]+\s+){0,2}?you\b")
        .expect("valid regex")
});

/// "you are leading", "you'll be supporting": the verb of a relative clause
/// ("the project you are leading"), after "you" and after "you're"/"you'll".
static AFTER_YOU: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(?:are|will\s+be)\s+[a-z]+ing\b").expect("valid regex"));
static AFTER_CONTRACTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(?:be\s+)?[a-z]+ing\b").expect("valid regex"));

/// "An ideal engineer candidate", "the successful Backend candidate": a
/// candidate named with a word between (the file's tokens take "ideal
/// candidate" itself).
static IDEAL_CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ideal|successful)\s+[a-z]+\s+candidates?\b").expect("valid regex")
});

/// Words before "you" that open a question or a comparison, not a relative
/// clause on a noun ("what you are looking for", "than you are").
const NOT_NOUNS: &[&str] = &[
    "how", "if", "than", "what", "when", "where", "whether", "which", "who", "whom", "why",
];

/// The shared values bullet of the old template ("You share our values, and
/// work in accordance with those values"), left alone.
static SHARED_VALUES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^you\s+share\b").expect("valid regex"));

/// A pointer to further reading ("You can learn more about the team on its
/// page", "you can browse some of its reports"): it speaks to the page's
/// reader, not to a candidate.
static FURTHER_READING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^you\s+can\s+(?:also\s+)?(?:learn\s+more|read\s+more|find|browse|see|view)\b")
        .expect("valid regex")
});

/// Words after which "you" opens a clause of its own ("If you are willing …").
const CLAUSE_OPENERS: &[&str] = &[
    "and", "as", "because", "but", "if", "once", "so", "then", "unless", "when", "whether", "while",
];

/// Characters of Markdown markup (and quotes) that may stand between a
/// sentence's start and its first word.
fn is_markup(c: char) -> bool {
    c.is_whitespace() || "*_#>\"“‘'([`~".contains(c)
}

impl VacancyLanguage {
    pub fn new(_: &RuleData) -> Self {
        VacancyLanguage
    }
}

/// Where the sentence holding `at` starts in its paragraph or heading.
fn sentence_start(doc: &Document, at: usize) -> usize {
    let block = doc
        .paragraph_at(at)
        .map(|b| b.span.start)
        .or_else(|| {
            doc.heading_at(at)
                .map(|h| &doc.headings[h])
                .filter(|h| h.span.contains(&at))
                .map(|h| h.span.start)
        })
        .unwrap_or_else(|| doc.text[..at].rfind('\n').map_or(0, |i| i + 1));
    block
        + sentence_ranges(&doc.text[block..at])
            .last()
            .map_or(0, |r| r.start)
}

/// How "you" or "your" at `at` stands in its sentence.
#[derive(PartialEq)]
enum Place {
    /// First word of the sentence, bullet or heading (or after a `Label:`).
    Opening,
    /// Subject of a clause: after a comma or a conjunction.
    Clause,
    Other,
}

fn place(doc: &Document, at: usize) -> Place {
    let lead = doc.text[sentence_start(doc, at)..at].trim_end_matches(is_markup);
    if lead.is_empty() || lead.ends_with([':', ';']) {
        return Place::Opening;
    }
    if lead.ends_with(',') {
        return Place::Clause;
    }
    let last = lead
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if CLAUSE_OPENERS.contains(&last.as_str()) {
        Place::Clause
    } else {
        Place::Other
    }
}

/// Second-person text in a run: (span in the page, text as written).
fn second_person(doc: &Document, run: &TextRun, out: &mut Vec<(Span, String)>) {
    for m in WE_YOU.find_iter(&run.text) {
        if let Some(span) = run_range(doc, run, m.range()) {
            out.push((span, m.as_str().to_string()));
        }
    }
    for m in SECOND_PERSON.find_iter(&run.text) {
        let rest = &run.text[m.start()..];
        if SHARED_VALUES.is_match(rest) || FURTHER_READING.is_match(rest) {
            continue;
        }
        let Some(span) = run_range(doc, run, m.range()) else {
            continue;
        };
        let is_your = m.as_str().eq_ignore_ascii_case("your");
        let keep = match place(doc, span.start) {
            Place::Opening => true,
            Place::Clause => !is_your,
            Place::Other => !is_your && relative_clause(&run.text, m.range()),
        };
        if keep {
            // Show the pronoun with the word after it: "You are", "Your job".
            let rest = &run.text[m.end()..];
            let next = rest
                .trim_start()
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .next()
                .unwrap_or("");
            let text = if next.is_empty() {
                m.as_str().to_string()
            } else {
                format!("{} {next}", m.as_str())
            };
            out.push((span, text));
        }
    }
}

/// True when "you" at `at` in `text` opens a relative clause on the noun
/// before it, with a verb in -ing: "the project you are leading", "the
/// areas you will be leading".
fn relative_clause(text: &str, at: std::ops::Range<usize>) -> bool {
    let Some(before) = text[..at.start].strip_suffix(' ') else {
        return false;
    };
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if word.is_empty() || !word.chars().all(char::is_lowercase) || NOT_NOUNS.contains(&word) {
        return false;
    }
    let after = &text[at.end..];
    if text[at.clone()].eq_ignore_ascii_case("you") {
        AFTER_YOU.is_match(after)
    } else {
        AFTER_CONTRACTION.is_match(after)
    }
}

/// True if `offset` lies in a Hiring Process (or Interview Process) section.
/// Headings inside a block quote (a quoted note to candidates, with headings
/// of its own) do not close the section around them.
fn in_candidate_section(doc: &Document, offset: usize) -> bool {
    let quoted = |h: usize| {
        let start = doc.headings[h].span.start;
        let line = doc.text[..start].rfind('\n').map_or(0, |i| i + 1);
        doc.text[line..start].contains('>') || doc.text[start..].starts_with('>')
    };
    let Some(last) = doc.heading_at(offset) else {
        return false;
    };
    let Some(open) = (0..=last).rev().find(|&h| !quoted(h)) else {
        return false;
    };
    std::iter::successors(Some(open), |&h| doc.headings[h].parent)
        .any(|h| CANDIDATE_SECTION.is_match(&doc.headings[h].text))
}

impl Rule for VacancyLanguage {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        // (span, text, second person?) for every candidate, then one per sentence.
        let rule = ctx.rule_file(RuleCode::VacancyLanguage);
        let mut found: Vec<(Span, String, bool)> = rule
            .into_iter()
            .flat_map(|r| r.kept_hits(ctx))
            .map(|hit| (hit.span.clone(), hit.text.to_string(), false))
            .collect();
        let mut pronouns = Vec::new();
        for run in doc.prose.iter().filter(|r| r.in_link.is_none()) {
            second_person(doc, run, &mut pronouns);
            for m in IDEAL_CANDIDATE.find_iter(&run.text) {
                if let Some(span) = run_range(doc, run, m.range()) {
                    found.push((span, m.as_str().to_string(), false));
                }
            }
        }
        found.extend(pronouns.into_iter().map(|(s, t)| (s, t, true)));
        found.sort_by_key(|(span, _, _)| span.start);
        let mut sentences: Vec<usize> = Vec::new();
        for (span, text, pronoun) in found {
            if in_candidate_section(doc, span.start) {
                continue;
            }
            let sentence = sentence_start(doc, span.start);
            if sentences.contains(&sentence) {
                continue;
            }
            sentences.push(sentence);
            if pronoun {
                let message =
                    format!("second-person wording `{text}` addresses a candidate in a job family");
                out.push(
                    Diagnostic::new(RuleCode::VacancyLanguage, span, message)
                        .with_help("describe the role in the third person or as a responsibility (\"Puts customers first\"), not the reader"),
                );
            } else if let Some(rule) = rule {
                out.push(rule.diagnostic(span, &text, None, None));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

    /// The text of each finding on a job-family page holding `body`.
    fn found(body: &str) -> Vec<String> {
        let text = format!("---\ntitle: Widget Strategist\nlayout: job_family_page\n---\n\n{body}");
        let rule = VacancyLanguage::new(&RuleData::builtin());
        let (doc, out) = check_page(&rule, "content/job-families/widget.md", &text);
        out.iter()
            .map(|d| doc.text[d.span.clone()].to_string())
            .collect()
    }

    #[test]
    fn a_pitch_to_the_reader_and_their_stint() {
        assert_eq!(
            found(
                "- Strategies that will enable you to grow.\n- Plan the last month of your term.\n"
            ),
            ["enable you to", "your term"]
        );
        assert_eq!(
            found("An ideal widget candidate -\n\nThe successful Backend candidates ship.\n"),
            ["ideal widget candidate", "successful Backend candidates"]
        );
    }

    #[test]
    fn you_opening_a_relative_clause() {
        assert_eq!(
            found("- Own the project you are leading.\n- Support the folks you're coaching.\n"),
            ["you", "you're"]
        );
        for body in [
            "- Test the widgets you've built.\n",
            "- Ask what you are looking for.\n",
            "- Work with your manager and your team.\n",
        ] {
            assert_eq!(found(body), Vec::<String>::new(), "{body}");
        }
    }

    #[test]
    fn a_pointer_to_further_reading_is_no_pitch() {
        assert_eq!(
            found(
                "The widget team ships weekly. You can learn more about it on [its page](/w/).

You can reason about widgets from a high level.
"
            ),
            ["You"]
        );
        assert_eq!(
            found(
                "To see what the team does, you can browse some of its reports.
"
            ),
            Vec::<String>::new()
        );
    }
}
