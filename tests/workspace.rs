//! The workspace after any chain of edits reports what a cold run over the
//! same files reports: random sequences of page edits, new and removed
//! pages, renamed headings that other pages link to, changed grades that the
//! site-wide pass compares, and configuration changes, each checked against
//! a fresh `Engine::run` after every step.

use std::path::{Path, PathBuf};

use jflint::workspace::cache;
use jflint::workspace::config::Config;
use jflint::{Engine, Outcome, Settings, Workspace};
use tempfile::TempDir;

/// A small deterministic generator (64-bit LCG); the seed is printed on
/// failure so a failing chain can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FAMILIES: &[&str] = &["widgets", "gadgets", "sprockets", "gizmos"];
const GRADES_HEADINGS: &[&str] = &["GitLab Job Grades", "Job Grades", "Grades at GitLab"];
const SPELLINGS: &[&str] = &["widgets", "widgts", "colour widgets"];

/// A job-family page whose levels report to a level of another page (which
/// may or may not have that heading), with a grade link to the grade table.
fn family_page(rng: &mut Rng, name: &str) -> String {
    let title = format!("{} Engineer", capitalised(name));
    let manager_family = rng.pick(FAMILIES);
    let manager_level = if rng.below(3) == 0 {
        format!("Staff {} Engineer", capitalised(manager_family))
    } else {
        format!("Senior {} Engineer", capitalised(manager_family))
    };
    let anchor = manager_level.to_lowercase().replace(' ', "-");
    let grades_anchor = if rng.below(4) == 0 {
        "job-grades"
    } else {
        "gitlab-job-grades"
    };
    let word = rng.pick(SPELLINGS);
    let mut page = format!(
        "---\ntitle: \"{title}\"\n---\n\nThe {title} builds {word} for the company.\n\n## Responsibilities\n\n- Build widgets\n\n"
    );
    if rng.below(5) != 0 {
        page.push_str("## Requirements\n\n- Ability to use GitLab\n\n");
    }
    page.push_str("## Levels\n");
    let mut grade = 5 + rng.below(3) as u32;
    for level in ["", "Senior ", "Staff "] {
        let level_title = format!("{level}{title}");
        page.push_str(&format!("\n### {level_title}\n\n#### Job Grade\n\n"));
        page.push_str(&format!(
            "The {level_title} is a [grade {grade}](/handbook/total-rewards/compensation/compensation-calculator/#{grades_anchor}).\n\n"
        ));
        page.push_str(&format!(
            "The {level_title} reports to the [{manager_level}](/job-families/engineering/{manager_family}/#{anchor}).\n\n#### Responsibilities\n\n- Ship widgets\n"
        ));
        // Grades mostly rise; sometimes they stall, which the rules report.
        grade += rng.below(3) as u32;
    }
    page.push_str(
        "\n## Performance Indicators\n\n- Widget uptime\n- Widget latency\n- Widget quality\n\n## Career Ladder\n\nEngineers grow.\n\n## Hiring Process\n\nCandidates meet the team.\n",
    );
    page
}

