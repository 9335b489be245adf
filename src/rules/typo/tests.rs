//! Tests of the `typo` rule.

use super::page::vale_spelling;
use super::*;
use crate::language::english::is_foreign;
use crate::model::document::Document;
use crate::rules::registry::check_page;

fn typo() -> Typo {
    Typo::new(&RuleData::builtin())
}

fn check(text: &str) -> (Document, Vec<Diagnostic>) {
    check_page(&typo(), "page.md", text)
}

fn found(text: &str) -> Vec<(String, Option<String>)> {
    let (doc, out) = check(text);
    out.iter()
        .map(|d| {
            (
                doc.text[d.span.clone()].to_string(),
                d.fix.as_ref().map(|f| f.edits[0].replacement.clone()),
            )
        })
        .collect()
}

#[test]
fn required_misspellings_are_known() {
    let t = typo();
    for (wrong, right) in [
        ("Parter", "partner"),
        ("fucntional", "functional"),
        ("orgnization", "organization"),
        ("capabiliites", "capabilities"),
        ("distrbuted", "distributed"),
        ("iniatitives", "initiatives"),
    ] {
        let list = t.corrections(wrong).unwrap_or_default();
        assert!(
            list.iter().any(|c| c.eq_ignore_ascii_case(right)),
            "{wrong}: {list:?}"
        );
    }
    assert_eq!(t.corrections("partner"), None);
    assert_eq!(t.corrections("GitLab"), None);
}

#[test]
fn case_is_preserved() {
    assert_eq!(match_case("Parter", "partner"), "Partner");
    assert_eq!(match_case("parter", "partner"), "partner");
    assert_eq!(match_case("PARTER", "partner"), "PARTNER");
    assert_eq!(
        found("Parter, parter and PARTER."),
        [
            ("Parter".to_string(), Some("Partner".to_string())),
            ("parter".to_string(), Some("partner".to_string())),
            ("PARTER".to_string(), Some("PARTNER".to_string())),
        ]
    );
}

#[test]
fn spans_are_exact_in_lists_and_emphasis() {
    let (doc, out) =
        check("---\nlayout: page\n---\n\n- Work **cross-fucntional** with the &amp; orgnization\n");
    let words: Vec<&str> = out.iter().map(|d| &doc.text[d.span.clone()]).collect();
    assert_eq!(words, ["fucntional", "orgnization"]);
    assert_eq!(doc.lines.position(&doc.text, out[1].span.start).0, 5);
}

