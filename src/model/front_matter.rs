//! A page's front matter: found at the top of the page, parsed as YAML with
//! a budget (alias bombs and deep nesting are refused before they expand),
//! and an error located at its line and column.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::Span;

#[derive(Debug, Clone)]
pub enum FrontMatter {
    /// The page has no front matter block.
    Absent,
    /// Valid YAML front matter.
    Yaml {
        span: Span,
        value: serde_yaml::Value,
    },
    /// TOML (`+++`) front matter: recognised, not validated.
    Toml { span: Span },
    /// An opening `---` with no closing delimiter.
    Unterminated { span: Span },
    /// Front matter that is not valid YAML; `offset` points at the error.
    Invalid {
        span: Span,
        offset: usize,
        message: String,
    },
}

impl FrontMatter {
    pub fn title(&self) -> Option<&str> {
        self.get("title").and_then(|v| v.as_str())
    }

    /// A top-level key, case-insensitively: Hugo lower-cases front matter keys,
    /// so `Title:` sets the title too.
    pub fn get(&self, key: &str) -> Option<&serde_yaml::Value> {
        match self {
            FrontMatter::Yaml {
                value: serde_yaml::Value::Mapping(map),
                ..
            } => map
                .iter()
                .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(key)))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Where in `text` (the page) a top-level key's string value is written,
    /// when it stands on the key's line as its own text: plain, or quoted
    /// without escapes (`title: "Widget Engineer"`). `None` for other
    /// values (block scalars, escapes, comments, flow collections), whose
    /// source differs from the value.
    pub fn value_span(&self, text: &str, key: &str) -> Option<Span> {
        let FrontMatter::Yaml { span, .. } = self else {
            return None;
        };
        let value = self.get(key)?.as_str()?;
        let block = text.get(span.clone())?;
        let mut offset = 0;
        for line in block.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let Some((name, rest)) = line.split_once(':') else {
                continue;
            };
            if !name.eq_ignore_ascii_case(key) {
                continue;
            }
            let rest_start = start + name.len() + 1;
            let trimmed = rest.trim_start();
            let lead = rest.len() - trimmed.len();
            let written = trimmed.trim_end();
            let inner = match written.as_bytes().first() {
                Some(b'"' | b'\'') if written.len() >= 2 && written.ends_with(&written[..1]) => {
                    (1, &written[1..written.len() - 1])
                }
                _ => (0, written),
            };
            if inner.1 != value || value.is_empty() {
                return None;
            }
            let from = span.start + rest_start + lead + inner.0;
            return Some(from..from + value.len());
        }
        None
    }

    pub fn span(&self) -> Option<Span> {
        match self {
            FrontMatter::Absent => None,
            FrontMatter::Yaml { span, .. }
            | FrontMatter::Toml { span }
            | FrontMatter::Unterminated { span }
            | FrontMatter::Invalid { span, .. } => Some(span.clone()),
        }
    }
}

/// Finds the front matter block at the top of the page (after an optional BOM).
pub(crate) fn parse_front_matter(text: &str) -> FrontMatter {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let delimiter = if is_delimiter_line(rest, "---") {
        "---"
    } else if is_delimiter_line(rest, "+++") {
        "+++"
    } else {
        return FrontMatter::Absent;
    };
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let mut pos = start + first_line_end;
    let yaml_start = pos;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..line_end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == delimiter || (delimiter == "---" && line.trim_end() == "...") {
            let span = 0..line_end;
            if delimiter == "+++" {
                return FrontMatter::Toml { span };
            }
            let yaml = &text[yaml_start..pos];
            return match parse_yaml(yaml) {
                Ok(value) => FrontMatter::Yaml { span, value },
                Err((offset, message)) => FrontMatter::Invalid {
                    span,
                    offset: yaml_start + offset.min(yaml.len()),
                    message,
                },
            };
        }
        pos = line_end;
    }
    FrontMatter::Unterminated {
        span: 0..first_line_end + start,
    }
}

fn is_delimiter_line(text: &str, delimiter: &str) -> bool {
    text.strip_prefix(delimiter).is_some_and(|r| {
        r.starts_with('\n') || r.starts_with("\r\n") || r.trim_end().is_empty() && r.len() < 3
    })
}

static YAML_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" at line (\d+) column (\d+)").expect("valid regex"));
static DUPLICATE_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^duplicate entry with key "(.*)""#).expect("valid regex"));

