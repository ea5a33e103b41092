//! Loads the career bench's generated 10,000-role catalog repeatedly, for profilers
//! (`valgrind --tool=callgrind target/release/examples/catalog_load json 3`).

use care_benches::generated_catalog;
use care_core::catalog::Catalog;
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "json".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let cat = Catalog::new(generated_catalog()).expect("valid");
    let json = if what.ends_with("compact") {
        serde_json::to_string(cat.data()).expect("json")
    } else {
        cat.to_json().expect("json")
    };
    let toml_text = cat.to_toml().expect("toml");
    drop(cat);
    for _ in 0..n {
        let r = match what.as_str() {
            "json" | "json-compact" => Catalog::from_json(&json).map(|c| c.roles().len()),
            "toml" => Catalog::from_toml(&toml_text).map(|c| c.roles().len()),
            "value" | "value-compact" => serde_json::from_str::<serde_json::Value>(&json)
                .map(|_| 0)
                .map_err(|e| care_core::Error::invalid_input(e.to_string())),
            "builtin" => Catalog::builtin().map(|c| c.roles().len()),
            _ => Ok(0),
        };
        black_box(r.ok());
    }
}
