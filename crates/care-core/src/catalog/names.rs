//! Name keys: case, punctuation, abbreviations and word order do not matter.

/// "a Care Rep", "an Analyst, ...".
pub(crate) fn with_article(title: &str) -> String {
    let vowel = title
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {title}", if vowel { "an" } else { "a" })
}

/// "x", "x or y", "x, y or z".
pub(crate) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// "1 month", "4 months".
pub(crate) fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The forgiving key of a name: normalised, abbreviations expanded, filler words dropped.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    push_name_key(name, &mut out);
    out
}

/// [`name_key`] into a reusable buffer (cleared first): one pass over `name`, no other
/// allocation. Same result as normalising ([`suggest::normalize`]) and then mapping each word.
pub(super) fn push_name_key(name: &str, out: &mut String) {
    out.clear();
    out.reserve(name.len() + 16);
    if name.is_ascii() {
        // no UTF-8 decoding for the usual case
        push_key_chars(name.bytes().map(char::from), out);
    } else {
        push_key_chars(name.chars(), out);
    }
}

pub(super) fn push_key_chars(chars: impl Iterator<Item = char>, out: &mut String) {
    // Where the current word starts in `out`, while inside one.
    let mut word: Option<usize> = None;
    for ch in chars {
        if ch.is_alphanumeric() {
            let start = match word {
                Some(s) => s,
                None => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.len()
                }
            };
            word = Some(start);
            if ch.is_ascii() {
                out.push(ch.to_ascii_lowercase());
            } else {
                out.extend(ch.to_lowercase());
            }
        } else if let Some(start) = word.take() {
            finish_word(out, start);
        }
    }
    if let Some(start) = word {
        finish_word(out, start);
    }
}

/// Expands the abbreviation `out[start..]` in place, or drops it (and its separating space)
/// when it is a filler word.
pub(super) fn finish_word(out: &mut String, start: usize) {
    let expanded = match out.get(start..).unwrap_or("") {
        "sr" | "snr" => "senior",
        "jr" => "junior",
        "rp" => "resource planning",
        "cdr" | "coord" => "coordinator",
        "mgr" => "manager",
        "assoc" => "associate",
        "mgmt" => "management",
        "ops" => "operations",
        "representative" => "rep",
        "technician" => "tech",
        "license" => "licence",
        "of" | "the" | "and" => {
            out.truncate(start.saturating_sub(1));
            return;
        }
        _ => return,
    };
    out.truncate(start);
    out.push_str(expanded);
}

pub(super) fn words_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    push_words_key(key, &mut Vec::new(), &mut out);
    out
}

/// The words of `key`, sorted and without repeats, into `out` (cleared first); `spans` is
/// scratch space.
pub(super) fn push_words_key(key: &str, spans: &mut Vec<(usize, usize)>, out: &mut String) {
    out.clear();
    spans.clear();
    let mut start = 0;
    for (i, b) in key.bytes().enumerate() {
        if b == b' ' {
            spans.push((start, i));
            start = i + 1;
        }
    }
    spans.push((start, key.len()));
    let word = |&(a, b): &(usize, usize)| key.get(a..b).unwrap_or("");
    spans.sort_unstable_by(|x, y| word(x).cmp(word(y)));
    spans.dedup_by(|x, y| word(x) == word(y));
    for (n, s) in spans.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(word(s));
    }
}
