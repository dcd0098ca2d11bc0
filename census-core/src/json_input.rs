//! Object inputs read as the JSON text the caller's object became (`JSON.stringify`), checked,
//! then sent as that very text: inputs whose members hold objects and lists, such as a sync's.
//! The input's shape (a `model!`'s) checks types and required members and names each by its
//! path (`mappings[1].to`); the input's rules check values. Members the description does not
//! list pass through untouched, because the API adds settings over time.

use crate::api::Call;
use crate::error::ClientError;
use crate::raw_object::RawObject;
use crate::scan::{self, Field, Kind, ScanError, Shape, quoted};

/// An input checked as JSON text and sent as it is.
#[derive(Debug, Clone, Copy)]
pub struct JsonInput {
    /// Its TypeScript name, e.g. `CreateSyncInput`.
    pub name: crate::api::Text,
    /// Its members' types and which are required.
    pub shape: &'static Shape<'static>,
    /// A patch: every top-level member optional (nested objects keep their required members,
    /// since they are sent whole), at least one given.
    pub patch: bool,
    /// The rules beyond types, as data: each list in order.
    pub checks: &'static [&'static [Check]],
    /// A closed input, whose API refuses any member it does not list (Stitch's source and
    /// destination bodies): the client refuses such a member first, by name, and words one of
    /// the resource a read answers (this shape, e.g. `StitchSource`) as read-only, so a read
    /// spread into an input (`{ ...source, display_name }`) is not sent to be refused whole.
    /// `None`: members not listed pass through.
    pub closed: Option<&'static Shape<'static>>,
}

impl PartialEq for JsonInput {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for JsonInput {}

impl JsonInput {
    /// Checks `input` and returns the body: its own text.
    pub fn body(&self, input: &RawObject, call: &Call) -> Result<String, ClientError> {
        let text = input.as_str();
        let fields: Vec<Field<'_>> = self
            .shape
            .fields
            .iter()
            .map(|field| Field {
                required: field.required && !self.patch,
                ..*field
            })
            .collect();
        let shape = Shape {
            name: self.shape.name,
            fields: &fields,
        };
        if let Some(read) = self.closed {
            refuse_unlisted(text, self.shape, read)?;
        }
        scan::check_value_object(text.as_bytes(), &shape).map_err(refused)?;
        if self.patch && input.is_empty() {
            return Err(ClientError::invalid_input(
                "input",
                "nothing to update: give at least one member",
            ));
        }
        for checks in self.checks {
            run_checks(Json(text), checks, call)?;
        }
        Ok(text.to_owned())
    }
}

/// The first member of `text` that `shape` does not list, refused by name: as read-only when
/// the resource's `read` shape lists it. Text that is not an object is left to the shape check.
fn refuse_unlisted(text: &str, shape: &Shape<'_>, read: &Shape<'_>) -> Result<(), ClientError> {
    let listed = |shape: &Shape<'_>, name: &str| shape.fields.iter().any(|f| f.name == name);
    let members = scan::object_members(text.as_bytes()).unwrap_or_default();
    let Some((name, _)) = members.iter().find(|(name, _)| !listed(shape, name)) else {
        return Ok(());
    };
    let allowed: Vec<&str> = shape.fields.iter().map(|field| field.name).collect();
    let allowed = scan::join(&allowed, ", ");
    let problem = if listed(read, name) {
        format!(
            "read-only: {} answers it and takes no {name} in its input; pass only the members \
             to set ({allowed}), not an object a read returned",
            read.name
        )
    } else {
        format!("unknown field; expected one of {allowed}")
    };
    Err(ClientError::invalid_input(name, problem))
}

/// A shape's refusal as the input error naming the member's path.
fn refused(err: ScanError) -> ClientError {
    let field = if err.path.is_empty() {
        "input"
    } else {
        &err.path
    };
    if err.reason == "required field is missing" {
        ClientError::invalid_input(field, "required")
    } else if err.reason.starts_with("expected an object, got \"") {
        // A string where an object belongs (Stitch's `properties`) may hold a secret: not shown.
        ClientError::invalid_input(field, "expected an object, got a string")
    } else {
        ClientError::invalid_input(field, err.reason)
    }
}

/// One checked JSON value, as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Json<'a>(pub &'a str);

impl<'a> Json<'a> {
    /// The member `name` of an object, null included; `None` when absent or not an object.
    pub fn member(self, name: &str) -> Option<Json<'a>> {
        let fields = [Field {
            name,
            kind: Kind::Ignored,
            required: false,
            nullable: true,
        }];
        let shape = Shape {
            name: "input",
            fields: &fields,
        };
        let info = scan::check_value_object(self.0.as_bytes(), &shape).ok()?;
        let (start, end) = info.get(0)?;
        self.0.get(start..end).map(Json)
    }

