use super::*;
use crate::catalog::CatalogData;
use crate::error::ErrorKind;
use proptest::prelude::*;

fn builtin() -> Catalog {
    Catalog::builtin().expect("the built-in catalog is valid")
}

fn path_options() -> MapOptions {
    MapOptions {
        highlight: vec![
            "Care Rep".into(),
            "Senior Rep".into(),
            "continuous-improvement/analyst-project-management".into(),
            "Senior Analyst, Project".into(),
            "Manager, Process".into(),
        ],
        ..MapOptions::default()
    }
}

/// A small XML well-formedness check: one root, balanced and matching tags, quoted
/// attributes without `<`, and every `&` starting a known entity or a character
/// reference.
fn check_xml(text: &str) -> std::result::Result<(), String> {
    fn entity_ok(rest: &str) -> bool {
        let Some(end) = rest.find(';') else {
            return false;
        };
        let name = &rest[1..end];
        matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            || name
                .strip_prefix("#x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || name
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    }
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut i = 0;
    let b = text;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("unclosed comment")?;
            i += end + 3;
        } else if rest.starts_with("<?") {
            let end = rest.find("?>").ok_or("unclosed declaration")?;
            i += end + 2;
        } else if let Some(close) = rest.strip_prefix("</") {
            let end = close.find('>').ok_or("unclosed end tag")?;
            let name = close[..end].trim();
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            i += 2 + end + 1;
        } else if let Some(tag) = rest.strip_prefix('<') {
            let name_len = tag
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .ok_or("unclosed tag")?;
            let name = &tag[..name_len];
            if name.is_empty() {
                return Err(format!("empty tag name at byte {i}"));
            }
            let mut j = name_len;
            let self_closing;
            loop {
                let t = &tag[j..];
                let trimmed = t.trim_start();
                j += t.len() - trimmed.len();
                if trimmed.starts_with("/>") {
                    self_closing = true;
                    j += 2;
                    break;
                }
                if trimmed.starts_with('>') {
                    self_closing = false;
                    j += 1;
                    break;
                }
                let eq = trimmed
                    .find('=')
                    .ok_or(format!("attribute without value in <{name}>"))?;
                let attr = &trimmed[..eq];
                if attr.is_empty() || attr.contains(char::is_whitespace) {
                    return Err(format!("bad attribute name {attr:?} in <{name}>"));
                }
                let after = &trimmed[eq + 1..];
                let quote = after.chars().next().ok_or("attribute cut off")?;
                if quote != '"' && quote != '\'' {
                    return Err(format!("unquoted attribute {attr} in <{name}>"));
                }
                let close = after[1..].find(quote).ok_or("unclosed attribute value")?;
                let value = &after[1..1 + close];
                if value.contains('<') {
                    return Err(format!("`<` in attribute {attr} of <{name}>"));
                }
                for (k, _) in value.match_indices('&') {
                    if !entity_ok(&value[k..]) {
                        return Err(format!("bare `&` in attribute {attr} of <{name}>"));
                    }
                }
                j += eq + 1 + 1 + close + 1;
            }
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name.to_string());
            }
            i += 1 + j;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let content = &rest[..end];
            if stack.is_empty() && !content.trim().is_empty() {
                return Err(format!("text outside the root: {content:?}"));
            }
            for (k, _) in content.match_indices('&') {
                if !entity_ok(&content[k..]) {
                    return Err(format!("bare `&` in text {content:?}"));
                }
            }
            i += end;
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

#[test]
fn the_checker_catches_broken_xml() {
    assert!(check_xml("<a><b/></a>").is_ok());
    assert!(check_xml("<a><b></a>").is_err());
    assert!(check_xml("<a>x & y</a>").is_err());
    assert!(check_xml("<a t=\"<\"/>").is_err());
    assert!(check_xml("<a/><b/>").is_err());
    assert!(check_xml("<a>&amp;&#10;</a>").is_ok());
}

#[test]
fn snapshots_of_the_builtin_map() {
    let c = builtin();
    let plain = MapOptions::default();
    let path = path_options();
    insta::assert_snapshot!("mermaid_plain", mermaid(&c, &plain).unwrap());
    insta::assert_snapshot!("mermaid_path", mermaid(&c, &path).unwrap());
    insta::assert_snapshot!("dot_plain", dot(&c, &plain).unwrap());
    insta::assert_snapshot!("dot_path", dot(&c, &path).unwrap());
    insta::assert_snapshot!("svg_plain", svg(&c, &plain).unwrap());
    insta::assert_snapshot!("svg_path", svg(&c, &path).unwrap());
}

