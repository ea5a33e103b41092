//! Call certification: the `CertPolicy` class (the facade's `evaluate`, `standing`... are its
//! methods), `fileStem`, `passRate`, `decide`, `callVerdict` and the batch functions.

use crate::js::{self, borrow, core, Bytes, CertPolicyArg, Data, Num, OptArg, Raw, Result, Str, Typed};
use care_core::certification as cert;
use napi::bindgen_prelude::{AsyncTask, JsObjectValue, Object, Uint8Array, Undefined, Unknown};
use napi::{Env, Task};
use napi_derive::napi;

crate::data_class!(CertPolicy, cert::CertPolicy, "Partial<T.CertPolicy>", "T.CertPolicy");

/// A list of scores (`null` is a call not taken yet when `missing` is true).
fn scores(env: &Env, v: Unknown<'_>, missing: bool) -> Result<Vec<f64>> {
    core(env, cert::scores_from_json(&js::value(env, "scores", v)?, missing))
}

/// Batch results as an object of `Uint8Array` columns named by the core
/// (`BatchColumns::NAMES`); status codes are named by `STATUS_NAMES`.
fn columns(env: &Env, c: cert::BatchColumns) -> Result<Columns> {
    let mut obj = Object::new(env)?;
    for (name, col) in c.into_named() {
        obj.set_named_property(name, Uint8Array::from(col))?;
    }
    Ok(obj)
}

crate::export! {
    #[doc = "[`evaluate_batch`] over `Uint8Array` scores into columns the caller owns"]
    #[doc = "(`out.status`, `out.passes`, `out.pass_rate`): nothing is allocated."]
    fn evaluate_batch_into(env, scores: Raw = "Uint8Array", columns: Raw = "Columns",
        policy: Option<CertPolicyArg>) -> Undefined = {
        // Every option and every column is read first (their getters may run JavaScript)...
        let p = core(env, CertPolicy::arg(env, policy)?.prepare())?;
        let given = js::options(env, Some(columns), cert::BatchColumns::NAMES)?;
        let missing =
            || js::invalid(env, "columns", format_args!("give {:?}", cert::BatchColumns::NAMES));
        let cols = given.map(|c| c.ok_or_else(missing)).into_iter().collect::<Result<Vec<_>>>()?;
        // ...then the memory is borrowed, and no JavaScript runs until the call returns.
        let Typed::U8(scores) = borrow(env, "scores", &scores)? else {
            return Err(js::invalid(env, "scores", "expected a Uint8Array"));
        };
        let mut spans = vec![(scores.as_ptr(), scores.len())];
        for c in &cols {
            match js::view(env, "columns", c)? {
                (kind, data, len) if kind == napi::sys::TypedarrayType::uint8_array => {
                    spans.push((data.cast_const(), len))
                }
                _ => return Err(js::invalid(env, "columns", "expected Uint8Arrays")),
            }
        }
        // In address order, each span must end where or before the next begins.
        let mut sorted = spans.clone();
        sorted.sort_unstable();
        if sorted.windows(2).any(|w| w[0].0 as usize + w[0].1 > w[1].0 as usize) {
            let shared = "the scores and the columns share memory: give four separate arrays";
            return Err(js::invalid(env, "columns", shared));
        }
        let cols = [spans[1], spans[2], spans[3]].map(|(data, len)| {
            // SAFETY: each column is a live, non-detached Uint8Array whose memory overlaps
            // neither the other columns nor the scores (checked above); it is written only
            // during this call, in which no JavaScript runs (hardening.test.mjs detaches
            // buffers from every getter read above).
            unsafe { std::slice::from_raw_parts_mut(data.cast_mut(), len) }
        });
        p.evaluate_batch_into(scores, &mut cert::BatchOut::from_named(cols))
    };
}

/// The work of `evaluateBatchAsync`, on libuv's thread pool.
pub struct BatchTask(Vec<u8>, cert::CertPolicy);

impl Task for BatchTask {
    type Output = care_core::Result<cert::BatchColumns>;
    type JsValue = Object<'static>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // A panic (a bug) is rejected as a care-core error of kind `internal` (`reject`).
        care_core::error::catch_panic(|| cert::evaluate_batch(&self.0, &self.1))
            .map_err(napi::Error::from_reason)
    }

    fn reject(&mut self, env: Env, e: napi::Error) -> napi::Result<Object<'static>> {
        Err(js::internal(&env, e.reason.clone()))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Object<'static>> {
        columns(&env, core(&env, output)?)
    }
}