#[test]
fn not_prose_is_skipped() {
    let text = "Visit <https://example.com/orgnization> and [orgnization](https://x.io/orgnization).\n\n\
`orgnization` and https://example.com/orgnization and @orgnization and orgnization.md\n\n\
```\norgnization\n```\n\n<span>orgnization</span>\n\n\
{{< youtube orgnization >}} and [x]({{< ref \"orgnization\" >}})\n";
    let found = found(text);
    // Only the link text is prose.
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn contractions_acronyms_and_names_are_skipped() {
    assert!(found("It isn't, doesn't; the TEH and GitLab iOS x86 teh2.").is_empty());
    assert_eq!(
        found("The orgnization's goals.")
            .into_iter()
            .map(|f| f.0)
            .collect::<Vec<_>>(),
        ["orgnization"]
    );
}

#[test]
fn several_corrections_mean_no_fix() {
    let (doc, out) = check("Is ther a way?\n");
    assert_eq!(out.len(), 1);
    assert_eq!(&doc.text[out[0].span.clone()], "ther");
    assert!(out[0].fix.is_none());
    assert!(out[0].message.contains("`there`"), "{}", out[0].message);
    assert!(out[0].message.contains(" or "), "{}", out[0].message);
}

#[test]
fn configured_words_override_the_dictionary() {
    let mut data = RuleData::builtin();
    data.accepted.insert("fucntional".to_string());
    data.corrections
        .insert("widgt".to_string(), "widget".to_string());
    let t = Typo::new(&data);
    assert_eq!(t.corrections("Fucntional"), None);
    assert_eq!(t.corrections("Widgt"), Some(vec!["widget".to_string()]));
    assert_eq!(
        t.corrections("practies"),
        Some(vec!["practices".to_string()])
    );
}

#[test]
fn capitalised_unknown_words_are_checked_where_a_sentence_opens() {
    let text = "- Operationlly strong. Conduting the plan, and Operationlly ready.\n\n\
                # Organizaton\n\nWe met Operationlly Smith.\n";
    assert_eq!(
        found(text),
        [
            (
                "Operationlly".to_string(),
                Some("Operationally".to_string())
            ),
            ("Conduting".to_string(), Some("Conducting".to_string())),
            ("Organizaton".to_string(), Some("Organization".to_string())),
        ]
    );
    // Names: a first letter that differs (`Kantata`, not `cantata`), more
    // than one edit (`Allianz`), short names.
    assert_eq!(
        found("- Kantata is our tool.\n- Allianz covers it.\n- Carta too.\n"),
        []
    );
}

#[test]
fn a_dropped_letter_breaks_a_tie_between_close_words() {
    // `drectly` is one edit from `directly` and from `erectly`.
    assert_eq!(
        found("We are drectly involved.\n"),
        [("drectly".to_string(), Some("directly".to_string()))]
    );
}

#[test]
fn unknown_words_get_an_unsafe_guess() {
    let (doc, out) = check("- Keep the stakehloders close; Stakehloders is a name here\n");
    // The capitalised word is left alone.
    assert_eq!(out.len(), 1);
    assert_eq!(&doc.text[out[0].span.clone()], "stakehloders");
    assert_eq!(out[0].message, "unknown word `stakehloders`");
    assert_eq!(
        out[0].help.as_deref(),
        Some("write `stakeholders` if that was meant, or add `stakehloders` to `words.accept`")
    );
    let fix = out[0].fix.as_ref().expect("a fix");
    assert_eq!(
        fix.applicability,
        crate::rules::diagnostic::Applicability::Unsafe
    );
    assert_eq!(fix.edits[0].replacement, "stakeholders");
    // A known misspelling keeps its safe fix.
    let (_, out) = check("orgnization\n");
    let fix = out[0].fix.as_ref().expect("a fix");
    assert_eq!(
        fix.applicability,
        crate::rules::diagnostic::Applicability::Safe
    );
}

#[test]
fn configured_words_are_never_unknown() {
    let mut data = RuleData::builtin();
    data.accepted.insert("stakehloders".to_string());
    data.accepted.insert("upsrt".to_string());
    let t = Typo::new(&data);
    let (_, out) = check_page(
        &t,
        "page.md",
        "The stakehloders upsrt and upsrts records.\n",
    );
    assert!(out.is_empty(), "{out:?}");
}

#[test]
fn unknown_words_that_are_not_prose_are_skipped() {
    let text = "<!-- vale off -->\n\nstakehloders\n\n<!-- vale on -->\n\n\
Le membre de la stakehloders est responsable des demandes.\n\n\
| Key | Value |\n| --- | --- |\n| Tag | stakehloders |\n\n\
Read [stakehloders](https://example.com/stakehloders/) and the (S)takehloders.\n\n\
Run `stakehloders`, see stakehloders.md, and the .stakehloders file.\n";
    assert!(found(text).is_empty(), "{:?}", found(text));
    // The same word in a sentence of a table is prose.
    assert_eq!(
        found("| Tag | the stakehloders here |\n| --- | --- |\n").len(),
        1
    );
}

#[test]
fn vale_comments_toggle_spelling() {
    assert_eq!(vale_spelling("vale off"), Some(false));
    assert_eq!(vale_spelling("vale on"), Some(true));
    assert_eq!(vale_spelling("vale handbook.Spelling = NO"), Some(false));
    assert_eq!(vale_spelling("vale gitlab.Spelling = YES"), Some(true));
    assert_eq!(vale_spelling("vale gitlab.FutureTense = NO"), None);
    let found = found("<!-- vale off -->\n\norgnization\n\n<!-- vale on -->\n\norgnization\n");
    assert_eq!(found.len(), 1);
}

#[test]
fn other_languages_are_not_checked() {
    assert!(is_foreign(
        "Le membre de l'équipe est responsable des demandes"
    ));
    assert!(!is_foreign("Partner with the leaders of the organization"));
    assert!(!is_foreign("Director, Security"));
    assert!(is_foreign("Adaptation du mobilier"));
    assert!(is_foreign("Lorem ipsum dolor sit amet"));
    assert!(!is_foreign(
        "FY2022 AU R&D Tax Credit - Supporting Documention"
    ));
}

#[test]
fn the_title_and_description_are_prose_at_their_place() {
    let text = "---\ntitle: \"Widget Orgnization\"\ndescription: Widgets for the stakehloders\n\
                layout: orgnization\n---\n\nBody.\n";
    let (doc, out) = check(text);
    let at: Vec<(&str, (usize, usize))> = out
        .iter()
        .map(|d| {
            (
                &doc.text[d.span.clone()],
                doc.lines.position(&doc.text, d.span.start),
            )
        })
        .collect();
    assert_eq!(at, [("Orgnization", (2, 16)), ("stakehloders", (3, 30))]);
}

#[test]
fn capitalised_words_in_titles_are_words() {
    // A heading, a title written in prose, the page's title.
    let text = "## Widget Quantititative Reviews\n\n\
                - [Build Qualitative & Quantititative Feedback Loops](https://example.com)\n\n\
                We hire Full Stack Sofware Engineers.\n";
    assert_eq!(
        found(text),
        [
            (
                "Quantititative".to_string(),
                Some("Quantitative".to_string())
            ),
            (
                "Quantititative".to_string(),
                Some("Quantitative".to_string())
            ),
            ("Sofware".to_string(), Some("Software".to_string())),
        ]
    );
    // Outside a title, a capitalised word two edits away is a name; so is
    // one beside a first name, and one the page's path spells.
    assert!(found("We met Quantititative there.\n").is_empty());
    assert!(found("- Ask Candace Byrdsong Williams\n").is_empty());
    let (_, out) = check_page(&typo(), "instruqt.md", "## Instruqt Tech Guide\n");
    assert!(out.is_empty(), "{out:?}");
}

#[test]
fn slips_of_form_are_reported_in_prose_only() {
    let text = "- Answer questions on the mailinglist\n\
                - Ensure non-gaap metrics for Software/Saas companies\n\
                - Understanding of SLDC\n- Community pProgram applications\n";
    assert_eq!(
        found(text),
        [
            ("mailinglist".to_string(), Some("mailing list".to_string())),
            ("gaap".to_string(), Some("GAAP".to_string())),
            ("Saas".to_string(), Some("SaaS".to_string())),
            ("SLDC".to_string(), Some("SDLC".to_string())),
            ("pProgram".to_string(), Some("Program".to_string())),
        ]
    );
    // Names and identifiers: a slug, a channel, a link to what it names.
    let text = "| sales-emea | team |\n| --- | --- |\n\n\
                See [saas](/realms/saas/) and `saas` and the iPhone or eGroup.\n";
    assert!(found(text).is_empty(), "{:?}", found(text));
}
