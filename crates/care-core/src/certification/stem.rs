//! Scorecard file stems: `LastName_FirstName_NN%`, safe on every file system.

#[allow(unused_imports)]
use super::*;

/// An agent's name split into last and first name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonName {
    /// Family name.
    pub last: String,
    /// Given name(s); empty for a one-part name.
    pub first: String,
}

impl PersonName {
    /// Splits `"Rivera, Ana"` (last, first) or `"Ana Rivera"` (the last word is the last name).
    /// A one-word name is kept whole as the last name.
    pub fn parse(name: &str) -> PersonName {
        let (last, first) = split_name(name);
        PersonName {
            last: last.to_string(),
            first: first.to_string(),
        }
    }

    /// The scorecard file stem `Last_First_NN%`, safe as a file name on every OS.
    pub fn file_stem(&self, pass_rate: u8) -> Result<String> {
        check_name_length(&self.last, &self.first)?;
        stem_of(&self.last, &self.first, pass_rate)
    }
}

/// [`PersonName::parse`] without allocating: (last, first), both trimmed.
pub(crate) fn split_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    if let Some((last, first)) = name.split_once(',') {
        return (last.trim(), first.trim());
    }
    match name.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (last.trim(), first.trim()),
        None => (name, ""),
    }
}

/// The file stem of the name parts `last` and `first`, built in one string.
pub(crate) fn stem_of(last: &str, first: &str, pass_rate: u8) -> Result<String> {
    if pass_rate > 100 {
        return Err(Error::invalid_input(format!(
            "pass rate {pass_rate} is outside 0 to 100"
        )));
    }
    let mut stem = String::with_capacity(
        last.len().min(MAX_NAME_PART_BYTES) + first.len().min(MAX_NAME_PART_BYTES) + 8,
    );
    push_safe_part(&mut stem, last);
    let last_len = stem.len();
    stem.push('_');
    push_safe_part(&mut stem, first);
    let first_empty = stem.len() == last_len + 1;
    match (last_len == 0, first_empty) {
        (true, true) => {
            let whole = if first.is_empty() {
                last.to_string()
            } else {
                format!("{last}, {first}")
            };
            return Err(Error::invalid_input(format!(
                "agent name {:?} leaves nothing usable in a file name; give letters or digits",
                crate::suggest::clip(&whole)
            )));
        }
        (false, true) => stem.truncate(last_len),
        (true, false) => {
            stem.remove(0);
        }
        (false, false) => {}
    }
    if is_reserved_device_name(&stem) {
        stem.insert(0, '_');
    }
    stem.push('_');
    push_uint(&mut stem, u64::from(pass_rate));
    stem.push('%');
    Ok(stem)
}

/// The scorecard file stem `LastName_FirstName_NN%` for an agent named `agent` (`"Rivera,
/// Ana"` or `"Ana Rivera"`) with `pass_rate` percent: `Rivera_Ana_80%`.
///
/// Each name part keeps letters of any script; whitespace runs and underscores become `-`
/// (the underscore separates the parts); control and invisible formatting characters and
/// `<>:"/\|?*` are removed; leading dots and dashes, trailing dots and spaces are trimmed;
/// each part is cut to [`MAX_NAME_PART_BYTES`], a cut part ending in `~` and six hex digits
/// of a hash of the whole part (so two agents sharing their first 100 bytes do not share a
/// file); a Windows device name (CON, PRN, AUX, NUL,
/// COM1-9, LPT1-9) gets a leading `_`. A name that leaves nothing is an error, and so is
/// one of more than [`MAX_AGENT_NAME_CHARS`] characters ([`Error::TooLarge`]).
///
/// # Errors
///
/// [`Error::InvalidInput`] for a name that leaves nothing usable or a pass rate above 100;
/// [`Error::TooLarge`] for a name of more than [`MAX_AGENT_NAME_CHARS`] characters.
///
/// ```
/// use care_core::certification::file_stem;
/// assert_eq!(file_stem("Rivera, Ana", 80)?, "Rivera_Ana_80%");
/// assert!(file_stem("Rivera, Ana", 255).is_err());
/// assert!(file_stem("...", 80).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn file_stem(agent: &str, pass_rate: u8) -> Result<String> {
    check_name_length(agent, "")?;
    let (last, first) = split_name(agent);
    stem_of(last, first, pass_rate)
}

