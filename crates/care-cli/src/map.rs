//! `care map`: the career map as SVG, Mermaid or Graphviz DOT.

use crate::out::{read_file, CliResult, Ctx};
use care_core::render::{self, MapFormat, MapOptions};
use care_core::{Catalog, Error};
use clap::Args;
use std::path::PathBuf;

/// `care map`.
#[derive(Debug, Args)]
pub struct MapArgs {
    /// The output format: svg, mermaid or dot.
    #[arg(long, short = 'f', default_value = "svg")]
    pub format: MapFormat,
    /// Highlight the way from one role to another: FROM,TO (role ids or titles; a title may
    /// keep its comma: "Care Rep,Manager, Process").
    #[arg(long, value_name = "FROM,TO", conflicts_with = "path")]
    pub highlight: Option<String>,
    /// Highlight these roles in order: A,B,C (role ids or titles, commas and all).
    #[arg(long, value_name = "A,B,C")]
    pub path: Option<String>,
    /// Draw only these units (ids, names or aliases), in this order; repeat or separate
    /// with commas.
    #[arg(long = "unit", value_name = "UNIT", value_delimiter = ',')]
    pub units: Vec<String>,
    /// Leave out the guide's explicit career matches (dashed arrows).
    #[arg(long)]
    pub no_matches: bool,
    /// A catalog file (TOML or JSON; `-` for stdin) instead of the built-in map.
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// Write the picture to FILE instead of standard output (`-` is standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `care map`.
pub fn run(ctx: &Ctx, a: MapArgs) -> CliResult {
    let catalog = load_catalog(a.catalog.as_deref())?;
    let highlight = match (&a.highlight, &a.path) {
        (Some(h), _) => {
            let names = split_roles(&catalog, h)?;
            let [from, to] = names.as_slice() else {
                return Err(Error::invalid_input(format!(
                    "--highlight takes two roles, FROM,TO; got {} in {h:?}",
                    names.len()
                ))
                .into());
            };
            highlight_ids(&catalog, from, to)?
        }
        (None, Some(p)) => {
            let names = split_roles(&catalog, p)?;
            if names.is_empty() {
                return Err(Error::invalid_input(
                    "--path names no role: give role ids or titles separated by commas",
                )
                .into());
            }
            names
        }
        (None, None) => Vec::new(),
    };
    let options = MapOptions {
        highlight,
        units: if a.units.is_empty() {
            None
        } else {
            Some(a.units.clone())
        },
        career_matches: !a.no_matches,
    };
    let text = render::draw(a.format, &catalog, &options)?;
    match &a.output {
        Some(path) if crate::out::is_std(path) => crate::out::write_stdout(&text)?,
        Some(path) => {
            crate::out::write_file(path, text.as_bytes())?;
            if ctx.json {
                let written = serde_json::json!({ "written": path.display().to_string(), "bytes": text.len() });
                crate::out::write_stdout(&format!("{written}\n"))?;
            } else {
                eprintln!("wrote {} ({} bytes)", path.display(), text.len());
            }
        }
        None => crate::out::write_stdout(&text)?,
    }
    Ok(())
}

/// The roles to highlight for `--highlight FROM,TO`: the best career path between them
/// (fewest well-matched steps, then fewest transfers), or just the two roles, drawn as a
/// direct move, when no path of well-matched steps exists.
pub fn highlight_ids(catalog: &Catalog, from: &str, to: &str) -> CliResult<Vec<String>> {
    let options = care_core::transition::PathOptions {
        k: 1,
        ..Default::default()
    };
    let best = care_core::transition::paths(catalog, from, to, &options)?;
    Ok(match best.into_iter().next() {
        Some(path) => path.roles,
        None => vec![
            catalog.lookup(from)?.id.clone(),
            catalog.lookup(to)?.id.clone(),
        ],
    })
}

/// The built-in catalog, or the one in `path` (TOML or JSON by extension; TOML otherwise; the
/// latest version of a history).
fn load_catalog(path: Option<&std::path::Path>) -> CliResult<Catalog> {
    match path {
        None => Ok(Catalog::builtin()?),
        Some(p) => {
            let format = crate::out::data_format(p)?;
            let text = read_file(p)?;
            Ok(care_core::History::<Catalog>::load(&text, format)?
                .latest()
                .clone())
        }
    }
}

/// The roles of a comma-separated list, where a title may hold a comma itself ("Care
/// Rep,Manager, Process" is Care Rep and Manager, Process): the list is cut only where every
/// part names a role, each part as short as that allows. A list that cannot be cut so is the
/// lookup's error for its first piece that names no role alone (with the closest name).
fn split_roles(catalog: &Catalog, list: &str) -> CliResult<Vec<String>> {
    let pieces: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let n = pieces.len();
    // next[i]: the shortest j such that pieces[i..j] names a role and pieces[j..] can be cut.
    let mut next: Vec<Option<usize>> = vec![None; n + 1];
    let mut ok = vec![false; n + 1];
    ok[n] = true;
    for i in (0..n).rev() {
        next[i] = (i + 1..=n).find(|&j| ok[j] && catalog.lookup(&pieces[i..j].join(", ")).is_ok());
        ok[i] = next[i].is_some();
    }
    if !ok[0] {
        for p in &pieces {
            catalog.lookup(p)?;
        }
        catalog.lookup(list)?;
    }
    let mut names = Vec::new();
    let mut i = 0;
    while let Some(j) = next.get(i).copied().flatten() {
        names.push(pieces[i..j].join(", "));
        i = j;
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_resolves_both_ends_to_ids() {
        let c = Catalog::builtin().unwrap();
        assert_eq!(
            highlight_ids(&c, "Care Rep", "Sr. Rep").unwrap(),
            vec!["care-operations/rep", "care-operations/senior-rep"]
        );
        let e = highlight_ids(&c, "Care Rep", "Senoir Rep").unwrap_err();
        assert!(e.to_string().contains("did you mean \"Senior Rep\""));
    }

    #[test]
    fn names_split_on_commas_that_end_a_role() {
        let c = Catalog::builtin().unwrap();
        // The README's example: a comma inside the second title.
        assert_eq!(
            split_roles(&c, "Care Rep,Manager, Process").unwrap(),
            vec!["Care Rep", "Manager, Process"]
        );
        assert_eq!(
            split_roles(&c, " Care Rep , Senior Rep,, ").unwrap(),
            vec!["Care Rep", "Senior Rep"]
        );
        assert!(split_roles(&c, " , ").unwrap().is_empty());
        let e = split_roles(&c, "Care Rep,Senoir Rep").unwrap_err();
        assert!(e.to_string().contains("did you mean \"Senior Rep\""), "{e}");
    }

    #[test]
    fn writes_the_picture_to_a_file() {
        let dir = std::env::temp_dir().join(format!("care-map-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("map.mmd");
        let args = MapArgs {
            format: MapFormat::Mermaid,
            highlight: None,
            path: Some("care-operations/rep,care-operations/senior-rep".into()),
            units: vec!["Care Operations".into()],
            no_matches: false,
            catalog: None,
            output: Some(out.clone()),
        };
        run(&Ctx { json: true }, args).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.starts_with("%% The career map"));
        assert!(text.contains("class r_care_operations_rep,r_care_operations_senior_rep highlight"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
