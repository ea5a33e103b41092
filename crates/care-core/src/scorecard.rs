//! QA scorecards as data: a template of sections and weighted items, marked yes, no or not
//! applicable for one call, scored to the call's score.
//!
//! The certification documents name a QA scorecard but do not give its items, so the items
//! are data: [`Scorecard::sample`] is a plausible contact-center template shipped with the
//! library (`data/scorecard-sample.toml`); an organisation loads its own with
//! [`Scorecard::from_toml`] or [`Scorecard::from_json`].
//!
//! Scoring rules:
//!
//! - each regular item's weight counts when it is marked yes or no; an item marked not
//!   applicable drops out and the other items are re-weighted so the applicable ones share 100
//!   points;
//! - the score is the points of the items marked yes (`raw_score`), plus the points of bonus
//!   items marked yes (a bonus item's weight is points added), capped at 100;
//! - a **critical** item marked no fails the call: its score becomes 0 (the `raw_score` and
//!   the breakdown keep what was earned, and a `scorecard.critical` reason names the item).
//!   Zero rather than "score as computed, verdict fail" keeps a call's verdict a function of
//!   its score alone, so batch evaluation of plain scores and certification reports agree;
//! - the score is rounded to two decimals.

use crate::error::{Error, Problem, Result};
use crate::explain::rule;
use crate::explain::Reason;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// The sample template, embedded from `data/scorecard-sample.toml`.
pub const SAMPLE_TOML: &str = include_str!("../data/scorecard-sample.toml");

/// A QA scorecard template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scorecard {
    /// The template's id, e.g. `sample-qa`.
    pub id: String,
    /// Its name for people.
    #[serde(default)]
    pub name: String,
    /// Its version.
    #[serde(default)]
    pub version: String,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// A section of a scorecard (greeting, verification...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's id.
    pub id: String,
    /// Its title for people.
    #[serde(default)]
    pub title: String,
    /// Its items.
    pub items: Vec<Item>,
}

/// One item of a scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The item's id, unique in the scorecard; marks name it.
    pub id: String,
    /// What the certifier looks for.
    #[serde(default)]
    pub text: String,
    /// Its weight (relative to the other items), or its points for a bonus item. Above 0.
    pub weight: f64,
    /// Marked no, it fails the call.
    #[serde(default, skip_serializing_if = "is_false")]
    pub critical: bool,
    /// Marked yes, it adds `weight` points (the score stays at most 100).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bonus: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How a certifier marked an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// Done.
    #[serde(alias = "y")]
    Yes,
    /// Not done.
    #[serde(alias = "n")]
    No,
    /// Not applicable on this call: the item drops out.
    #[serde(rename = "na", alias = "n/a", alias = "not_applicable")]
    NotApplicable,
}

/// The marks of one call: item id to mark.
pub type Marks = BTreeMap<String, Mark>;

/// A template with one call's marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkedScorecard {
    /// The template; the sample when left out.
    #[serde(default = "Scorecard::sample")]
    pub template: Scorecard,
    /// A mark for every item.
    pub marks: Marks,
}

impl MarkedScorecard {
    /// Scores the marks against the template.
    pub fn score(&self) -> Result<ScorecardScore> {
        self.template.score(&self.marks)
    }
}

/// One item's share of a scored scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemScore {
    /// The item's id.
    pub id: String,
    /// Its section's id.
    pub section: String,
    /// How it was marked.
    pub mark: Mark,
    /// Whether it is critical.
    pub critical: bool,
    /// Whether it is a bonus item.
    pub bonus: bool,
    /// Its weight as the template gives it.
    pub weight: f64,
    /// Its points out of 100 after re-weighting (0 when not applicable; a bonus item's points).
    pub possible: f64,
    /// The points it earned.
    pub earned: f64,
}

