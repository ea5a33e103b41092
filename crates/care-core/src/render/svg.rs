//! The map as a self-contained SVG.

#[allow(unused_imports)]
use super::*;

pub(crate) const MARGIN: f64 = 16.0;
pub(crate) const GRADE_W: f64 = 92.0;
pub(crate) const HEADER_H: f64 = 52.0;
pub(crate) const BOX_W: f64 = 152.0;
pub(crate) const BOX_H: f64 = 66.0;
pub(crate) const BOX_GAP: f64 = 14.0;
pub(crate) const COL_PAD: f64 = 16.0;
pub(crate) const ROW_PAD: f64 = 30.0;
pub(crate) const ROW_H: f64 = BOX_H + 2.0 * ROW_PAD;
pub(crate) const LEGEND_H: f64 = 44.0;
pub(crate) const TITLE_CHARS: usize = 20;
pub(crate) const LINE_H: f64 = 14.0;

#[derive(Debug, Clone, Copy)]
pub(crate) struct BoxAt {
    x: f64,
    y: f64,
}

pub(crate) fn f(v: f64) -> String {
    // One decimal at most, no "-0".
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The map as a self-contained SVG drawn like the guide: units as columns, grades as rows
/// (highest at the top), roles as boxes marked by track, moves as arrows.
///
/// Every role box is a `<g>` with `id` and `data-role` set to the role id and a `<title>`
/// tooltip (title, unit, grade, track and summary); every arrow a `<path>` with
/// `data-from`, `data-to` and the class `move` plus its [`EdgeKind::code`].
pub fn svg(catalog: &Catalog, options: &MapOptions) -> Result<String> {
    let m = Model::build(catalog, options)?;
    let g = Layout::of(&m);
    let mut s = String::new();
    push_header(&mut s, &g);
    push_grades(&mut s, &m, &g);
    push_units(&mut s, &m, &g);
    push_moves(&mut s, &m, &g);
    push_roles(&mut s, &m, &g);
    push_legend(&mut s, &m, &g);
    s.push_str("</svg>\n");
    Ok(s)
}

/// Where everything goes: columns, the grid, each role's box and each arrow's ends.
type Point = (f64, f64);

struct Layout {
    col_x: Vec<f64>,
    col_w: Vec<f64>,
    width: f64,
    height: f64,
    grid_top: f64,
    grid_bottom: f64,
    /// Catalog index -> the role's box.
    at: HashMap<usize, BoxAt>,
    /// Per edge: where its arrow starts and ends.
    start: Vec<(f64, f64)>,
    end: Vec<(f64, f64)>,
}

impl Layout {
    fn of(m: &Model<'_>) -> Layout {
        let rows = m.grades.len();
        // Column geometry: as wide as the unit's fullest cell.
        let mut col_x = Vec::with_capacity(m.units.len());
        let mut col_w = Vec::with_capacity(m.units.len());
        let mut x = MARGIN + GRADE_W;
        for col in &m.cells {
            let k = col.iter().map(Vec::len).max().unwrap_or(0).max(1) as f64;
            let w = k * BOX_W + (k - 1.0) * BOX_GAP + 2.0 * COL_PAD;
            col_x.push(x);
            col_w.push(w);
            x += w;
        }
        let width = (x + MARGIN).max(MARGIN * 2.0 + GRADE_W + 420.0);
        let grid_top = MARGIN + HEADER_H;
        let grid_bottom = grid_top + rows as f64 * ROW_H;
        let height = grid_bottom + LEGEND_H + MARGIN;

        let mut at: HashMap<usize, BoxAt> = HashMap::new();
        for (c, col) in m.cells.iter().enumerate() {
            let cx = col_x.get(c).copied().unwrap_or(0.0);
            let cw = col_w.get(c).copied().unwrap_or(0.0);
            for (r, cell) in col.iter().enumerate() {
                let n = cell.len() as f64;
                let used = n * BOX_W + (n - 1.0).max(0.0) * BOX_GAP;
                let x0 = cx + (cw - used) / 2.0;
                let y = grid_top + r as f64 * ROW_H + ROW_PAD;
                for (k, &i) in cell.iter().enumerate() {
                    at.insert(
                        i,
                        BoxAt {
                            x: x0 + k as f64 * (BOX_W + BOX_GAP),
                            y,
                        },
                    );
                }
            }
        }
        let (start, end) = arrow_ends(m, &at);
        Layout {
            col_x,
            col_w,
            width,
            height,
            grid_top,
            grid_bottom,
            at,
            start,
            end,
        }
    }
}

/// Spreads the arrow ends along each box's top (out) and bottom (in) edge, ordered by the
/// other end's position so arrows do not cross at the box.
fn arrow_ends(m: &Model<'_>, at: &HashMap<usize, BoxAt>) -> (Vec<Point>, Vec<Point>) {
    let mut outs: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut ins: HashMap<usize, Vec<usize>> = HashMap::new();
    for (n, e) in m.edges.iter().enumerate() {
        outs.entry(e.from).or_default().push(n);
        ins.entry(e.to).or_default().push(n);
    }
    let start = spread(m, at, outs, |e| m.edges.get(e).map(|e| e.to), 0.0);
    let end = spread(m, at, ins, |e| m.edges.get(e).map(|e| e.from), BOX_H);
    (start, end)
}

/// The arrow ends on one edge of each box (`dy` below its top): each box's arrows, in
/// `groups` by box, are spread along the edge in the order of the box at their other end
/// (`other(edge)`), so that they do not cross at the box.
fn spread(
    m: &Model<'_>,
    at: &HashMap<usize, BoxAt>,
    mut groups: HashMap<usize, Vec<usize>>,
    other: impl Fn(usize) -> Option<usize>,
    dy: f64,
) -> Vec<Point> {
    let key_x = |e: usize| other(e).and_then(|i| at.get(&i)).map_or(0.0, |b| b.x);
    let mut ends = vec![(0.0, 0.0); m.edges.len()];
    for (&i, list) in groups.iter_mut() {
        let Some(b) = at.get(&i) else { continue };
        list.sort_by(|&p, &q| key_x(p).total_cmp(&key_x(q)).then(p.cmp(&q)));
        let n = list.len() as f64;
        for (k, &e) in list.iter().enumerate() {
            let x = b.x + BOX_W * (0.12 + 0.76 * (k as f64 + 1.0) / (n + 1.0));
            if let Some(s) = ends.get_mut(e) {
                *s = (x, b.y + dy);
            }
        }
    }
    ends
}

fn push_header(s: &mut String, g: &Layout) {
    let (width, height) = (g.width, g.height);
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Career map\" font-family=\"Helvetica, Arial, sans-serif\">",
        w = f(width),
        h = f(height)
    );
    s.push_str("<title>Career map: units as columns, grades as rows, moves as arrows</title>\n");
    s.push_str("<defs>\n");
    for (id, color) in [
        ("care-map-arrow", STEP_COLOR),
        ("care-map-arrow-match", MATCH_COLOR),
        ("care-map-arrow-path", HL),
    ] {
        let _ = writeln!(
            s,
            "<marker id=\"{id}\" viewBox=\"0,0,10,10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>"
        );
    }
    s.push_str("</defs>\n");
    let _ = writeln!(
        s,
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        f(width),
        f(height)
    );
}

