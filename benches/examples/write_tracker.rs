//! Writes the generated tracker ([`care_benches::tracker_rows`]) as care-core writes it:
//! `DIR/tracker.xlsx` (`workbook::tracker::tracker_xlsx`) and `DIR/tracker.csv`
//! (`workbook::tracker::tracker_csv`), and prints the last day of the tracker.
//! Usage: `write_tracker DIR [ROWS]` (default 100 rows). The workbook check scripts and the
//! workbook benchmarks use it.

use care_core::cohort::CohortPolicy;
use care_core::workbook::tracker::{tracker_csv, tracker_xlsx};
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: write_tracker DIR [ROWS]"));
    let rows: usize = args
        .next()
        .map_or(100, |s| s.parse().expect("ROWS is a number"));
    let policy = CohortPolicy::default();
    let tracker = care_benches::tracker_rows(rows);
    std::fs::create_dir_all(&dir).expect("the folder can be made");
    let xlsx = tracker_xlsx(&tracker, &policy).expect("the tracker writes as xlsx");
    std::fs::write(dir.join("tracker.xlsx"), xlsx).expect("tracker.xlsx is written");
    let csv = tracker_csv(&tracker, &policy).expect("the tracker writes as CSV");
    std::fs::write(dir.join("tracker.csv"), csv).expect("tracker.csv is written");
    let last = tracker.iter().filter_map(|r| r.date).max();
    println!("{}", last.map(|d| d.to_string()).unwrap_or_default());
}