/// At most [`MAX_AGENT_NAME_CHARS`] characters in `a` and `b` together (a name, or its two
/// parts). Names of at most that many bytes, nearly all, are not counted.
pub(crate) fn check_name_length(a: &str, b: &str) -> Result<()> {
    if a.len() + b.len() <= MAX_AGENT_NAME_CHARS {
        return Ok(());
    }
    let chars = a.chars().count() + b.chars().count();
    if chars > MAX_AGENT_NAME_CHARS {
        return Err(Error::TooLarge {
            what: "agent name (its length in characters)",
            limit: MAX_AGENT_NAME_CHARS,
            actual: chars,
        });
    }
    Ok(())
}

pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// Appends the safe form of one name part to `out` (the part's own bytes are those after
/// `out`'s current end; the limits and trims apply to them alone).
///
/// A part cut at [`MAX_NAME_PART_BYTES`] ends in `~` and six hex digits of a hash of the whole
/// part ([`cut_mark`]), so two names that share their first 100 bytes keep different stems.
pub(crate) fn push_safe_part(out: &mut String, part: &str) {
    let base = out.len();
    let mut dash = false;
    let mut cut = false;
    for c in part.chars() {
        // ASCII letters and digits, nearly every character of a name, need no checks but
        // the dash before them and the length.
        if !c.is_ascii_alphanumeric() {
            if c.is_control()
                || is_invisible(c)
                || matches!(
                    c,
                    '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' | '%'
                )
            {
                continue;
            }
            if c.is_whitespace() || c == '_' || c == '-' {
                dash = true;
                continue;
            }
        }
        if dash && out.len() > base {
            if out.len() - base + 1 > MAX_NAME_PART_BYTES {
                cut = true;
                break;
            }
            out.push('-');
        }
        dash = false;
        if out.len() == base && c == '.' {
            continue;
        }
        if out.len() - base + c.len_utf8() > MAX_NAME_PART_BYTES {
            cut = true;
            break;
        }
        out.push(c);
    }
    while out.len() > base && out.ends_with(['.', ' ', '-']) {
        out.pop();
    }
    if cut {
        // Room for the mark: cut further back, at a character boundary.
        let mut end = base + MAX_NAME_PART_BYTES - CUT_MARK_BYTES;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        while out.len() > base && out.ends_with(['.', ' ', '-']) {
            out.pop();
        }
        out.push('~');
        let h = cut_mark(part);
        for shift in (0..6).rev() {
            let digit = (h >> (shift * 4)) & 0xf;
            out.push(char::from_digit(digit, 16).unwrap_or('0'));
        }
    }
}

/// The bytes of a cut part's mark: `~` and six hex digits.
pub(crate) const CUT_MARK_BYTES: usize = 7;

/// The hash in a cut part's mark: FNV-1a (32-bit) of the part's UTF-8 bytes as given, its
/// low 24 bits. Stable across platforms and versions, so a stem never changes.
pub(crate) fn cut_mark(part: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in part.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h & 0x00ff_ffff
}

pub(crate) fn is_reserved_device_name(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or(stem).trim_end();
    // The longest device names are 7 bytes (`CONOUT$`); compare without allocating.
    if base.len() > 7 {
        return false;
    }
    let is = |name: &str| base.eq_ignore_ascii_case(name);
    if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
        .into_iter()
        .any(is)
    {
        return true;
    }
    let (head, tail) = (base.get(..3).unwrap_or(""), base.get(3..).unwrap_or(""));
    (head.eq_ignore_ascii_case("COM") || head.eq_ignore_ascii_case("LPT"))
        && matches!(
            tail,
            "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
        )
}