/// Grade rows: bands and labels.
fn push_grades(s: &mut String, m: &Model<'_>, g: &Layout) {
    let (grid_top, width) = (g.grid_top, g.width);
    s.push_str("<g class=\"grades\">\n");
    for (r, g) in m.grades.iter().enumerate() {
        let y = grid_top + r as f64 * ROW_H;
        let fill = if r % 2 == 0 { "#f8fafc" } else { "#f1f5f9" };
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            f(MARGIN),
            f(y),
            f(width - 2.0 * MARGIN),
            f(ROW_H)
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" fill=\"#334155\" data-grade=\"{g}\">Grade {g}</text>",
            f(MARGIN + 10.0),
            f(y + ROW_H / 2.0 + 5.0)
        );
    }
    s.push_str("</g>\n");
}

/// Unit columns: separators and headers.
fn push_units(s: &mut String, m: &Model<'_>, g: &Layout) {
    let (col_x, col_w, grid_bottom) = (&g.col_x, &g.col_w, g.grid_bottom);
    s.push_str("<g class=\"units\">\n");
    for (c, unit) in m.units.iter().enumerate() {
        let cx = col_x.get(c).copied().unwrap_or(0.0);
        let cw = col_w.get(c).copied().unwrap_or(0.0);
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#cbd5e1\" stroke-width=\"1\"/>",
            f(MARGIN),
            f(grid_bottom),
            x = f(cx)
        );
        let chars = ((cw - 12.0) / 7.6).max(4.0) as usize;
        let lines = wrap(&unit.name, chars, 2);
        let _ = write!(
            s,
            "<text class=\"unit\" data-unit=\"{}\" x=\"{}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#0f172a\">",
            xml(&unit.id),
            f(cx + cw / 2.0)
        );
        let y0 = if lines.len() > 1 {
            MARGIN + 20.0
        } else {
            MARGIN + 28.0
        };
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                f(cx + cw / 2.0),
                f(y0 + k as f64 * 16.0),
                xml(line)
            );
        }
        s.push_str("</text>\n");
    }
    if let Some(last) = col_x.last().zip(col_w.last()).map(|(x, w)| x + w) {
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#cbd5e1\" stroke-width=\"1\"/>",
            f(MARGIN),
            f(grid_bottom),
            x = f(last)
        );
    }
    s.push_str("</g>\n");
}

