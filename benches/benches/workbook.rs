//! Workbooks: reading a 100,000-row tracker workbook (the cells alone, and the whole import
//! with the tracker's row rules) against importing the same tracker from its CSV, and
//! writing the end-of-day report workbook of the large cohort that tracker holds (20,000
//! agents) against writing its CSV. The Python side (benches/python/workbook.py) compares
//! these figures with pandas.read_excel and openpyxl; for that this bench writes the
//! workbooks to `target/bench-data/` and its figures to `target/criterion/workbook.json`.

use care_core::calendar::Calendar;
use care_core::cohort::{self, CohortPolicy};
use care_core::workbook::report::report_xlsx;
use care_core::workbook::tracker::{import_tracker_xlsx, tracker_csv, tracker_xlsx};
use care_core::workbook::Workbook;
use criterion::{criterion_group, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

const ROWS: usize = 100_000;

fn bench(c: &mut Criterion) {
    let policy = CohortPolicy::default();
    let rows = care_benches::tracker_rows(ROWS);
    let book = tracker_xlsx(&rows, &policy).expect("the tracker writes");
    let csv = tracker_csv(&rows, &policy).expect("the tracker writes as CSV");
    let as_of = rows
        .iter()
        .filter_map(|r| r.date)
        .max()
        .expect("dated rows");
    let cohort = import_tracker_xlsx(&book, None, &policy).expect("the tracker reads back");
    let calendar = Calendar::by_name("none", "UTC").expect("a calendar");
    let report = cohort::report(&cohort, as_of, &calendar, &policy).expect("a report");
    let eod = report_xlsx(&report).expect("the report writes");
    let data = care_benches::criterion_dir().join("../bench-data");
    std::fs::create_dir_all(&data).expect("target/bench-data");
    std::fs::write(data.join("tracker-100k.xlsx"), &book).expect("written");
    std::fs::write(data.join("tracker-100k.csv"), &csv).expect("written");
    std::fs::write(data.join("eod-large.xlsx"), &eod).expect("written");
    std::fs::write(data.join("as-of.txt"), as_of.to_string()).expect("written");
    println!(
        "tracker: {ROWS} rows, {} agents, workbook {} bytes, CSV {} bytes; report workbook {} bytes",
        cohort.agents.len(),
        book.len(),
        csv.len(),
        eod.len()
    );

    let mut g = c.benchmark_group("workbook");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("read_cells_100k", |b| {
        b.iter(|| {
            let mut w = Workbook::open(black_box(&book)).expect("opens");
            w.sheet(None).expect("reads").cells.len()
        })
    });
    g.bench_function("import_xlsx_100k", |b| {
        b.iter(|| import_tracker_xlsx(black_box(&book), None, &policy).expect("imports"))
    });
    g.bench_function("import_csv_100k", |b| {
        b.iter(|| cohort::import_tracker(black_box(&csv), &policy).expect("imports"))
    });
    g.throughput(Throughput::Elements(report.agents.len() as u64));
    g.bench_function("report_xlsx_large", |b| {
        b.iter(|| report_xlsx(black_box(&report)).expect("writes"))
    });
    g.bench_function("report_csv_large", |b| {
        b.iter(|| black_box(&report).to_csv().expect("writes"))
    });
    g.finish();

    let agents = report.agents.len();
    let figures = serde_json::json!({
        "rows": ROWS,
        "agents": agents,
        "tracker_bytes": book.len(),
        "report_bytes": eod.len(),
        "read_cells_ns": care_benches::mean_ns("workbook/read_cells_100k"),
        "import_xlsx_ns": care_benches::mean_ns("workbook/import_xlsx_100k"),
        "import_csv_ns": care_benches::mean_ns("workbook/import_csv_100k"),
        "report_xlsx_ns": care_benches::mean_ns("workbook/report_xlsx_large"),
        "report_csv_ns": care_benches::mean_ns("workbook/report_csv_large"),
    });
    std::fs::write(
        care_benches::criterion_dir().join("workbook.json"),
        serde_json::to_string_pretty(&figures).expect("JSON"),
    )
    .expect("target/criterion/workbook.json");
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let agents = std::fs::read_to_string(care_benches::criterion_dir().join("workbook.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["agents"].as_f64())
        .unwrap_or(1.0);
    care_benches::print_ratios(
        "workbook",
        &[
            care_benches::Row {
                label: "read 100k-row tracker xlsx, cells vs import of its CSV",
                id: "workbook/read_cells_100k",
                baseline: "workbook/import_csv_100k",
                items: ROWS as f64,
                target_ns: None,
            },
            care_benches::Row {
                label: "import 100k-row tracker xlsx vs its CSV",
                id: "workbook/import_xlsx_100k",
                baseline: "workbook/import_csv_100k",
                items: ROWS as f64,
                target_ns: None,
            },
            care_benches::Row {
                label: "write the report workbook (large cohort) vs its CSV",
                id: "workbook/report_xlsx_large",
                baseline: "workbook/report_csv_large",
                items: agents,
                target_ns: None,
            },
        ],
    );
}
