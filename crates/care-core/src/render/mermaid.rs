//! The map as a Mermaid flowchart.

#[allow(unused_imports)]
use super::*;

/// The map as a Mermaid flowchart: one subgraph per unit, grades in the labels, natural
/// steps as `-->`, career matches as `-.->`, extra path steps as `==>`; the highlighted
/// path by `classDef highlight` and `linkStyle`.
pub fn mermaid(catalog: &Catalog, options: &MapOptions) -> Result<String> {
    let m = Model::build(catalog, options)?;
    let ids = mermaid_ids(m.roles.iter().map(|r| r.id.as_str()), "r_");
    let unit_ids = mermaid_ids(m.units.iter().map(|u| u.id.as_str()), "u_");
    let nid = |i: usize| ids.get(i).map_or("r_", String::as_str);
    let mut s = String::new();
    s.push_str("%% The career map: units as subgraphs, promotional steps as arrows.\n");
    s.push_str("flowchart BT\n");
    let _ = writeln!(
        s,
        "  classDef leadership fill:{LEAD_FILL},stroke:{LEAD_STROKE},color:#0f172a"
    );
    let _ = writeln!(
        s,
        "  classDef ic fill:{IC_FILL},stroke:{IC_STROKE},color:#0f172a"
    );
    let _ = writeln!(s, "  classDef highlight stroke:{HL},stroke-width:4px");
    for (c, unit) in m.units.iter().enumerate() {
        let uid = unit_ids.get(c).map_or("u_", String::as_str);
        let _ = writeln!(s, "  subgraph {uid}[\"{}\"]", mermaid_str(&unit.name));
        s.push_str("    direction BT\n");
        for cell in m.cells.get(c).into_iter().flatten().rev() {
            for &i in cell {
                let r = m.role(i);
                let class = match r.track {
                    Track::Leadership => "leadership",
                    Track::IndividualContributor => "ic",
                };
                let _ = writeln!(
                    s,
                    "    {}[\"{}<br/>Grade {}\"]:::{class}",
                    nid(i),
                    mermaid_str(&r.title),
                    r.grade
                );
            }
        }
        s.push_str("  end\n");
    }
    let mut lit = Vec::new();
    for (n, e) in m.edges.iter().enumerate() {
        let arrow = match e.kind {
            EdgeKind::Step => "-->",
            EdgeKind::CareerMatch => "-.->",
            EdgeKind::Path => "==>",
        };
        let _ = writeln!(s, "  {} {arrow} {}", nid(e.from), nid(e.to));
        if e.highlighted {
            lit.push(n.to_string());
        }
    }
    let mut hl: Vec<(usize, usize)> = m.path_pos.iter().map(|(&i, &p)| (p, i)).collect();
    hl.sort_unstable();
    if !hl.is_empty() {
        let names: Vec<&str> = hl.iter().map(|&(_, i)| nid(i)).collect();
        let _ = writeln!(s, "  class {} highlight", names.join(","));
    }
    if !lit.is_empty() {
        let _ = writeln!(
            s,
            "  linkStyle {} stroke:{HL},stroke-width:4px",
            lit.join(",")
        );
    }
    Ok(s)
}