    /// The member `name`, unless absent or null.
    pub fn get(self, name: &str) -> Option<Json<'a>> {
        self.member(name).filter(|value| value.0 != "null")
    }

    /// The items of an array (none when it is not one).
    pub fn items(self) -> Vec<Json<'a>> {
        scan::array_items(self.0.as_bytes())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(start, end)| self.0.get(start..end).map(Json))
            .collect()
    }

    /// The value of a string.
    pub fn text(self) -> Option<String> {
        self.0
            .starts_with('"')
            .then(|| scan::string_value(self.0.as_bytes()))
            .flatten()
    }

    /// The value of a non-negative integer literal.
    pub fn integer(self) -> Option<u64> {
        self.0.parse().ok()
    }

    pub fn is_true(self) -> bool {
        self.0 == "true"
    }

    pub fn is_object(self) -> bool {
        self.0.starts_with('{')
    }
}

/// A rule for the value at a path of an input.
#[derive(Debug, Clone, Copy)]
pub enum Test {
    /// When given, one of these strings.
    OneOf(&'static [&'static str]),
    /// When given, a positive integer (an id).
    Id,
    /// When given, a string that is not blank.
    Text,
    /// When given, an integer within these bounds.
    Within(u32, u32),
    /// Given and not null.
    Required,
    /// When given, a list with at least one item.
    NotEmpty,
    /// The test, when the sibling member (of the same object) is the string given, or with ""
    /// when it is given at all.
    When(&'static str, &'static str, &'static Test),
    /// The test, when the sibling member is absent or null.
    Unless(&'static str, &'static Test),
    /// Not given at all (`null` neither): a member a read answers and Census sets
    /// ([`READ_ONLY_CHECKS`]). The TypeScript of an input with such a check refuses it too.
    ReadOnly,
    /// A rule of its own, given the path, the parent object, the value and the call (for its
    /// flags).
    Custom(fn(&str, Json<'_>, Option<Json<'_>>, &Call) -> Result<(), ClientError>),
}

/// A test of the value at `path`: members joined by `.`, `[]` after a list's name for each of
/// its items (`mappings[].to`). Nothing is tested where the path's parent is absent.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    pub path: &'static str,
    pub test: Test,
}

/// A check of the value at `path`.
pub const fn check(path: &'static str, test: Test) -> Check {
    Check { path, test }
}

/// Runs `checks` on `input`; the first failure is the error, naming the member's path.
pub fn run_checks(input: Json<'_>, checks: &[Check], call: &Call) -> Result<(), ClientError> {
    for check in checks {
        let mut found = Vec::new();
        resolve(input, check.path, String::new(), &mut found);
        for (path, parent, value) in found {
            test(&check.test, &path, parent, value, call)?;
        }
    }
    Ok(())
}

/// Every value `path` names under `at`, with its full path and parent object.
fn resolve<'a>(
    at: Json<'a>,
    path: &str,
    shown: String,
    out: &mut Vec<(String, Json<'a>, Option<Json<'a>>)>,
) {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let (name, each) = match head.strip_suffix("[]") {
        Some(name) => (name, true),
        None => (head, false),
    };
    let full = if shown.is_empty() {
        name.to_owned()
    } else {
        format!("{shown}.{name}")
    };
    let value = at.get(name);
    if rest.is_empty() && !each {
        out.push((full, at, value));
        return;
    }
    let Some(value) = value else { return };
    if each {
        for (index, item) in value.items().into_iter().enumerate() {
            let item_path = format!("{full}[{index}]");
            if rest.is_empty() {
                out.push((item_path, value, Some(item)));
            } else {
                resolve(item, rest, item_path, out);
            }
        }
    } else {
        resolve(value, rest, full, out);
    }
}

