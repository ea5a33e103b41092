//! Number formatting for the sentences of reasons: scores, margins, counts, call inputs.

#[allow(unused_imports)]
use super::*;

/// `score - mark` rounded to six decimals, so that 94.99 - 95 is -0.01 and not
/// -0.010000000000005116; never negative zero. A difference too small for six decimals keeps
/// its sign (84.9999999 - 85 stays below 0, not 0), so the margin agrees with the verdict.
pub(crate) fn margin(score: f64, mark: f64) -> f64 {
    let raw = score - mark;
    let rounded = (raw * 1e6).round() / 1e6 + 0.0;
    if rounded == 0.0 && raw != 0.0 {
        raw
    } else {
        rounded
    }
}

pub(crate) fn fmt_score(x: f64) -> String {
    let mut s = String::new();
    push_score(&mut s, x);
    s
}

/// A score (or any number of points) as people write it, never disagreeing with a verdict:
/// the one number formatter of care-core's sentences and reports.
///
/// - Whole numbers have no decimals (`85`); negative zero is `0`.
/// - With a `mark`, the fewest decimals from two up that put the number shown on the same
///   side of the mark as the number itself: `84.5`, `66.67`, but `84.9999999` (not `85`)
///   against a mark of 85, and `85.0000001` (not `85`) above it.
/// - Without a mark, the number exactly: at most two decimals when they are exact (`84.99`),
///   else the shortest text that reads back as the same number (`84.9999999`).
///
/// ```
/// use care_core::certification::format_score;
/// assert_eq!(format_score(85.0, None), "85");
/// assert_eq!(format_score(-0.0, None), "0");
/// assert_eq!(format_score(84.9999999, Some(85.0)), "84.9999999");
/// assert_eq!(format_score(200.0 / 3.0, Some(85.0)), "66.67");
/// assert_eq!(format_score(84.9999999, None), "84.9999999");
/// ```
pub fn format_score(x: f64, mark: Option<f64>) -> String {
    let mut s = String::new();
    push_score_vs(&mut s, x, mark);
    s
}

/// Appends [`format_score`] of `x` without a mark.
pub(crate) fn push_score(out: &mut String, x: f64) {
    push_score_vs(out, x, None);
}

/// Appends [`format_score`]`(x, mark)`.
pub(crate) fn push_score_vs(out: &mut String, x: f64, mark: Option<f64>) {
    if x == 0.0 {
        out.push('0'); // also -0
        return;
    }
    let whole = x.abs() as i64; // saturating; NaN gives 0
    if x.abs() < 1e15 && whole as f64 == x.abs() {
        if x.is_sign_negative() {
            out.push('-');
        }
        push_uint(out, whole.unsigned_abs());
        return;
    }
    if x.is_finite() {
        // Without a mark, two decimals or the exact shortest text (below).
        let most = if mark.is_some() { 15 } else { 2 };
        for decimals in 2..=most {
            let text = format!("{x:.decimals$}");
            let text = text.trim_end_matches('0').trim_end_matches('.');
            let shown: f64 = text.parse().unwrap_or(f64::NAN);
            let agrees = match mark {
                Some(m) => shown.partial_cmp(&m) == x.partial_cmp(&m),
                None => shown == x,
            };
            if agrees && shown != 0.0 {
                out.push_str(text);
                return;
            }
        }
    }
    // The shortest text that reads back as `x` (Rust's `Display` of f64).
    let _ = std::fmt::Write::write_fmt(out, format_args!("{x}"));
}

/// Appends the decimal digits of `n`; one or two digits, nearly all numbers here, take two
/// pushes and no loop.
#[inline]
pub(crate) fn push_uint(out: &mut String, n: u64) {
    if n >= 100 {
        push_long_uint(out, n);
        return;
    }
    if n >= 10 {
        out.push(char::from(b'0' + (n / 10) as u8));
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[inline(never)]
pub(crate) fn push_long_uint(out: &mut String, mut n: u64) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits.get(start..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

pub(crate) fn fmt_margin(x: f64) -> String {
    let mut s = String::new();
    push_margin(&mut s, x);
    s
}

/// Appends "{score}, {at or above|below} the {mark_name} of {mark}: {pass|fail} ({margin})",
/// the sentence of a call's and an audit's verdict, in one string (no `format!`).
pub(crate) fn push_against_mark(
    out: &mut String,
    score: f64,
    mark_name: &str,
    mark: f64,
    passed: bool,
) {
    push_score_vs(out, score, Some(mark));
    out.push_str(if passed {
        ", at or above the "
    } else {
        ", below the "
    });
    out.push_str(mark_name);
    out.push_str(" of ");
    push_score(out, mark);
    out.push_str(if passed { ": pass (" } else { ": fail (" });
    push_margin(out, score - mark);
    out.push(')');
}

/// Appends a margin with its sign, as many decimals as its sign needs: `+5`, `-1`, `-0.01`,
/// `-0.0000001` (never `-0` for a score just below the mark).
pub(crate) fn push_margin(out: &mut String, x: f64) {
    if x >= 0.0 {
        out.push('+');
        push_score_vs(out, x, Some(0.0));
    } else {
        out.push('-');
        push_score_vs(out, -x, Some(0.0));
    }
}

/// `"call 1"` to `"call 100"` ([`MAX_CALLS`]) laid end to end, built at compile time so that
/// the `input` of a call's reasons is a borrowed constant ([`call_input`]).
pub(crate) const CALL_INPUTS: &str = match std::str::from_utf8(&CALL_INPUT_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("call inputs are ASCII"),
};
pub(crate) const CALL_INPUT_BYTES: [u8; call_input_at(MAX_CALLS + 1)] = call_input_bytes();

/// Where `"call {number}"` starts in [`CALL_INPUTS`] (number 1 to [`MAX_CALLS`] + 1, the
/// latter giving the total length): "call 1" to "call 9" take 6 bytes, then 7, then 8.
pub(crate) const fn call_input_at(number: u8) -> usize {
    let n = number as usize;
    if n <= 10 {
        (n - 1) * 6
    } else if n <= 100 {
        54 + (n - 10) * 7
    } else {
        684 + (n - 100) * 8
    }
}

pub(crate) const fn call_input_bytes() -> [u8; call_input_at(MAX_CALLS + 1)] {
    let mut out = [0u8; call_input_at(MAX_CALLS + 1)];
    let mut number = 1u8;
    while number <= MAX_CALLS {
        let mut at = call_input_at(number);
        let prefix = b"call ";
        let mut i = 0;
        while i < prefix.len() {
            out[at] = prefix[i];
            at += 1;
            i += 1;
        }
        if number >= 100 {
            out[at] = b'0' + number / 100;
            at += 1;
        }
        if number >= 10 {
            out[at] = b'0' + number / 10 % 10;
            at += 1;
        }
        out[at] = b'0' + number % 10;
        number += 1;
    }
    out
}

/// The `input` of call `number`'s reasons, `"call 3"`: a borrowed constant for every call a
/// policy can have.
pub(crate) fn call_input(number: u8) -> Text {
    let n = number.clamp(1, MAX_CALLS);
    match CALL_INPUTS.get(call_input_at(n)..call_input_at(n + 1)) {
        Some(s) if n == number => Text::Borrowed(s),
        _ => Text::Owned(format!("call {number}")),
    }
}
