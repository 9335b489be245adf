//! Vale's regular expressions compiled by the `regex` crate.
//!
//! Vale compiles every pattern of a rule (tokens, `raw`, swap keys, an
//! occurrence's `token`, a conditional's `first` and `second`) with regexp2,
//! which follows .NET's syntax, in multi-line mode: `^` and `$` match at
//! every line; and it reads a page's CRLF line ends as LF. The differences
//! from the `regex` crate are bridged here: multi-line mode is set, with
//! CRLF mode (`$` matches before `\r\n`, `.` takes no `\r`); a `\n` outside
//! a character class also takes a CRLF line end (`(?:\r?\n)`); and a `-`
//! right after a class escape inside a character class (`[\w-_]`), a
//! literal in .NET, is escaped (`[\w\-_]`), which the `regex` crate would
//! otherwise read as a range and refuse. Look-around and back-references
//! have no counterpart; a pattern that uses them is refused with the
//! reason.

use regex::{Regex, RegexBuilder};

/// A Vale pattern compiled as Vale compiles it, or why it cannot be.
pub fn compile(pattern: &str, ignore_case: bool) -> Result<Regex, String> {
    RegexBuilder::new(&regex_syntax(pattern))
        .case_insensitive(ignore_case)
        .multi_line(true)
        .crlf(true)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| reason(pattern, &e))
}

/// `pattern` in the `regex` crate's syntax: every `-` that follows a class
/// escape (`\w`, `\d`, `\s`, their negations, `\p{…}`) inside a character
/// class escaped, unless it closes the class (`[\w-]` is a literal for both
/// engines); every `\n` outside a class made to take `\r\n` as well.
fn regex_syntax(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 2);
    // Nesting depth of character classes (the `regex` crate nests them).
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let Some(&next) = chars.get(i + 1) else {
                out.push(c);
                break;
            };
            if next == 'n' && depth == 0 {
                out.push_str(r"(?:\r?\n)");
                i += 2;
                continue;
            }
            let mut end = i + 2;
            let class_escape = match next {
                'w' | 'W' | 'd' | 'D' | 's' | 'S' => true,
                'p' | 'P' => {
                    if chars.get(end) == Some(&'{') {
                        while end < chars.len() && chars[end] != '}' {
                            end += 1;
                        }
                        end = (end + 1).min(chars.len());
                    } else {
                        end = (end + 1).min(chars.len());
                    }
                    true
                }
                _ => false,
            };
            out.extend(&chars[i..end]);
            i = end;
            if depth > 0
                && class_escape
                && chars.get(i) == Some(&'-')
                && chars.get(i + 1).is_some_and(|&n| n != ']')
            {
                out.push_str(r"\-");
                i += 1;
            }
            continue;
        }
        out.push(c);
        i += 1;
        match c {
            '[' if depth > 0 && chars.get(i) == Some(&':') => {
                // A POSIX class (`[:alpha:]`) inside a class.
                while i < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                    if chars[i - 1] == ']' {
                        break;
                    }
                }
            }
            '[' => {
                depth += 1;
                // A `]` first in the class (after an optional `^`) is a
                // literal.
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    out.push(']');
                    i += 1;
                }
            }
            ']' if depth > 0 => depth -= 1,
            _ => {}
        }
    }
    out
}

/// Why a pattern does not compile, naming the feature the `regex` crate lacks.
fn reason(pattern: &str, error: &regex::Error) -> String {
    let lacks = if ["(?=", "(?!", "(?<=", "(?<!"]
        .iter()
        .any(|p| pattern.contains(p))
    {
        "look-around, which the `regex` crate does not support"
    } else if Regex::new(r"\\[1-9]").is_ok_and(|r| r.is_match(pattern)) {
        "a back-reference, which the `regex` crate does not support"
    } else {
        "an expression the `regex` crate cannot compile"
    };
    let first_line = error.to_string();
    let first_line = first_line.lines().last().unwrap_or("").trim().to_string();
    format!("pattern `{pattern}` uses {lacks} ({first_line})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_match_at_every_line() {
        let re = compile("^foo", false).unwrap();
        assert_eq!(re.find_iter("# T\n\nfoo at start bar\n").count(), 1);
        let re = compile("bar$", false).unwrap();
        assert_eq!(re.find_iter("a bar\nthe bar\n").count(), 2);
        // Line ends written CRLF are line ends too, for `$`, `.` and `\n`.
        assert_eq!(re.find_iter("a bar\r\nthe bar\r\n").count(), 2);
        assert_eq!(
            compile("^a.*$", false)
                .unwrap()
                .find("a bar\r\n")
                .unwrap()
                .as_str(),
            "a bar"
        );
    }

    #[test]
    fn a_newline_takes_a_crlf_line_end() {
        assert_eq!(
            regex_syntax(r"a\n\n?[^\n]\\n"),
            r"a(?:\r?\n)(?:\r?\n)?[^\n]\\n"
        );
        let re = compile(r"^1\. .*\n\n?  (  )?[`\w-]", false).unwrap();
        assert!(re.is_match("1. Widgets\n\n  ship"));
        assert!(re.is_match("1. Widgets\r\n\r\n  ship"));
        assert!(!re.is_match("1. Widgets\r\n\r\nship"));
    }

    #[test]
    fn a_hyphen_after_a_class_escape_is_a_literal() {
        assert_eq!(regex_syntax(r"[\w-_` ]+"), r"[\w\-_` ]+");
        assert_eq!(regex_syntax(r"[^\d-x\s-y]"), r"[^\d\-x\s\-y]");
        assert_eq!(regex_syntax(r"[\p{L}-_]"), r"[\p{L}\-_]");
        assert_eq!(regex_syntax(r"[]\w-x]"), r"[]\w\-x]");
        // Already a literal, or outside a class, or a real range: unchanged.
        for same in [r"[\w-]", r"\w-x", r"[a-z]", r"[\]\w]", r"[\\w-]"] {
            assert_eq!(regex_syntax(same), same);
        }
        let re = compile(r"(?:[\w-_` ]+,){2,}(?:[\w-_` ]+) (and |or )", false).unwrap();
        assert!(re.is_match("widgets, well-made gadgets, snake_case and more"));
        assert!(!re.is_match("widgets and gadgets"));
    }

    #[test]
    fn unsupported_regexes_name_the_feature() {
        assert!(
            compile("(?<!foo)bar", false)
                .unwrap_err()
                .contains("look-around")
        );
        assert!(
            compile(r"(a)\1", false)
                .unwrap_err()
                .contains("back-reference")
        );
    }
}
