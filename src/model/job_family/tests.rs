use super::*;

fn family(text: &str) -> (Document, JobFamily) {
    let doc = Document::parse("content/job-families/x/y.md", text.to_string());
    let fam = JobFamily::build(&doc);
    (doc, fam)
}

#[test]
fn seniorities_lead_the_rank_words() {
    assert_eq!(
        SENIORITY,
        [
            "associate",
            "junior",
            "senior",
            "staff",
            "principal",
            "distinguished",
            "lead"
        ]
    );
}

/// Each level's name and grade number, in order.
fn names_and_grades(fam: &JobFamily) -> Vec<(&str, Option<u32>)> {
    fam.levels
        .iter()
        .map(|l| (l.name.as_str(), l.grade.as_ref().and_then(|g| g.number)))
        .collect()
}

#[test]
fn levels_template() {
    let (doc, fam) = family(
        "## Responsibilities\n\n- a\n\n## Levels\n\n### Engineer\n\nThe Engineer reports to the [Manager](#manager).\n\n#### Engineer Job Grade\n\nThe Engineer is a [grade 6](/x/#gitlab-job-grades).\n\n#### Engineer Responsibilities\n\n- b\n\n### Senior Engineer\n\n#### Senior Engineer Responsibilities\n\n- c\n\n## Performance Indicators\n",
    );
    assert_eq!(fam.template, Template::Levels);
    let names: Vec<_> = fam.levels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Engineer", "Senior Engineer"]);
    let g = fam.levels[0].grade.as_ref().unwrap();
    assert_eq!(g.number, Some(6));
    assert_eq!(&doc.text[g.number_span.clone().unwrap()], "6");
    assert_eq!(g.role.as_ref().unwrap().0, "Engineer");
    assert!(g.link.is_some());
    let r = fam.levels[0].reports_to.as_ref().unwrap();
    assert_eq!(doc.links[r.link.unwrap()].url, "#manager");
    assert!(fam.levels[1].grade.is_none());
    assert!(fam.is_job_family);
}

#[test]
fn a_link_before_the_grade_is_not_the_grade_link() {
    let (_, fam) = family(
        "## Analyst\n\n### Job Grade\n\nPaid as the [calculator](/calc/) says.\nThe Analyst is a grade 4 (/x/#gitlab-job-grades).\n",
    );
    let grade = fam.levels[0].grade.as_ref().unwrap();
    assert_eq!(grade.number, Some(4));
    assert!(grade.link.is_none());
    let (doc, fam) = family(
        "## Analyst\n\n### Job Grade\n\nThe Analyst is a [grade 6](/x/#gitlab-job-grades).\n",
    );
    let link = fam.levels[0].grade.as_ref().unwrap().link.unwrap();
    assert_eq!(doc.links[link].url, "/x/#gitlab-job-grades");
}

#[test]
fn misplaced_level_sections_are_not_levels() {
    let (_, fam) = family(
        "## Levels\n\n### Analyst\n\n#### Analyst Job Grade\n\nThe Analyst is a grade 6.\n\n### Analyst Requirements\n\n- a\n\n### Senior Analyst\n\nText.\n",
    );
    let names: Vec<_> = fam.levels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Analyst", "Senior Analyst"]);

    let (_, fam) = family(
        "# Levels\n\n## Counsel\n\n### Counsel Job Grade\n\nThe Counsel is a grade 7.\n\n## Specialties\n\n### Privacy\n\n- a\n\n## Public Sector\n\n- b\n",
    );
    let names: Vec<_> = fam.levels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Counsel"]);
}

#[test]
fn a_hiring_step_is_no_reporting_line() {
    let (_, fam) = family(
        "## Levels\n\n### Analyst\n\n#### Job Grade\n\nThe Analyst is a grade 6.\n\n#### Hiring Process\n\n- An interview with the Manager to which the position reports to\n",
    );
    assert!(fam.levels[0].reports_to.is_none());
    // A level misplaced under the family's hiring process keeps its own.
    let (_, fam) = family(
        "## Levels\n\n### Analyst\n\n#### Job Grade\n\nThe Analyst is a grade 6.\n\n## Hiring Process\n\n- Screening call\n\n### Senior Analyst\n\nThe Senior Analyst reports to the [Manager](#manager).\n\n#### Job Grade\n\nThe Senior Analyst is a grade 7.\n",
    );
    assert!(fam.levels[1].reports_to.is_some());
}

