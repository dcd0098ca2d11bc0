//! Valid JSON answers made from the descriptions, for the native tests that feed machines
//! (`tests/admin_core.rs`, `tests/fuzz_core.rs`).
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::string_slice
)] // test code

use census_wasm::core::api;

/// The smallest valid JSON value of `kind`; with `full`, every member of objects.
pub fn sample(kind: &census_wasm::core::scan::Kind<'_>, full: bool) -> String {
    use census_wasm::core::scan::Kind;
    match kind {
        Kind::Str => r#""x""#.into(),
        Kind::U64 | Kind::U32 => "7".into(),
        // Zero: an exit status that says a job succeeded.
        Kind::Number => "0".into(),
        Kind::Bool => "true".into(),
        Kind::Any | Kind::Ignored | Kind::FreeObject => r#"{"a":1}"#.into(),
        Kind::Status => r#""success""#.into(),
        Kind::Object(shape) => object(shape, full),
        Kind::Array(item) => format!("[{}]", sample(item, full)),
        Kind::Tagged(tagged) => {
            let (wire, shape) = tagged.variants[0];
            let inner = object_but(shape, full, tagged.tag);
            let sep = if inner.len() > 2 { "," } else { "" };
            format!(r#"{{"{}":"{wire}"{sep}{}"#, tagged.tag, &inner[1..])
        }
    }
}

pub fn object(shape: &census_wasm::core::scan::Shape<'_>, full: bool) -> String {
    object_but(shape, full, "")
}

/// `shape`'s sample without the member `left_out` (a variant's own `type` is its union's tag).
fn object_but(shape: &census_wasm::core::scan::Shape<'_>, full: bool, left_out: &str) -> String {
    let members: Vec<String> = shape
        .fields
        .iter()
        .filter(|field| full || field.required)
        .filter(|field| field.name != left_out)
        .map(|field| format!("{:?}:{}", field.name, sample(&field.kind, full)))
        .collect();
    format!("{{{}}}", members.join(","))
}

/// A valid answer to `reply`, the members of its objects all given or only the required ones.
pub fn answer(reply: api::Reply, full: bool) -> Option<String> {
    use api::Reply;
    Some(match reply {
        Reply::Data(schema) => {
            let mut data = object(schema.shape, full);
            for member in schema.require {
                if !data.contains(&format!("\"{member}\":")) {
                    data = format!(r#"{{"{member}":[],{}"#, &data[1..]).replace(",}", "}");
                }
            }
            format!(r#"{{"status":"success","data":{data}}}"#)
        }
        Reply::Page(list) | Reply::Items(list) => format!(
            r#"{{"status":"success","data":[{}],"pagination":{{"total_records":1,"per_page":25,"prev_page":null,"page":1,"next_page":null,"last_page":1}}}}"#,
            sample(&list.item, full)
        ),
        Reply::Unwrapped(schema) => object(schema.shape, full),
        Reply::Created(creation) => format!(
            r#"{{"status":"created","data":{{"{}":9}}}}"#,
            creation.id_key
        ),
        Reply::Started(member) => format!(
            r#"{{"status":"created","{member}":"https://x.test/api/v1/jobs/9","data":{{"id":9}}}}"#
        ),
        Reply::Status => r#"{"status":"deleted"}"#.into(),
        Reply::RefreshKey => r#"{"refresh_key":3}"#.into(),
        Reply::RefreshStatus => r#"{"status":"completed"}"#.into(),
        Reply::Bare(shape) => object(shape, full),
        Reply::TokenDeleted => object(&census_wasm::core::stitch_models::STITCH_SOURCE, full),
        Reply::BareList(shape) => format!("[{}]", object(shape, full)),
        Reply::StitchPage(list) => format!(
            r#"{{"data":[{}],"page":1,"total":1,"links":{{}}}}"#,
            object(list.item, full)
        ),
        Reply::Done | Reply::Deleted => r#"{"status":200}"#.into(),
        Reply::Text => "2026-12-03T00:00:00Z INFO job finished\n".into(),
        Reply::BareIds(shape) => format!("[7,{}]", object(shape, full)),
    })
}
