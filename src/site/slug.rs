//! Heading text to the id Hugo's renderer gives it: markup stripped the way
//! Goldmark reads it (code spans, links, autolinks, entities, emphasis).

/// Heading source text as the text to slug: what `Document` takes from
/// comrak's Text and Code nodes (links keep their text, emphasis markers, HTML
/// tags and link destinations go, escapes and entities are decoded), except
/// that characters the anchorizer drops anyway (`*`, `~`) may be left in.
pub(crate) fn slug_text(source: &str) -> String {
    let plain = !source
        .bytes()
        .any(|b| matches!(b, b'\\' | b'`' | b'&' | b'<' | b'[' | b']' | b'!' | b'_'));
    if plain {
        // Nothing but text and `*`/`~` markers, which the anchorizer drops.
        return source.trim().to_string();
    }
    // (char, literal): literal characters come from code, escapes or entities
    // and never act as emphasis markers.
    let chars: Vec<char> = source.chars().collect();
    let mut out: Vec<(char, bool)> = Vec::with_capacity(chars.len());
    let mut open_brackets = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push((chars[i + 1], true));
                i += 2;
            }
            '`' => {
                let run = count_run(&chars, i, '`');
                if let Some(close) = find_code_close(&chars, i + run, run) {
                    let code: String = chars[i + run..close].iter().collect();
                    let code = code.replace('\n', " ");
                    let code = if code.len() >= 2
                        && code.starts_with(' ')
                        && code.ends_with(' ')
                        && !code.trim().is_empty()
                    {
                        &code[1..code.len() - 1]
                    } else {
                        &code[..]
                    };
                    out.extend(code.chars().map(|c| (c, true)));
                    i = close + run;
                } else {
                    out.extend(std::iter::repeat_n(('`', true), run));
                    i += run;
                }
            }
            '&' => match decode_entity(&chars[i..]) {
                Some((decoded, len)) => {
                    out.push((decoded, true));
                    i += len;
                }
                None => {
                    out.push(('&', true));
                    i += 1;
                }
            },
            '<' => {
                let end = chars[i..].iter().position(|&c| c == '>').map(|p| i + p);
                match end {
                    Some(end) => {
                        let inner: String = chars[i + 1..end].iter().collect();
                        if is_autolink(&inner) {
                            out.extend(inner.chars().map(|c| (c, true)));
                            i = end + 1;
                        } else if is_html_tag(&inner) {
                            i = end + 1;
                        } else {
                            out.push(('<', true));
                            i += 1;
                        }
                    }
                    None => {
                        out.push(('<', true));
                        i += 1;
                    }
                }
            }
            ']' if open_brackets > 0 => {
                // `](dest)` or `][ref]`: the destination is not text.
                open_brackets -= 1;
                i += 1;
                match chars.get(i) {
                    Some('(') => {
                        if let Some(close) = matching_paren(&chars, i) {
                            i = close + 1;
                        }
                    }
                    Some('[') => {
                        if let Some(p) = chars[i..].iter().position(|&c| c == ']') {
                            i += p + 1;
                        }
                    }
                    _ => {}
                }
            }
            '[' => {
                open_brackets += 1;
                i += 1;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                i += 1;
            }
            _ => {
                out.push((c, false));
                i += 1;
            }
        }
    }
    strip_underscore_emphasis(&mut out);
    let text: String = out.into_iter().map(|(c, _)| c).collect();
    text.trim().to_string()
}

fn count_run(chars: &[char], start: usize, c: char) -> usize {
    chars[start..].iter().take_while(|&&x| x == c).count()
}

fn find_code_close(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let r = count_run(chars, j, '`');
            if r == run {
                return Some(j);
            }
            j += r;
        } else {
            j += 1;
        }
    }
    None
}

