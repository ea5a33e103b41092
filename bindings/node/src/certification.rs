//! Call certification and QA scorecards: `evaluate`, `qaAudit`, `fileStem`, `certPolicy`,
//! `scoreScorecard`, and the batch functions over typed arrays.

use crate::convert::{from_json, to_js};
use crate::errors::{core, guard, Code, Result};
use care_core::certification as cert;
use care_core::scorecard;
use napi::bindgen_prelude::{AsyncTask, Float64Array, Uint8Array, Unknown};
use napi::{Env, Task};
use napi_derive::napi;

/// The certification policy given as a plain object (only the fields it changes), or the
/// documents' policy when left out.
fn policy(value: Option<serde_json::Value>) -> Result<cert::CertPolicy> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(cert::CertPolicy::default()),
        Some(v) => {
            let p: cert::CertPolicy = from_json("certification policy", v)?;
            p.validate().map_err(core)?;
            Ok(p)
        }
    }
}

/// The documents' certification policy (5 calls, pass mark 85, 4 passes...) as a plain object.
#[napi(ts_return_type = "CertPolicy")]
pub fn cert_policy<'env>(env: &'env Env) -> Result<Unknown<'env>> {
    guard(|| to_js(env, &cert::CertPolicy::default()))
}

/// Loads and validates a certification policy from TOML or JSON text (`format` is `"toml"`
/// or `"json"`); fields left out keep the documents' values.
#[napi(ts_return_type = "CertPolicy")]
pub fn load_cert_policy<'env>(
    env: &'env Env,
    text: String,
    #[napi(ts_arg_type = "'toml' | 'json'")] format: String,
) -> Result<Unknown<'env>> {
    guard(|| {
        let p = match format.as_str() {
            "toml" => cert::CertPolicy::from_toml(&text),
            "json" => cert::CertPolicy::from_json(&text),
            other => Err(care_core::Error::invalid_input(format!(
                "unknown policy format {other:?}: use \"toml\" or \"json\""
            ))),
        }
        .map_err(core)?;
        to_js(env, &p)
    })
}

/// Evaluates one agent's certification session (`{ agent, calls: [{ number, score }] }`).
#[napi(ts_return_type = "Evaluation")]
pub fn evaluate<'env>(
    env: &'env Env,
    #[napi(ts_arg_type = "Session")] session: serde_json::Value,
    #[napi(ts_arg_type = "Partial<CertPolicy>")] policy: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let s: cert::Session = from_json("session", session)?;
        to_js(
            env,
            &cert::evaluate(&s, &self::policy(policy)?).map_err(core)?,
        )
    })
}

/// Evaluates the session of `agent` whose calls 1, 2, ... scored `scores` in order.
#[napi(ts_return_type = "Evaluation")]
pub fn evaluate_scores<'env>(
    env: &'env Env,
    agent: String,
    scores: Vec<f64>,
    #[napi(ts_arg_type = "Partial<CertPolicy>")] policy: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let s = cert::Session::from_scores(agent, &scores);
        to_js(
            env,
            &cert::evaluate(&s, &self::policy(policy)?).map_err(core)?,
        )
    })
}

/// A post-training QA audit (passes at 95 by default).
#[napi(ts_return_type = "AuditResult")]
pub fn qa_audit<'env>(
    env: &'env Env,
    score: f64,
    #[napi(ts_arg_type = "Partial<CertPolicy>")] policy: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| {
        to_js(
            env,
            &cert::qa_audit(score, &self::policy(policy)?).map_err(core)?,
        )
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

/// Evaluates many agents at once: `scores` holds N x 5 scores row-major (255 = call not
/// taken yet); returns one column entry per agent.
#[napi]
pub fn evaluate_batch(
    scores: Uint8Array,
    #[napi(ts_arg_type = "Partial<CertPolicy>")] policy: Option<serde_json::Value>,
) -> Result<CertBatch> {
    guard(|| {
        let p = self::policy(policy)?;
        Ok(columns(cert::evaluate_batch(&scores, &p).map_err(core)?))
    })
}

/// [`evaluate_batch`] over `Float64Array` scores (NaN = call not taken yet).
#[napi]
pub fn evaluate_batch_f64(
    scores: Float64Array,
    #[napi(ts_arg_type = "Partial<CertPolicy>")] policy: Option<serde_json::Value>,
) -> Result<CertBatch> {
    guard(|| {
        let p = self::policy(policy)?;
        Ok(columns(
            cert::evaluate_batch_f64(&scores, &p).map_err(core)?,
        ))
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
    #[napi(ts_arg_type = "Partial<CertPolicy>")] policy: Option<serde_json::Value>,
) -> Result<AsyncTask<EvaluateBatchTask>> {
    guard(|| {
        Ok(AsyncTask::new(EvaluateBatchTask {
            scores: scores.to_vec(),
            policy: self::policy(policy)?,
        }))
    })
}
