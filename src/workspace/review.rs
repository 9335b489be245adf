//! `jflint review REV`: what the working tree changes in the job-family model
//! since a git revision, page by page and level by level.
//!
//! Pages are paired by path, then by git's rename detection, then by title
//! (a page removed and one added with the same title moved). Levels are
//! paired by title (compared as role keys), then, among the rest, by their
//! bullets (a level renamed keeps most of them) or by place and grade.
//! Bullets are compared by their text with case, punctuation and line
//! breaks folded, as a multiset: reflowing or reordering them is no change.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::model::document::Document;
use crate::model::family_model::{Bullet, BulletSection, LevelModel, PageModel};
use crate::model::job_family::{JobFamily, role_key};
use crate::rules::missing_section::MissingSection;
use crate::rules::required_bullet::RequiredBullet;
use crate::site::SiteIndex;
use crate::workspace::config::Config;
use crate::workspace::git_tree::Revision;
use crate::workspace::walk;

macro_rules! change_kinds {
    ($( $variant:ident => $name:literal, $label:literal; )*) => {
        /// What changed. The names are part of the JSON output and of
        /// `--fail-on`: they are never changed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind { $( $variant, )* }

        impl ChangeKind {
            pub const ALL: &'static [ChangeKind] = &[ $( ChangeKind::$variant, )* ];

            pub fn name(self) -> &'static str {
                match self { $( ChangeKind::$variant => $name, )* }
            }

            /// How the Markdown summary says it.
            pub fn label(self) -> &'static str {
                match self { $( ChangeKind::$variant => $label, )* }
            }
        }
    };
}

change_kinds! {
    PageAdded => "page-added", "page added";
    PageRemoved => "page-removed", "page removed";
    PageMoved => "page-moved", "page moved";
    LevelAdded => "level-added", "level added";
    LevelRemoved => "level-removed", "level removed";
    LevelRenamed => "level-renamed", "level renamed";
    LevelMoved => "level-moved", "level moved";
    GradeChanged => "grade-changed", "grade changed";
    GradeLinkChanged => "grade-link-changed", "grade link changed";
    ReportsToAdded => "reports-to-added", "reports-to added";
    ReportsToRemoved => "reports-to-removed", "reports-to removed";
    ReportsToChanged => "reports-to-changed", "reports-to changed";
    ResponsibilityAdded => "responsibility-added", "responsibility added";
    ResponsibilityRemoved => "responsibility-removed", "responsibility removed";
    RequirementAdded => "requirement-added", "requirement added";
    RequirementRemoved => "requirement-removed", "requirement removed";
    PerformanceIndicatorAdded => "performance-indicator-added", "performance indicator added";
    PerformanceIndicatorRemoved => "performance-indicator-removed", "performance indicator removed";
    SectionRemoved => "section-removed", "required section removed";
    RequiredBulletRemoved => "required-bullet-removed", "required bullet removed";
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ChangeKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ChangeKind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown change kind `{s}` (one of {})", names.join(", "))
            })
    }
}

fn bullet_kinds(section: BulletSection) -> (ChangeKind, ChangeKind) {
    match section {
        BulletSection::Responsibility => (
            ChangeKind::ResponsibilityAdded,
            ChangeKind::ResponsibilityRemoved,
        ),
        BulletSection::Requirement => {
            (ChangeKind::RequirementAdded, ChangeKind::RequirementRemoved)
        }
        BulletSection::PerformanceIndicator => (
            ChangeKind::PerformanceIndicatorAdded,
            ChangeKind::PerformanceIndicatorRemoved,
        ),
    }
}

/// One semantic change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The page's path relative to the repository's top folder (for a page
    /// removed, where it was).
    pub path: String,
    /// The level's title (the new one), `None` for the page or the family.
    pub level: Option<String>,
    pub kind: ChangeKind,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Where to look in the page as it is now (as it was, for a page removed).
    pub line: Option<usize>,
    /// More to know: whether a moved or removed page's old URL still resolves.
    pub detail: Option<String>,
}

#[derive(Debug)]
pub struct ReviewSettings {
    pub revision: String,
    pub paths: Vec<PathBuf>,
    pub config: Config,
    pub site_root: Option<PathBuf>,
}

#[derive(Debug)]
pub struct Review {
    pub revision: Revision,
    pub changes: Vec<Change>,
    /// Job-family pages compared (present on either side).
    pub pages: usize,
}

/// A page's model and what the schema-wide rules say of it.
struct Side {
    model: PageModel,
    /// Required sections present, by name.
    sections: Vec<String>,
    required_bullet: bool,
}

