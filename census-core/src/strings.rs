//! Substring search and replacement for the short texts the core handles (paths, templates,
//! messages, header values). `str`'s own `find`/`replace`/`split_once` with a `&str` pattern
//! use the two-way searcher, whose code (and the panic paths it carries: char boundaries
//! formatted with `Debug`, Unicode tables) cost the wasm about 4 KB for texts of a few dozen
//! bytes.

/// Where `needle` first occurs in `hay`, as a byte offset (a char boundary, both being UTF-8).
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let last_start = hay.len().checked_sub(needle.len())?;
    (0..=last_start).find(|&at| hay.get(at..at + needle.len()) == Some(needle))
}

/// `hay` split around the first `needle`.
pub fn split_once<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find(hay, needle)?;
    Some((hay.get(..at)?, hay.get(at + needle.len()..)?))
}

/// `hay` with every `needle` (not empty) replaced by `with`.
pub fn replace_all(hay: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while !needle.is_empty()
        && let Some((before, after)) = split_once(rest, needle)
    {
        out.push_str(before);
        out.push_str(with);
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn they_agree_with_str() {
        let texts = [
            "",
            "a",
            "ab",
            "{}",
            "/sources/{}/tables/{}",
            "x{}y{}",
            "éa{}é",
            "aaa",
            "abab",
            "token token-1 token",
            "Tue, 03 Dec",
        ];
        let needles = [
            "",
            "a",
            "{}",
            "ab",
            "token",
            "é",
            ", ",
            "://",
            "zzzzzzzzzzzzzzzzzz",
        ];
        for hay in texts {
            for needle in needles {
                assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
                assert_eq!(
                    split_once(hay, needle),
                    hay.split_once(needle),
                    "{hay:?} {needle:?}"
                );
                if !needle.is_empty() {
                    assert_eq!(replace_all(hay, needle, "[r]"), hay.replace(needle, "[r]"));
                }
            }
        }
        assert_eq!(replace_all("abc", "", "x"), "abc");
    }
}