#[test]
fn the_reporting_link_follows_the_phrase() {
    let (doc, fam) = family(
        "## Levels\n\n### Analyst\n\n#### Job Grade\n\nThe Analyst is a [grade 6](/x/#gitlab-job-grades). The Analyst reports to the Manager, Data.\n\n### Senior Analyst\n\n#### Job Grade\n\nThe Senior Analyst is a [grade 7](/x/). The Senior Analyst reports to the [Manager, Data](#manager-data).\n",
    );
    assert_eq!(fam.levels[0].reports_to.as_ref().unwrap().link, None);
    let second = fam.levels[1].reports_to.as_ref().unwrap();
    assert_eq!(doc.links[second.link.unwrap()].url, "#manager-data");
}

#[test]
fn reporting_lines_are_told_from_reports() {
    for yes in [
        "The Analyst reports to the Manager, Data.",
        "The Payroll Specialist reports directly to the Manager, Payroll.",
        "Field Marketers report into the regional manager.",
        "The Representative reports intot the Manager, Inside Sales.",
        "This role manages 2-4 analysts, and reports either to a Director or a VP.",
    ] {
        assert!(mentions_reports_to(yes), "{yes}");
    }
    for no in [
        "Compile quarterly metrics reports to measure our successes.",
        "Deliver security risk reports to management.",
        "Ensure that the managers who report to you have what they need.",
        "Issue regular status and ad hoc reports to senior management.",
        "Reporting tools to help the team.",
    ] {
        assert!(!mentions_reports_to(no), "{no}");
    }
}

#[test]
fn role_blocks_template() {
    let (_, fam) = family(
        "## Analyst\n\n### Responsibilities\n\n- a\n\n### Job Grade\n\nThe Analyst is a grade 6.\n\n## Senior Analyst\n\n### Job Grade\n\nThe Senior Analyst is a grade 7.\n",
    );
    assert_eq!(
        names_and_grades(&fam),
        [("Analyst", Some(6)), ("Senior Analyst", Some(7))]
    );
}

#[test]
fn single_role_page() {
    let (_, fam) = family(
        "---\ntitle: Chief of Staff\n---\n\n## Responsibilities\n\n- a\n\n## Job Grade\n\nThe Chief of Staff is a grade 12.\n",
    );
    assert_eq!(fam.template, Template::SingleRole);
    assert_eq!(fam.levels[0].name, "Chief of Staff");
    assert_eq!(fam.levels[0].grade.as_ref().unwrap().number, Some(12));
}

#[test]
fn a_single_role_without_a_grade_is_one_level() {
    let (_, fam) = family(
        "---\ntitle: Chief Widget Officer\nlayout: job_family_page\n---\n\nLeads widgets.\n\n## Responsibilities\n\n- a\n\n### Requirements\n\n- b\n",
    );
    assert_eq!(fam.template, Template::SingleRole);
    assert_eq!(names_and_grades(&fam), [("Chief Widget Officer", None)]);
    assert!(fam.levels[0].heading.is_none());

    // A Job Grade deeper in the page, under the requirements, is its grade.
    let (_, fam) = family(
        "---\ntitle: VP, Widgets\n---\n\n## Requirements\n\n- a\n\n#### Job Grade\n\nThe VP, Widgets is a grade 12.\n",
    );
    assert_eq!(names_and_grades(&fam), [("VP, Widgets", Some(12))]);
}

#[test]
fn stubs_indexes_and_unmodelled_pages_have_no_levels() {
    for text in [
        // A page that moved.
        "---\ntitle: Widget Fellow\n---\n\n### Widget Fellow\n\nSee [Widget Fellow](/job-families/widgets/fellow).\n",
        // An empty page not declared a job family.
        "---\ntitle: Vice President\n---\n",
        // An index of families.
        "---\ntitle: Widgets\n---\n\n## Families\n\n- [Widget Engineer](/job-families/widgets/engineer/)\n",
        // Several roles whose grades name no heading: not modelled.
        "## Levels of widget roles\n\n### Widget Engineer\n\n### Job Grade\n\nThe Engineer is a grade 6.\n\n### Senior Widget Engineer\n\n### Job Grade\n\nThe Senior Engineer is a grade 7.\n",
        // Several role blocks with their own requirements, grades in a table.
        "## Architects\n\n| Level | Grade |\n| --- | --- |\n| Widget Architect | 6 |\n\n### Widget Architect\n\n#### Requirements\n\n- a\n\n### Senior Widget Architect\n\n#### Requirements\n\n- b\n",
    ] {
        let (_, fam) = family(text);
        assert_eq!(fam.template, Template::None, "{text}");
        assert!(fam.levels.is_empty(), "{text}");
        assert!(fam.is_job_family, "declared by its place: {text}");
    }
    // Specialties with their own requirements stay part of the one role.
    let (_, fam) = family(
        "## Responsibilities\n\n- a\n\n## Specialties\n\n### Public Sector\n\n#### Requirements\n\n- b\n\n### Channel\n\n#### Requirements\n\n- c\n",
    );
    assert_eq!(fam.template, Template::SingleRole);
}

