//! The map as Graphviz DOT.

#[allow(unused_imports)]
use super::*;

/// The map as Graphviz DOT (`rankdir=BT`, so cluster labels use `labelloc=b` to sit on
/// top): one cluster per unit, one rank per grade (labelled on the
/// left, highest at the top), natural steps solid, career matches dashed, the highlighted
/// path in red with a heavy pen.
pub fn dot(catalog: &Catalog, options: &MapOptions) -> Result<String> {
    let m = Model::build(catalog, options)?;
    let mut s = String::new();
    s.push_str("// The career map: units as clusters, grades as ranks, moves as arrows.\n");
    s.push_str("digraph career_map {\n");
    s.push_str("  graph [rankdir=BT, newrank=true, nodesep=0.25, ranksep=0.7, fontname=\"Helvetica,Arial,sans-serif\"];\n");
    s.push_str("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica,Arial,sans-serif\", fontsize=10, width=1.6];\n");
    let _ = writeln!(s, "  edge [color=\"{STEP_COLOR}\", arrowsize=0.7];");
    // Grade labels, chained so the ranks keep their order.
    for g in m.grades.iter().rev() {
        let _ = writeln!(
            s,
            "  \"grade {g}\" [label=\"Grade {g}\", shape=plaintext, style=\"\", fontsize=12];"
        );
    }
    let ladder: Vec<String> = m
        .grades
        .iter()
        .rev()
        .map(|g| format!("\"grade {g}\""))
        .collect();
    if ladder.len() > 1 {
        let _ = writeln!(s, "  {} [style=invis];", ladder.join(" -> "));
    }
    for (c, unit) in m.units.iter().enumerate() {
        let _ = writeln!(s, "  subgraph \"cluster_{}\" {{", dot_str(&unit.id));
        let _ = writeln!(
            s,
            "    label=\"{}\"; labelloc=b; fontsize=12; style=\"rounded\"; color=\"#cbd5e1\";",
            dot_str(&unit.name)
        );
        for cell in m.cells.get(c).into_iter().flatten().rev() {
            for &i in cell {
                let r = m.role(i);
                let (fill, stroke) = match r.track {
                    Track::Leadership => (LEAD_FILL, LEAD_STROKE),
                    Track::IndividualContributor => (IC_FILL, IC_STROKE),
                };
                let label: Vec<String> = wrap(&r.title, 22, 3).iter().map(|l| dot_str(l)).collect();
                let hl = if m.highlighted(i) {
                    format!(", color=\"{HL}\", penwidth=3")
                } else {
                    format!(", color=\"{stroke}\"")
                };
                let _ = writeln!(
                    s,
                    "    \"{id}\" [id=\"{id}\", label=\"{}\", tooltip=\"{}\", fillcolor=\"{fill}\"{hl}];",
                    label.join("\\n"),
                    dot_str(&r.summary),
                    id = dot_str(&r.id),
                );
            }
        }
        s.push_str("  }\n");
    }
    for (row, g) in m.grades.iter().enumerate() {
        let mut names = vec![format!("\"grade {g}\"")];
        for col in &m.cells {
            for &i in col.get(row).into_iter().flatten() {
                names.push(format!("\"{}\"", dot_str(&m.role(i).id)));
            }
        }
        let _ = writeln!(s, "  {{ rank=same; {}; }}", names.join("; "));
    }
    for e in &m.edges {
        let mut attrs: Vec<String> = Vec::new();
        match e.kind {
            EdgeKind::Step => {}
            EdgeKind::CareerMatch => {
                attrs.push("style=dashed".into());
                attrs.push(format!("color=\"{MATCH_COLOR}\""));
                attrs.push("constraint=false".into());
            }
            EdgeKind::Path => attrs.push("constraint=false".into()),
        }
        if e.highlighted {
            attrs.retain(|a| !a.starts_with("color="));
            attrs.push(format!("color=\"{HL}\""));
            attrs.push("penwidth=3".into());
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(
            s,
            "  \"{}\" -> \"{}\"{attrs};",
            dot_str(&m.role(e.from).id),
            dot_str(&m.role(e.to).id)
        );
    }
    s.push_str("}\n");
    Ok(s)
}