#[test]
fn the_svg_is_well_formed_and_self_contained() {
    let c = builtin();
    for options in [MapOptions::default(), path_options()] {
        let s = svg(&c, &options).unwrap();
        check_xml(&s).unwrap();
        assert!(!s.contains("<script"));
        assert!(!s.contains("href"));
        assert!(!s.contains("@import"));
        assert!(
            !s.contains("http") || s.matches("http").count() == 1,
            "only the namespace"
        );
        // Units as column headers, grades as rows, 109 above 105.
        assert!(s.contains(">Care Operations<"));
        let top = s.find(">Grade 109<").unwrap();
        let bottom = s.find(">Grade 105<").unwrap();
        assert!(top < bottom);
    }
}

#[test]
fn every_role_appears_exactly_once() {
    let c = builtin();
    let s = svg(&c, &path_options()).unwrap();
    let d = dot(&c, &MapOptions::default()).unwrap();
    let m = mermaid(&c, &MapOptions::default()).unwrap();
    let mids = mermaid_ids(c.roles().iter().map(|r| r.id.as_str()), "r_");
    for (r, mid) in c.roles().iter().zip(&mids) {
        assert_eq!(
            s.matches(&format!("data-role=\"{}\"", r.id)).count(),
            1,
            "{}",
            r.id
        );
        assert_eq!(
            s.matches(&format!(" id=\"{}\"", r.id)).count(),
            1,
            "{}",
            r.id
        );
        assert_eq!(
            d.matches(&format!("[id=\"{}\"", r.id)).count(),
            1,
            "{}",
            r.id
        );
        assert_eq!(m.matches(&format!("    {mid}[\"")).count(), 1, "{}", r.id);
    }
    assert_eq!(s.matches("<g class=\"role ").count(), c.roles().len());
}

#[test]
fn natural_steps_follow_the_units_grades() {
    let c = builtin();
    let e = edges(&c, &MapOptions::default()).unwrap();
    let has =
        |a: &str, b: &str, k: EdgeKind| e.iter().any(|x| x.from == a && x.to == b && x.kind == k);
    // Care Operations has no 108: its supervisor steps to the manager.
    assert!(has(
        "care-operations/supervisor",
        "care-operations/manager",
        EdgeKind::Step
    ));
    assert!(has(
        "care-operations/rep",
        "care-operations/senior-rep",
        EdgeKind::Step
    ));
    // Every role at 107 in Resource Planning to every role at 108.
    let rp = e
        .iter()
        .filter(|x| {
            x.kind == EdgeKind::Step
                && x.from.starts_with("resource-planning/")
                && c.get(&x.from).unwrap().grade == 107
        })
        .count();
    assert_eq!(rp, 9);
    // Career matches from the guide, dashed, not duplicating a step.
    assert!(has(
        "care-operations/rep",
        "continuous-improvement/analyst-project-management",
        EdgeKind::CareerMatch
    ));
    assert!(has(
        "continuous-improvement/analyst-project-management",
        "continuous-improvement/sr-analyst-project",
        EdgeKind::Step
    ));
    assert!(!has(
        "continuous-improvement/analyst-project-management",
        "continuous-improvement/sr-analyst-project",
        EdgeKind::CareerMatch
    ));
    // No arrow goes down, none within a grade of one unit.
    for x in &e {
        let (a, b) = (c.get(&x.from).unwrap(), c.get(&x.to).unwrap());
        assert!(a.grade < b.grade, "{} -> {}", a.id, b.id);
    }
    assert!(e.iter().all(|x| !x.highlighted));
    let without = edges(
        &c,
        &MapOptions {
            career_matches: false,
            ..MapOptions::default()
        },
    )
    .unwrap();
    assert!(without.iter().all(|x| x.kind == EdgeKind::Step));
}

#[test]
fn a_highlighted_path_marks_its_arrows_and_adds_missing_ones() {
    let c = builtin();
    let options = MapOptions {
        highlight: vec![
            "Care Rep".into(),
            "Senior Rep".into(),
            "Manager, Vendor Management".into(),
        ],
        ..MapOptions::default()
    };
    let e = edges(&c, &options).unwrap();
    let lit: Vec<_> = e.iter().filter(|x| x.highlighted).collect();
    assert_eq!(lit.len(), 2);
    assert_eq!(lit[0].kind, EdgeKind::Step);
    assert_eq!(
        (lit[1].from.as_str(), lit[1].to.as_str(), lit[1].kind),
        (
            "care-operations/senior-rep",
            "vendor-management/manager",
            EdgeKind::Path
        )
    );
    let m = mermaid(&c, &options).unwrap();
    assert!(m.contains("r_care_operations_senior_rep ==> r_vendor_management_manager"));
    assert!(m.contains("linkStyle "));
    assert!(m.contains("class r_care_operations_rep,r_care_operations_senior_rep,r_vendor_management_manager highlight"));
    let d = dot(&c, &options).unwrap();
    assert!(d.contains(
        "\"care-operations/senior-rep\" -> \"vendor-management/manager\" [constraint=false, color=\"#dc2626\", penwidth=3];"
    ));
    let s = svg(&c, &options).unwrap();
    assert_eq!(s.matches("class=\"move path highlighted\"").count(), 1);
    assert_eq!(s.matches("class=\"move step highlighted\"").count(), 1);
    assert_eq!(
        s.matches("<g class=\"role individual_contributor highlighted\"")
            .count(),
        2
    );
    assert_eq!(
        s.matches("<g class=\"role leadership highlighted\"")
            .count(),
        1
    );
}