struct Judges {
    sections: MissingSection,
    bullet: RequiredBullet,
}

impl Judges {
    fn side(&self, path: &str, text: String) -> Option<Side> {
        let doc = Document::parse(path, text);
        let family = JobFamily::build(&doc);
        if !family.is_job_family {
            return None;
        }
        Some(Side {
            sections: self
                .sections
                .present(&doc, &family)
                .into_iter()
                .map(str::to_string)
                .collect(),
            required_bullet: self.bullet.is_stated(&doc),
            model: PageModel::build(&doc, &family),
        })
    }
}

/// Compares the pages under `settings.paths` at the revision with the
/// working tree.
pub fn run(settings: &ReviewSettings) -> Result<Review, String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let start = settings
        .paths
        .first()
        .and_then(|p| crate::workspace::engine::nearest_dir(p))
        .unwrap_or(cwd);
    let revision = Revision::open(&start, &settings.revision).map_err(|e| e.to_string())?;
    // The pages at the revision and in the working tree, by repository path.
    let mut prefixes = Vec::new();
    let mut old_files = BTreeSet::new();
    for path in &settings.paths {
        let prefix = revision.relative(path).ok_or_else(|| {
            format!(
                "{}: outside the repository at {}",
                path.display(),
                revision.root.display()
            )
        })?;
        let at_revision = revision.files_under(&prefix).map_err(|e| e.to_string())?;
        if at_revision.is_empty() && !path.exists() {
            return Err(format!(
                "{}: not in the working tree, nor at revision `{}`",
                path.display(),
                revision.name
            ));
        }
        old_files.extend(at_revision.into_iter().filter(|f| {
            crate::site::files::is_markdown(Path::new(f))
                && !settings.config.is_excluded(&revision.root.join(f))
        }));
        prefixes.push(prefix);
    }
    let existing: Vec<PathBuf> = settings
        .paths
        .iter()
        .filter(|p| p.exists())
        .cloned()
        .collect();
    let walked = walk::collect(&existing, &settings.config)
        .map_err(|walk::BadPath(p, e)| format!("{}: {e}", p.display()))?;
    let new_files: BTreeSet<String> = walked
        .files
        .iter()
        .filter_map(|f| revision.relative(f))
        .collect();

    let judges = Judges {
        sections: MissingSection::new(&settings.config.data),
        bullet: RequiredBullet::new(&settings.config.data),
    };
    let old_list: Vec<String> = old_files.iter().cloned().collect();
    let old_texts = revision.read(&old_list).map_err(|e| e.to_string())?;
    let mut old: HashMap<String, Side> = HashMap::new();
    for (file, text) in old_list.into_iter().zip(old_texts) {
        if let Some(side) = text.and_then(|t| judges.side(&file, t)) {
            old.insert(file, side);
        }
    }
    let mut new: HashMap<String, Side> = HashMap::new();
    for file in &new_files {
        let text = crate::site::files::read_bytes(
            &revision.root.join(file),
            settings.config.max_page_bytes,
        )
        .ok()
        .and_then(|b| crate::site::files::page_text(b, settings.config.max_page_bytes).ok());
        if let Some(side) = text.and_then(|t| judges.side(file, t)) {
            new.insert(file.clone(), side);
        }
    }

    // Pairs of (old path, new path).
    let mut pairs: Vec<(Option<String>, Option<String>)> = Vec::new();
    let mut removed: BTreeSet<String> = old
        .keys()
        .filter(|f| !new.contains_key(*f))
        .cloned()
        .collect();
    let mut added: BTreeSet<String> = new
        .keys()
        .filter(|f| !old.contains_key(*f))
        .cloned()
        .collect();
    for file in old.keys().filter(|f| new.contains_key(*f)) {
        pairs.push((Some(file.clone()), Some(file.clone())));
    }
    if !removed.is_empty() && !added.is_empty() {
        for (from, to) in revision.renames(&prefixes).map_err(|e| e.to_string())? {
            if removed.contains(&from) && added.contains(&to) {
                removed.remove(&from);
                added.remove(&to);
                pairs.push((Some(from), Some(to)));
            }
        }
        // Untracked pages escape git's rename detection: a page removed and
        // one added under the same title moved.
        for from in removed.clone() {
            let Some(title) = old[&from].model.title.as_deref() else {
                continue;
            };
            let same: Vec<&String> = added
                .iter()
                .filter(|to| new[*to].model.title.as_deref() == Some(title))
                .collect();
            if let [to] = same.as_slice() {
                let to = (*to).clone();
                removed.remove(&from);
                added.remove(&to);
                pairs.push((Some(from), Some(to)));
            }
        }
    }
    pairs.extend(removed.into_iter().map(|f| (Some(f), None)));
    pairs.extend(added.into_iter().map(|f| (None, Some(f))));

    let site_root = settings
        .site_root
        .clone()
        .or_else(|| settings.config.site_root.clone())
        .or_else(|| crate::workspace::engine::find_site_root(&settings.paths));
    let site = site_root.as_deref().map(SiteIndex::build);
    let mut changes = Vec::new();
    for (from, to) in &pairs {
        let before = from.as_ref().map(|f| &old[f]);
        let after = to.as_ref().map(|f| &new[f]);
        let old_url = |file: &str| old_url(site.as_ref(), &revision, file);
        compare_pages(
            from.as_deref(),
            to.as_deref(),
            before,
            after,
            &old_url,
            &judges,
            &mut changes,
        );
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Review {
        revision,
        changes,
        pages: pairs.len(),
    })
}

