//! Call certification and QA scorecards: `evaluate`, `qaAudit`, `fileStem`, `certPolicy`,
//! `scoreScorecard`, and the batch functions over typed arrays.

use crate::convert::{from_data, from_json, to_js, value_of};
use crate::errors::{core, guard, Code, Result};
use crate::fast;
use care_core::certification as cert;
use care_core::scorecard;
use napi::bindgen_prelude::{
    AsyncTask, Float64ArraySlice, FromNapiValue, ToNapiValue, Uint8Array, Uint8ArraySlice, Unknown,
};
use napi::{Env, Task};
use napi_derive::napi;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The certification policy given as a plain object (only the fields it changes), or the
/// documents' policy when left out (made once).
fn policy(value: Option<serde_json::Value>) -> Result<Cow<'static, cert::CertPolicy>> {
    static DEFAULT: OnceLock<cert::CertPolicy> = OnceLock::new();
    match value {
        None | Some(serde_json::Value::Null) => Ok(Cow::Borrowed(
            DEFAULT.get_or_init(cert::CertPolicy::default),
        )),
        Some(v) => {
            let p: cert::CertPolicy = from_data(&v)?;
            p.validate().map_err(core)?;
            Ok(Cow::Owned(p))
        }
    }
}

/// An evaluation as its plain object: built by the fast builders, or through JSON when it
/// does not fit them.
fn evaluation_js<'env>(env: &'env Env, e: &cert::Evaluation) -> Result<Unknown<'env>> {
    match fast::evaluation(env, e)? {
        Some(v) => Ok(v),
        None => to_js(env, e),
    }
}

/// An audit result as its plain object (see [`evaluation_js`]).
fn audit_js<'env>(env: &'env Env, a: &cert::AuditResult) -> Result<Unknown<'env>> {
    match fast::audit(env, a)? {
        Some(v) => Ok(v),
        None => to_js(env, a),
    }
}

/// The documents' certification policy (5 calls, pass mark 85, 4 passes...) as a plain object.
#[napi(ts_return_type = "CertPolicyData")]
pub fn cert_policy<'env>(env: &'env Env) -> Result<Unknown<'env>> {
    // A constant: its JSON is written once.
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    guard(|| {
        let text = TEXT.get_or_init(|| {
            serde_json::to_string(&cert::CertPolicy::default()).unwrap_or_default()
        });
        crate::convert::parse_json(env, text)
    })
}

/// Loads and validates a certification policy from TOML or JSON text (`format` is `"toml"`
/// or `"json"`); fields left out keep the documents' values.
#[napi(ts_return_type = "CertPolicyData")]
pub fn load_cert_policy<'env>(
    env: &'env Env,
    text: String,
    #[napi(ts_arg_type = "'toml' | 'json'")] format: String,
) -> Result<Unknown<'env>> {
    guard(|| crate::convert::load_to_js::<cert::CertPolicy>(env, &text, &format))
}

/// Evaluates one agent's certification session (`{ agent, calls: [{ number, score }] }`).
#[napi(ts_return_type = "Evaluation")]
pub fn evaluate<'env>(
    env: &'env Env,
    #[napi(ts_arg_type = "Session")] session: Unknown<'_>,
    #[napi(ts_arg_type = "Partial<CertPolicyData>")] policy: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let s: cert::Session = from_json("session", value_of(env, "session", session)?)?;
        let p = self::policy(policy)?;
        evaluation_js(env, &cert::evaluate(&s, &p).map_err(core)?)
    })
}

/// Evaluates the session of `agent` whose calls 1, 2, ... scored `scores` in order.
#[napi(ts_return_type = "Evaluation")]
pub fn evaluate_scores<'env>(
    env: &'env Env,
    agent: String,
    #[napi(ts_arg_type = "Array<number>")] scores: Vec<Unknown<'_>>,
    #[napi(ts_arg_type = "Partial<CertPolicyData>")] policy: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let scores = crate::convert::scores(env, scores)?;
        let p = self::policy(policy)?;
        evaluation_js(
            env,
            &cert::evaluate_scores(&agent, &scores, &p).map_err(core)?,
        )
    })
}

