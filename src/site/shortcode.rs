//! Hugo shortcodes on a page, and the anchors the ones jflint can expand
//! (includes) add to it.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::site::scan::scan_page;
/// A Hugo shortcode call: `{{< name "arg" >}}` or `{{% name "arg" %}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    pub name: String,
    /// The first quoted argument, if any.
    pub arg: Option<String>,
}

static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[<%]-?\s*(/?[A-Za-z0-9_.-][A-Za-z0-9_./-]*)(?:\s+"([^"]*)")?"#)
        .expect("valid regex")
});

/// Shortcodes that wrap or embed content without adding anchors of their own.
const PLAIN_SHORTCODES: &[&str] = &[
    "alert",
    "card",
    "cardpane",
    "details",
    "figure",
    "gist",
    "highlight",
    "label",
    "member-and-role-by-gitlab",
    "member-by-gitlab",
    "member-by-name",
    "note",
    "pageinfo",
    "panel",
    "param",
    "ref",
    "relref",
    "tab",
    "tabs",
    "tweet",
    "vimeo",
    "youtube",
];

/// The shortcodes a page calls, in order (Hugo expands them everywhere, code
/// blocks included; `{{</* x */>}}` is an escaped one and not a call).
pub fn shortcodes(text: &str) -> Vec<Shortcode> {
    if !text.contains("{{") {
        return Vec::new();
    }
    SHORTCODE
        .captures_iter(text)
        .filter(|c| !c[1].starts_with('/'))
        .map(|c| Shortcode {
            name: c[1].to_string(),
            arg: c.get(2).map(|a| a.as_str().to_string()),
        })
        .collect()
}

/// Anchors that a page's shortcodes add, and whether those are all known:
/// plain shortcodes add none, an `include` adds the anchors of the included
/// file when it can be found under the site root; anything else is unknown.
pub fn shortcode_anchors(root: Option<&Path>, calls: &[Shortcode]) -> (Vec<String>, bool) {
    let mut anchors = Vec::new();
    let mut complete = true;
    for call in calls {
        if PLAIN_SHORTCODES.contains(&call.name.as_str()) {
            continue;
        }
        let included = match (call.name.as_str(), &call.arg, root) {
            ("include", Some(file), Some(root)) => {
                let file = file.trim_start_matches('/');
                [root.join(file), root.join("content").join(file)]
                    .iter()
                    .find_map(|p| std::fs::read_to_string(p).ok())
            }
            _ => None,
        };
        match included {
            Some(text) => {
                let scan = scan_page(&text);
                anchors.extend(scan.headings);
                anchors.extend(scan.html_ids);
                anchors.extend(scan.source_ids);
            }
            None => complete = false,
        }
    }
    (anchors, complete)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_and_the_anchors_they_add() {
        let text = "{{< alert >}}x{{< /alert >}} {{</* include \"no\" */>}}\n\
                    {{% include \"includes/part.md\" %}} {{< include \"includes/none.md\" >}}\n";
        let calls = shortcodes(text);
        let names: Vec<_> = calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["alert", "include", "include"]);
        assert_eq!(calls[1].arg.as_deref(), Some("includes/part.md"));

        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("includes")).unwrap();
        std::fs::write(
            root.path().join("includes/part.md"),
            "## Included Part\n\n<a id=\"extra\"></a>\n",
        )
        .unwrap();
        // One include is found, one is not: the anchors are not all known.
        let (anchors, complete) = shortcode_anchors(Some(root.path()), &calls);
        assert_eq!(anchors, ["included-part", "extra"]);
        assert!(!complete);
        let (_, complete) = shortcode_anchors(Some(root.path()), &calls[..2]);
        assert!(complete);
        // Without a site root, an include cannot be read.
        assert!(!shortcode_anchors(None, &calls[..2]).1);
        assert!(shortcode_anchors(None, &calls[..1]).1);
    }
}