fn grades_page(rng: &mut Rng) -> String {
    format!(
        "---\ntitle: Compensation Calculator\n---\n\n## {}\n\nThe grades.\n",
        rng.pick(GRADES_HEADINGS)
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

struct Site {
    dir: TempDir,
}

impl Site {
    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn family_path(&self, name: &str) -> PathBuf {
        self.root()
            .join("content/job-families/engineering")
            .join(format!("{name}.md"))
    }

    fn grades_path(&self) -> PathBuf {
        self.root()
            .join("content/handbook/total-rewards/compensation/compensation-calculator.md")
    }

    /// Writes a page and dates it in the past (each write a different
    /// second), so the cache's size-and-time check is what notices the
    /// change, as it would be for an edit made minutes after a run.
    fn write(&self, path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let when = std::time::SystemTime::now() - std::time::Duration::from_secs(100_000 - n);
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(when).unwrap();
    }

    fn settings(&self, config: &Config) -> Settings {
        Settings {
            paths: vec![self.root().join("content")],
            config: config.clone(),
            site_root: Some(self.root().to_path_buf()),
            select: None,
            changed_since: None,
        }
    }
}

fn config_with(root: &Path, off: Option<&str>) -> Config {
    match off {
        None => Config::builtin(root.to_path_buf()),
        Some(rule) => {
            let path = root.join(".jflint.yaml");
            std::fs::write(&path, format!("rules:\n  {rule}: off\n")).unwrap();
            let config = Config::load(&path).unwrap();
            std::fs::remove_file(&path).unwrap();
            config
        }
    }
}

fn cold(site: &Site, config: &Config) -> Outcome {
    Engine::run(site.settings(config)).unwrap().1
}

/// Findings compared field by field, page by page, with the seed and step
/// in the message.
fn assert_same(warm: &Outcome, cold: &Outcome, what: &str) {
    let paths = |o: &Outcome| o.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(warm), paths(cold), "{what}: checked pages");
    for (w, c) in warm.files.iter().zip(&cold.files) {
        assert_eq!(w, c, "{what}: {}", w.display);
    }
}

/// Findings only: results read from a cache carry the page text only where
/// a report quotes it.
fn findings_of(outcome: &Outcome) -> Vec<(PathBuf, Vec<jflint::Finding>)> {
    outcome
        .files
        .iter()
        .map(|f| (f.path.clone(), f.findings.clone()))
        .collect()
}

/// The four families (random levels from `seed`) and the grade table page
/// every grade links to.
fn four_families(seed: u64) -> Site {
    let mut rng = Rng(seed);
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    for name in FAMILIES {
        site.write(&site.family_path(name), &family_page(&mut rng, name));
    }
    site.write(
        &site.grades_path(),
        "---\ntitle: C\n---\n\n## GitLab Job Grades\n",
    );
    site
}

fn run_chain(seed: u64, steps: usize) {
    let mut rng = Rng(seed);
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    let mut present: Vec<&str> = Vec::new();
    for name in &FAMILIES[..3] {
        site.write(&site.family_path(name), &family_page(&mut rng, name));
        present.push(name);
    }
    site.write(&site.grades_path(), &grades_page(&mut rng));
    let mut config = config_with(site.root(), None);
    let mut workspace = Workspace::open(site.settings(&config)).unwrap();
    assert_same(&workspace.outcome(), &cold(&site, &config), "opened");
    let cache_dir = site.root().join("cache");
    for step in 0..steps {
        let what = format!("seed {seed}, step {step}");
        match rng.below(10) {
            // Edit a page: its levels, grades, headings and links change.
            0..=3 if !present.is_empty() => {
                let name = *rng.pick(&present);
                let text = family_page(&mut rng, name);
                let path = site.family_path(name);
                site.write(&path, &text);
                if rng.below(2) == 0 {
                    workspace.update(&path, text);
                } else {
                    workspace.reload(&path);
                }
            }
            // Rename the heading every grade link points at.
            4 => {
                let text = grades_page(&mut rng);
                site.write(&site.grades_path(), &text);
                workspace.update(&site.grades_path(), text);
            }
            // A new page that others may already link to.
            5 | 6 => {
                let missing: Vec<&str> = FAMILIES
                    .iter()
                    .copied()
                    .filter(|f| !present.contains(f))
                    .collect();
                if let Some(&name) = missing.first() {
                    let text = family_page(&mut rng, name);
                    let path = site.family_path(name);
                    site.write(&path, &text);
                    workspace.update(&path, text);
                    present.push(name);
                }
            }
            // A page goes away.
            7 if present.len() > 1 => {
                let at = rng.below(present.len());
                let name = present.remove(at);
                let path = site.family_path(name);
                std::fs::remove_file(&path).unwrap();
                workspace.remove(&path);
            }
            // The configuration turns a rule off, or back on.
            8 => {
                let off = *rng.pick(&[None, Some("broken-link"), Some("grade-order")]);
                config = config_with(site.root(), off);
                workspace.set_config(config.clone()).unwrap();
            }
            _ => continue,
        }
        let cold = cold(&site, &config);
        assert_same(&workspace.outcome(), &cold, &what);
        let (_, warm, _) = cache::run(site.settings(&config), &cache_dir).unwrap();
        assert_eq!(
            findings_of(&warm),
            findings_of(&cold),
            "{what}: through the cache"
        );
    }
}

#[test]
fn random_edit_chains_match_a_cold_run() {
    for seed in 1..=6 {
        run_chain(seed, 25);
    }
}

#[test]
fn an_edit_reports_the_pages_whose_findings_changed() {
    let mut rng = Rng(7);
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    for name in ["widgets", "gadgets"] {
        site.write(&site.family_path(name), &family_page(&mut rng, name));
    }
    site.write(
        &site.grades_path(),
        "---\ntitle: C\n---\n\n## GitLab Job Grades\n",
    );
    let config = config_with(site.root(), None);
    let mut workspace = Workspace::open(site.settings(&config)).unwrap();
    let broken = |w: &Workspace, name: &str| {
        w.diagnostics(&site.family_path(name))
            .unwrap()
            .findings
            .iter()
            .filter(|f| f.rule.name() == "broken-link" && f.message.contains("gitlab-job-grades"))
            .count()
    };
    let before = broken(&workspace, "widgets");
    // Renaming the heading breaks every grade link of both families at once.
    let changed = workspace.update(&site.grades_path(), "## Grades\n".to_string());
    assert!(
        changed.contains(&site.family_path("widgets")),
        "{changed:?}"
    );
    assert!(
        changed.contains(&site.family_path("gadgets")),
        "{changed:?}"
    );
    assert!(broken(&workspace, "widgets") > before);
    // An edit that changes nothing another page reads re-reports only itself.
    let path = site.family_path("widgets");
    let text = workspace.text(&path).unwrap() + "\nMore text with a typo: teh.\n";
    let changed = workspace.update(&path, text);
    assert_eq!(changed, vec![path]);
}

#[test]
fn the_cache_checks_again_only_what_changed() {
    let site = four_families(11);
    let config = config_with(site.root(), None);
    let dir = site.root().join("cache");
    let checked = |site: &Site| {
        let (_, outcome, report) = cache::run(site.settings(&config), &dir).unwrap();
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        assert_eq!(findings_of(&outcome), findings_of(&cold(site, &config)));
        report.checked
    };
    // The site's five pages, checked once.
    assert_eq!(checked(&site), 5);
    assert_eq!(checked(&site), 0, "nothing changed");
    // A typo in one page: that page alone.
    let path = site.family_path("widgets");
    let text = std::fs::read_to_string(&path).unwrap() + "\nA typo: teh.\n";
    site.write(&path, &text);
    assert_eq!(checked(&site), 1);
    // A renamed heading: the page, and every page linking to it.
    site.write(&site.grades_path(), "---\ntitle: C\n---\n\n## Grades\n");
    assert_eq!(checked(&site), 5);
    assert_eq!(checked(&site), 0);
    // A workspace opened from the cache (an editor starting) is the one a
    // cold open makes, and stays so through edits.
    let (mut warm, report) = cache::open(site.settings(&config), &dir).unwrap();
    assert_eq!(report.checked, 0);
    let mut cold = Workspace::open(site.settings(&config)).unwrap();
    assert_eq!(findings_of(&warm.outcome()), findings_of(&cold.outcome()));
    let edit = "---\ntitle: C\n---\n\n## GitLab Job Grades\n".to_string();
    assert_eq!(
        warm.update(&site.grades_path(), edit.clone()),
        cold.update(&site.grades_path(), edit)
    );
    assert_eq!(findings_of(&warm.outcome()), findings_of(&cold.outcome()));
    // A page-local edit re-reports that page alone, from the cache too.
    let path = site.family_path("gadgets");
    let text = std::fs::read_to_string(&path).unwrap() + "\nAnother typo: recieve.\n";
    assert_eq!(warm.update(&path, text.clone()), vec![path.clone()]);
    assert_eq!(cold.update(&path, text), vec![path]);
}

#[test]
fn runs_over_different_paths_share_one_cache() {
    let site = four_families(5);
    let config = config_with(site.root(), None);
    let dir = site.root().join("cache");
    let run = |paths: Vec<PathBuf>| {
        let mut settings = site.settings(&config);
        settings.paths = paths.clone();
        let (_, warm, report) = cache::run(settings, &dir).unwrap();
        let mut settings = site.settings(&config);
        settings.paths = paths;
        assert_eq!(
            findings_of(&warm),
            findings_of(&Engine::run(settings).unwrap().1)
        );
        report.checked
    };
    let widgets = site.family_path("widgets");
    // A pre-commit run checks one page; the whole site then reuses it.
    assert_eq!(run(vec![widgets.clone()]), 1);
    assert_eq!(run(vec![site.root().join("content")]), 4);
    assert_eq!(run(vec![widgets.clone()]), 0);
    // A run over the grades page alone sees its heading renamed: the cached
    // widgets page, whose links it breaks, is not reused by the next run.
    site.write(&site.grades_path(), "---\ntitle: C\n---\n\n## Grades\n");
    assert_eq!(run(vec![site.grades_path()]), 1);
    assert_eq!(run(vec![widgets]), 1);
    assert_eq!(run(vec![site.root().join("content")]), 3);
}