/// A post-training QA audit (passes at 95 by default).
#[napi(ts_return_type = "AuditResult")]
pub fn qa_audit<'env>(
    env: &'env Env,
    #[napi(ts_arg_type = "number")] score: Unknown<'_>,
    #[napi(ts_arg_type = "Partial<CertPolicyData>")] policy: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let score = crate::convert::score(env, "QA audit", score)?;
        let p = self::policy(policy)?;
        audit_js(env, &cert::qa_audit(score, &p).map_err(core)?)
    })
}

/// The scorecard file stem `LastName_FirstName_NN%` (`"Rivera, Ana"`, 80 -> `Rivera_Ana_80%`).
#[napi]
pub fn file_stem(agent: String, pass_rate: u32) -> Result<String> {
    guard(|| {
        let rate = u8::try_from(pass_rate).map_err(|_| {
            core(care_core::Error::invalid_input(format!(
                "pass rate {pass_rate} is over 100"
            )))
        })?;
        cert::file_stem(&agent, rate).map_err(core)
    })
}

/// The sample QA scorecard template shipped with care-core.
#[napi(ts_return_type = "Scorecard")]
pub fn sample_scorecard<'env>(env: &'env Env) -> Result<Unknown<'env>> {
    guard(|| to_js(env, &scorecard::Scorecard::sample()))
}

/// Loads and validates a QA scorecard template from TOML or JSON text.
#[napi(ts_return_type = "Scorecard")]
pub fn load_scorecard<'env>(
    env: &'env Env,
    text: String,
    #[napi(ts_arg_type = "'toml' | 'json'")] format: String,
) -> Result<Unknown<'env>> {
    guard(|| {
        let s = match format.as_str() {
            "toml" => scorecard::Scorecard::from_toml(&text),
            "json" => scorecard::Scorecard::from_json(&text),
            other => Err(care_core::Error::invalid_input(format!(
                "unknown scorecard format {other:?}: use \"toml\" or \"json\""
            ))),
        }
        .map_err(core)?;
        to_js(env, &s)
    })
}

/// Scores one call's marks (`{ itemId: "yes" | "no" | "na" }`) against a template (the
/// sample when left out).
#[napi(ts_return_type = "ScorecardScore")]
pub fn score_scorecard<'env>(
    env: &'env Env,
    #[napi(ts_arg_type = "Record<string, string>")] marks: serde_json::Value,
    #[napi(ts_arg_type = "Scorecard")] template: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let marks: scorecard::Marks = from_json("scorecard marks", marks)?;
        let template = match template {
            None | Some(serde_json::Value::Null) => scorecard::Scorecard::sample(),
            Some(v) => {
                let t: scorecard::Scorecard = from_json("scorecard", v)?;
                t.validate().map_err(core)?;
                t
            }
        };
        to_js(
            env,
            &scorecard::score_scorecard(&template, &marks).map_err(core)?,
        )
    })
}

/// Batch certification results, one entry per agent (row).
#[napi(object)]
pub struct CertBatch {
    /// 0 in progress, 1 certified, 2 failed.
    pub status: Uint8Array,
    /// Passing calls.
    pub passes: Uint8Array,
    /// Pass rate as a whole percent.
    #[napi(js_name = "pass_rate")]
    pub pass_rate: Uint8Array,
}

fn columns(c: cert::BatchColumns) -> CertBatch {
    CertBatch {
        status: Uint8Array::new(c.status),
        passes: Uint8Array::new(c.passes),
        pass_rate: Uint8Array::new(c.pass_rate),
    }
}