fn matching_paren(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

fn is_autolink(inner: &str) -> bool {
    if inner.is_empty() || inner.contains(char::is_whitespace) {
        return false;
    }
    if let Some((scheme, _)) = inner.split_once(':') {
        let mut sc = scheme.chars();
        return (2..=32).contains(&scheme.len())
            && sc.next().is_some_and(|c| c.is_ascii_alphabetic())
            && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    }
    inner.contains('@') && !inner.starts_with('@')
}

fn is_html_tag(inner: &str) -> bool {
    let name = inner.strip_prefix('/').unwrap_or(inner);
    (name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .all(|c| c.is_ascii_alphanumeric() || c == '-'))
        || inner.starts_with("!--")
}

/// A named or numeric character reference at the start of `chars`.
fn decode_entity(chars: &[char]) -> Option<(char, usize)> {
    let end = chars.iter().take(40).position(|&c| c == ';')?;
    let name: String = chars[1..end].iter().collect();
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}')
    } else {
        match name.as_str() {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "middot" => '·',
            "bull" => '•',
            "rarr" => '→',
            "larr" => '←',
            _ => return None,
        }
    };
    Some((decoded, end + 1))
}

/// Removes `_`/`__` emphasis markers, keeping intraword and unmatched
/// underscores (which the anchorizer keeps). `*` and `~` need no such care:
/// the anchorizer drops them anyway.
fn strip_underscore_emphasis(chars: &mut Vec<(char, bool)>) {
    struct Run {
        start: usize,
        len: usize,
        open: bool,
        close: bool,
    }
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ('_', false) {
            let start = i;
            while i < chars.len() && chars[i] == ('_', false) {
                i += 1;
            }
            let prev = start.checked_sub(1).map(|p| chars[p].0);
            let next = chars.get(i).map(|c| c.0);
            let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
            let punct = |c: Option<char>| {
                c.is_some_and(|c| {
                    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace())
                })
            };
            let left = !ws(next) && (!punct(next) || ws(prev) || punct(prev));
            let right = !ws(prev) && (!punct(prev) || ws(next) || punct(next));
            runs.push(Run {
                start,
                len: i - start,
                open: left && (!right || punct(prev)),
                close: right && (!left || punct(next)),
            });
        } else {
            i += 1;
        }
    }
    let mut remove = vec![false; chars.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (run index, remaining)
    let mut remaining: Vec<usize> = runs.iter().map(|r| r.len).collect();
    for r in 0..runs.len() {
        if runs[r].close {
            while remaining[r] > 0 {
                let Some(&(o, _)) = stack.last() else { break };
                let n = remaining[o].min(remaining[r]).min(2);
                // Markers are removed from the inner side of the opener and
                // the outer... both sides: the count is what matters here.
                for k in 0..n {
                    remove[runs[o].start + runs[o].len - remaining[o] + k] = true;
                    remove[runs[r].start + runs[r].len - remaining[r] + k] = true;
                }
                remaining[o] -= n;
                remaining[r] -= n;
                if remaining[o] == 0 {
                    stack.pop();
                }
            }
        }
        if runs[r].open && remaining[r] > 0 {
            stack.push((r, remaining[r]));
        }
    }
    let mut k = 0;
    chars.retain(|_| {
        let keep = !remove[k];
        k += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use crate::site::scan::scan_page;
    use crate::site::scan::tests::doc_anchors;

    #[test]
    fn slug_cases() {
        let cases = [
            ("Director, Engineering", "director-engineering"),
            (
                "Group Manager, Product (GMP) - Responsibilities",
                "group-manager-product-gmp---responsibilities",
            ),
            ("VP of Product Management", "vp-of-product-management"),
            ("Senior/Staff Engineer", "seniorstaff-engineer"),
            ("What's new?", "whats-new"),
            ("C++ & Rust: 100%", "c--rust-100"),
            ("Café Ünïcode", "café-ünïcode"),
            ("日本語 見出し", "日本語-見出し"),
            ("Launch 🚀 day", "launch--day"),
            ("snake_case stays", "snake_case-stays"),
            ("Job Grade", "job-grade"),
        ];
        for (heading, slug) in cases {
            let page = format!("## {heading}\n");
            assert_eq!(scan_page(&page).headings, [slug], "heading {heading:?}");
            assert_eq!(doc_anchors(&page), [slug], "document, heading {heading:?}");
        }
        // Duplicates are numbered in document order, per page.
        let page = "## Job Grade\n\n## Job Grade\n\n## Job Grade\n";
        assert_eq!(
            scan_page(page).headings,
            ["job-grade", "job-grade-1", "job-grade-2"]
        );
        assert_eq!(scan_page("## Job Grade\n").headings, ["job-grade"]);
    }
}
