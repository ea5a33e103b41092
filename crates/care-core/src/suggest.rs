//! Closest-match suggestions for unknown names ("did you mean ...?").

/// The longest name kept whole in an error message; longer inputs are clipped so that a
/// megabyte of input never becomes a megabyte of message.
pub const MAX_NAME_IN_MESSAGE: usize = 120;

/// Normalises a name for forgiving comparison: lowercase, letters and digits only, words
/// separated by single spaces.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    push_normalized(&mut out, name);
    out
}

/// Appends [`normalize`]`(name)` to `out` (a buffer reused across many names).
pub fn push_normalized(out: &mut String, name: &str) {
    let base = out.len();
    let mut space = false;
    for ch in name.chars() {
        if ch.is_alphanumeric() {
            if space && out.len() > base {
                out.push(' ');
            }
            space = false;
            out.extend(ch.to_lowercase());
        } else {
            space = true;
        }
    }
}

/// The known name closest to `name`, if it is close enough to be a plausible typo.
///
/// Comparison is on [`normalize`]d names with Jaro-Winkler similarity; a known name that
/// contains the input (or the other way round) also counts.
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let wanted = normalize(name);
    if wanted.is_empty() || name.len() > 4 * MAX_NAME_IN_MESSAGE {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let norm = normalize(candidate);
        let mut score = strsim::jaro_winkler(&wanted, &norm);
        if norm.contains(&wanted) || wanted.contains(&norm) {
            score = score.max(0.9);
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    match best {
        Some((score, candidate)) if score >= 0.8 => Some(candidate.to_string()),
        _ => None,
    }
}

/// `name` shortened to [`MAX_NAME_IN_MESSAGE`] characters (with an ellipsis) for messages.
pub fn clip(name: &str) -> String {
    if name.chars().count() <= MAX_NAME_IN_MESSAGE {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(MAX_NAME_IN_MESSAGE).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_plausible_name() {
        let known = ["Care Operations", "Resource Planning", "Vendor Management"];
        assert_eq!(
            closest("care operatoins", known).as_deref(),
            Some("Care Operations")
        );
        assert_eq!(
            closest("vendor", known).as_deref(),
            Some("Vendor Management")
        );
        assert_eq!(closest("zzz", known), None);
        assert_eq!(closest("", known), None);
    }

    #[test]
    fn clips_long_names() {
        let long = "x".repeat(1_000_000);
        assert_eq!(clip(&long).chars().count(), MAX_NAME_IN_MESSAGE + 1);
        assert_eq!(normalize("  Sr.  Analyst, RP "), "sr analyst rp");
    }
}