/// Runs a batch of `rows` rows with `run` and returns its columns as a `CertBatch` object:
/// a small batch runs into stack buffers that the fast builder copies into new arrays, a
/// larger one into vectors handed over to JavaScript as they are.
fn batch_js<'env>(
    env: &'env Env,
    rows: usize,
    run: impl FnOnce(&mut cert::BatchOut<'_>) -> care_core::Result<()>,
) -> Result<Unknown<'env>> {
    let raw = env.raw();
    let cols = if rows <= fast::SMALL_BATCH {
        // A few rows (a dashboard's agent) on the stack; a few hundred in one vector.
        let mut stack = [0u8; 3 * 64];
        let mut heap = Vec::new();
        let buf: &mut [u8] = if rows <= 64 {
            stack.get_mut(..3 * rows).unwrap_or_default()
        } else {
            heap.resize(3 * rows, 0);
            &mut heap
        };
        let (status, rest) = buf.split_at_mut(rows);
        let (passes, pass_rate) = rest.split_at_mut(rows);
        run(&mut cert::BatchOut {
            status: &mut *status,
            passes: &mut *passes,
            pass_rate: &mut *pass_rate,
        })
        .map_err(core)?;
        if let Some(v) = fast::batch(env, status, passes, pass_rate)? {
            return Ok(v);
        }
        cert::BatchColumns {
            status: status.to_vec(),
            passes: passes.to_vec(),
            pass_rate: pass_rate.to_vec(),
        }
    } else {
        let mut cols = cert::BatchColumns::zeroed(rows);
        run(&mut cols.as_out()).map_err(core)?;
        cols
    };
    // SAFETY: converting a value of this environment on its thread, as napi's generated
    // code does for a returned `CertBatch`.
    unsafe {
        let value = CertBatch::to_napi_value(raw, columns(cols))
            .map_err(|e| crate::errors::napi("result", e))?;
        Unknown::from_napi_value(raw, value).map_err(|e| crate::errors::napi("result", e))
    }
}

/// The rows a batch of `len` scores makes under `policy` (the core checks they are whole).
fn rows_of(len: usize, policy: &cert::CertPolicy) -> usize {
    len / usize::from(policy.calls.max(1))
}

/// Evaluates many agents at once: `scores` holds N x 5 scores row-major (255 = call not
/// taken yet); returns one column entry per agent.
#[napi(ts_return_type = "CertBatch")]
pub fn evaluate_batch<'env>(
    env: &'env Env,
    scores: Uint8ArraySlice<'_>,
    #[napi(ts_arg_type = "Partial<CertPolicyData>")] policy: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let p = self::policy(policy)?;
        batch_js(env, rows_of(scores.len(), &p), |out| {
            cert::evaluate_batch_into(&scores, &p, out)
        })
    })
}

/// [`evaluate_batch`] over `Float64Array` scores (NaN = call not taken yet).
#[napi(ts_return_type = "CertBatch")]
pub fn evaluate_batch_f64<'env>(
    env: &'env Env,
    scores: Float64ArraySlice<'_>,
    #[napi(ts_arg_type = "Partial<CertPolicyData>")] policy: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let p = self::policy(policy)?;
        batch_js(env, rows_of(scores.len(), &p), |out| {
            cert::evaluate_batch_f64_into(&scores, &p, out)
        })
    })
}

/// The work of `evaluateBatchAsync`, run on libuv's thread pool.
pub struct EvaluateBatchTask {
    scores: Vec<u8>,
    policy: cert::CertPolicy,
}

/// What the worker thread hands back: the columns, or the error to throw.
pub type BatchOutcome = std::result::Result<cert::BatchColumns, napi::Error<Code>>;

impl Task for EvaluateBatchTask {
    type Output = BatchOutcome;
    type JsValue = CertBatch;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let (scores, policy) = (&self.scores, &self.policy);
        Ok(guard(|| cert::evaluate_batch(scores, policy).map_err(core)))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(c) => Ok(columns(c)),
            Err(e) => Err(crate::errors::rejection(&env, e)),
        }
    }
}

/// [`evaluate_batch`] off the main thread: resolves to the same columns. The scores are
/// copied first, so the caller may reuse its array at once.
#[napi(ts_return_type = "Promise<CertBatch>")]
pub fn evaluate_batch_async(
    scores: Uint8Array,
    #[napi(ts_arg_type = "Partial<CertPolicyData>")] policy: Option<serde_json::Value>,
) -> Result<AsyncTask<EvaluateBatchTask>> {
    guard(|| {
        Ok(AsyncTask::new(EvaluateBatchTask {
            scores: scores.to_vec(),
            policy: self::policy(policy)?.into_owned(),
        }))
    })
}

/// Checks a certification policy (only the fields it changes); throws `INVALID_POLICY`
/// listing every problem.
#[napi]
pub fn validate_cert_policy(
    #[napi(ts_arg_type = "Partial<CertPolicyData>")] policy: serde_json::Value,
) -> Result<()> {
    guard(|| self::policy(Some(policy)).map(|_| ()))
}

