//! `care cert score | scorecard | template | policy`.

use crate::out::{emit, read_file, CliResult, Ctx};
use crate::out::{section, Section};
use care_core::certification::{evaluate, qa_audit, Call, CallKind, CertPolicy, Session};
use care_core::policy::{from_str, Format};
use care_core::scorecard::{Marks, Scorecard, ScorecardScore};
use care_core::Error;
use clap::{Args, Subcommand};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// `--policy FILE`, shared by the subcommands that apply rules.
#[derive(Debug, Args)]
pub struct PolicyArg {
    /// An organisation's certification policy (TOML or JSON); only the fields it changes
    /// need to be given.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
}

/// `care cert ...`.
#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Score a certification session from its call scores, in call order (`-` = not taken).
    Score {
        /// The scores of calls 1, 2, ... (0 to 100; `-` for a call not taken yet).
        #[arg(required_unless_present = "xlsx")]
        scores: Vec<String>,
        /// The agent's name: "Rivera, Ana" or "Ana Rivera".
        #[arg(long, required_unless_present = "xlsx", default_value = "")]
        agent: String,
        /// Score a filled Call Cert Tracking workbook instead (care-core computes the scores
        /// from the marks and says where a formula's cached value disagrees).
        #[arg(long, value_name = "FILE", conflicts_with = "scores")]
        xlsx: Option<PathBuf>,
        /// With --xlsx: copy the workbook into DIR as Last_First_NN%.xlsx.
        #[arg(long, value_name = "DIR", requires = "xlsx")]
        save_as: Option<PathBuf>,
        /// The kind of each call in order, e.g. `pdp,pdp,pdp,mapd,mapd` (checked against the
        /// policy's mix).
        #[arg(long, value_delimiter = ',')]
        kinds: Vec<String>,
        #[command(flatten)]
        policy: PolicyArg,
    },
    /// Score a marked QA scorecard file.
    ///
    /// The file (TOML or JSON) holds `[marks]` (item id = "yes" | "no" | "na") and optionally
    /// `template = "path"` (relative to the file) or an inline `[template]` table; without
    /// either, or `--template`, the sample template is used.
    Scorecard {
        /// The marks file.
        file: PathBuf,
        /// The template to score against (overrides the file's own).
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
    },
    /// Print the sample QA scorecard template (TOML), or write the certifier's Call Cert
    /// Tracking workbook (`--format xlsx -o FILE`).
    Template {
        /// toml (the scorecard template) or xlsx (the certifier's workbook).
        #[arg(long, default_value = "toml", value_parser = ["toml", "xlsx"])]
        format: String,
        /// Where to write the workbook.
        #[arg(
            short = 'o',
            long = "output",
            value_name = "FILE",
            required_if_eq("format", "xlsx")
        )]
        output: Option<PathBuf>,
        /// The agent's name for the workbook's name cells.
        #[arg(long, default_value = "")]
        agent: String,
        /// An organisation's scorecard template (TOML or JSON) instead of the sample.
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
        #[command(flatten)]
        policy: PolicyArg,
    },
    /// Print the certification policy in force as TOML (the default, or `--policy FILE`).
    Policy {
        #[command(flatten)]
        policy: PolicyArg,
    },
    /// Check a post-training QA audit score against the audit pass mark.
    Audit {
        /// The audit score, 0 to 100.
        score: f64,
        #[command(flatten)]
        policy: PolicyArg,
    },
}

/// Runs `care cert ...`.
pub fn run(ctx: &Ctx, c: CertCommand) -> CliResult {
    match c {
        CertCommand::Score {
            xlsx: Some(file),
            save_as,
            policy,
            ..
        } => score_workbook(ctx, &file, save_as.as_deref(), &load_policy(&policy)?),
        CertCommand::Score {
            scores,
            agent,
            kinds,
            policy,
            ..
        } => score(ctx, &scores, &agent, &kinds, &load_policy(&policy)?),
        CertCommand::Scorecard { file, template } => scorecard(ctx, &file, template.as_deref()),
        CertCommand::Template {
            format,
            output,
            agent,
            template,
            policy,
        } => {
            if format == "xlsx" {
                let t = match &template {
                    Some(p) => load_template(p)?,
                    None => Scorecard::sample(),
                };
                let bytes = care_core::workbook::certifier::template_xlsx(
                    &agent,
                    &t,
                    &load_policy(&policy)?,
                )?;
                let Some(out) = output else {
                    return Err(Error::invalid_input("an xlsx template needs -o FILE").into());
                };
                return crate::out::write_file(&out, &bytes);
            }
            match &template {
                Some(p) => crate::out::write_stdout(&read_file(p)?)?,
                None => crate::out::write_stdout(care_core::scorecard::SAMPLE_TOML)?,
            }
            Ok(())
        }
        CertCommand::Policy { policy } => {
            let p = load_policy(&policy)?;
            if ctx.json {
                crate::out::write_stdout(&(care_core::policy::to_json(&p)? + "\n"))?;
            } else {
                crate::out::write_stdout(&care_core::policy::to_toml(&p)?)?;
            }
            Ok(())
        }
        CertCommand::Audit { score, policy } => {
            let a = qa_audit(score, &load_policy(&policy)?)?;
            emit(ctx, &a, || {
                a.reasons
                    .iter()
                    .map(|r| format!("{r}\n"))
                    .collect::<String>()
            })
        }
    }
}

fn format_of(path: &Path) -> CliResult<Format> {
    crate::out::data_format(path)
}