#[test]
fn unknown_names_are_errors_with_suggestions() {
    let c = builtin();
    let options = MapOptions {
        highlight: vec!["Care Rep".into(), "Senoir Rep".into()],
        ..MapOptions::default()
    };
    for result in [svg(&c, &options), dot(&c, &options), mermaid(&c, &options)] {
        let e = result.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownRole);
        assert_eq!(
            e.to_string(),
            r#"unknown role "Senoir Rep" (did you mean "Senior Rep"?)"#
        );
    }
    let e = svg(
        &c,
        &MapOptions {
            highlight: vec!["Senior Analyst, Business Analytics".into()],
            ..MapOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AmbiguousRole);
    let e = svg(
        &c,
        &MapOptions {
            units: Some(vec!["Resource Planing".into()]),
            ..MapOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownName);
    assert!(e.to_string().contains("did you mean \"resource-planning\""));
}

#[test]
fn units_can_be_chosen_and_path_units_are_added() {
    let c = builtin();
    let options = MapOptions {
        units: Some(vec!["RP".into(), "Care Operations".into()]),
        highlight: vec!["vendor-management/manager".into()],
        ..MapOptions::default()
    };
    let s = svg(&c, &options).unwrap();
    check_xml(&s).unwrap();
    let rp = s.find(">Resource Planning<").unwrap();
    let co = s.find(">Care Operations<").unwrap();
    let vm = s.find(">Vendor Management<").unwrap();
    assert!(rp < co && co < vm);
    assert!(!s.contains("participant-services/"));
    let e = edges(&c, &options).unwrap();
    assert!(e
        .iter()
        .all(|x| !x.from.starts_with("participant-services/")));
    assert!(!e
        .iter()
        .any(|x| x.to.starts_with("continuous-improvement/")));
}

fn with_title(title: &str) -> Catalog {
    let mut data: CatalogData = builtin().data().clone();
    data.roles[0].title = title.to_string();
    data.roles[0].summary = format!("{title} summary");
    data.units[0].name = format!("{title} unit");
    Catalog::new(data).unwrap()
}

#[test]
fn xml_special_characters_are_escaped() {
    let c = with_title(r#"R&D <Lead> "A" 'B'"#);
    let s = svg(&c, &MapOptions::default()).unwrap();
    check_xml(&s).unwrap();
    assert!(s.contains("R&amp;D &lt;Lead&gt; &quot;A&quot; &apos;B&apos;"));
    assert!(!s.contains("<Lead>"));
    let d = dot(&c, &MapOptions::default()).unwrap();
    assert!(d.contains(r#"label="R&D <Lead> \"A\" 'B'""#), "{d}");
    let m = mermaid(&c, &MapOptions::default()).unwrap();
    assert!(m.contains("R#amp;D #lt;Lead#gt; #quot;A#quot; 'B'<br/>Grade 105"));
}

#[test]
fn long_titles_wrap_onto_at_most_three_lines() {
    assert_eq!(
        wrap("Associate Manager, Resource Planning", 20, 3),
        vec!["Associate Manager,", "Resource Planning"]
    );
    assert_eq!(wrap("Care Rep", 20, 3), vec!["Care Rep"]);
    let long = wrap(&"word ".repeat(40), 20, 3);
    assert_eq!(long.len(), 3);
    assert!(long[2].ends_with('…'));
    assert!(long.iter().all(|l| l.chars().count() <= 20));
    assert_eq!(wrap(&"x".repeat(45), 20, 3).len(), 3);
    assert!(wrap("", 20, 3).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn any_title_gives_well_formed_output(title in "\\PC{1,60}|[&<>\"' a-z]{1,40}") {
        prop_assume!(!title.trim().is_empty());
        let c = with_title(&title);
        let s = svg(&c, &MapOptions::default()).unwrap();
        prop_assert!(check_xml(&s).is_ok(), "{:?}", check_xml(&s));
        prop_assert!(dot(&c, &MapOptions::default()).is_ok());
        prop_assert!(mermaid(&c, &MapOptions::default()).is_ok());
    }
}
