//! Shapes of any length: members past the 16th, 32nd and 64th are found, refused when repeated,
//! named when missing and given their spans exactly as the first ones are. Fixed cases for 40,
//! 70 and 130 members, then random shapes of 1 to 100 members checked against a reference.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use census_scan::{
    Field, ItemSink, Kind, ObjInfo, ScanError, Shape, Span, Tagged, check_document,
    check_value_object,
};

/// xorshift64: deterministic, so a failing case can be replayed from its seed.
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

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum K {
    Str,
    U64,
    U32,
    Bool,
    Ignored,
    Inner,
}

static INNER: Shape<'static> = Shape {
    name: "Inner",
    fields: &[Field {
        name: "message",
        kind: Kind::Str,
        required: false,
        nullable: true,
    }],
};

impl K {
    fn kind(self) -> Kind<'static> {
        match self {
            K::Str => Kind::Str,
            K::U64 => Kind::U64,
            K::U32 => Kind::U32,
            K::Bool => Kind::Bool,
            K::Ignored => Kind::Ignored,
            K::Inner => Kind::Object(&INNER),
        }
    }

    /// How a mismatch names what was expected.
    fn expected(self) -> &'static str {
        match self {
            K::Str => "a string",
            K::U64 | K::U32 => "a non-negative integer",
            K::Bool => "a boolean (true or false)",
            K::Inner => "an object",
            K::Ignored => unreachable!("anything is an ignored value"),
        }
    }
}

struct Spec {
    name: String,
    kind: K,
    required: bool,
    nullable: bool,
}

fn fields(specs: &[Spec]) -> Vec<Field<'_>> {
    specs
        .iter()
        .map(|spec| Field {
            name: &spec.name,
            kind: spec.kind.kind(),
            required: spec.required,
            nullable: spec.nullable,
        })
        .collect()
}

/// One member as written: the field it is (`None`: unknown), its key and value text, and the
/// reason a scan gives when the value is wrong for the field.
#[derive(Clone)]
struct Member {
    field: Option<usize>,
    key: String,
    value: String,
    wrong: Option<String>,
}

const ANY_VALUES: &[&str] = &[
    r#"{"a":[1,2.5,-3e2,{"b":null}],"c":"d \" \\ \u00e9"}"#,
    "[true,false,[]]",
    r#""free""#,
    "12",
    "-0.5",
    "null",
    "{}",
];

fn random_text(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a",
        "b",
        "Z",
        " ",
        "long plain text ",
        "\"",
        "\\",
        "/",
        "\n",
        "\t",
        "\u{1}",
        "é",
        "😀",
        "0123456789",
    ];
    (0..rng.below(6)).map(|_| *rng.pick(PIECES)).collect()
}