#[test]
fn a_heading_that_grades_itself_is_a_level_wherever_it_is_filed() {
    let (doc, fam) = family(
        "## Levels\n\n### Widget Engineer\n\nThe Widget Engineer is a grade 6.\n\n## Performance Indicators\n\n- Widgets shipped\n\n### Senior Widget Engineer\n\n### Job Grade\n\nThe Senior Widget Engineer is a grade 7.\n\n### Requirements\n\n- Ability to use GitLab\n\n### Widget rates\n\nText.\n",
    );
    assert_eq!(
        names_and_grades(&fam),
        [
            ("Widget Engineer", Some(6)),
            ("Senior Widget Engineer", Some(7))
        ]
    );
    // Written with its sections at its own depth, the level owns them.
    let senior = &fam.levels[1];
    assert!(
        senior
            .extent
            .contains(&doc.text.find("### Requirements").unwrap())
    );
    assert!(
        !senior
            .extent
            .contains(&doc.text.find("### Widget rates").unwrap())
    );
    // The level's name written again over its grade is no level of its own.
    let (_, fam) = family(
        "## Levels\n\n### Widget Manager\n\nThe Widget Manager reports to the Director.\n\n#### Widget Manager\n\nThe Widget Manager is a grade 8.\n\n#### Widget Manager Job Grade\n\nThe Widget Manager is a grade 8.\n",
    );
    assert_eq!(names_and_grades(&fam), [("Widget Manager", Some(8))]);
}

#[test]
fn an_empty_page_declared_a_job_family_is_one_role_with_nothing_stated() {
    let (_, fam) = family("---\ntitle: Chief Widget Officer\nlayout: job_family_page\n---\n\n");
    assert_eq!(fam.template, Template::SingleRole);
    assert_eq!(names_and_grades(&fam), [("Chief Widget Officer", None)]);
    assert!(fam.levels[0].reports_to.is_none());
    let doc = Document::parse(
        "content/job-families/widgets/_index.md",
        "---\ntitle: Widgets\nlayout: job_family_page\n---\n".to_string(),
    );
    assert!(JobFamily::build(&doc).levels.is_empty());
}

#[test]
fn a_level_heading_written_twice_is_one_level() {
    let (doc, fam) = family(
        "## Widget Manager\n\n### Widget Manager Job Grade\n\nThe Widget Manager is a grade 7.\n\n## Widget Manager\n\nThe Widget Manager reports to the [Director](#director).\n\n## Director\n\n### Director Job Grade\n\nThe Director is a grade 10.\n",
    );
    assert_eq!(
        names_and_grades(&fam),
        [("Widget Manager", Some(7)), ("Director", Some(10))]
    );
    let r = fam.levels[0].reports_to.as_ref().expect("reports-to");
    assert!(doc.text[r.sentence.clone()].starts_with("The Widget Manager reports"));
}

#[test]
fn requirements_headings() {
    for yes in [
        "Requirements",
        "Senior Analyst Requirements",
        "Must-have Requirements",
        "Senior Product Designer Requirments",
        "Requirement",
    ] {
        assert!(is_requirements_heading(yes), "{yes}");
    }
    for no in ["Nice-to-have Requirements", "Responsibilities", "Job Grade"] {
        assert!(!is_requirements_heading(no), "{no}");
    }
}

#[test]
fn a_grades_heading_on_a_handbook_page_is_no_single_role() {
    let doc = Document::parse(
        "content/handbook/total-rewards/calculator.md",
        "---\ntitle: Calculator\n---\n\n## GitLab Job Grades\n\nGrades run from 5 to 20.\n"
            .to_string(),
    );
    let fam = JobFamily::build(&doc);
    assert!(fam.levels.is_empty());
    assert!(!fam.is_job_family);
}

#[test]
fn sections_at_level_depth_are_not_levels() {
    let (doc, fam) = family(
        "## Levels\n\n### Analyst\n\n#### Analyst Job Grade\n\nThe Analyst is a grade 6.\n\n### Analyst Requirements\n\n- a\n\n### Senior Analyst\n\n### Senior Analyst Job Grade\n\nThe Senior Analyst is a grade 7.\n\n### Senior Analyst Responsibilities\n\n- b\n\n### Shared Performance Indicators\n\n- c\n\n### VP of Analysis - Job Grade\n\nThe VP of Analysis is a grade 12.\n",
    );
    let levels = names_and_grades(&fam);
    assert_eq!(
        levels,
        [
            ("Analyst", Some(6)),
            ("Senior Analyst", Some(7)),
            ("VP of Analysis - Job Grade", Some(12))
        ]
    );
    // The misplaced sections still belong to their level.
    let first = &fam.levels[0];
    assert!(
        first
            .extent
            .contains(&doc.text.find("### Analyst Requirements").unwrap())
    );
    let second = &fam.levels[1];
    assert_eq!(
        second.grade_heading.map(|h| doc.headings[h].text.as_str()),
        Some("Senior Analyst Job Grade")
    );
    assert!(
        !second
            .extent
            .contains(&doc.text.find("### Shared").unwrap())
    );
}

