//! Edit distance, for every rule that forgives a slip: misspelled words,
//! section names, role names and link anchors.

/// Rows this long live on the stack; longer inputs allocate.
const STACK_ROW: usize = 65;

/// The Damerau–Levenshtein distance between `a` and `b` (optimal string
/// alignment: insertions, deletions, substitutions and transpositions of
/// neighbours each count one), or `None` when it exceeds `bound`. Stops as
/// soon as a whole row exceeds `bound`.
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    if b.len() < STACK_ROW {
        let mut rows = [[0u32; STACK_ROW]; 3];
        let [two, one, cur] = &mut rows;
        osa(a, b, bound, two, one, cur)
    } else {
        let mut rows = vec![0u32; 3 * (b.len() + 1)];
        let (two, rest) = rows.split_at_mut(b.len() + 1);
        let (one, cur) = rest.split_at_mut(b.len() + 1);
        osa(a, b, bound, two, one, cur)
    }
}

/// `edit_distance` over the characters of two strings.
pub fn edit_distance_str(a: &str, b: &str, bound: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        return edit_distance(a.as_bytes(), b.as_bytes(), bound);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance(&a, &b, bound)
}

/// The table, three rows at a time (two back, one back, the current one).
fn osa<'r, T: PartialEq>(
    a: &[T],
    b: &[T],
    bound: usize,
    mut two: &'r mut [u32],
    mut one: &'r mut [u32],
    mut cur: &'r mut [u32],
) -> Option<usize> {
    for (j, cell) in one.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j as u32;
    }
    for i in 1..=a.len() {
        cur[0] = i as u32;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut d = (one[j] + 1).min(cur[j - 1] + 1).min(one[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min as usize > bound {
            return None;
        }
        // The rows move up by one: swap the references, not the cells.
        std::mem::swap(&mut two, &mut one);
        std::mem::swap(&mut one, &mut cur);
    }
    let d = one[b.len()] as usize;
    (d <= bound).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_is_damerau_levenshtein() {
        let d = |a: &str, b: &str| edit_distance(a.as_bytes(), b.as_bytes(), 3);
        assert_eq!(d("partner", "partner"), Some(0));
        assert_eq!(d("fucntional", "functional"), Some(1));
        assert_eq!(d("parter", "partner"), Some(1));
        assert_eq!(d("partnere", "partner"), Some(1));
        assert_eq!(d("pxrtner", "partner"), Some(1));
        assert_eq!(d("iniatitives", "initiatives"), Some(2));
        assert_eq!(d("ab", "ba"), Some(1));
        assert_eq!(d("abc", "xyzw"), None);
        assert_eq!(d("", "abc"), Some(3));
        assert_eq!(edit_distance(b"kitten", b"sitting", 2), None);
        assert_eq!(edit_distance(b"kitten", b"sitting", 3), Some(3));
    }

    #[test]
    fn strings_count_characters_and_long_ones_work() {
        assert_eq!(edit_distance_str("café", "cafe", 2), Some(1));
        assert_eq!(edit_distance_str("levels", "labels", 9), Some(2));
        let long = "a".repeat(200);
        let other = format!("{}b", "a".repeat(199));
        assert_eq!(edit_distance_str(&long, &other, 1), Some(1));
        assert_eq!(edit_distance_str(&long, "", 5), None);
    }
}
