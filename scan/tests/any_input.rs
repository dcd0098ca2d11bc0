//! No input and no shape makes the scanner panic (in wasm a panic is a trap that leaves the
//! instance unusable): arbitrary bytes and mutations of valid documents go to every public
//! entry point, against shapes of random length (up to 100 members, nested, tagged, arrays),
//! in a debug build where arithmetic overflow panics too. Each result must also keep its
//! promises: a reason for every error, no path on an error that says the bytes are not JSON, and
//! spans inside the body.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use census_scan::{
    Field, ItemSink, Kind, ObjInfo, ScanError, Scanner, Shape, Span, Tagged, check_document,
    check_value_object, integer_at, quoted, status_code, string_value,
};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

static INNER: Shape<'static> = Shape {
    name: "Inner",
    fields: &[Field {
        name: "message",
        kind: Kind::Str,
        required: true,
        nullable: true,
    }],
};
static VARIANT: Shape<'static> = Shape {
    name: "Variant",
    fields: &[Field {
        name: "id",
        kind: Kind::U64,
        required: true,
        nullable: false,
    }],
};
static TAGGED: Tagged<'static> = Tagged {
    tag: "type",
    variants: &[("inner", &INNER), ("variant", &VARIANT)],
};
static KINDS: &[Kind<'static>] = &[
    Kind::Str,
    Kind::U64,
    Kind::U32,
    Kind::Bool,
    Kind::Any,
    Kind::Ignored,
    Kind::FreeObject,
    Kind::Status,
    Kind::Object(&INNER),
    Kind::Array(&Kind::Str),
    Kind::Array(&Kind::Object(&INNER)),
    Kind::Tagged(&TAGGED),
];

/// Keys, values and bytes that documents are made of, biased towards what trips a scanner.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "{", "}", "[", "]", ":", ",", " ", "\n", "\"", "\\", "\\u", "d800", "dc00", "\\ud83d\\ude00",
    "null", "true", "false", "nul", "0", "-", "1", "18446744073709551616", "1e400", "1.5e-3",
    "\"m0\"", "\"m1\"", "\"m63\"", "\"m64\"", "\"m65\"", "\"m99\"", "\"message\"", "\"type\"",
    "\"inner\"", "\"variant\"", "\"id\"", "\"data\"", "é", "\u{1}", "\"plain text\"",
];

fn document(rng: &mut Rng) -> Vec<u8> {
    let mut text = String::new();
    for _ in 0..rng.below(60) {
        text.push_str(PIECES[rng.below(PIECES.len())]);
    }
    let mut bytes = text.into_bytes();
    // Now and then, bytes that are not UTF-8 or cut a character in half.
    for _ in 0..rng.below(3) {
        if !bytes.is_empty() {
            let at = rng.below(bytes.len());
            bytes[at] = rng.next() as u8;
        }
    }
    bytes
}