#[test]
fn role_keys_ignore_spelling_variants() {
    let key = |s: &str| role_key(s).join(" ");
    assert_eq!(
        key("Director of Product Management"),
        key("Director, Product Management")
    );
    assert_eq!(
        key("Vice President (VP) of Security"),
        key("VP of Security")
    );
    assert_eq!(key("Sr. Director, FP&A"), "senior director fp and a");
    assert_eq!(
        key("Backend Engineer (Intermediate)"),
        key("Intermediate Backend Engineer")
    );
    assert_ne!(
        key("Director, Security"),
        key("Director, Security Assurance")
    );
}

#[test]
fn a_level_inside_another_level_ends_it() {
    let (doc, fam) = family(
        "## Manager, Design\n\n#### Manager, Design Job Grade\n\nThe Manager, Design is a grade 8.\n\n### Senior Manager, Design\n\n#### Senior Manager, Design Job Grade\n\nThe Senior Manager, Design is a grade 9.\n",
    );
    let levels = names_and_grades(&fam);
    assert_eq!(
        levels,
        [
            ("Manager, Design", Some(8)),
            ("Senior Manager, Design", Some(9))
        ]
    );
    assert_eq!(
        fam.levels[0].extent.end,
        doc.text.find("### Senior Manager").unwrap()
    );
}

#[test]
fn ordinary_pages_have_no_levels() {
    let doc = Document::parse(
        "content/handbook/values.md",
        "## Levels of trust\n\n### Low\n\ntext\n".to_string(),
    );
    let fam = JobFamily::build(&doc);
    assert!(fam.levels.is_empty());
    assert!(!fam.is_job_family);

    let doc = Document::parse(
        "content/handbook/metrics.md",
        "## How we track productivity\n\n### Baseline targets for each job grade\n\n| Metric | Senior |\n| --- | --- |\n| MRs | 10 |\n".to_string(),
    );
    assert!(!JobFamily::build(&doc).is_job_family);
    let doc = Document::parse(
        "content/handbook/roles/analyst.md",
        "## Analyst\n\n### Job Grade\n\nThe Analyst is a grade 6.\n".to_string(),
    );
    assert!(JobFamily::build(&doc).is_job_family);
}

#[test]
fn a_leadership_role_with_its_own_sections_under_specialties_is_a_level() {
    let page = "## Levels\n\n### Director, Widgets\n\n#### Director, Widgets Job Grade\n\nThe Director, Widgets is a grade 10.\n\n## Specialties\n\n### Widget Channels\n\n#### Widget Channels Responsibilities\n\n- a\n\n#### Widget Channels Requirements\n\n- b\n\n### Director of Widget Readiness\n\n#### Additional Responsibilities for Director of Widget Readiness\n\n- c\n\n### Director, Widget Channels\n\n#### Director, Widget Channels Responsibilities\n\n- d\n\n### Director, Widget Channels Requirements\n\n- e\n\n## Performance Indicators\n";
    let (doc, fam) = family(page);
    // A specialty named after an area, and a leadership specialty that only
    // adds responsibilities, stay specialties.
    assert_eq!(
        names_and_grades(&fam),
        [
            ("Director, Widgets", Some(10)),
            ("Director, Widget Channels", None)
        ]
    );
    // Its Requirements written at its own depth are still its own.
    assert!(
        fam.levels[1].extent.contains(
            &doc.text
                .find("### Director, Widget Channels Requirements")
                .unwrap()
        )
    );
    // On a page without levels, nothing is taken for one.
    let specialties_only = &page[page.find("## Specialties").unwrap()..];
    let (_, fam) = family(specialties_only);
    assert!(
        fam.levels
            .iter()
            .all(|l| l.name != "Director, Widget Channels")
    );
}

#[test]
fn a_grade_stated_once_before_the_only_level_grades_it() {
    let page = "## Job Grade\n\nThe Senior Widget Engineer is a [grade 7](/x/#gitlab-job-grades).\n\n## Levels\n\n### Senior\n\n#### Senior Responsibilities\n\n- a\n";
    let (_, fam) = family(page);
    assert_eq!(names_and_grades(&fam), [("Senior", Some(7))]);
    // With two levels, one grade before them grades neither.
    let two = format!("{page}\n### Staff\n\n#### Staff Responsibilities\n\n- b\n");
    let (_, fam) = family(&two);
    assert_eq!(names_and_grades(&fam), [("Senior", None), ("Staff", None)]);
}