/// Parses front matter YAML. An error carries the byte offset (in `yaml`) of
/// the place to show and serde_yaml's message without its positions: where
/// the problem was found, or, when that is the end of the block (an unclosed
/// quote or bracket), where the construct that never closed begins; for a
/// duplicate key, the second occurrence of the key.
fn parse_yaml(yaml: &str) -> Result<serde_yaml::Value, (usize, String)> {
    if yaml.trim().is_empty() {
        return Ok(serde_yaml::Value::Mapping(Default::default()));
    }
    if let Some(offset) = too_deep(yaml) {
        return Err((
            offset,
            format!("front matter nests more than {YAML_MAX_DEPTH} levels deep"),
        ));
    }
    // Only anchors can make the value larger than the text: count first.
    if memchr::memchr(b'&', yaml.as_bytes()).is_some() {
        let mut budget = YamlBudget::default();
        serde::de::DeserializeSeed::deserialize(
            &mut budget,
            serde_yaml::Deserializer::from_str(yaml),
        )
        .map_err(|e| yaml_error(yaml, e))?;
    }
    serde_yaml::from_str::<serde_yaml::Value>(yaml).map_err(|e| yaml_error(yaml, e))
}

/// The error's offset in `yaml` and its message without serde_yaml's positions.
fn yaml_error(yaml: &str, e: serde_yaml::Error) -> (usize, String) {
    let full = e.to_string();
    let mut offset = e.location().map_or(0, |l| l.index()).min(yaml.len());
    let marks: Vec<(usize, usize)> = YAML_MARK
        .captures_iter(&full)
        .filter_map(|c| Some((c[1].parse().ok()?, c[2].parse().ok()?)))
        .collect();
    let at_end = yaml[offset..].trim().is_empty();
    if at_end && let Some(&(line, column)) = marks.get(1) {
        offset = yaml_offset(yaml, line, column);
    }
    if let Some(key) = DUPLICATE_KEY.captures(&full) {
        offset = second_key(yaml, &key[1]).unwrap_or(offset);
    }
    let message = YAML_MARK
        .replace_all(&full, "")
        .replace(", while", " while");
    (offset, message)
}

/// Deeper flow nesting than serde_yaml accepts (128) is refused before
/// parsing: libyaml's scanner takes time quadratic in that depth, so a page
/// of 100,000 `[` would otherwise take minutes to be rejected.
const YAML_MAX_DEPTH: usize = 128;

/// YAML aliases can make a few hundred bytes of front matter expand to
/// gigabytes of values ("billion laughs"); serde_yaml's own limit allows
/// 100 expansions per event, far too many when each copies a large node.
/// Front matter with anchors is walked once without building anything, and
/// refused when it expands past these limits.
const YAML_MAX_NODES: usize = 100_000;
const YAML_MAX_SCALAR_BYTES: usize = 4 << 20;

