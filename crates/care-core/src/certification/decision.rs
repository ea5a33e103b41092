//! Decisions and verdicts: a call's verdict, an agent's status from the counts of passing,
//! failing and pending calls ([`decide`]) and the pass rate.

#[allow(unused_imports)]
use super::*;

/// The verdict on one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Scored at or above the pass mark.
    Pass,
    /// Scored below the pass mark (or a critical scorecard item was missed).
    Fail,
    /// Not taken yet.
    Pending,
}

impl Verdict {
    /// The verdict's name as serde writes it: `"pass"`, `"fail"`, `"pending"`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Pending => "pending",
        }
    }
}

/// Where a certification session stands. The `u8` values are stable: the batch functions
/// write them into [`BatchOut::status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Status {
    /// `0`: not decided yet, calls are still to be taken.
    InProgress = 0,
    /// `1`: enough calls passed.
    Certified = 1,
    /// `2`: enough calls failed that certification is out of reach.
    Failed = 2,
}

impl Status {
    /// The status with code `code` (0, 1 or 2).
    pub fn from_code(code: u8) -> Option<Status> {
        match code {
            0 => Some(Status::InProgress),
            1 => Some(Status::Certified),
            2 => Some(Status::Failed),
            _ => None,
        }
    }

    /// The stable code of this status.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Every status, in code order: `ALL[code]` is the status with that code, so a batch's
    /// status column reads as `ALL[column[i]].name()` (the bindings export the names).
    pub const ALL: [Status; 3] = [Status::InProgress, Status::Certified, Status::Failed];

    /// The status's name as serde writes it: `"in_progress"`, `"certified"`, `"failed"`.
    pub fn name(self) -> &'static str {
        match self {
            Status::InProgress => "in_progress",
            Status::Certified => "certified",
            Status::Failed => "failed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::InProgress => "in progress",
            Status::Certified => "certified",
            Status::Failed => "failed",
        })
    }
}

/// The outcome of the counting rule ([`decide`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Decision {
    /// Where the session stands.
    pub status: Status,
    /// Whether it was decided while calls were still pending.
    pub decided_early: bool,
}

/// The counting rule: the status of a session with `passes` passing, `fails` failing and
/// `pending` calls not taken yet. The single and batch evaluations both use it.
///
/// Certified once `passes >= passes_needed`; failed once `fails > calls - passes_needed`
/// (the passes needed are out of reach); otherwise in progress. With
/// [`CertPolicy::early_decision`] off, a session with pending calls is always in progress.
///
/// # Errors
///
/// [`Error::InvalidPolicy`] for an invalid policy; [`Error::InvalidInput`] when the counts do
/// not add up to the policy's calls (`3 passes, 0 fails and 0 pending calls are 3 calls; the
/// policy has 5`).
///
/// ```
/// use care_core::certification::{decide, CertPolicy, Status};
/// let p = CertPolicy::default();
/// assert_eq!(decide(4, 0, 1, &p)?.status, Status::Certified);
/// assert_eq!(decide(2, 2, 1, &p)?.status, Status::Failed);
/// assert!(decide(3, 0, 0, &p).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn decide(passes: u8, fails: u8, pending: u8, policy: &CertPolicy) -> Result<Decision> {
    policy.validate()?;
    let total = u16::from(passes) + u16::from(fails) + u16::from(pending);
    if total != u16::from(policy.calls) {
        return Err(Error::invalid_input(format!(
            "{passes} passes, {fails} fails and {pending} pending calls are {total} calls; the policy has {}",
            policy.calls
        )));
    }
    Ok(decide_counts(passes, fails, pending, policy))
}

/// [`decide`] on counts already known to add up under a valid policy (the evaluations and
/// the batch table).
pub(crate) fn decide_counts(passes: u8, fails: u8, pending: u8, policy: &CertPolicy) -> Decision {
    let status = if pending > 0 && !policy.early_decision {
        Status::InProgress
    } else if passes >= policy.passes_needed {
        Status::Certified
    } else if fails > policy.fails_allowed() || pending == 0 {
        Status::Failed
    } else {
        Status::InProgress
    };
    Decision {
        status,
        decided_early: pending > 0 && status != Status::InProgress,
    }
}

/// The pass rate: `passes / calls` as a whole percent, rounded down (4 of 5 is 80).
///
/// # Errors
///
/// [`Error::InvalidInput`] for no calls or more passes than calls.
///
/// ```
/// use care_core::certification::pass_rate;
/// assert_eq!(pass_rate(4, 5)?, 80);
/// assert!(pass_rate(6, 5).is_err());
/// assert!(pass_rate(4, 0).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn pass_rate(passes: u8, calls: u8) -> Result<u8> {
    if calls == 0 {
        return Err(Error::invalid_input(
            "a pass rate needs at least one call; 0 calls were given",
        ));
    }
    if passes > calls {
        return Err(Error::invalid_input(format!(
            "{passes} passes is more than the {calls} calls"
        )));
    }
    Ok(pass_rate_of(passes, calls))
}

/// [`pass_rate`] of counts already checked (`calls` above 0).
pub(crate) fn pass_rate_of(passes: u8, calls: u8) -> u8 {
    if calls == 0 {
        return 0;
    }
    let rate = u32::from(passes.min(calls)) * 100 / u32::from(calls);
    u8::try_from(rate).unwrap_or(100)
}

/// The verdict on one score for call `number`: checks it is a number from 0 to 100 (and the
/// coached call's automatic score), then compares it with the pass mark. The single and batch
/// evaluations both use it.
///
/// # Errors
///
/// [`Error::InvalidInput`] for a call number outside 1 to the policy's calls;
/// [`Error::InvalidScore`] for a score that is not a number from 0 to 100, or a coached call
/// scored otherwise than the policy says.
///
/// ```
/// use care_core::certification::{call_verdict, CertPolicy, Verdict};
/// let p = CertPolicy::default();
/// assert_eq!(call_verdict(2, 90.0, &p)?, Verdict::Pass);
/// assert_eq!(call_verdict(2, 84.5, &p)?, Verdict::Fail);
/// assert!(call_verdict(0, 90.0, &p).is_err());   // no call 0
/// assert!(call_verdict(200, 90.0, &p).is_err()); // a session has 5 calls
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn call_verdict(number: u8, score: f64, policy: &CertPolicy) -> Result<Verdict> {
    if number == 0 || number > policy.calls {
        return Err(Error::invalid_input(format!(
            "call {number} is outside 1 to {}",
            policy.calls
        )));
    }
    if let Some(verdict) = classify(number, score, policy) {
        return Ok(verdict);
    }
    let place = format!("call {number}");
    check_score(&place, score)?;
    Err(Error::invalid_score(
        place,
        format!(
            "call {number} is the coached practice call, scored {} automatically; {score} was given",
            fmt_score(policy.coached_score)
        ),
    ))
}

/// The verdict on a taken call, `None` when the score is invalid (not 0 to 100, or a coached
/// call scored otherwise than the policy says). Allocates nothing: [`call_verdict`] and the
/// batch functions both use it.
#[inline(always)]
pub(crate) fn classify(number: u8, score: f64, policy: &CertPolicy) -> Option<Verdict> {
    if !(0.0..=100.0).contains(&score)
        || (policy.is_coached(number) && score != policy.coached_score)
    {
        None
    } else if score >= policy.pass_mark {
        Some(Verdict::Pass)
    } else {
        Some(Verdict::Fail)
    }
}