/// Arrows: plain ones first, highlighted on top; all beneath the boxes.
fn push_moves(s: &mut String, m: &Model<'_>, g: &Layout) {
    let (start, end) = (&g.start, &g.end);
    s.push_str("<g class=\"moves\" fill=\"none\">\n");
    let mut order: Vec<usize> = (0..m.edges.len()).collect();
    order.sort_by_key(|&n| {
        let e = m.edges.get(n);
        (
            e.is_some_and(|e| e.highlighted),
            e.is_some_and(|e| e.kind == EdgeKind::Step),
            n,
        )
    });
    for n in order {
        let (Some(e), Some(&(sx, sy)), Some(&(tx, ty))) =
            (m.edges.get(n), start.get(n), end.get(n))
        else {
            continue;
        };
        let (color, marker, extra) = if e.highlighted {
            (
                HL,
                "care-map-arrow-path",
                " stroke-width=\"3.5\"".to_string(),
            )
        } else if e.kind == EdgeKind::CareerMatch {
            (
                MATCH_COLOR,
                "care-map-arrow-match",
                " stroke-width=\"1.2\" stroke-dasharray=\"5,4\" stroke-opacity=\"0.75\"".into(),
            )
        } else {
            (STEP_COLOR, "care-map-arrow", " stroke-width=\"1.3\"".into())
        };
        let extra = if e.highlighted && e.kind == EdgeKind::CareerMatch {
            format!("{extra} stroke-dasharray=\"8,4\"")
        } else {
            extra
        };
        let d = curve(sx, sy, tx, ty);
        let _ = writeln!(
            s,
            "<path class=\"move {}{}\" data-from=\"{}\" data-to=\"{}\" d=\"{d}\" stroke=\"{color}\"{extra} marker-end=\"url(#{marker})\"/>",
            e.kind.code(),
            if e.highlighted { " highlighted" } else { "" },
            xml(&m.role(e.from).id),
            xml(&m.role(e.to).id),
        );
    }
    s.push_str("</g>\n");
}

/// Role boxes.
fn push_roles(s: &mut String, m: &Model<'_>, g: &Layout) {
    s.push_str("<g class=\"roles\">\n");
    for (c, _, i) in m.drawn() {
        if let Some(b) = g.at.get(&i) {
            push_role(s, m, c, i, b);
        }
    }
    s.push_str("</g>\n");
}

/// One role's box: tooltip, outline, track band, title, track label, path position.
fn push_role(s: &mut String, m: &Model<'_>, c: usize, i: usize, b: &BoxAt) {
    let r = m.role(i);
    let unit = m.units.get(c).map_or("", |u| u.name.as_str());
    let (fill, stroke, track_class) = match r.track {
        Track::Leadership => (LEAD_FILL, LEAD_STROKE, "leadership"),
        Track::IndividualContributor => (IC_FILL, IC_STROKE, "individual_contributor"),
    };
    let hl = m.path_pos.get(&i).copied();
    let _ = writeln!(
        s,
        "<g class=\"role {track_class}{}\" id=\"{id}\" data-role=\"{id}\" data-grade=\"{}\" data-unit=\"{}\">",
        if hl.is_some() { " highlighted" } else { "" },
        r.grade,
        xml(&r.unit),
        id = xml(&r.id),
    );
    let mut tip = format!(
        "{}\n{unit}, Grade {}, {}",
        r.title,
        r.grade,
        track_label(r.track).to_lowercase()
    );
    if !r.summary.is_empty() {
        tip.push('\n');
        tip.push_str(&r.summary);
    }
    // Keep the tooltip's line breaks: escape everything else.
    let tip: Vec<String> = tip.split('\n').map(xml).collect();
    let _ = writeln!(s, "<title>{}</title>", tip.join("&#10;"));
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"7\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\"/>",
        f(b.x),
        f(b.y),
        f(BOX_W),
        f(BOX_H),
        if hl.is_some() { HL } else { stroke },
        if hl.is_some() { "4" } else { "1.5" },
    );
    // Track marker: a band along the left edge, solid for leadership.
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"5\" height=\"{}\" fill=\"{stroke}\"/>",
        f(b.x + 3.0),
        f(b.y + 8.0),
        f(BOX_H - 16.0)
    );
    let lines = wrap(&r.title, TITLE_CHARS, 3);
    let text_h = lines.len() as f64 * LINE_H;
    let body_top = b.y + (BOX_H - 12.0 - text_h) / 2.0;
    let _ = write!(
        s,
        "<text x=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#0f172a\">",
        f(b.x + BOX_W / 2.0 + 3.0)
    );
    for (k, line) in lines.iter().enumerate() {
        let _ = write!(
            s,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            f(b.x + BOX_W / 2.0 + 3.0),
            f(body_top + 11.0 + k as f64 * LINE_H),
            xml(line)
        );
    }
    s.push_str("</text>\n");
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{stroke}\" letter-spacing=\"0.4\">{}</text>",
        f(b.x + BOX_W / 2.0 + 3.0),
        f(b.y + BOX_H - 6.0),
        match r.track {
            Track::Leadership => "LEADERSHIP",
            Track::IndividualContributor => "INDIVIDUAL CONTRIBUTOR",
        }
    );
    if let Some(p) = hl {
        let _ = writeln!(
            s,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"10\" fill=\"{HL}\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"#ffffff\">{p}</text>",
            f(b.y + 4.0),
            x = f(b.x + BOX_W - 4.0),
            y = f(b.y + 2.0)
        );
    }
    s.push_str("</g>\n");
}