/// [`evaluate_batch`] into columns the caller owns (`out.status`, `out.passes`,
/// `out.pass_rate`, one entry per agent row): nothing is allocated, so a caller that
/// evaluates again and again reuses its arrays.
#[napi]
pub fn evaluate_batch_into(
    scores: Uint8Array,
    mut out: CertBatch,
    #[napi(ts_arg_type = "Partial<CertPolicyData>")] policy: Option<serde_json::Value>,
) -> Result<()> {
    guard(|| {
        let p = self::policy(policy)?;
        into(&scores, &mut out, &p)
    })
}

fn into(scores: &Uint8Array, out: &mut CertBatch, p: &cert::CertPolicy) -> Result<()> {
    // The four arrays may be views of one buffer: writing through one while reading or
    // writing another would alias, so overlapping arrays are refused.
    let span = |a: &Uint8Array| {
        let start = a.as_ptr() as usize;
        (start, start + a.len())
    };
    let spans = [
        span(scores),
        span(&out.status),
        span(&out.passes),
        span(&out.pass_rate),
    ];
    for (i, a) in spans.iter().enumerate() {
        for b in spans.iter().skip(i + 1) {
            if a.0 < b.1 && b.0 < a.1 {
                return Err(core(care_core::Error::invalid_input(
                    "the scores and the output columns share memory: give four separate arrays",
                )));
            }
        }
    }
    // SAFETY: the three columns are distinct typed arrays that overlap neither each other
    // nor the scores (checked above); they stay alive (held by `out`) for this synchronous
    // call, and no JavaScript runs while Rust writes into them.
    let (status, passes, pass_rate) = unsafe {
        (
            out.status.as_mut(),
            out.passes.as_mut(),
            out.pass_rate.as_mut(),
        )
    };
    let mut o = cert::BatchOut {
        status,
        passes,
        pass_rate,
    };
    cert::evaluate_batch_into(scores, p, &mut o).map_err(core)
}

/// A certification policy read and validated once, to evaluate with again and again: its
/// methods skip reading a plain object on every call.
#[napi(js_name = "CertPolicy")]
pub struct PreparedCertPolicy {
    inner: cert::PreparedCertPolicy,
}

impl PreparedCertPolicy {
    fn from_policy(policy: &cert::CertPolicy) -> Result<PreparedCertPolicy> {
        Ok(PreparedCertPolicy {
            inner: policy.prepare().map_err(core)?,
        })
    }

    fn policy(&self) -> &cert::CertPolicy {
        self.inner.policy()
    }
}

#[napi]
impl PreparedCertPolicy {
    /// The documents' policy, or the documents' policy with the fields `policy` changes.
    #[napi(constructor)]
    pub fn new(
        #[napi(ts_arg_type = "Partial<CertPolicyData>")] policy: Option<serde_json::Value>,
    ) -> Result<PreparedCertPolicy> {
        guard(|| {
            let p = self::policy(policy)?;
            PreparedCertPolicy::from_policy(&p)
        })
    }

    /// Loads and validates a policy from TOML text.
    #[napi(factory)]
    pub fn from_toml(text: String) -> Result<PreparedCertPolicy> {
        guard(|| {
            PreparedCertPolicy::from_policy(&cert::CertPolicy::from_toml(&text).map_err(core)?)
        })
    }

    /// Loads and validates a policy from JSON text.
    #[napi(factory)]
    pub fn from_json(text: String) -> Result<PreparedCertPolicy> {
        guard(|| {
            PreparedCertPolicy::from_policy(&cert::CertPolicy::from_json(&text).map_err(core)?)
        })
    }