/// Runs one test on the value at `path` (absent: `None`), whose parent object is `parent`.
pub fn test(
    test_: &Test,
    path: &str,
    parent: Json<'_>,
    value: Option<Json<'_>>,
    call: &Call,
) -> Result<(), ClientError> {
    let refuse = |problem: String| Err(ClientError::invalid_input(path, problem));
    let got = || value.map_or("", |value| value.0);
    match *test_ {
        Test::When(sibling, wanted, then) => {
            let other = parent.get(sibling);
            let applies = match other {
                Some(other) => wanted.is_empty() || other.text().as_deref() == Some(wanted),
                None => false,
            };
            if applies {
                return test(then, path, parent, value, call).map_err(|err| {
                    let condition = if wanted.is_empty() {
                        format!(" when {sibling} is given")
                    } else {
                        format!(" when {sibling} is {}", quoted(wanted))
                    };
                    ClientError::invalid_input(path, format!("{}{condition}", problem_of(&err)))
                });
            }
            Ok(())
        }
        Test::Unless(sibling, then) if parent.get(sibling).is_none() => {
            test(then, path, parent, value, call).map_err(|err| {
                ClientError::invalid_input(
                    path,
                    format!("{} (no {sibling} given)", problem_of(&err)),
                )
            })
        }
        Test::Unless(..) => Ok(()),
        Test::ReadOnly if value.is_some() => refuse(
            "read-only: Census sets it, and no create or update takes it; leave it out (an \
             object a read returned carries it: pass only the members to set)"
                .to_owned(),
        ),
        Test::ReadOnly => Ok(()),
        Test::Custom(rule) => rule(path, parent, value, call),
        Test::Required if value.is_none() => refuse("required".into()),
        _ if value.is_none() => Ok(()),
        Test::OneOf(allowed) => match value.and_then(Json::text) {
            Some(text) if allowed.contains(&text.as_str()) => Ok(()),
            text => {
                let got = text.map_or_else(|| got().to_owned(), |text| quoted(&text));
                refuse(expected_one_of(allowed, &got))
            }
        },
        Test::Id => match value.and_then(Json::integer) {
            Some(1..) => Ok(()),
            _ => {
                let mut problem = format!("expected a positive integer id, got {}", got());
                let name = path.as_bytes().iter().rposition(|b| *b == b'.');
                let name = name.and_then(|dot| path.get(dot + 1..)).unwrap_or(path);
                hint_number(&mut problem, name, value.and_then(Json::text).as_deref());
                refuse(problem)
            }
        },
        Test::Text => match value.and_then(Json::text) {
            Some(text) if !text.trim().is_empty() => Ok(()),
            Some(_) => refuse("must not be empty".into()),
            None => refuse(format!("expected a string, got {}", got())),
        },
        Test::Within(low, high) => match value.and_then(Json::integer) {
            Some(number) if (u64::from(low)..=u64::from(high)).contains(&number) => Ok(()),
            _ => refuse(format!(
                "expected an integer from {low} to {high}, got {}",
                got()
            )),
        },
        Test::NotEmpty => match value.map(Json::items) {
            Some(items) if items.is_empty() => refuse("must not be empty".into()),
            _ => Ok(()),
        },
        Test::Required => Ok(()),
    }
}

/// Ends a refusal of an id given as `text` with how to make one of it (`; pass a number, e.g.
/// Number(name)`), when its digits are one: an id from a URL or a form is text, which the API
/// does not take. Shared by id arguments (`arguments`) and id members of inputs.
pub fn hint_number(problem: &mut String, name: &str, text: Option<&str>) {
    if text.is_some_and(|text| crate::stitch::key_of_text(name, text).is_ok()) {
        problem.push_str("; pass a number, e.g. Number(");
        problem.push_str(name);
        problem.push(')');
    }
}

/// `expected "a", "b" or "c", got <got>`: the refusal of a value (`got`, as it should be
/// shown) that is not one of `allowed`.
pub fn expected_one_of(allowed: &[&str], got: &str) -> String {
    let mut out = "expected ".to_owned();
    for (index, value) in allowed.iter().enumerate() {
        if index > 0 {
            out.push_str(if index + 1 == allowed.len() {
                " or "
            } else {
                ", "
            });
        }
        out.push_str(&quoted(value));
    }
    out + ", got " + got
}

/// An input error's problem, without the `field: ` its message starts with.
fn problem_of(err: &ClientError) -> &str {
    let field = err.field.as_deref().unwrap_or_default();
    err.message
        .strip_prefix(field)
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(&err.message)
}

/// Members a read answers and no create or update of a resource takes: Census sets them. An
/// input that is otherwise sent as given (members not listed included) refuses them by name,
/// as the closed inputs of sources and destinations do, so an object a read returned, spread
/// into an input (`{ ...sync, paused: true }`), is not sent with its `id` and timestamps.
pub static READ_ONLY_CHECKS: &[Check] = &[
    check("id", Test::ReadOnly),
    check("created_at", Test::ReadOnly),
    check("updated_at", Test::ReadOnly),
];

/// What `input`'s TypeScript refuses besides its own members, as `?: never` members: a closed
/// input, the members of the read it belongs to that it does not list; otherwise the members
/// its checks refuse as read-only ([`Test::ReadOnly`]). Empty for other inputs.
pub fn refused_typescript(input: &JsonInput) -> String {
    if let Some(read) = input.closed {
        let answers = format!("{} answers it", read.name);
        let unlisted = read
            .fields
            .iter()
            .filter(|field| !input.shape.fields.iter().any(|f| f.name == field.name))
            .map(|field| field.name);
        return never_members(unlisted, &answers);
    }
    let read_only = input
        .checks
        .iter()
        .flat_map(|checks| checks.iter())
        .filter(|check| matches!(check.test, Test::ReadOnly))
        .map(|check| check.path);
    never_members(read_only, "Census sets it")
}