/// [`evaluate_batch`] off the main thread; the scores are copied first.
#[napi(ts_return_type = "Promise<Columns>", catch_unwind)]
pub fn evaluate_batch_async(
    env: &Env, #[napi(ts_arg_type = "Uint8Array")] scores: Unknown<'_>, policy: Option<CertPolicyArg<'_>>,
) -> Result<AsyncTask<BatchTask>> {
    js::guard(env, || {
        let p = CertPolicy::arg(env, policy)?;
        let Typed::U8(s) = borrow(env, "scores", &scores)? else {
            return Err(js::invalid(env, "scores", "expected a Uint8Array"));
        };
        Ok(AsyncTask::new(BatchTask(s.to_vec(), p)))
    })
}

/// The batch columns answered (TypeScript `Columns`, declared in `dts-header.d.ts`).
pub type Columns = Object<'static>;

crate::export! {
    #[doc = "Evaluates many agents at once: N x calls scores, row-major (`Uint8Array`: 255 = not"]
    #[doc = "taken yet; `Float64Array`: NaN = not taken yet)."]
    fn CertPolicy::evaluate_batch(env, &p, scores: Raw = "Uint8Array | Float64Array") -> Columns = {
        // The only argument: no JavaScript runs from borrowing until the columns are made.
        let r = match borrow(env, "scores", &scores)? {
            Typed::U8(s) => cert::evaluate_batch(s, p),
            Typed::F64(s) => cert::evaluate_batch_f64(s, p),
            Typed::I32(_) => return Err(js::invalid(env, "scores", "expected a Uint8Array or a Float64Array")),
        };
        Ok(columns(env, core(env, r)?)?)
    };
    #[doc = "Evaluates one agent's session (`{ agent, calls: [{ number, score }] }`)."]
    fn CertPolicy::evaluate(env, &p, session: Data = "T.Session") -> "T.Evaluation" =
        cert::evaluate(&session, p);
    #[doc = "Evaluates the session of `agent` whose calls 1, 2, ... scored `scores` in order."]
    fn CertPolicy::evaluate_scores(env, &p, agent: Str, scores: Raw = "number[]") -> "T.Evaluation" =
        cert::evaluate_scores(&agent, &self::scores(env, scores, false)?, p);
    #[doc = "Where a session whose calls 1, 2, ... scored `scores` stands (`null` or NaN: not"]
    #[doc = "taken yet)."]
    fn CertPolicy::standing(env, &p, scores: Raw = "Array<number | null> | Float64Array")
        -> "T.Standing" = cert::standing(&self::scores(env, scores, true)?, p);
    #[doc = "A post-training QA audit (passes at 95 by default)."]
    fn CertPolicy::qa_audit(env, &p, score: Raw = "Num") -> "T.AuditResult" =
        cert::score_from_json("QA audit", &js::value(env, "score", score)?)
            .and_then(|s| cert::qa_audit(s, p));
    #[doc = "The verdict on one score for call `number`."]
    fn call_verdict(env, number: Num as "call number", score: Raw = "Num",
        policy: Option<CertPolicyArg>) -> "'pass' | 'fail' | 'pending'" = {
        let place = format!("call {number}");
        let score = core(env, cert::score_from_json(&place, &js::value(env, "score", score)?))?;
        cert::call_verdict(number, score, &CertPolicy::arg(env, policy)?)
    };
    #[doc = "The scorecard file stem `LastName_FirstName_NN%`."]
    fn file_stem(env, agent: Str, pass_rate: Num as "pass rate") -> String =
        cert::file_stem(&agent, pass_rate);
    #[doc = "`passes / calls` as a whole percent, rounded down."]
    fn pass_rate(env, passes: Num, calls: Num) -> u8 = cert::pass_rate(passes, calls);
    #[doc = "The counting rule: the status of a session with these passes, fails and pending calls."]
    fn decide(env, passes: Num, fails: Num, pending: Num, policy: Option<CertPolicyArg>)
        -> "T.Decision" = cert::decide(passes, fails, pending, &CertPolicy::arg(env, policy)?);
    #[doc = "The Call Cert Tracking workbook (xlsx, a Buffer) for `agent` (may be empty), with the"]
    #[doc = "scorecard's items (default the sample) and the policy's calls."]
    fn cert_template_xlsx(env, agent: Str, scorecard: Option<Raw> = "Scorecard | T.Scorecard",
        policy: Option<CertPolicyArg>) -> Bytes = {
        let t = crate::cohort::Scorecard::arg(env, scorecard)?;
        care_core::workbook::certifier::template_xlsx(&agent, &t, &CertPolicy::arg(env, policy)?)
            .map(Bytes::from)
    };
    #[doc = "Reads and scores a filled Call Cert Tracking workbook (a Buffer)."]
    fn read_cert_workbook(env, data: Raw = "Uint8Array", policy: Option<CertPolicyArg>)
        -> "T.CertWorkbook" = {
        let p = CertPolicy::arg(env, policy)?;
        care_core::workbook::certifier::read_workbook(&crate::cohort::bytes(env, "data", &data)?, &p)
    };
}