/// A scored scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScorecardScore {
    /// The template's id.
    pub scorecard: String,
    /// The call's score: 0 when a critical item was missed, else `raw_score + bonus` capped
    /// at 100, rounded to two decimals.
    pub score: f64,
    /// The points of the regular items marked yes, out of 100.
    pub raw_score: f64,
    /// The points of the bonus items marked yes.
    pub bonus: f64,
    /// The critical items marked no.
    pub critical_missed: Vec<String>,
    /// Every item, in template order.
    pub items: Vec<ItemScore>,
    /// Why.
    pub reasons: Vec<Reason>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn fmt_points(x: f64) -> String {
    let s = format!("{:.2}", round2(x));
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

crate::policy::loadable!(Scorecard, "a QA scorecard template");

impl Scorecard {
    /// The sample template shipped with the library (`data/scorecard-sample.toml`):
    /// greeting, verification, accuracy, compliance, empathy and closing.
    pub fn sample() -> Scorecard {
        // The embedded file is part of the library, not user input; a unit test proves it
        // parses and validates.
        #[allow(clippy::expect_used)]
        Scorecard::from_toml(SAMPLE_TOML).expect("the embedded sample scorecard is valid")
    }

    /// Every item with its section, in order.
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// Checks the template; the error lists every problem: no sections, a section without
    /// items, empty or duplicate ids, a weight that is not above 0, weights that add up to
    /// more than the largest number, an item both critical and bonus, no regular item.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        if self.id.trim().is_empty() {
            problems.push(Problem::new("id", "is empty"));
        }
        if self.sections.is_empty() {
            problems.push(Problem::new(
                "sections",
                "there are none; give at least one",
            ));
        }
        let mut section_ids = HashSet::new();
        let mut item_ids = HashSet::new();
        let mut regular = 0usize;
        for (si, section) in self.sections.iter().enumerate() {
            let place = format!("sections[{si}]");
            if section.id.trim().is_empty() {
                problems.push(Problem::new(format!("{place}.id"), "is empty"));
            } else if !section_ids.insert(section.id.as_str()) {
                problems.push(Problem::new(
                    format!("{place}.id"),
                    format!("duplicate section id {:?}", section.id),
                ));
            }
            if section.items.is_empty() {
                problems.push(Problem::new(
                    format!("{place}.items"),
                    format!("section {:?} has no items", section.id),
                ));
            }
            for (ii, item) in section.items.iter().enumerate() {
                let place = format!("{place}.items[{ii}]");
                if item.id.trim().is_empty() {
                    problems.push(Problem::new(format!("{place}.id"), "is empty"));
                } else if !item_ids.insert(item.id.as_str()) {
                    problems.push(Problem::new(
                        format!("{place}.id"),
                        format!("duplicate item id {:?}", item.id),
                    ));
                }
                if !(item.weight.is_finite() && item.weight > 0.0) {
                    problems.push(Problem::new(
                        format!("{place}.weight"),
                        format!("{} is not above 0", item.weight),
                    ));
                }
                if item.critical && item.bonus {
                    problems.push(Problem::new(
                        place.clone(),
                        format!("item {:?} is both critical and bonus", item.id),
                    ));
                }
                if !item.bonus {
                    regular += 1;
                }
            }
        }
        // Each weight finite is not enough: 1e308 + 1e308 is infinite, and a score re-weighted
        // by an infinite total is NaN. The regular weights and the bonus points must each add
        // up to a finite number.
        for (bonus, what) in [
            (false, "regular items' weights"),
            (true, "bonus items' points"),
        ] {
            let total: f64 = self
                .items()
                .filter(|(_, i)| i.bonus == bonus && i.weight.is_finite() && i.weight > 0.0)
                .map(|(_, i)| i.weight)
                .sum();
            if !total.is_finite() {
                problems.push(Problem::new(
                    "sections",
                    format!(
                        "the {what} add up to more than the largest number; use smaller weights"
                    ),
                ));
            }
        }
        if regular == 0 && !self.sections.is_empty() {
            problems.push(Problem::new(
                "sections",
                "every item is a bonus item; give at least one regular item",
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidScorecard { problems })
        }
    }

    /// Scores one call's `marks`. Errors (listing every problem): an invalid template, a mark
    /// for an unknown item (with the closest id), an item without a mark, every regular item
    /// not applicable.
    pub fn score(&self, marks: &Marks) -> Result<ScorecardScore> {
        self.validate()?;
        let mut problems = Vec::new();
        let known: HashSet<&str> = self.items().map(|(_, i)| i.id.as_str()).collect();
        for id in marks.keys() {
            if !known.contains(id.as_str()) {
                let hint = crate::suggest::closest(id, self.items().map(|(_, i)| i.id.as_str()))
                    .map(|s| format!(" (did you mean {s:?}?)"))
                    .unwrap_or_default();
                problems.push(Problem::new(
                    format!("marks.{}", crate::suggest::clip(id)),
                    format!("unknown item{hint}"),
                ));
            }
        }
        for (_, item) in self.items() {
            if !marks.contains_key(&item.id) {
                problems.push(Problem::new(
                    format!("marks.{}", item.id),
                    "missing; mark it yes, no or na",
                ));
            }
        }
        let applicable: f64 = self
            .items()
            .filter(|(_, i)| !i.bonus && matches!(marks.get(&i.id), Some(Mark::Yes | Mark::No)))
            .map(|(_, i)| i.weight)
            .sum();
        if problems.is_empty() && applicable <= 0.0 {
            problems.push(Problem::new(
                "marks",
                "every regular item is marked not applicable; nothing is left to score",
            ));
        }
        if !problems.is_empty() {
            return Err(Error::InvalidScorecard { problems });
        }

        let mut items = Vec::new();
        let mut reasons = Vec::new();
        let (mut raw, mut bonus) = (0.0, 0.0);
        let mut critical_missed = Vec::new();
        let mut dropped = Vec::new();
        for (section, item) in self.items() {
            let mark = marks.get(&item.id).copied().unwrap_or(Mark::NotApplicable);
            let possible = match (item.bonus, mark) {
                (_, Mark::NotApplicable) => 0.0,
                (true, _) => item.weight,
                (false, _) => item.weight / applicable * 100.0,
            };
            let earned = if mark == Mark::Yes { possible } else { 0.0 };
            if item.bonus {
                bonus += earned;
            } else {
                raw += earned;
            }
            if mark == Mark::NotApplicable && !item.bonus {
                dropped.push(item.id.as_str());
            }
            if item.critical && mark == Mark::No {
                critical_missed.push(item.id.clone());
                reasons.push(Reason::new(
                    rule::SCORECARD_CRITICAL,
                    item.id.clone(),
                    format!(
                        "critical item {:?} was marked no: the call fails with a score of 0",
                        item.id
                    ),
                ));
            }
            items.push(ItemScore {
                id: item.id.clone(),
                section: section.id.clone(),
                mark,
                critical: item.critical,
                bonus: item.bonus,
                weight: item.weight,
                possible: round2(possible),
                earned: round2(earned),
            });
        }
        if !dropped.is_empty() {
            reasons.push(Reason::new(
                rule::SCORECARD_NOT_APPLICABLE,
                dropped.join(", "),
                format!(
                    "{} item{} marked not applicable dropped out; the others were re-weighted to share 100 points",
                    dropped.len(),
                    if dropped.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        let raw = round2(raw);
        let bonus = round2(bonus);
        reasons.push(Reason::new(
            rule::SCORECARD_WEIGHTS,
            self.id.clone(),
            format!("items marked yes earned {} of 100 points", fmt_points(raw)),
        ));
        let with_bonus = (raw + bonus).min(100.0);
        if bonus > 0.0 {
            reasons.push(Reason::new(
                rule::SCORECARD_BONUS,
                self.id.clone(),
                format!(
                    "bonus items added {} points{}",
                    fmt_points(bonus),
                    if raw + bonus > 100.0 {
                        ", capped at 100"
                    } else {
                        ""
                    }
                ),
            ));
        }
        let score = if critical_missed.is_empty() {
            round2(with_bonus)
        } else {
            0.0
        };
        Ok(ScorecardScore {
            scorecard: self.id.clone(),
            score,
            raw_score: raw,
            bonus,
            critical_missed,
            items,
            reasons,
        })
    }
}

/// Scores `marks` against `template`: [`Scorecard::score`] as a free function.
pub fn score_scorecard(template: &Scorecard, marks: &Marks) -> Result<ScorecardScore> {
    template.score(marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(mark: Mark) -> Marks {
        Scorecard::sample()
            .items()
            .map(|(_, i)| (i.id.clone(), mark))
            .collect()
    }

    #[test]
    fn weights_must_add_up_to_a_finite_number() {
        // Each weight is finite, their sum is not: this scored 'score 100', 'earned NaN'.
        let t = Scorecard::from_toml(
            "id = \"t\"\n[[sections]]\nid = \"s\"\nitems = [ { id = \"a\", weight = 1 }, { id = \"b\", weight = 1e308 }, { id = \"c\", weight = 1e308 } ]",
        )
        .unwrap_err();
        assert_eq!(
            t.to_string(),
            "invalid scorecard: sections: the regular items' weights add up to more than the largest number; use smaller weights"
        );
        // One huge weight is fine: re-weighting divides before it multiplies.
        let t = Scorecard::from_toml(
            "id = \"t\"\n[[sections]]\nid = \"s\"\nitems = [ { id = \"a\", weight = 1 }, { id = \"b\", weight = 1e308 } ]",
        )
        .unwrap();
        let marks: Marks = [("a".into(), Mark::No), ("b".into(), Mark::Yes)].into();
        let s = t.score(&marks).unwrap();
        assert!(s.score.is_finite() && s.score > 99.0, "{s:?}");
    }

    #[test]
    fn sample_parses_and_validates() {
        let s = Scorecard::sample();
        assert!(s.sections.len() >= 6);
        s.validate().unwrap();
        assert!(s.items().any(|(_, i)| i.critical));
        assert!(s.items().any(|(_, i)| i.bonus));
    }

    #[test]
    fn all_yes_is_100_and_bonus_is_capped() {
        let s = Scorecard::sample().score(&all(Mark::Yes)).unwrap();
        assert_eq!(s.raw_score, 100.0);
        assert_eq!(s.score, 100.0);
        assert!(s.reasons.iter().any(|r| r.message.contains("capped")));
    }

    #[test]
    fn not_applicable_items_drop_out_and_the_rest_reweight() {
        let t: Scorecard = crate::policy::from_toml(
            r#"id = "t"
[[sections]]
id = "a"
items = [ { id = "x", weight = 2 }, { id = "y", weight = 1 }, { id = "z", weight = 1 } ]
"#,
        )
        .unwrap();
        let marks: Marks = [
            ("x", Mark::Yes),
            ("y", Mark::No),
            ("z", Mark::NotApplicable),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let s = t.score(&marks).unwrap();
        assert_eq!(s.score, 66.67);
        assert_eq!(s.items[0].possible, 66.67);
        assert_eq!(s.items[2].possible, 0.0);
    }

    #[test]
    fn a_missed_critical_item_scores_zero() {
        let mut marks = all(Mark::Yes);
        let critical = Scorecard::sample()
            .items()
            .find(|(_, i)| i.critical)
            .map(|(_, i)| i.id.clone())
            .unwrap();
        marks.insert(critical.clone(), Mark::No);
        let s = Scorecard::sample().score(&marks).unwrap();
        assert_eq!(s.score, 0.0);
        assert!(s.raw_score > 80.0);
        assert_eq!(s.critical_missed, vec![critical]);
    }

    #[test]
    fn bad_marks_are_all_listed_with_suggestions() {
        let mut marks = all(Mark::Yes);
        let first = marks.keys().next().cloned().unwrap();
        marks.remove(&first);
        marks.insert(format!("{first}x"), Mark::Yes);
        let e = Scorecard::sample().score(&marks).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("unknown item (did you mean"), "{text}");
        assert!(text.contains("missing; mark it yes, no or na"), "{text}");
        let e = Scorecard::sample()
            .score(&all(Mark::NotApplicable))
            .unwrap_err();
        assert!(e.to_string().contains("nothing is left to score"));
    }

    #[test]
    fn bad_templates_list_every_problem() {
        let t: Scorecard = crate::policy::from_toml(
            r#"id = "t"
[[sections]]
id = "a"
items = [ { id = "x", weight = 0 }, { id = "x", weight = -1 } ]
[[sections]]
id = "b"
items = []
"#,
        )
        .unwrap();
        let e = t.validate().unwrap_err();
        insta::assert_snapshot!(e.to_string(), @r#"invalid scorecard: 4 problems: sections[0].items[0].weight: 0 is not above 0; sections[0].items[1].id: duplicate item id "x"; sections[0].items[1].weight: -1 is not above 0; sections[1].items: section "b" has no items"#);
        let empty = Scorecard {
            id: "e".into(),
            name: String::new(),
            version: String::new(),
            sections: vec![],
        };
        assert!(empty.validate().is_err());
    }
}
