//! The documentation's table of fields and defaults is the schema's: the lines between
//! the markers of `docs/scenario-format.md` are exactly what
//! `orgsim::scenario::fields_table` renders, so a default or bound changed in the code
//! cannot leave the documentation behind.

use std::path::Path;

const BEGIN: &str = "<!-- fields-table:begin -->\n";
const END: &str = "<!-- fields-table:end -->";

#[test]
fn the_documented_fields_table_is_the_schemas() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenario-format.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let start = text
        .find(BEGIN)
        .unwrap_or_else(|| panic!("{} has no line {BEGIN:?}", path.display()))
        + BEGIN.len();
    let length = text[start..]
        .find(END)
        .unwrap_or_else(|| panic!("{} has no line {END:?} after the first", path.display()));
    let documented = &text[start..start + length];
    let rendered = orgsim::scenario::fields_table();
    // `ORGSIM_BLESS=1 cargo test --release --test integration fields_table` writes the
    // schema's table into the document instead of failing.
    if documented != rendered && std::env::var_os("ORGSIM_BLESS").is_some() {
        let updated = format!("{}{rendered}{}", &text[..start], &text[start + length..]);
        std::fs::write(&path, updated).expect("write the fields table");
        return;
    }
    assert!(
        documented == rendered,
        "the fields table of {} is not the schema's (src/scenario/schema.rs); \
         put these lines between its markers:\n{rendered}",
        path.display()
    );
}
