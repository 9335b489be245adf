//! A specialty's text that names another specialty of the level: under
//! `##### Widgets` of `Director of Product`, "The Director of Product,
//! Gadgets is the DRI for …", copied from the `##### Gadgets` specialty
//! beside it.

use crate::model::document::{BlockKind, Document};
use crate::model::job_family::Level;
use crate::model::sections::{is_generic_section, split_section_suffix};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::RuleCode;

/// Headings inside `level` that name a specialty: not a section of the level
/// (`… Requirements`) nor a generic one.
fn specialties(doc: &Document, level: &Level) -> Vec<usize> {
    level
        .subsections
        .iter()
        .copied()
        .filter(|&i| {
            let text = doc.headings[i].text.as_str();
            split_section_suffix(text).is_none() && !is_generic_section(text)
        })
        .collect()
}

pub(super) fn check(doc: &Document, level: &Level, name: &str, out: &mut Vec<Diagnostic>) {
    let specialties = specialties(doc, level);
    for &own in &specialties {
        let heading = &doc.headings[own];
        // The specialties beside this one: same parent, same depth.
        let siblings: Vec<&str> = specialties
            .iter()
            .filter(|&&i| {
                i != own
                    && doc.headings[i].parent == heading.parent
                    && doc.headings[i].depth == heading.depth
            })
            .map(|&i| doc.headings[i].text.as_str())
            .collect();
        if siblings.is_empty() {
            continue;
        }
        let end = doc.section_end(own);
        for block in doc.blocks.iter().filter(|b| {
            b.kind == BlockKind::Paragraph
                && (heading.span.end..end).contains(&b.span.start)
                && doc.heading_at(b.span.start) == Some(own)
        }) {
            let source = &doc.text[block.span.clone()];
            for (at, _) in source.match_indices(name) {
                let rest = &source[at + name.len()..];
                let Some(rest) = rest.strip_prefix(", ") else {
                    continue;
                };
                let Some(other) = siblings.iter().find(|s| {
                    rest.starts_with(**s)
                        && !rest[s.len()..].starts_with(|c: char| c.is_alphanumeric())
                }) else {
                    continue;
                };
                let start = block.span.start + at;
                let written = &source[at..at + name.len() + 2 + other.len()];
                out.push(
                    Diagnostic::new(
                        RuleCode::LevelNameMismatch,
                        start..start + written.len(),
                        format!(
                            "text of specialty `{}` names `{written}`, another specialty",
                            heading.text
                        ),
                    )
                    .with_help(format!("name this specialty: `{name}, {}`", heading.text)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::level_name_mismatch::LevelNameMismatch;
    use crate::rules::registry::check_page;

    #[test]
    fn a_specialty_naming_the_one_beside_it() {
        let page = "## Levels\n\n### Director of Widgets\n\n#### Director of Widgets Job Grade\n\nThe Director of Widgets is a grade 10.\n\n#### Director of Widgets Specialties\n\n##### Gadgets\n\nThe Director of Widgets, Gadgets owns the gadget line.\n\n##### Gizmos\n\nThe Director of Widgets, Gadgets owns the gizmo line. Unlike the Director of Widgets, Gadgetry team, it ships weekly.\n";
        let (doc, out) = check_page(&LevelNameMismatch, "content/job-families/x/y.md", page);
        let found: Vec<&str> = out.iter().map(|d| &doc.text[d.span.clone()]).collect();
        assert_eq!(found, ["Director of Widgets, Gadgets"]);
        assert_eq!(doc.text[..out[0].span.start].lines().count(), 17);
    }
}
