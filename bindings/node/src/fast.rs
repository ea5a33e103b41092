//! Plain objects for the hot single calls (`standing`, `qaAudit`, `evaluate`) built by small
//! JavaScript functions instead of `JSON.parse` or one napi call per property.
//!
//! Why: a V8 object literal is created from a boilerplate in a few nanoseconds, while napi
//! sets each property by name (the key interned, the map transitioned) and `JSON.parse`
//! scans every byte: an `Evaluation` took 15 to 20 µs either way. Here Rust writes the
//! numbers of an answer into a `Float64Array` the builders share with it and its strings
//! into one string (the numbers carry each string's length in UTF-16 units); one call of the
//! builder reads them back in order into a literal of exactly serde's keys, in serde's order.
//!
//! The builders are compiled once per Node environment (main thread, each worker) with
//! `napi_run_script` and kept in the environment's instance data. An answer that does not
//! fit the shared array returns `None`, and the caller falls back to the JSON path (as every
//! answer does where the builders cannot be compiled); tests check the answers against the
//! vectors and both batch paths against each other.

use crate::errors::{self, Result};
use care_core::certification::{self as cert, CallKind, Evaluation, Status, Verdict};
use care_core::explain::{PolicyRef, Reason};
use napi::bindgen_prelude::{FinalizeContext, FromNapiValue, JsValue, Unknown};
use napi::{sys, Env};
use std::ptr;

/// Numbers the shared array holds: an evaluation of 5 calls needs about 80.
const SCRATCH: usize = 4096;

/// The builders, in the order of [`Builder`]; the script's value is `[numbers, ...builders]`.
/// `batch` makes small batches' columns (V8-owned typed arrays: creating an external
/// buffer per column, as large batches do to avoid a copy, costs more than copying a few
/// hundred bytes).
const SOURCE: &str = r#"(function () {
  'use strict'
  const N = new Float64Array(SCRATCH)
  let i = 0, p = 0, T = ''
  const STATUS = ['in_progress', 'certified', 'failed']
  const VERDICT = ['pass', 'fail', 'pending']
  const KIND = [null, 'pdp', 'mapd']
  const num = () => N[i++]
  const opt = () => { const v = N[i++]; return v === v ? v : null }
  const str = () => { const n = N[i++]; const s = T.slice(p, p + n); p += n; return s }
  const optStr = () => N[i] < 0 ? (i++, null) : str()
  const reasons = () => {
    const out = []
    for (let n = N[i++]; n > 0; n--) out.push({ rule: str(), input: str(), message: str() })
    return out
  }
  const policy = () => ({ id: str(), version: str() })
  const start = (t) => { i = 0; p = 0; T = t }
  function standing() {
    return { status: STATUS[N[0]], decided_early: N[1] !== 0, passes: N[2], fails: N[3], pending: N[4], pass_rate: N[5] }
  }
  function audit(t) {
    start(t)
    const score = num(), pass_mark = num(), passed = num() !== 0, margin = num()
    return { score, pass_mark, passed, margin, reasons: reasons(), policy: policy() }
  }
  function evaluation(t) {
    start(t)
    const agent = str(), status = STATUS[num()], decided_early = num() !== 0
    const passes = num(), fails = num(), pending = num(), pass_rate = num()
    const calls = []
    for (let n = N[i++]; n > 0; n--) {
      calls.push({ number: num(), kind: KIND[num()], coached: num() !== 0, score: opt(), verdict: VERDICT[num()], margin: opt(), certifier: optStr() })
    }
    const file_stem = str()
    return { agent, status, decided_early, passes, fails, pending, pass_rate, calls, file_stem, reasons: reasons(), policy: policy() }
  }
  function batch() {
    const n = N[0]
    const column = (at) => {
      const a = new Uint8Array(n)
      for (let k = 0; k < n; k++) a[k] = N[at + k]
      return a
    }
    return { status: column(1), passes: column(1 + n), pass_rate: column(1 + 2 * n) }
  }
  return [N, standing, audit, evaluation, batch]
})()"#;

/// A builder: its index in the script's array.
#[derive(Clone, Copy)]
enum Builder {
    Standing = 1,
    Audit = 2,
    Evaluation = 3,
    Batch = 4,
}

/// The per-environment state: references to the builders, and where the shared numbers
/// live.
struct Builders {
    /// The script's array (it holds the numbers and the builders alive).
    items: sys::napi_ref,
    /// The builders, by [`Builder`] index (slot 0 unused).
    functions: [sys::napi_ref; 5],
    /// The shared `Float64Array`'s data: a private array of the builders' closure, so no
    /// JavaScript can detach or resize it, and its store (off the V8 heap at this size) stays
    /// where it is while the array lives.
    numbers: *mut f64,
    /// Its length in numbers.
    len: usize,
}

/// Where an answer is written: the shared numbers and the strings laid end to end.
struct Tape<'a> {
    nums: &'a mut [f64],
    at: usize,
    text: String,
}