/// Whether a page's old URL still lands on a page of the working tree's
/// site, and where.
fn old_url(site: Option<&SiteIndex>, revision: &Revision, file: &str) -> Option<String> {
    let site = site?;
    let content = site.content_path(&revision.root.join(file))?;
    let url = SiteIndex::url_of(&content);
    Some(match site.page_at(&url) {
        Some(page) if page.file != content => {
            format!(
                "the old URL `{url}` still resolves, to `{}` (an alias)",
                page.url
            )
        }
        Some(_) => format!("the old URL `{url}` still resolves"),
        None => format!("the old URL `{url}` no longer resolves: add it to the page's `aliases`"),
    })
}

fn compare_pages(
    from: Option<&str>,
    to: Option<&str>,
    before: Option<&Side>,
    after: Option<&Side>,
    old_url: &dyn Fn(&str) -> Option<String>,
    judges: &Judges,
    out: &mut Vec<Change>,
) {
    let change = |path: &str,
                  kind,
                  level: Option<&str>,
                  before: Option<String>,
                  after: Option<String>,
                  line| Change {
        path: path.to_string(),
        level: level.map(str::to_string),
        kind,
        before,
        after,
        line,
        detail: None,
    };
    match (from, to, before, after) {
        (Some(from), None, Some(before), _) => {
            let mut c = change(
                from,
                ChangeKind::PageRemoved,
                None,
                page_name(before, from),
                None,
                None,
            );
            c.detail = old_url(from);
            out.push(c);
            for level in &before.model.levels {
                out.push(change(
                    from,
                    ChangeKind::LevelRemoved,
                    Some(&level.name),
                    Some(level_text(level)),
                    None,
                    None,
                ));
            }
        }
        (None, Some(to), _, Some(after)) => {
            out.push(change(
                to,
                ChangeKind::PageAdded,
                None,
                None,
                page_name(after, to),
                Some(1),
            ));
            for level in &after.model.levels {
                out.push(change(
                    to,
                    ChangeKind::LevelAdded,
                    Some(&level.name),
                    None,
                    Some(level_text(level)),
                    level.line(),
                ));
            }
        }
        (Some(from), Some(to), Some(before), Some(after)) => {
            if from != to {
                let mut c = change(
                    to,
                    ChangeKind::PageMoved,
                    None,
                    Some(from.to_string()),
                    Some(to.to_string()),
                    Some(1),
                );
                c.detail = old_url(from);
                out.push(c);
            }
            compare_models(to, before, after, judges, out);
        }
        _ => {}
    }
}

fn page_name(side: &Side, path: &str) -> Option<String> {
    Some(side.model.title.clone().unwrap_or_else(|| path.to_string()))
}

/// A level as a change names it: its title and grade.
fn level_text(level: &LevelModel) -> String {
    match level.grade {
        Some(g) => format!("{} (grade {g})", level.name),
        None => level.name.clone(),
    }
}

