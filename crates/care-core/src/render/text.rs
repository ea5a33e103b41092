//! Text helpers shared by the pictures: word wrap, escaping for XML, DOT and Mermaid, colours.

#[allow(unused_imports)]
use super::*;

/// Greedy word wrap into at most `max_lines` lines of at most `width` characters; a word
/// longer than a line is split; what does not fit ends in an ellipsis.
pub(crate) fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut len = 0usize;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let wlen = word.len();
            if len == 0 && wlen <= width {
                line.extend(word.iter());
                len = wlen;
                break;
            }
            if len > 0 && len + 1 + wlen <= width {
                line.push(' ');
                line.extend(word.iter());
                len += 1 + wlen;
                break;
            }
            if len > 0 {
                lines.push(std::mem::take(&mut line));
                len = 0;
                continue;
            }
            // A word longer than a line: split it.
            let rest = word.split_off(width);
            line.extend(word.iter());
            lines.push(std::mem::take(&mut line));
            word = rest;
        }
    }
    if len > 0 {
        lines.push(line);
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            let mut chars: Vec<char> = last.chars().collect();
            chars.truncate(width.saturating_sub(1));
            while chars.last() == Some(&' ') || chars.last() == Some(&',') {
                chars.pop();
            }
            *last = chars.into_iter().collect::<String>() + "…";
        }
    }
    lines
}

/// Text made safe inside XML content and attribute values; characters XML 1.0 forbids
/// (most control characters) become spaces.
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text made safe inside a double-quoted DOT string (one line).
pub(crate) fn dot_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text made safe inside a double-quoted Mermaid label (entity codes).
pub(crate) fn mermaid_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Mermaid node ids: ASCII letters, digits and `_`, prefixed, unique.
pub(crate) fn mermaid_ids<'s>(ids: impl Iterator<Item = &'s str>, prefix: &str) -> Vec<String> {
    let mut used = HashSet::new();
    ids.map(|id| {
        let mut base = String::from(prefix);
        for ch in id.chars() {
            base.push(if ch.is_ascii_alphanumeric() { ch } else { '_' });
        }
        let mut name = base.clone();
        let mut n = 2usize;
        while !used.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    })
    .collect()
}

pub(crate) const LEAD_FILL: &str = "#dbeafe";
pub(crate) const LEAD_STROKE: &str = "#1d4ed8";
pub(crate) const IC_FILL: &str = "#fef3c7";
pub(crate) const IC_STROKE: &str = "#b45309";
pub(crate) const HL: &str = "#dc2626";
pub(crate) const STEP_COLOR: &str = "#475569";
pub(crate) const MATCH_COLOR: &str = "#7c3aed";

pub(crate) fn track_label(t: Track) -> &'static str {
    match t {
        Track::Leadership => "Leadership",
        Track::IndividualContributor => "Individual contributor",
    }
}