impl Tape<'_> {
    fn num(&mut self, x: f64) {
        if let Some(slot) = self.nums.get_mut(self.at) {
            *slot = x;
        }
        // Past the end, only the count grows: `fits` then says no.
        self.at += 1;
    }

    fn flag(&mut self, b: bool) {
        self.num(f64::from(u8::from(b)));
    }

    /// A number or null (NaN stands for null: no answer holds a NaN).
    fn opt(&mut self, x: Option<f64>) {
        self.num(x.unwrap_or(f64::NAN));
    }

    fn str(&mut self, s: &str) {
        if self.text.capacity() == 0 {
            // One allocation for the strings of most answers (none for those without).
            self.text.reserve(1024);
        }
        let units = if s.is_ascii() {
            s.len()
        } else {
            s.chars().map(char::len_utf16).sum()
        };
        self.num(units as f64);
        self.text.push_str(s);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.num(-1.0),
        }
    }

    fn reasons(&mut self, reasons: &[Reason]) {
        self.num(reasons.len() as f64);
        for r in reasons {
            self.str(&r.rule);
            self.str(&r.input);
            self.str(&r.message);
        }
    }

    fn policy(&mut self, p: &PolicyRef) {
        self.str(&p.id);
        self.str(&p.version);
    }

    fn fits(&self) -> bool {
        self.at <= self.nums.len()
    }
}

fn check(status: sys::napi_status, what: &str) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(errors::napi(
            what,
            napi::Error::new(napi::Status::from(status), "a napi call failed"),
        ))
    }
}

/// The builders of this environment, compiled on first use; `None` when they cannot be
/// (an embedder that refuses to compile scripts): every answer then goes through JSON.
fn builders(env: &Env) -> Result<Option<&'static Builders>> {
    let err = |e: napi::Error| errors::napi("result", e);
    if let Some(b) = env.get_instance_data::<Builders>().map_err(err)? {
        return Ok((!b.numbers.is_null()).then_some(&*b));
    }
    let raw = env.raw();
    let source = SOURCE.replace("SCRATCH", &SCRATCH.to_string());
    let items: Unknown<'_> = match env.run_script(source) {
        Ok(items) => items,
        Err(_) => {
            // Clear the exception the refusal left, and remember it: no retry per call.
            let mut exception = ptr::null_mut();
            // SAFETY: plain napi calls on this environment, on its thread.
            unsafe {
                sys::napi_get_and_clear_last_exception(raw, &mut exception);
            }
            let none = Builders {
                items: ptr::null_mut(),
                functions: [ptr::null_mut(); 5],
                numbers: ptr::null_mut(),
                len: 0,
            };
            env.set_instance_data(none, (), |_: FinalizeContext<Builders, ()>| {})
                .map_err(err)?;
            return Ok(None);
        }
    };
    let items = items.raw();
    let reference = |value: sys::napi_value| -> Result<sys::napi_ref> {
        let mut r = ptr::null_mut();
        // SAFETY: `value` is a live value of this environment; the reference keeps it
        // alive until the environment's teardown deletes it (the finaliser below).
        check(
            unsafe { sys::napi_create_reference(raw, value, 1, &mut r) },
            "result",
        )?;
        Ok(r)
    };
    let element = |i: u32| -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        // SAFETY: a plain napi call on this environment's own array.
        check(
            unsafe { sys::napi_get_element(raw, items, i, &mut v) },
            "result",
        )?;
        Ok(v)
    };
    let mut b = Builders {
        items: reference(items)?,
        functions: [ptr::null_mut(); 5],
        numbers: ptr::null_mut(),
        len: 0,
    };
    for i in 1..5u32 {
        if let Some(slot) = b.functions.get_mut(i as usize) {
            *slot = reference(element(i)?)?;
        }
    }
    let (mut kind, mut data) = (0, ptr::null_mut());
    let (mut buffer, mut offset) = (ptr::null_mut(), 0usize);
    // SAFETY: element 0 is the Float64Array the script made.
    check(
        unsafe {
            sys::napi_get_typedarray_info(
                raw,
                element(0)?,
                &mut kind,
                &mut b.len,
                &mut data,
                &mut buffer,
                &mut offset,
            )
        },
        "result",
    )?;
    if kind != sys::TypedarrayType::float64_array || data.is_null() || b.len == 0 {
        return Err(errors::napi(
            "result",
            napi::Error::from_reason("the shared numbers are not a Float64Array"),
        ));
    }
    b.numbers = data.cast();
    env.set_instance_data(b, (), |ctx: FinalizeContext<Builders, ()>| {
        // SAFETY: called once, at the environment's teardown, with its own references.
        unsafe {
            for r in ctx.value.functions.iter().filter(|r| !r.is_null()) {
                sys::napi_delete_reference(ctx.env.raw(), *r);
            }
            sys::napi_delete_reference(ctx.env.raw(), ctx.value.items);
        }
    })
    .map_err(err)?;
    Ok(env
        .get_instance_data::<Builders>()
        .map_err(err)?
        .map(|b| &*b))
}