fn compare_models(path: &str, before: &Side, after: &Side, judges: &Judges, out: &mut Vec<Change>) {
    let (old, new) = (&before.model, &after.model);
    let pairs = pair_levels(&old.levels, &new.levels);
    let push = |out: &mut Vec<Change>,
                kind,
                level: Option<&str>,
                b: Option<String>,
                a: Option<String>,
                line| {
        out.push(Change {
            path: path.to_string(),
            level: level.map(str::to_string),
            kind,
            before: b,
            after: a,
            line,
            detail: None,
        })
    };
    // The family's own sections first.
    for name in &before.sections {
        if !after.sections.contains(name) {
            push(
                out,
                ChangeKind::SectionRemoved,
                None,
                Some(name.clone()),
                None,
                Some(1),
            );
        }
    }
    if before.required_bullet && !after.required_bullet {
        push(
            out,
            ChangeKind::RequiredBulletRemoved,
            None,
            Some(judges.bullet.bullet().to_string()),
            None,
            None,
        );
    }
    compare_bullets(
        path,
        None,
        &old.family_bullets,
        &new.family_bullets,
        None,
        out,
    );
    let matched: Vec<(usize, usize)> = pairs.iter().filter_map(|&(o, n)| Some((o?, n?))).collect();
    let moved = moved_levels(&matched);
    let level_count = new.levels.len();
    for &(o, n) in &pairs {
        match (o, n) {
            (Some(o), None) => {
                let level = &old.levels[o];
                push(
                    out,
                    ChangeKind::LevelRemoved,
                    Some(&level.name),
                    Some(level_text(level)),
                    None,
                    None,
                );
            }
            (None, Some(n)) => {
                let level = &new.levels[n];
                push(
                    out,
                    ChangeKind::LevelAdded,
                    Some(&level.name),
                    None,
                    Some(level_text(level)),
                    level.line(),
                );
            }
            (Some(o), Some(n)) => {
                let (a, b) = (&old.levels[o], &new.levels[n]);
                let name = Some(b.name.as_str());
                let line = b.line();
                if a.name != b.name {
                    push(
                        out,
                        ChangeKind::LevelRenamed,
                        name,
                        Some(a.name.clone()),
                        Some(b.name.clone()),
                        line,
                    );
                }
                if moved.contains(&(o, n)) {
                    push(
                        out,
                        ChangeKind::LevelMoved,
                        name,
                        Some(format!("{} of {}", o + 1, old.levels.len())),
                        Some(format!("{} of {level_count}", n + 1)),
                        line,
                    );
                }
                if a.grade != b.grade {
                    let at = b.grade_at.as_ref().map(|g| g.line).or(line);
                    push(
                        out,
                        ChangeKind::GradeChanged,
                        name,
                        a.grade.map(|g| g.to_string()),
                        b.grade.map(|g| g.to_string()),
                        at,
                    );
                }
                let (ga, gb) = (
                    a.grade_link.as_deref().map(link_key),
                    b.grade_link.as_deref().map(link_key),
                );
                if ga.is_some() && gb.is_some() && ga != gb {
                    let at = b.grade_at.as_ref().map(|g| g.line).or(line);
                    push(
                        out,
                        ChangeKind::GradeLinkChanged,
                        name,
                        a.grade_link.clone(),
                        b.grade_link.clone(),
                        at,
                    );
                }
                let shown = |l: &LevelModel| {
                    l.reports_to
                        .as_ref()
                        .map(|r| format!("{} ({})", r.text, r.url))
                };
                let target = |l: &LevelModel| l.reports_to.as_ref().map(|r| link_key(&r.url));
                let at = b.reports_to.as_ref().map(|r| r.at.line).or(line);
                match (target(a), target(b)) {
                    (None, Some(_)) => {
                        push(out, ChangeKind::ReportsToAdded, name, None, shown(b), at)
                    }
                    (Some(_), None) => {
                        push(out, ChangeKind::ReportsToRemoved, name, shown(a), None, at)
                    }
                    (Some(x), Some(y)) if x != y => push(
                        out,
                        ChangeKind::ReportsToChanged,
                        name,
                        shown(a),
                        shown(b),
                        at,
                    ),
                    _ => {}
                }
                compare_bullets(path, name, &a.bullets, &b.bullets, line, out);
            }
            (None, None) => {}
        }
    }
}

/// A link destination as compared: the handbook's own hosts dropped, lower
/// case, no trailing slash before the fragment.
fn link_key(url: &str) -> String {
    let url = url.trim();
    let url = crate::rules::absolute_link::relative_form(url).unwrap_or(url);
    let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
    let path = path.trim_end_matches('/').to_lowercase();
    if fragment.is_empty() {
        path
    } else {
        format!("{path}#{}", fragment.to_lowercase())
    }
}