fn load_policy(arg: &PolicyArg) -> CliResult<CertPolicy> {
    match &arg.policy {
        None => Ok(CertPolicy::default()),
        Some(path) => {
            let text = read_file(path)?;
            Ok(care_core::policy::load(&text, format_of(path)?)?)
        }
    }
}

fn parse_kind(s: &str) -> CliResult<CallKind> {
    match s.trim().to_ascii_lowercase().as_str() {
        "pdp" => Ok(CallKind::Pdp),
        "mapd" => Ok(CallKind::Mapd),
        _ => Err(Error::unknown_name("call kind", s, ["pdp", "mapd"]).into()),
    }
}

fn session_from_args(agent: &str, scores: &[String], kinds: &[String]) -> CliResult<Session> {
    if !kinds.is_empty() && kinds.len() != scores.len() {
        return Err(Error::invalid_input(format!(
            "{} kinds were given for {} calls; give one per call or none",
            kinds.len(),
            scores.len()
        ))
        .into());
    }
    let mut calls = Vec::new();
    for (i, text) in scores.iter().enumerate() {
        let number = u8::try_from(i + 1)
            .map_err(|_| Error::invalid_input(format!("{} scores are too many", scores.len())))?;
        let kind = match kinds.get(i) {
            Some(k) => Some(parse_kind(k)?),
            None => None,
        };
        let score = match text.trim() {
            "-" => None,
            t => Some(t.parse::<f64>().map_err(|_| {
                Error::invalid_score(
                    format!("call {number}"),
                    format!("{t:?} is not a number; give 0 to 100, or - for not taken"),
                )
            })?),
        };
        // `-` means not taken: the call is left out (a listed coached call without a score
        // would be scored automatically).
        if let Some(score) = score {
            let mut call = Call::scored(number, score);
            call.kind = kind;
            calls.push(call);
        }
    }
    Ok(Session {
        agent: agent.to_string(),
        calls,
    })
}

fn score(
    ctx: &Ctx,
    scores: &[String],
    agent: &str,
    kinds: &[String],
    policy: &CertPolicy,
) -> CliResult {
    let session = session_from_args(agent, scores, kinds)?;
    let e = evaluate(&session, policy)?;
    emit(ctx, &e, || e.explain())
}

fn score_workbook(
    ctx: &Ctx,
    file: &Path,
    save_as: Option<&Path>,
    policy: &CertPolicy,
) -> CliResult {
    let bytes = crate::out::read_bytes(file)?;
    let w = care_core::workbook::certifier::read_workbook(&bytes, policy)?;
    if let Some(dir) = save_as {
        // The folder is made when missing, as `cp file dir/` users expect it to be there.
        std::fs::create_dir_all(dir).map_err(|source| crate::out::CliError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let path = dir.join(format!("{}.xlsx", w.evaluation.file_stem));
        crate::out::write_file(&path, &bytes)?;
        eprintln!("saved as {}", path.display());
    }
    emit(ctx, &w, || {
        let mut s = w.evaluation.explain();
        if !s.ends_with('\n') {
            s.push('\n');
        }
        for d in &w.disagreements {
            s.push_str(&format!(
                "note: {} shows {:?} but care-core computes {}; the score above is care-core's\n",
                d.place, d.shown, d.computed
            ));
        }
        s
    })
}

/// The template part of a marks file: a path (relative to the file) or an inline table.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum TemplateRef {
    Path(String),
    Inline(Box<Scorecard>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarksFile {
    #[serde(default)]
    template: Option<TemplateRef>,
    marks: Marks,
}

fn load_template(path: &Path) -> CliResult<Scorecard> {
    let text = read_file(path)?;
    Ok(care_core::policy::load(&text, format_of(path)?)?)
}

fn scorecard(ctx: &Ctx, file: &Path, template: Option<&Path>) -> CliResult {
    let marks: MarksFile = from_str(&read_file(file)?, format_of(file)?)?;
    let template = match (template, marks.template) {
        (Some(path), _) => load_template(path)?,
        (None, Some(TemplateRef::Path(p))) => {
            let base = file.parent().unwrap_or(Path::new("."));
            load_template(&base.join(p))?
        }
        (None, Some(TemplateRef::Inline(t))) => *t,
        (None, None) => Scorecard::sample(),
    };
    let s = template.score(&marks.marks)?;
    emit(ctx, &s, || scorecard_text(&template, &s))
}

fn scorecard_text(template: &Scorecard, s: &ScorecardScore) -> String {
    let mut out = format!(
        "scorecard {} ({}): score {}\n",
        template.id,
        if template.name.is_empty() {
            "unnamed"
        } else {
            &template.name
        },
        s.score
    );
    for i in &s.items {
        let mark = match i.mark {
            care_core::Mark::Yes => "yes",
            care_core::Mark::No => "no",
            care_core::Mark::NotApplicable => "n/a",
        };
        let flag = if i.critical {
            " (critical)"
        } else if i.bonus {
            " (bonus)"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {:<32} {mark:<4} {:>6.2} / {:>6.2}{flag}\n",
            i.id, i.earned, i.possible
        ));
    }
    out.push_str("reasons:\n");
    for r in &s.reasons {
        out.push_str(&format!("  - {r}\n"));
    }
    out
}

/// One certification for `care demo`: Rivera, Ana scored 100 90 84 88 92.
pub fn demo_cert() -> CliResult<Section> {
    let session = Session::from_scores("Rivera, Ana", &[100.0, 90.0, 84.0, 88.0, 92.0]);
    let e = evaluate(&session, &CertPolicy::default())?;
    section(&e, || e.explain())
}