    /// The policy as a plain object (also what `JSON.stringify` writes).
    #[napi(js_name = "toJSON", ts_return_type = "CertPolicyData")]
    pub fn to_json<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        guard(|| to_js(env, self.policy()))
    }

    /// Evaluates one agent's session under this policy.
    #[napi(ts_return_type = "Evaluation")]
    pub fn evaluate<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "Session")] session: Unknown<'_>,
    ) -> Result<Unknown<'env>> {
        guard(|| {
            let s: cert::Session = from_json("session", value_of(env, "session", session)?)?;
            evaluation_js(env, &cert::evaluate(&s, self.policy()).map_err(core)?)
        })
    }

    /// Evaluates the session of `agent` whose calls 1, 2, ... scored `scores` in order.
    #[napi(ts_return_type = "Evaluation")]
    pub fn evaluate_scores<'env>(
        &self,
        env: &'env Env,
        agent: String,
        #[napi(ts_arg_type = "Array<number>")] scores: Vec<Unknown<'_>>,
    ) -> Result<Unknown<'env>> {
        guard(|| {
            let scores = crate::convert::scores(env, scores)?;
            evaluation_js(
                env,
                &cert::evaluate_scores(&agent, &scores, self.policy()).map_err(core)?,
            )
        })
    }

    /// Where a session whose calls 1, 2, ... scored `scores` stands (NaN = not taken yet):
    /// the core's `standing`, one row of the batch with its status named, plus `fails`,
    /// `pending` and `decided_early`.
    #[napi(ts_return_type = "Standing")]
    pub fn standing<'env>(
        &self,
        env: &'env Env,
        scores: Float64ArraySlice<'_>,
    ) -> Result<Unknown<'env>> {
        guard(|| {
            let st = self.inner.standing(&scores).map_err(core)?;
            match fast::standing(env, &st)? {
                Some(v) => Ok(v),
                None => to_js(env, &st),
            }
        })
    }

    /// A post-training QA audit under this policy.
    #[napi(ts_return_type = "AuditResult")]
    pub fn qa_audit<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "number")] score: Unknown<'_>,
    ) -> Result<Unknown<'env>> {
        guard(|| {
            let score = crate::convert::score(env, "QA audit", score)?;
            audit_js(env, &cert::qa_audit(score, self.policy()).map_err(core)?)
        })
    }

    /// [`evaluate_batch`] under this policy.
    #[napi(ts_return_type = "CertBatch")]
    pub fn evaluate_batch<'env>(
        &self,
        env: &'env Env,
        scores: Uint8ArraySlice<'_>,
    ) -> Result<Unknown<'env>> {
        guard(|| {
            batch_js(env, rows_of(scores.len(), self.policy()), |out| {
                self.inner.evaluate_batch_into(&scores, out)
            })
        })
    }

    /// [`evaluate_batch_f64`] under this policy.
    #[napi(ts_return_type = "CertBatch")]
    pub fn evaluate_batch_f64<'env>(
        &self,
        env: &'env Env,
        scores: Float64ArraySlice<'_>,
    ) -> Result<Unknown<'env>> {
        guard(|| {
            batch_js(env, rows_of(scores.len(), self.policy()), |out| {
                self.inner.evaluate_batch_f64_into(&scores, out)
            })
        })
    }

    /// [`evaluate_batch_into`] under this policy: writes into the caller's columns.
    #[napi]
    pub fn evaluate_batch_into(&self, scores: Uint8Array, mut out: CertBatch) -> Result<()> {
        guard(|| into(&scores, &mut out, self.policy()))
    }

    /// [`evaluate_batch_async`] under this policy.
    #[napi(ts_return_type = "Promise<CertBatch>")]
    pub fn evaluate_batch_async(&self, scores: Uint8Array) -> Result<AsyncTask<EvaluateBatchTask>> {
        guard(|| {
            Ok(AsyncTask::new(EvaluateBatchTask {
                scores: scores.to_vec(),
                policy: self.policy().clone(),
            }))
        })
    }
}

/// Where a session stands: the counting part of an `Evaluation`, same keys and values (the
/// shape `CertPolicy#standing` returns; the object itself is built by [`fast::standing`]).
#[napi(object)]
pub struct Standing {
    /// `in_progress`, `certified` or `failed`.
    #[napi(ts_type = "'in_progress' | 'certified' | 'failed'")]
    pub status: String,
    /// Whether the status was decided while calls were still pending.
    #[napi(js_name = "decided_early")]
    pub decided_early: bool,
    /// Passing calls.
    pub passes: u8,
    /// Failing calls.
    pub fails: u8,
    /// Calls not taken yet.
    pub pending: u8,
    /// Passes out of all the session's calls as a whole percent, rounded down.
    #[napi(js_name = "pass_rate")]
    pub pass_rate: u8,
}