/// The legend under the grid.
fn push_legend(s: &mut String, m: &Model<'_>, g: &Layout) {
    let grid_bottom = g.grid_bottom;
    let ly = grid_bottom + 14.0;
    let lx = MARGIN + 10.0;
    s.push_str("<g class=\"legend\" font-size=\"12\" fill=\"#334155\">\n");
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"26\" height=\"16\" rx=\"4\" fill=\"{LEAD_FILL}\" stroke=\"{LEAD_STROKE}\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\">Leadership</text>",
        f(lx),
        f(ly),
        f(lx + 32.0),
        f(ly + 12.5)
    );
    let lx = lx + 110.0;
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"26\" height=\"16\" rx=\"4\" fill=\"{IC_FILL}\" stroke=\"{IC_STROKE}\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\">Individual contributor</text>",
        f(lx),
        f(ly),
        f(lx + 32.0),
        f(ly + 12.5)
    );
    let lx = lx + 190.0;
    let _ = writeln!(
        s,
        "<path d=\"M{},{} h34\" stroke=\"{STEP_COLOR}\" stroke-width=\"1.3\" fill=\"none\" marker-end=\"url(#care-map-arrow)\"/><text x=\"{}\" y=\"{}\">Promotional step in the unit</text>",
        f(lx),
        f(ly + 8.0),
        f(lx + 42.0),
        f(ly + 12.5)
    );
    let lx = lx + 230.0;
    let _ = writeln!(
        s,
        "<path d=\"M{},{} h34\" stroke=\"{MATCH_COLOR}\" stroke-width=\"1.2\" stroke-dasharray=\"5,4\" fill=\"none\" marker-end=\"url(#care-map-arrow-match)\"/><text x=\"{}\" y=\"{}\">Career match named in the guide</text>",
        f(lx),
        f(ly + 8.0),
        f(lx + 42.0),
        f(ly + 12.5)
    );
    if !m.path_pos.is_empty() {
        let lx = lx + 250.0;
        let _ = writeln!(
            s,
            "<path d=\"M{},{} h34\" stroke=\"{HL}\" stroke-width=\"3.5\" fill=\"none\" marker-end=\"url(#care-map-arrow-path)\"/><text x=\"{}\" y=\"{}\">Highlighted path</text>",
            f(lx),
            f(ly + 8.0),
            f(lx + 42.0),
            f(ly + 12.5)
        );
    }
    s.push_str("</g>\n");
}

/// A smooth arrow from a box's top (`sx`, `sy`) to another's bottom (`tx`, `ty`).
pub(crate) fn curve(sx: f64, sy: f64, tx: f64, ty: f64) -> String {
    let dy = (sy - ty).abs().max(40.0);
    let bend = (dy * 0.5).min(140.0);
    format!(
        "M{},{} C{},{} {},{} {},{}",
        f(sx),
        f(sy),
        f(sx),
        f(sy - bend),
        f(tx),
        f(ty + bend),
        f(tx),
        f(ty)
    )
}