/// Bullets added and removed, compared as multisets of keys per section.
fn compare_bullets(
    path: &str,
    level: Option<&str>,
    before: &[Bullet],
    after: &[Bullet],
    level_line: Option<usize>,
    out: &mut Vec<Change>,
) {
    let mut left: HashMap<(BulletSection, &str), usize> = HashMap::new();
    for b in after {
        *left.entry((b.section, b.key.as_str())).or_insert(0) += 1;
    }
    let mut gone = Vec::new();
    for b in before {
        match left.get_mut(&(b.section, b.key.as_str())) {
            Some(n) if *n > 0 => *n -= 1,
            _ => gone.push(b),
        }
    }
    let mut had: HashMap<(BulletSection, &str), usize> = HashMap::new();
    for b in before {
        *had.entry((b.section, b.key.as_str())).or_insert(0) += 1;
    }
    let mut changes = Vec::new();
    for b in gone {
        let (_, removed) = bullet_kinds(b.section);
        changes.push((removed, Some(b.text.clone()), None, level_line));
    }
    for b in after {
        match had.get_mut(&(b.section, b.key.as_str())) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                let (added, _) = bullet_kinds(b.section);
                changes.push((added, None, Some(b.text.clone()), Some(b.line)));
            }
        }
    }
    for (kind, b, a, line) in changes {
        out.push(Change {
            path: path.to_string(),
            level: level.map(str::to_string),
            kind,
            before: b,
            after: a,
            line,
            detail: None,
        });
    }
}

/// Pairs of (old level, new level) in the new page's order, then the old
/// levels that are gone. Titles first; among the rest, a level whose bullets
/// are mostly the same, or with none on either side, one at the same place
/// with the same grade, was renamed.
fn pair_levels(old: &[LevelModel], new: &[LevelModel]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    for (n, level) in new.iter().enumerate() {
        let key = role_key(&level.name);
        let found = (0..old.len()).find(|&o| !taken[o] && role_key(&old[o].name) == key);
        if let Some(o) = found {
            taken[o] = true;
            old_of_new[n] = Some(o);
        }
    }
    for n in 0..new.len() {
        if old_of_new[n].is_some() {
            continue;
        }
        let best = (0..old.len())
            .filter(|&o| !taken[o])
            .map(|o| (similarity(&old[o].bullets, &new[n].bullets), o))
            .filter(|&(s, o)| {
                s >= 0.5
                    || (old[o].bullets.is_empty()
                        && new[n].bullets.is_empty()
                        && o == n
                        && old[o].grade == new[n].grade)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, o)) = best {
            taken[o] = true;
            old_of_new[n] = Some(o);
        }
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = old_of_new
        .iter()
        .enumerate()
        .map(|(n, &o)| (o, Some(n)))
        .collect();
    pairs.extend(
        (0..old.len())
            .filter(|&o| !taken[o])
            .map(|o| (Some(o), None)),
    );
    pairs
}

/// Shared bullets over all bullets (Jaccard, by key).
fn similarity(a: &[Bullet], b: &[Bullet]) -> f64 {
    let a: BTreeSet<&str> = a.iter().map(|x| x.key.as_str()).collect();
    let b: BTreeSet<&str> = b.iter().map(|x| x.key.as_str()).collect();
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// The matched levels whose place in the family changed: those outside the
/// longest run that kept its order (one level moved is one change, not a
/// shift of every level after it).
fn moved_levels(matched: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut by_old = matched.to_vec();
    by_old.sort_unstable();
    let news: Vec<usize> = by_old.iter().map(|&(_, n)| n).collect();
    // Longest increasing subsequence, with back links.
    let mut tails: Vec<usize> = Vec::new(); // index into news
    let mut prev: Vec<Option<usize>> = vec![None; news.len()];
    for i in 0..news.len() {
        let pos = tails.partition_point(|&t| news[t] < news[i]);
        prev[i] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut kept = vec![false; news.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept[i] = true;
        at = prev[i];
    }
    by_old
        .into_iter()
        .zip(kept)
        .filter(|(_, k)| !k)
        .map(|(p, _)| p)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_level_moved_is_one_change() {
        // Old order 0,1,2,3; the first level moved to the end.
        let matched = [(0, 3), (1, 0), (2, 1), (3, 2)];
        assert_eq!(moved_levels(&matched), [(0, 3)]);
        assert!(moved_levels(&[(0, 0), (1, 1)]).is_empty());
    }

    #[test]
    fn change_kinds_round_trip() {
        for kind in ChangeKind::ALL {
            assert_eq!(kind.name().parse::<ChangeKind>(), Ok(*kind));
        }
        assert!("grade".parse::<ChangeKind>().is_err());
    }

    #[test]
    fn links_compare_without_host_case_or_slash() {
        assert_eq!(
            link_key("https://about.gitlab.com/job-families/x/#Manager"),
            link_key("/job-families/x#manager")
        );
        assert_ne!(link_key("#manager"), link_key("#director"));
    }
}