/// `?: never` members, each documented as read-only because `why`.
fn never_members<'a>(names: impl Iterator<Item = &'a str>, why: &str) -> String {
    names
        .map(|name| {
            // A wire name that is not an identifier (the API's own `dataset_id=`) is quoted.
            let name = if name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                name.to_owned()
            } else {
                format!("\"{name}\"")
            };
            format!(
                "  /** Read-only: {why}, and the client refuses it. */\n  {name}?: never | undefined;\n"
            )
        })
        .collect()
}

/// `interface` (an input's TypeScript, ending `}\n`) with `members` added at its end.
pub fn with_members(interface: String, members: &str) -> String {
    if members.is_empty() {
        return interface;
    }
    match interface.strip_suffix("}\n") {
        Some(body) => format!("{body}{members}}}\n"),
        None => interface,
    }
}

/// The TypeScript union of `values`.
pub fn ts_union(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| format!("'{value}'")).collect();
    crate::scan::join(&quoted, " | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_items_and_values() {
        let input = Json(r#"{"a": {"b": [1, "x", null]}, "n": null, "s": "h\u00e9", "a": 5}"#);
        assert_eq!(
            input.get("a"),
            Some(Json("5")),
            "the last of a repeated key"
        );
        assert_eq!(input.member("n"), Some(Json("null")));
        assert_eq!(input.get("n"), None);
        assert_eq!(input.get("missing"), None);
        assert_eq!(input.get("s").and_then(Json::text).as_deref(), Some("hé"));
        let list = Json(r#"[1, "x", null]"#).items();
        assert_eq!(list, [Json("1"), Json("\"x\""), Json("null")]);
        assert_eq!(Json("7").integer(), Some(7));
        assert_eq!(Json("-7").integer(), None);
        assert!(Json("{}").is_object() && !Json("[]").is_object());
    }

    #[test]
    fn checks_resolve_paths_through_lists_and_name_the_member() {
        static ONE: Test = Test::Required;
        let checks = [
            Check {
                path: "operation",
                test: Test::OneOf(&["append", "upsert"]),
            },
            Check {
                path: "a.id",
                test: Test::Id,
            },
            Check {
                path: "items[].to",
                test: Test::Text,
            },
            Check {
                path: "items[].n",
                test: Test::Within(0, 24),
            },
            Check {
                path: "items",
                test: Test::NotEmpty,
            },
            Check {
                path: "a.name",
                test: Test::When("type", "model", &ONE),
            },
            Check {
                path: "a.type",
                test: Test::Unless("id", &ONE),
            },
        ];
        let call = Call::new(&crate::api::GET_WORKSPACE, &[], Vec::new());
        let check = |text: &str| run_checks(Json(text), &checks, &call);
        check(r#"{"operation": "upsert", "a": {"id": 3}, "items": [{"to": "x", "n": 24}]}"#)
            .expect("valid");
        check(r#"{"a": {"type": "table"}}"#).expect("absent members are not tested");
        for (text, field, message) in [
            (
                r#"{"operation": "merge"}"#,
                "operation",
                "expected \"append\" or \"upsert\", got \"merge\"",
            ),
            (
                r#"{"a": {"id": 0}}"#,
                "a.id",
                "expected a positive integer id, got 0",
            ),
            // Digits, as a URL or a form gives them: refused, with the fix.
            (
                r#"{"a": {"id": "3"}}"#,
                "a.id",
                "expected a positive integer id, got \"3\"; pass a number, e.g. Number(id)",
            ),
            (
                r#"{"a": {"id": "3x"}}"#,
                "a.id",
                "expected a positive integer id, got \"3x\"",
            ),
            (
                r#"{"items": [{"to": "x"}, {"to": " "}]}"#,
                "items[1].to",
                "must not be empty",
            ),
            (
                r#"{"items": [{"to": 5}]}"#,
                "items[0].to",
                "expected a string, got 5",
            ),
            (
                r#"{"items": [{"n": 25}]}"#,
                "items[0].n",
                "expected an integer from 0 to 24, got 25",
            ),
            (r#"{"items": []}"#, "items", "must not be empty"),
            (
                r#"{"a": {"type": "model"}}"#,
                "a.name",
                "required when type is \"model\"",
            ),
            (
                r#"{"a": {"name": "m"}}"#,
                "a.type",
                "required (no id given)",
            ),
        ] {
            let err = check(text).expect_err(text);
            assert_eq!(err.field.as_deref(), Some(field), "{text}");
            assert_eq!(err.message, format!("{field}: {message}"), "{text}");
        }
        assert_eq!(ts_union(&["a", "b"]), "'a' | 'b'");
    }
}
