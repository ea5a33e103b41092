//! `care demo`: the README's main job. A tour of the built-in career map (an overview, a
//! move classified, a readiness check, a career path), one call certification, an
//! escalation timeline and the sample cohort's end-of-day report.

use crate::out::{write_stdout, CliResult, Ctx};
use clap::Args;

/// `care demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {}

/// Runs the tour: text for people, or one JSON object with a key per part under `--json`.
pub fn run(ctx: &Ctx, _a: DemoArgs) -> CliResult {
    let parts = [
        ("career", "The career map", crate::career::demo_career()?),
        (
            "certification",
            "Call certification: Rivera, Ana",
            crate::cert::demo_cert()?,
        ),
        (
            "escalation",
            "Escalation timeline: an agent starting 2026-07-02 (US federal holidays)",
            crate::schedule::demo_escalation()?,
        ),
        (
            "cohort",
            "The sample cohort's end-of-day report, as of 2026-07-10",
            crate::cohort::demo_cohort()?,
        ),
    ];
    if ctx.json {
        let object: serde_json::Map<String, serde_json::Value> = parts
            .into_iter()
            .map(|(key, _, s)| (key.to_string(), s.json))
            .collect();
        let json = serde_json::to_string_pretty(&object)
            .map_err(|e| care_core::Error::invalid_input(format!("cannot write JSON: {e}")))?;
        return write_stdout(&(json + "\n"));
    }
    let mut text = String::new();
    for (i, (_, title, s)) in parts.iter().enumerate() {
        let rule = "=".repeat(title.chars().count() + 8);
        text.push_str(&format!(
            "{rule}\n    {title}\n{rule}\n{}\n",
            s.text.trim_end()
        ));
        if i + 1 < parts.len() {
            text.push('\n');
        }
    }
    write_stdout(&text)
}