fn valid_value(rng: &mut Rng, spec: &Spec) -> String {
    if spec.nullable && rng.chance(10) {
        return "null".to_owned();
    }
    match spec.kind {
        K::Str => serde_json::to_string(&random_text(rng)).expect("a string"),
        K::U64 => match rng.below(3) {
            0 => rng.below(1000).to_string(),
            1 => (rng.next() >> 11).to_string(),
            _ => census_scan::MAX_SAFE_INTEGER.to_string(),
        },
        K::U32 => match rng.below(3) {
            0 => rng.below(1000).to_string(),
            1 => (rng.next() as u32).to_string(),
            _ => u32::MAX.to_string(),
        },
        K::Bool => rng.pick(&["true", "false"]).to_string(),
        K::Ignored => rng.pick(ANY_VALUES).to_string(),
        K::Inner => rng
            .pick(&[r#"{"message":"hi"}"#, "{}", r#"{"x":[1],"message":null}"#])
            .to_string(),
    }
}

/// A wrong value for `spec` and the `got` of its message; `None` for a field that takes anything.
fn wrong_value(rng: &mut Rng, spec: &Spec) -> Option<(String, String)> {
    // An integer too large for its kind is named by its limit, any other wrong value by its type.
    const SAFE: &str = "an integer up to 2^53 - 1, which JavaScript keeps exact";
    if spec.kind == K::Ignored {
        return None;
    }
    let expected = spec.kind.expected();
    let (value, got, expected) = match spec.kind {
        K::Ignored => return None,
        _ if !spec.nullable && rng.chance(20) => ("null", "null", expected),
        K::Str => *rng.pick(&[
            ("5", "5", expected),
            ("true", "true", expected),
            ("[]", "an array", expected),
        ]),
        K::U64 => *rng.pick(&[
            (r#""7""#, r#""7""#, expected),
            ("-3", "-3", expected),
            ("2.5", "2.5", expected),
            ("1e2", "1e2", expected),
            ("9007199254740992", "9007199254740992", SAFE),
            ("18446744073709551615", "18446744073709551615", SAFE),
            ("18446744073709551616", "18446744073709551616", expected),
        ]),
        K::U32 => *rng.pick(&[
            ("4294967296", "4294967296", "an integer up to 2^32 - 1"),
            ("{}", "an object", expected),
        ]),
        K::Bool => *rng.pick(&[(r#""true""#, r#""true""#, expected), ("0", "0", expected)]),
        K::Inner => *rng.pick(&[
            ("[1]", "an array", expected),
            (r#""o""#, r#""o""#, expected),
        ]),
    };
    Some((value.to_owned(), format!("expected {expected}, got {got}")))
}

/// A key as JSON text; sometimes its first character is written as a `\u` escape.
fn key_text(rng: &mut Rng, name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if rng.chance(5) => format!("\"\\u{:04x}{}\"", first as u32, chars.as_str()),
        _ => format!("\"{name}\""),
    }
}

fn member(rng: &mut Rng, specs: &[Spec], index: usize, wrong_percent: u64) -> Member {
    let spec = &specs[index];
    let key = key_text(rng, &spec.name);
    match wrong_value(rng, spec).filter(|_| rng.chance(wrong_percent)) {
        Some((value, reason)) => Member {
            field: Some(index),
            key,
            value,
            wrong: Some(reason),
        },
        None => Member {
            field: Some(index),
            key,
            value: valid_value(rng, spec),
            wrong: None,
        },
    }
}

/// Writes `members` as one object; returns its text and each member's value span in it.
fn write(rng: &mut Rng, members: &[Member], spaced: bool) -> (String, Vec<Span>) {
    let gap = |rng: &mut Rng| -> &'static str {
        if spaced {
            ["", " ", "\n  ", "\t"][rng.below(4)]
        } else {
            ""
        }
    };
    let mut text = String::from("{");
    let mut spans = Vec::new();
    for (at, member) in members.iter().enumerate() {
        if at > 0 {
            text.push_str(gap(rng));
            text.push(',');
        }
        text.push_str(gap(rng));
        text.push_str(&member.key);
        text.push_str(gap(rng));
        text.push(':');
        text.push_str(gap(rng));
        spans.push((text.len(), text.len() + member.value.len()));
        text.push_str(&member.value);
    }
    text.push_str(gap(rng));
    text.push('}');
    (text, spans)
}

/// What a scan must decide, the path relative to the object.
#[derive(Debug, PartialEq)]
enum Expect {
    Ok(Vec<Option<Span>>),
    Err { path: String, reason: String },
}

/// The reference: serde's rules written plainly. Without `repeats` a known key may appear once
/// and the first wrong value ends the scan; with `repeats` each member's last value is the one
/// read, and the first member in the shape's order whose last value is wrong fails. Then the
/// first required member (in the shape's order) that is absent is named.
fn reference(specs: &[Spec], members: &[Member], spans: &[Span], repeats: bool) -> Expect {
    let mut seen: Vec<Option<Span>> = vec![None; specs.len()];
    let mut pending: Vec<Option<&str>> = vec![None; specs.len()];
    for (member, span) in members.iter().zip(spans) {
        let Some(index) = member.field else { continue };
        if seen[index].is_some() && !repeats {
            return Expect::Err {
                path: specs[index].name.to_owned(),
                reason: "given twice".to_owned(),
            };
        }
        seen[index] = Some(*span);
        pending[index] = member.wrong.as_deref();
        if let Some(reason) = &member.wrong
            && !repeats
        {
            return Expect::Err {
                path: specs[index].name.clone(),
                reason: reason.clone(),
            };
        }
    }
    if let Some(index) = pending.iter().position(Option::is_some) {
        return Expect::Err {
            path: specs[index].name.clone(),
            reason: pending[index].unwrap_or_default().to_owned(),
        };
    }
    if let Some(spec) = specs
        .iter()
        .zip(&seen)
        .find_map(|(spec, seen)| (spec.required && seen.is_none()).then_some(spec))
    {
        return Expect::Err {
            path: spec.name.clone(),
            reason: "required field is missing".to_owned(),
        };
    }
    Expect::Ok(seen)
}

/// The path of an error at `inner` (relative to an object) inside `outer`.
fn under(outer: &str, inner: &str) -> String {
    match (outer.is_empty(), inner.is_empty()) {
        (true, _) => inner.to_owned(),
        (_, true) => outer.to_owned(),
        _ => format!("{outer}.{inner}"),
    }
}

/// The same expectation for the object placed at `offset` under the path `outer`.
fn moved(expect: Expect, offset: usize, outer: &str) -> Expect {
    match expect {
        Expect::Ok(spans) => Expect::Ok(
            spans
                .into_iter()
                .map(|span| span.map(|(start, end)| (start + offset, end + offset)))
                .collect(),
        ),
        Expect::Err { path, reason } => Expect::Err {
            path: under(outer, &path),
            reason,
        },
    }
}

fn spans_of(info: &ObjInfo, count: usize) -> Vec<Option<Span>> {
    // Indices past the shape read as absent too.
    assert_eq!(info.get(count), None);
    assert_eq!(info.get(count + 200), None);
    let spans: Vec<Option<Span>> = (0..count).map(|index| info.get(index)).collect();
    assert_eq!(info.is_empty(), spans.iter().all(Option::is_none));
    spans
}

fn outcome(result: Result<Vec<Option<Span>>, ScanError>) -> Expect {
    match result {
        Ok(spans) => Expect::Ok(spans),
        Err(err) => {
            assert!(!err.not_json, "{err:?}");
            Expect::Err {
                path: err.path,
                reason: err.reason,
            }
        }
    }
}

/// A shape of `count` members with names of many lengths, in four kinds.
fn fixed_specs(count: usize) -> Vec<Spec> {
    (0..count)
        .map(|i| Spec {
            name: format!("m{i}_{}", "x".repeat(i % 13)),
            kind: [K::Str, K::U64, K::Bool, K::U32][i % 4],
            required: i % 2 == 0,
            nullable: i % 2 == 1,
        })
        .collect()
}

fn fixed_value(spec: &Spec, i: usize) -> String {
    match spec.kind {
        K::Str => format!("\"value {i}\""),
        K::U64 | K::U32 => (i * 1000 + 7).to_string(),
        K::Bool => (i % 3 == 0).to_string(),
        K::Ignored | K::Inner => "{}".to_owned(),
    }
}

fn fixed_member(specs: &[Spec], index: usize) -> Member {
    Member {
        field: Some(index),
        key: format!("\"{}\"", specs[index].name),
        value: fixed_value(&specs[index], index),
        wrong: None,
    }
}

fn wrong_member(specs: &[Spec], index: usize) -> Member {
    let (value, got) = match specs[index].kind {
        K::Str => ("1", "1"),
        _ => (r#""no""#, r#""no""#),
    };
    Member {
        field: Some(index),
        key: format!("\"{}\"", specs[index].name),
        value: value.to_owned(),
        wrong: Some(format!(
            "expected {}, got {got}",
            specs[index].kind.expected()
        )),
    }
}

/// Scans `members` as a document and as a value object and checks both against the reference.
fn check_both(specs: &[Spec], members: &[Member], spaced: bool, rng: &mut Rng) -> Expect {
    let fields = fields(specs);
    let shape = Shape {
        name: "Long",
        fields: &fields,
    };
    let (text, spans) = write(rng, members, spaced);
    serde_json::from_str::<serde_json::Value>(&text).expect("the test writes JSON");
    let got = outcome(
        check_document(text.as_bytes(), &shape, None, None)
            .map(|info| spans_of(&info, specs.len())),
    );
    let expected = reference(specs, members, &spans, false);
    assert_eq!(got, expected, "document {text}");
    let got = outcome(
        check_value_object(text.as_bytes(), &shape).map(|info| spans_of(&info, specs.len())),
    );
    assert_eq!(
        got,
        reference(specs, members, &spans, true),
        "value object {text}"
    );
    expected
}

#[test]
fn long_shapes_with_every_member_in_order_or_not() {
    let mut rng = Rng(0x5eed_0001);
    for count in [40, 70, 130] {
        let specs = fixed_specs(count);
        let mut members: Vec<Member> = (0..count).map(|i| fixed_member(&specs, i)).collect();
        let Expect::Ok(spans) = check_both(&specs, &members, false, &mut rng) else {
            panic!("{count} members in order");
        };
        // The last members, and those either side of each word of the seen set.
        for index in [count - 1, count - 2, 63, 64, 15, 16, 31, 32]
            .into_iter()
            .filter(|index| *index < count)
        {
            assert!(spans[index].is_some(), "{count}: {index}");
        }
        members.reverse();
        assert!(matches!(
            check_both(&specs, &members, true, &mut rng),
            Expect::Ok(_)
        ));
        rng.shuffle(&mut members);
        assert!(matches!(
            check_both(&specs, &members, false, &mut rng),
            Expect::Ok(_)
        ));
        // Only the last member: nothing else is required of an optional shape.
        let optional: Vec<Spec> = fixed_specs(count)
            .into_iter()
            .map(|spec| Spec {
                required: false,
                ..spec
            })
            .collect();
        let last = vec![fixed_member(&optional, count - 1)];
        let Expect::Ok(spans) = check_both(&optional, &last, false, &mut rng) else {
            panic!("{count}: the last member alone");
        };
        assert_eq!(spans.iter().filter(|span| span.is_some()).count(), 1);
    }
}

#[test]
fn long_shapes_name_the_missing_required_member() {
    let mut rng = Rng(0x5eed_0002);
    for count in [40, 70, 130] {
        let specs = fixed_specs(count);
        for gone in [vec![count - 2], vec![64.min(count - 2)], vec![2, count - 2]] {
            let members: Vec<Member> = (0..count)
                .filter(|i| !gone.contains(i))
                .map(|i| fixed_member(&specs, i))
                .collect();
            let expected = Expect::Err {
                path: specs[gone[0]].name.clone(),
                reason: "required field is missing".to_owned(),
            };
            assert_eq!(check_both(&specs, &members, false, &mut rng), expected);
        }
        // An optional member missing is no error.
        let members: Vec<Member> = (0..count - 1).map(|i| fixed_member(&specs, i)).collect();
        assert!(matches!(
            check_both(&specs, &members, false, &mut rng),
            Expect::Ok(_)
        ));
    }
}

#[test]
fn long_shapes_refuse_a_repeated_member_unless_repeats_are_allowed() {
    let mut rng = Rng(0x5eed_0003);
    for count in [40, 70, 130] {
        let specs = fixed_specs(count);
        for twice in [count - 1, 63.min(count - 2), 64.min(count - 1), 0] {
            let mut members: Vec<Member> = (0..count).map(|i| fixed_member(&specs, i)).collect();
            members.push(fixed_member(&specs, twice));
            let expected = Expect::Err {
                path: specs[twice].name.to_owned(),
                reason: "given twice".to_owned(),
            };
            assert_eq!(check_both(&specs, &members, false, &mut rng), expected);
            // As a value object: the last value is read, right or wrong.
            members[twice] = wrong_member(&specs, twice);
            let fields = fields(&specs);
            let shape = Shape {
                name: "Long",
                fields: &fields,
            };
            let (text, spans) = write(&mut rng, &members, false);
            let info = check_value_object(text.as_bytes(), &shape).expect("the last is right");
            assert_eq!(info.get(twice), spans.last().copied());
            let last = members.len() - 1;
            members.swap(twice, last);
            let (text, _) = write(&mut rng, &members, false);
            let err = check_value_object(text.as_bytes(), &shape).expect_err("the last is wrong");
            assert_eq!(err.path, specs[twice].name);
        }
    }
}

#[test]
fn long_item_shapes_keep_no_member_of_the_item_before() {
    let specs = fixed_specs(70);
    let fields = fields(&specs);
    let shape = Shape {
        name: "Long",
        fields: &fields,
    };
    let item = Kind::Object(&shape);
    let tagged = Tagged {
        tag: "type",
        variants: &[("short", &INNER), ("long", &shape)],
    };
    let tagged_item = Kind::Tagged(&tagged);
    let mut rng = Rng(0x5eed_0004);
    let full: Vec<Member> = (0..70).map(|i| fixed_member(&specs, i)).collect();
    let (full_text, full_spans) = write(&mut rng, &full, false);
    // Members 69 and 65 are optional; the second item has neither.
    let partial: Vec<Member> = (0..69)
        .filter(|i| *i != 65)
        .map(|i| fixed_member(&specs, i))
        .collect();
    let (partial_text, _) = write(&mut rng, &partial, true);
    for (kind, tag) in [(&item, ""), (&tagged_item, r#""type":"long","#)] {
        let with_tag = |text: &str| text.replacen('{', &format!("{{{tag}"), 1);
        let body = format!(
            r#"{{"data":[{},{},{}]}}"#,
            with_tag(&full_text),
            with_tag(&partial_text),
            with_tag(&full_text)
        );
        let envelope = [Field {
            name: "data",
            kind: Kind::Array(kind),
            required: true,
            nullable: false,
        }];
        let envelope = Shape {
            name: "Envelope",
            fields: &envelope,
        };
        let mut items: Vec<(usize, Vec<Option<Span>>)> = Vec::new();
        let mut sink = |_: &[u8], variant: usize, info: &ObjInfo| {
            items.push((variant, spans_of(info, 70)));
        };
        check_document(
            body.as_bytes(),
            &envelope,
            Some(0),
            Some(&mut sink as &mut ItemSink<'_>),
        )
        .expect("three items");
        let variant = usize::from(!tag.is_empty());
        assert_eq!(items.len(), 3);
        assert!(items.iter().all(|(v, _)| *v == variant));
        let offset = r#"{"data":["#.len() + tag.len();
        let first: Vec<Option<Span>> = full_spans
            .iter()
            .map(|(start, end)| Some((start + offset, end + offset)))
            .collect();
        assert_eq!(items[0].1, first);
        assert_eq!(items[1].1[69], None);
        assert_eq!(items[1].1[65], None);
        assert!(items[1].1[68].is_some() && items[1].1[64].is_some());
        assert_eq!(items[2].1.iter().flatten().count(), 70);
        // A missing member of the middle item is named with its path.
        let body = format!(
            r#"{{"data":[{},{}]}}"#,
            with_tag(&full_text),
            with_tag(&partial_text.replacen(&format!("\"{}\"", specs[66].name), "\"m_other\"", 1))
        );
        let err = check_document(body.as_bytes(), &envelope, None, None).expect_err("missing");
        assert_eq!(err.path, format!("data[1].{}", specs[66].name));
        assert_eq!(err.reason, "required field is missing");
    }
}

/// Random shapes of 1 to 100 members, random documents for them (members in any order, some
/// absent, repeated, wrong or unknown; compact or spaced), scanned as a document, a value
/// object, a nested member and the items of an array, each checked against the reference.
#[test]
fn random_shapes_agree_with_the_reference() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut decisions = [0usize; 2];
    for case in 0..3000 {
        let count = 1 + rng.below(100);
        let specs: Vec<Spec> = (0..count)
            .map(|i| {
                let letters: String = (0..rng.below(30))
                    .map(|_| char::from(b'a' + rng.below(25) as u8))
                    .collect();
                Spec {
                    name: format!("{letters}_{i}"),
                    kind: *rng.pick(&[K::Str, K::U64, K::U32, K::Bool, K::Ignored, K::Inner]),
                    required: rng.chance(50),
                    nullable: rng.chance(50),
                }
            })
            .collect();
        let absent = rng.below(4) * 3;
        let wrong = *rng.pick(&[0, 0, 1, 5]);
        let objects: Vec<Vec<Member>> = (0..1 + rng.below(3))
            .map(|_| {
                let mut members: Vec<Member> = Vec::new();
                for i in 0..count {
                    if !rng.chance(absent as u64) {
                        members.push(member(&mut rng, &specs, i, wrong));
                    }
                }
                for _ in 0..rng.below(3) {
                    let name = &specs[rng.below(count)].name;
                    let key = if rng.chance(50) {
                        format!("~{name}")
                    } else {
                        format!("{name}x")
                    };
                    members.push(Member {
                        field: None,
                        key: key_text(&mut rng, &key),
                        value: rng.pick(ANY_VALUES).to_string(),
                        wrong: None,
                    });
                }
                if rng.chance(10) && count > 0 {
                    let again = rng.below(count);
                    members.push(member(&mut rng, &specs, again, 30));
                }
                if rng.chance(80) {
                    rng.shuffle(&mut members);
                }
                members
            })
            .collect();
        let spaced = rng.chance(30);
        let fields = fields(&specs);
        let shape = Shape {
            name: "Random",
            fields: &fields,
        };
        let written: Vec<(String, Vec<Span>)> = objects
            .iter()
            .map(|members| write(&mut rng, members, spaced))
            .collect();
        let context = |what: &str| format!("case {case}, {what}: {}", written[0].0);

        // A document, and a value object (repeats allowed).
        let (text, spans) = &written[0];
        serde_json::from_str::<serde_json::Value>(text).expect("the test writes JSON");
        let expected = reference(&specs, &objects[0], spans, false);
        decisions[usize::from(matches!(expected, Expect::Ok(_)))] += 1;
        let got = outcome(
            check_document(text.as_bytes(), &shape, None, None).map(|info| spans_of(&info, count)),
        );
        assert_eq!(got, expected, "{}", context("document"));
        let got =
            outcome(check_value_object(text.as_bytes(), &shape).map(|info| spans_of(&info, count)));
        let repeats = reference(&specs, &objects[0], spans, true);
        assert_eq!(got, repeats, "{}", context("value object"));

        // A nested member, whose spans nobody reads.
        let outer = [Field {
            name: "inner",
            kind: Kind::Object(&shape),
            required: true,
            nullable: false,
        }];
        let outer = Shape {
            name: "Outer",
            fields: &outer,
        };
        let body = format!(r#"{{"inner":{text}}}"#);
        let got = outcome(check_document(body.as_bytes(), &outer, None, None).map(|_| Vec::new()));
        let nested = match moved(reference(&specs, &objects[0], spans, false), 0, "inner") {
            Expect::Ok(_) => Expect::Ok(Vec::new()),
            err => err,
        };
        assert_eq!(got, nested, "{}", context("nested"));

        // The items of an array, each given to the sink with its own spans.
        let item = Kind::Object(&shape);
        let envelope = [Field {
            name: "data",
            kind: Kind::Array(&item),
            required: true,
            nullable: false,
        }];
        let envelope = Shape {
            name: "Envelope",
            fields: &envelope,
        };
        let mut body = String::from(r#"{"data":["#);
        let mut expected = Vec::new();
        for (index, ((text, spans), members)) in written.iter().zip(&objects).enumerate() {
            if index > 0 {
                body.push(',');
            }
            let path = format!("data[{index}]");
            expected.push(moved(
                reference(&specs, members, spans, false),
                body.len(),
                &path,
            ));
            body.push_str(text);
        }
        body.push_str("]}");
        let expected = match expected.iter().position(|e| !matches!(e, Expect::Ok(_))) {
            Some(failing) => vec![expected.swap_remove(failing)],
            None => expected,
        };
        let mut items: Vec<Expect> = Vec::new();
        let mut sink =
            |_: &[u8], _: usize, info: &ObjInfo| items.push(Expect::Ok(spans_of(info, count)));
        let result = check_document(
            body.as_bytes(),
            &envelope,
            Some(0),
            Some(&mut sink as &mut ItemSink<'_>),
        );
        if let Err(err) = result {
            assert!(!err.not_json, "{err:?}");
            // Items before the failing one went to the sink; the failing one did not.
            items.retain(|_| false);
            items.push(Expect::Err {
                path: err.path,
                reason: err.reason,
            });
        }
        assert_eq!(items, expected, "{}", context("items"));
    }
    // The generator makes both outcomes often enough to mean something.
    assert!(decisions.iter().all(|n| *n > 500), "{decisions:?}");
}
