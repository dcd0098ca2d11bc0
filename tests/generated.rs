//! Files generated from the API's descriptions (census-core/src/api.rs) must be current: the TypeScript
//! of `CensusClient` (src/js/client.d.ts) and the README's method table. Run with
//! `UPDATE_GENERATED=1` to rewrite them after changing a description.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code
// Native only: the generators, like the text they read, are not in the wasm.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::PathBuf;

use census_wasm::core::api;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn update() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some()
}

#[test]
fn the_client_typescript_is_generated_from_the_descriptions() {
    let path = root().join("src/js/client.d.ts");
    let expected = api::typescript();
    if update() {
        fs::write(&path, &expected).expect("write client.d.ts");
    }
    let actual = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "src/js/client.d.ts is not what census-core/src/api.rs describes: run UPDATE_GENERATED=1 cargo test --test generated"
    );
}

/// Checks (or with `UPDATE_GENERATED`, rewrites) the README's table between `marker`'s lines.
fn check_table(marker: &str, source: &str, expected: &str) {
    let start = format!("<!-- {marker}: generated from {source} -->\n");
    let end = format!("<!-- {marker}: end -->");
    let path = root().join("README.md");
    let readme = fs::read_to_string(&path).expect("README.md");
    let (before, rest) = readme
        .split_once(&start)
        .unwrap_or_else(|| panic!("the README marks its {marker} table"));
    let (table, after) = rest
        .split_once(&end)
        .unwrap_or_else(|| panic!("the {marker} table's end marker"));
    if update() && table != expected {
        fs::write(&path, format!("{before}{start}{expected}{end}{after}")).expect("write README");
        return;
    }
    assert_eq!(
        table, expected,
        "the README's {marker} table is not what {source} describes: run UPDATE_GENERATED=1 cargo test --test generated"
    );
}

#[test]
fn the_readme_method_table_matches_the_descriptions() {
    check_table("methods", "census-core/src/api.rs", &api::readme_table());
}

#[test]
fn the_readme_stitch_table_matches_the_descriptions() {
    check_table(
        "stitch methods",
        "census-core/src/api/stitch.rs",
        &api::stitch_readme_table(),
    );
}

#[test]
fn every_method_is_described_once_with_a_request_it_can_build() {
    let mut names: Vec<&str> = api::ops().map(|op| op.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), api::ops().count(), "method names are unique");
    for (index, op) in api::ops().enumerate() {
        assert_eq!(api::op_at(index).map(|at| at.name), Some(op.name));
        let placeholders = op.endpoint.path.matches("{}").count();
        let path_args = op
            .args
            .iter()
            .filter(|arg| arg.place == api::Place::Path)
            .count();
        if !matches!(op.mode, api::Mode::Wait { .. }) {
            assert_eq!(
                placeholders, path_args,
                "{}: one path argument per {{}}",
                op.name
            );
        }
        assert!(
            op.example.contains(op.name),
            "{}: the example calls it",
            op.name
        );
        assert!(!op.doc.is_empty());
    }
}

#[test]
fn every_error_kind_has_its_class_and_its_code_in_the_readme() {
    use census_wasm::core::error::ErrorKind;
    let js = fs::read_to_string(root().join("src/js/census.js")).expect("census.js");
    let dts = fs::read_to_string(root().join("src/js/errors.d.ts")).expect("errors.d.ts");
    let readme = fs::read_to_string(root().join("README.md")).expect("README.md");
    for kind in ErrorKind::ALL {
        let class = kind.class();
        assert!(
            js.contains(&format!("export class {class} ")) && js.contains(&format!("  {class},")),
            "{class}: defined and listed in census.js's CLASSES"
        );
        assert!(
            dts.contains(&format!("export declare class {class} ")),
            "{class}: declared in errors.d.ts"
        );
        // Its declared codes hold the one the wasm gives it, so that `switch (error.code)` on an
        // `AnyCensusError` narrows to the class the runtime throws.
        let (_, declaration) = dts
            .split_once(&format!("export declare class {class} "))
            .unwrap();
        let declaration = declaration.split("\n}\n").next().unwrap();
        let codes = declaration
            .lines()
            .find_map(|line| line.trim().strip_prefix("readonly code: "))
            .unwrap_or_else(|| panic!("{class}: declares its code in errors.d.ts"));
        assert!(
            codes.contains(&format!("'{}'", kind.code())),
            "{class}: its declared code ({codes}) holds {}",
            kind.code()
        );
        assert!(
            readme.contains(&format!("`{}`", kind.code())),
            "{}: in the README's error table",
            kind.code()
        );
    }
}
