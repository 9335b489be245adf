use super::*;
use crate::rules::registry::check_page;

/// Each finding as `found -> replacement`.
fn found(text: &str) -> Vec<String> {
    let (doc, out) = check_page(&RealWord::new(&RuleData::builtin()), "page.md", text);
    out.iter()
        .map(|d| {
            let fix = d.fix.as_ref().expect("every finding has a fix");
            let edit = &fix.edits[0];
            format!("{} -> {}", &doc.text[edit.range.clone()], edit.replacement)
        })
        .collect()
}

#[test]
fn articles_follow_the_sound_of_the_next_word() {
    assert_eq!(
        found("Report to a Engineering Manager, then an Senior Analyst, in a hour.\n"),
        [
            "a Engineering -> an Engineering",
            "an Senior -> a Senior",
            "a hour -> an hour"
        ]
    );
    assert_eq!(
        found("Reports to a [Engineering Manager](#x).\n"),
        ["a [Engineering -> an [Engineering"]
    );
    assert_eq!(found("An high bar.\n"), ["An high -> A high"]);
}

#[test]
fn articles_that_fit_stay_silent() {
    for text in [
        "A user, a one-off, a European team, a unique role and a union.\n",
        "An SRE, an SQL query, a SaaS plan, an hour, an honest review, an historic day.\n",
        "Work with FP&A and M&A teams; pick a/an article; Option A is fine.\n",
        "Run `a` then `apple`, and an `x` value.\n",
        "Un ami a écrit à une amie et a envoyé la lettre.\n",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn a_stray_article_is_removed_and_an_for_and_is_fixed() {
    assert_eq!(
        found("Join a the team, old an new.\n"),
        ["a the -> the", "an new -> a new"]
    );
    assert_eq!(
        found("We keep old an this plan.\n"),
        ["an this -> and this"]
    );
    assert_eq!(
        found("You land in a **My Group** page.\n"),
        Vec::<String>::new()
    );
}

#[test]
fn plurals_after_a_singular_article() {
    assert_eq!(
        found("Draft a strategies for the quarter.\n"),
        ["a strategies -> a strategy"]
    );
    assert_eq!(
        found("It failed for a customers.\n"),
        ["a customers -> a customer"]
    );
    for text in [
        "Join a sales team and a series of talks on a systems approach.\n",
        "Open a macros.md file and a hands-on lab for a lens of focus.\n",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn broken_auxiliaries() {
    assert_eq!(
        found("You're be tasked with it. We will able to ship. It is be easy.\n"),
        [
            "You're be -> You'll be",
            "will able -> will be able",
            "is be -> is"
        ]
    );
    assert_eq!(
        found("A candidate may declined from the process. The video will needed editing.\n"),
        [
            "may declined -> may be declined",
            "will needed -> will need"
        ]
    );
    assert_eq!(
        found("It would of introduced a burden.\n"),
        ["would of -> would have"]
    );
    assert_eq!(found("They maybe sub-optimal.\n"), ["maybe -> may be"]);
    assert_eq!(
        found("We maybe will. They maybe could.\n"),
        Vec::<String>::new()
    );
    for text in [
        "You should of course check it.\n",
        "How will offloaded data be kept? They will dotted-line report to us.\n",
        "Candidates may proceed to the next stage; the will needed to ship.\n",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn confusables_in_contexts_that_settle_them() {
    assert_eq!(
        found("It costs more then that, rather then less. Never loose track; don't loose it.\n"),
        [
            "more then -> more than",
            "rather then -> rather than",
            "Never loose -> Never lose"
        ]
    );
    assert_eq!(
        found("Measure the affect of each change. Provide advise to the Principle Engineer.\n"),
        [
            "affect -> effect",
            "advise -> advice",
            "Principle -> Principal"
        ]
    );
    assert_eq!(
        found("Each team has it's own plan and there own goals; their is a roadmap.\n"),
        [
            "it's own -> its own",
            "there own -> their own",
            "their is -> there is"
        ]
    );
    for text in [
        "Do more, then rest. Releases affect the fleet. Core Principle of the team.\n",
        "We advise teams on their own goals, and it's owned by them.\n",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn nouns_and_verbs_of_two_words() {
    assert_eq!(
        found("Own the set up and a follow up. Help to setup the pipeline; you can login now.\n"),
        [
            "set up -> setup",
            "follow up -> follow-up",
            "to setup -> to set up",
            "can login -> can log in"
        ]
    );
    assert_eq!(
        found("Handle every day tasks and write it everyday.\n"),
        ["every day -> everyday", "everyday -> every day"]
    );
    for text in [
        "We set up the pipeline and follow up with customers; the setup is done.\n",
        "Coordinate the work around launches. Move to setup guides. Work every day.\n",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn a_lowercase_l_in_an_acronym() {
    assert_eq!(
        found("Track the ROl, the lT budget and the URl. Review Al/ML vendors and Al vendors.\n"),
        [
            "ROl -> ROI",
            "lT -> IT",
            "URl -> URL",
            "Al -> AI",
            "Al -> AI"
        ]
    );
    assert_eq!(
        found("Thanks to Al Smith and Mohammed Al Kobaisy.\n"),
        Vec::<String>::new()
    );
}

#[test]
fn a_phrase_pluralised_on_the_wrong_word() {
    assert_eq!(
        found("Run proof of concepts.\n"),
        ["proof of concepts -> proofs of concept"]
    );
}

#[test]
fn code_and_links_are_not_read_across() {
    for text in [
        "Set a `value` and an `x`, and a\n\n```\nan example\n```\n",
        "See [a](https://example.com/an) or <https://a.example/an-thing>.\n",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn known_slips_of_the_rule_file() {
    assert_eq!(
        found("Grow our though leadership with a word-class team and its stake holders.\n"),
        [
            "though leadership -> thought leadership",
            "word-class -> world-class",
            "stake holders -> stakeholders"
        ]
    );
    // A suggestion with capitals of its own keeps them; a capitalised slip
    // gets a capitalised fix.
    assert_eq!(
        found("Juris Doctorate required. Report to the Manger, Widgets. Free reign.\n"),
        [
            "Juris Doctorate -> Juris Doctor",
            "Manger -> Manager",
            "Free reign -> Free rein"
        ]
    );
    for text in [
        "Grow our thought leadership with a world-class team and its stakeholders.\n",
        "Build a pivot table and type `stake holders` in the search box.\n",
        "Le manger est prêt et la reine est ici, avec une pivot tablet pour tous.\n",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn the_rule_file_is_sorted_and_parses() {
    let (_, spec) = crate::rules::rule_file::RuleSet::builtin_spec(RuleCode::RealWord)
        .expect("rules/real-word.yaml");
    let phrases: Vec<&str> = spec
        .phrases
        .entries()
        .iter()
        .map(|e| e.phrase.as_str())
        .collect();
    assert!(phrases.len() > 100, "{}", phrases.len());
    assert!(
        phrases.windows(2).all(|w| w[0] < w[1]),
        "sorted, no duplicates"
    );
    assert!(
        spec.phrases
            .entries()
            .iter()
            .all(|e| e.suggestion.as_deref().is_some_and(|s| !s.is_empty())),
        "every slip has its correction"
    );
}

#[test]
fn nouns_of_two_words_used_as_verbs() {
    assert_eq!(
        found("Setup and maintain new widget environments.\n"),
        ["Setup -> Set up"]
    );
    assert_eq!(
        found("Debug and setup the pipeline, then kickoff a review.\n"),
        ["setup -> set up", "kickoff -> kick off"]
    );
    assert_eq!(
        found("Hire people that make-up a strong team. Backup the fleet.\n"),
        ["make-up -> make up", "Backup -> Back up"]
    );
    assert_eq!(
        found("Ability to break-down goals; know how to setup runners.\n"),
        ["to break-down -> to break down", "to setup -> to set up"]
    );
    assert_eq!(
        found("Ability to manager/prioritize many projects.\n"),
        ["to manager -> to manage"]
    );
    for text in [
        "Setup and configuration of the fleet. The setup the team uses is fine.\n",
        "During setup, the wizard asks. The make-up of a team matters.\n",
        "Report to manager level. From design to roll-out of features.\n",
        "A widget setup guide, the kickoff call and a backup plan.\n",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn its_before_a_noun_and_the_for_then() {
    assert_eq!(
        found("Explain the design and it's value. Candidates will the be invited.\n"),
        ["it's value -> its value", "the -> then"]
    );
    for text in [
        "It's valuable and it's team-wide. The team will then be invited.\n",
        "It's Value Stream Management, and the will be read.\n",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text}");
    }
}