/// Offset of the first `[` or `{` nested deeper than [`YAML_MAX_DEPTH`].
/// Brackets in quoted strings count too: a false alarm needs more than 128
/// unclosed brackets in one value.
fn too_deep(yaml: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in yaml.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > YAML_MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Counts the nodes and scalar bytes of a YAML value as serde walks it,
/// aliases expanded, and stops at the limits.
#[derive(Default)]
struct YamlBudget {
    nodes: usize,
    bytes: usize,
}

impl YamlBudget {
    fn take<E: serde::de::Error>(&mut self, bytes: usize) -> Result<(), E> {
        self.nodes += 1;
        self.bytes += bytes;
        if self.nodes > YAML_MAX_NODES || self.bytes > YAML_MAX_SCALAR_BYTES {
            return Err(E::custom(format!(
                "front matter expands to more than {YAML_MAX_NODES} values or {} MiB \
                 (too many YAML aliases)",
                YAML_MAX_SCALAR_BYTES >> 20
            )));
        }
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for &mut YamlBudget {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for &mut YamlBudget {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.take(0)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.take(0)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.take(0)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.take(0)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.take(v.len())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.take(0)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.take(0)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.take(0)?;
        while seq.next_element_seed(&mut *self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.take(0)?;
        while map.next_key_seed(&mut *self)?.is_some() {
            map.next_value_seed(&mut *self)?;
        }
        Ok(())
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!Tag value`): the tag, then the value.
        use serde::de::VariantAccess;
        let ((), variant) = data.variant_seed(&mut *self)?;
        variant.newtype_variant_seed(self)
    }
}

/// Byte offset of a 1-based line and character column in `yaml`.
fn yaml_offset(yaml: &str, line: usize, column: usize) -> usize {
    let start: usize = yaml
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &yaml[start.min(yaml.len())..];
    let within = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    start + within
}

/// Offset of the second top-level line that sets `key`.
fn second_key(yaml: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    let mut seen = 0;
    for line in yaml.split_inclusive('\n') {
        let name = line.split(':').next().unwrap_or_default();
        let name = name.trim_end().trim_matches(['"', '\'']);
        if line.contains(':') && !line.starts_with([' ', '\t', '#']) && name == key {
            seen += 1;
            if seen == 2 {
                return Some(offset);
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::Document;

    fn doc(text: &str) -> Document {
        Document::parse("page.md", text.to_string())
    }

    #[test]
    fn value_spans_point_at_the_written_value() {
        let text = "---\ntitle: \"Widget Engineer\"\nDescription: Widgets are made here\n\
                    tags: [a, b]\nnote: 'it''s'\nbody: |\n  text\n---\n";
        let fm = &doc(text).front_matter;
        let at = |key: &str| fm.value_span(text, key).map(|s| &text[s]);
        assert_eq!(at("title"), Some("Widget Engineer"));
        assert_eq!(at("description"), Some("Widgets are made here"));
        // Not strings, escaped, block scalars, absent.
        for key in ["tags", "note", "body", "layout"] {
            assert_eq!(at(key), None, "{key}");
        }
    }

    #[test]
    fn front_matter_positions_stay_absolute() {
        let d = doc("---\ntitle: \"X\"\n---\n\n## Levels\n\nText with [a link](#levels).\n");
        assert_eq!(d.front_matter.title(), Some("X"));
        assert_eq!(d.headings.len(), 1);
        let h = &d.headings[0];
        assert_eq!(&d.text[h.text_span.clone()], "Levels");
        assert_eq!(d.lines.position(&d.text, h.span.start), (5, 1));
        assert_eq!(d.links[0].url, "#levels");
        assert_eq!(&d.text[d.links[0].url_span.clone().unwrap()], "#levels");
    }

    #[test]
    fn invalid_yaml_points_at_its_line() {
        let d = doc("---\ntitle: [unclosed\nother: 1\n---\nbody\n");
        match &d.front_matter {
            FrontMatter::Invalid { offset, .. } => {
                assert!(d.lines.line_of(*offset) >= 2, "offset {offset}");
            }
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    fn invalid_at(text: &str) -> ((usize, usize), String) {
        let d = doc(text);
        match &d.front_matter {
            FrontMatter::Invalid {
                offset, message, ..
            } => (d.lines.position(&d.text, *offset), message.clone()),
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn invalid_yaml_points_at_the_problem() {
        // An unclosed quote: the quote, not the closing `---`.
        let (at, message) = invalid_at("---\ntitle: \"Broken\nlayout: x\n---\nbody\n");
        assert_eq!(at, (2, 8));
        assert!(
            message.contains("while scanning a quoted scalar"),
            "{message}"
        );
        assert!(!message.contains("line"), "{message}");
        // A colon inside a value: where it is.
        assert_eq!(invalid_at("---\ntitle: a: b\n---\n").0, (2, 9));
        // A duplicate key: its second occurrence.
        let (at, message) = invalid_at("---\ntitle: A\nx: 1\ntitle: B\n---\n");
        assert_eq!(at, (4, 1));
        assert!(message.contains("duplicate"), "{message}");
        // A tab in indentation: its line.
        assert_eq!(invalid_at("---\ntitle: x\nlist:\n- a\n\t- b\n---\n").0.0, 5);
    }

    #[test]
    fn alias_bombs_are_refused_before_they_expand() {
        // Nine levels of nine aliases: 9^9 strings if expanded.
        let mut yaml = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            let refs = vec![format!("*{prev}"); 9].join(",");
            yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        // And a wide one: 20,000 copies of a 100-string list.
        let strings = vec![format!("\"{}\"", "x".repeat(200)); 100].join(",");
        let wide = format!("w: &w [{strings}]\nv: [{}]\n", vec!["*w"; 20_000].join(","));
        for yaml in [yaml, wide] {
            let started = std::time::Instant::now();
            let d = doc(&format!("---\ntitle: t\n{yaml}---\nbody\n"));
            match &d.front_matter {
                FrontMatter::Invalid { message, .. } => {
                    assert!(message.contains("aliases"), "{message}")
                }
                other => panic!("expected a refusal, got {other:?}"),
            }
            assert!(started.elapsed().as_secs() < 10);
        }
    }

    #[test]
    fn modest_anchors_and_tags_still_parse() {
        let d = doc("---\ntitle: t\nbase: &b {x: 1}\nmore: *b\ntagged: !Thing 3\n---\nbody\n");
        assert_eq!(d.front_matter.title(), Some("t"));
        assert!(d.front_matter.get("more").is_some());
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly() {
        let n = 100_000;
        let text = format!(
            "---\ntitle: t\nk: {}{}\n---\nbody\n",
            "[".repeat(n),
            "]".repeat(n)
        );
        let started = std::time::Instant::now();
        let d = doc(&text);
        match &d.front_matter {
            FrontMatter::Invalid {
                message, offset, ..
            } => {
                assert!(message.contains("nests more than 128"), "{message}");
                assert_eq!(d.lines.line_of(*offset), 3);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(started.elapsed().as_secs() < 10);
    }

    #[test]
    fn unterminated_front_matter_is_recognised() {
        let d = doc("---\ntitle: x\n\n## Heading\n");
        assert!(matches!(d.front_matter, FrontMatter::Unterminated { .. }));
    }
}