/// Writes an answer with `write` and builds it with `builder`; `None` when it does not fit
/// the shared numbers (the caller then takes the JSON path).
fn build<'env>(
    env: &Env,
    builder: Builder,
    write: impl FnOnce(&mut Tape<'_>),
) -> Result<Option<Unknown<'env>>> {
    let raw = env.raw();
    let Some(b) = builders(env)? else {
        return Ok(None);
    };
    // SAFETY: `numbers` points at the `len` f64s of the shared array (see [`Builders`]),
    // alive as long as this environment; only this thread's JavaScript reads them, and none
    // runs until the builder is called, after the tape is done.
    let nums = unsafe { std::slice::from_raw_parts_mut(b.numbers, b.len) };
    let mut tape = Tape {
        nums,
        at: 0,
        text: String::new(),
    };
    write(&mut tape);
    if !tape.fits() {
        return Ok(None);
    }
    let text = tape.text;
    let function_ref = b
        .functions
        .get(builder as usize)
        .copied()
        .unwrap_or(ptr::null_mut());
    let mut function = ptr::null_mut();
    let mut arg = ptr::null_mut();
    let mut undefined = ptr::null_mut();
    let mut result = ptr::null_mut();
    // SAFETY: plain napi calls on this environment's own values, on its thread; the builder
    // reads the numbers and slices `arg`.
    unsafe {
        check(
            sys::napi_get_reference_value(raw, function_ref, &mut function),
            "result",
        )?;
        check(
            sys::napi_create_string_utf8(raw, text.as_ptr().cast(), text.len() as isize, &mut arg),
            "result",
        )?;
        check(sys::napi_get_undefined(raw, &mut undefined), "result")?;
        check(
            sys::napi_call_function(raw, undefined, function, 1, &arg, &mut result),
            "result",
        )?;
        Unknown::from_napi_value(raw, result)
            .map(Some)
            .map_err(|e| errors::napi("result", e))
    }
}

fn status_code(s: Status) -> f64 {
    f64::from(s.code())
}

/// [`cert::Standing`] as its plain object.
pub fn standing<'env>(env: &Env, st: &cert::Standing) -> Result<Option<Unknown<'env>>> {
    build(env, Builder::Standing, |t| {
        t.num(status_code(st.status));
        t.flag(st.decided_early);
        t.num(f64::from(st.passes));
        t.num(f64::from(st.fails));
        t.num(f64::from(st.pending));
        t.num(f64::from(st.pass_rate));
    })
}

/// [`cert::AuditResult`] as its plain object.
pub fn audit<'env>(env: &Env, a: &cert::AuditResult) -> Result<Option<Unknown<'env>>> {
    build(env, Builder::Audit, |t| {
        t.num(a.score);
        t.num(a.pass_mark);
        t.flag(a.passed);
        t.num(a.margin);
        t.reasons(&a.reasons);
        t.policy(&a.policy);
    })
}

/// [`Evaluation`] as its plain object.
pub fn evaluation<'env>(env: &Env, e: &Evaluation) -> Result<Option<Unknown<'env>>> {
    build(env, Builder::Evaluation, |t| {
        t.str(&e.agent);
        t.num(status_code(e.status));
        t.flag(e.decided_early);
        t.num(f64::from(e.passes));
        t.num(f64::from(e.fails));
        t.num(f64::from(e.pending));
        t.num(f64::from(e.pass_rate));
        t.num(e.calls.len() as f64);
        for c in &e.calls {
            t.num(f64::from(c.number));
            t.num(match c.kind {
                None => 0.0,
                Some(CallKind::Pdp) => 1.0,
                Some(CallKind::Mapd) => 2.0,
            });
            t.flag(c.coached);
            t.opt(c.score);
            t.num(match c.verdict {
                Verdict::Pass => 0.0,
                Verdict::Fail => 1.0,
                Verdict::Pending => 2.0,
            });
            t.opt(c.margin);
            t.opt_str(c.certifier.as_deref());
        }
        t.str(&e.file_stem);
        t.reasons(&e.reasons);
        t.policy(&e.policy);
    })
}

/// Batches of at most this many rows take [`batch`]; larger ones keep their buffers.
pub const SMALL_BATCH: usize = (SCRATCH - 1) / 3;

/// Small batch columns as `{ status, passes, pass_rate }` of new `Uint8Array`s; `None` for
/// a batch of more than [`SMALL_BATCH`] rows.
pub fn batch<'env>(
    env: &Env,
    status: &[u8],
    passes: &[u8],
    pass_rate: &[u8],
) -> Result<Option<Unknown<'env>>> {
    if status.len() > SMALL_BATCH {
        return Ok(None);
    }
    build(env, Builder::Batch, |t| {
        t.num(status.len() as f64);
        for column in [status, passes, pass_rate] {
            for &v in column {
                t.num(f64::from(v));
            }
        }
    })
}