/// A value that `field` accepts.
fn value_of(rng: &mut Rng, field: &Field<'_>) -> &'static str {
    if field.nullable && rng.below(8) == 0 {
        return "null";
    }
    match field.kind {
        Kind::Str => "\"text\"",
        Kind::U64 | Kind::U32 | Kind::Status => "12",
        Kind::Number => "-1.5e2",
        Kind::Bool => "true",
        Kind::Any | Kind::Ignored => "[1,{\"a\":null}]",
        Kind::FreeObject => "{\"a\":1,\"a\":2}",
        Kind::Object(_) => r#"{"message":"m"}"#,
        Kind::Array(Kind::Str) => r#"["a","b"]"#,
        Kind::Array(_) => r#"[{"message":null},{"message":"x"}]"#,
        Kind::Tagged(_) => r#"{"type":"variant","id":3}"#,
    }
}

/// A document valid for `fields` (as an envelope whose `data` holds two items of them), then
/// mutated: a few bytes changed, dropped or inserted, or the body cut short; or left as it is.
fn mutated(rng: &mut Rng, fields: &[Field<'_>], tagged: bool) -> Vec<u8> {
    let mut members: Vec<String> = Vec::new();
    for field in fields {
        if field.required || rng.below(10) > 0 {
            members.push(format!("\"{}\":{}", field.name, value_of(rng, field)));
        }
    }
    let members = members.join(",");
    let item = if tagged {
        format!(r#"{{"type":"random",{members}}}"#)
    } else {
        format!("{{{members}}}")
    };
    let mut bytes = format!(r#"{{"data":[{item},{item}],{members}}}"#).into_bytes();
    for _ in 0..rng.below(4) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => bytes[at] = PIECES[rng.below(PIECES.len())].as_bytes()[0],
            1 => {
                bytes.remove(at);
            }
            2 => bytes.truncate(at),
            _ => {
                let piece = PIECES[rng.below(PIECES.len())].as_bytes().to_vec();
                bytes.splice(at..at, piece);
            }
        }
    }
    bytes
}

fn promises(bytes: &[u8], result: &Result<ObjInfo, ScanError>, count: usize) {
    match result {
        Ok(info) => {
            for index in 0..count + 70 {
                if let Some((start, end)) = info.get(index) {
                    assert!(start <= end && end <= bytes.len(), "{index}");
                }
            }
        }
        Err(err) => {
            assert!(!err.reason.is_empty());
            assert!(!err.not_json || err.path.is_empty(), "{err:?}");
        }
    }
}

#[test]
fn no_input_or_shape_panics_the_scanner() {
    let mut rng = Rng(0x00dd_ba11_cafe_f00d);
    for _ in 0..20_000 {
        let count = 1 + rng.below(100);
        let names: Vec<String> = (0..count).map(|i| format!("m{i}")).collect();
        let fields: Vec<Field<'_>> = names
            .iter()
            .map(|name| Field {
                name,
                kind: KINDS[rng.below(KINDS.len())],
                required: rng.below(2) == 0,
                nullable: rng.below(2) == 0,
            })
            .collect();
        let shape = Shape {
            name: "Random",
            fields: &fields,
        };
        let items = Kind::Object(&shape);
        let tagged = Tagged {
            tag: "type",
            variants: &[("inner", &INNER), ("random", &shape)],
        };
        let tagged_items = Kind::Tagged(&tagged);
        let tagged_data = rng.below(2) == 0;
        let mut envelope = fields.clone();
        envelope.insert(
            0,
            Field {
                name: "data",
                kind: Kind::Array(if tagged_data { &tagged_items } else { &items }),
                required: false,
                nullable: true,
            },
        );
        let envelope = Shape {
            name: "Envelope",
            fields: &envelope,
        };

        let bytes = if rng.below(2) == 0 {
            document(&mut rng)
        } else {
            mutated(&mut rng, &fields, tagged_data)
        };
        let mut sunk = 0;
        let mut sink = |body: &[u8], _: usize, info: &ObjInfo| {
            sunk += 1;
            promises(body, &Ok(info.clone()), count);
        };
        let result = check_document(
            &bytes,
            &envelope,
            Some(0),
            Some(&mut sink as &mut ItemSink<'_>),
        );
        promises(&bytes, &result, count + 1);
        promises(&bytes, &check_document(&bytes, &shape, None, None), count);
        let value = check_value_object(&bytes, &shape);
        promises(&bytes, &value, count);

        // The helpers that read checked spans, here on spans and bytes no scan checked.
        let _ = Scanner::new(&bytes).skip(rng.below(2) == 0);
        let span: Span = (rng.below(bytes.len() + 2), rng.below(bytes.len() + 2));
        let _ = integer_at(&bytes, span);
        let _ = status_code(&bytes);
        if let Some(text) = string_value(&bytes) {
            let _ = quoted(&text);
        }
        let _ = quoted(&String::from_utf8_lossy(&bytes));
    }
}
