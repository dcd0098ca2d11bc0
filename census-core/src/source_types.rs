//! Source types (`/source_types`): what kinds of source exist, and whether a create input fits one.

use crate::api::ArgValue;
use crate::error::ClientError;
use crate::json_input::Json;
#[cfg(feature = "readers")]
use crate::models::{Page, SourceType};
use crate::raw_object::RawObject;
use crate::request::HttpRequest;
#[cfg(feature = "readers")]
use crate::response::{self, RawResponse};
use crate::scan::{self, quoted};
use crate::sources::{CreateSourceInput, ListOptions, call, paged_call};

/// `GET /source_types`: one page of the catalogue.
pub fn list_source_types(options: &ListOptions) -> Result<HttpRequest, ClientError> {
    paged_call("listSourceTypes", Vec::new(), options.clone(), Vec::new())
}

/// Checks a service name given by a caller: a non-empty string without surrounding spaces;
/// `hint` shows one (`e.g. "snowflake"`).
pub fn check_service_name(field: &str, value: &str, hint: &str) -> Result<(), ClientError> {
    if value.trim().is_empty() {
        return Err(ClientError::invalid_input(
            field,
            format!("must not be empty: give a service_name, {hint}"),
        ));
    }
    if value.trim() != value {
        return Err(ClientError::invalid_input(
            field,
            format!("must not start or end with spaces, got {}", quoted(value)),
        ));
    }
    Ok(())
}

/// `GET /source_types/{service_name}`.
pub fn get_source_type(service_name: &str) -> Result<HttpRequest, ClientError> {
    call(
        "getSourceType",
        vec![ArgValue::Name(service_name.to_owned())],
    )
}

#[cfg(feature = "readers")]
/// Reads a page of `GET /source_types`. An older, unpaginated answer reads as a single page.
pub fn read_source_type_page(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<Page<SourceType>, ClientError> {
    response::read_page(request, response)
}

#[cfg(feature = "readers")]
/// Reads `GET /source_types/{service_name}`.
pub fn read_source_type(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<SourceType, ClientError> {
    response::read_data(request, response)
}

/// A stable numeric key for a source type in a listing (they have no id): FNV-1a of the name.
pub fn key_of(service_name: &str) -> u64 {
    fnv1a(service_name.as_bytes())
}

/// FNV-1a of `bytes`: the key of listed items that have no id.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What creating a source reads of its source type (`checkType`): whether the API can create
/// it, and which credentials it needs. Made from a checked SourceType by [`creatable_of`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatableType {
    pub service_name: String,
    pub label: String,
    pub creatable_via_api: bool,
    /// Its configuration fields; `None` when the type does not list them (then any
    /// credentials are sent as given).
    pub fields: Option<Vec<Credential>>,
}

/// One configuration field as creating reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The key under `credentials`.
    pub id: String,
    /// Its `rules` say `required` (or `required:…`).
    pub required: bool,
    /// Its `show`, as JSON text: the condition under which it applies.
    pub show: Option<String>,
}

impl Credential {
    /// Whether `credentials` must give it: a required field, unconditionally or because its
    /// `show` condition holds. A condition it cannot read, or one on a credential not given,
    /// does not hold: the API is left to judge what the client cannot (lenient, never stricter).
    fn needed(&self, credentials: Option<&RawObject>) -> bool {
        let Some(show) = &self.show else {
            return self.required;
        };
        let Some(condition) = Json(show).get("if") else {
            return false;
        };
        let given = |name: &str| {
            credentials.and_then(|object| object.members(&[name]).into_iter().next().flatten())
        };
        self.required
            && match condition.text() {
                Some(flag) => given(&flag).is_some_and(is_on),
                None => {
                    condition.is_object() && {
                        let members =
                            scan::object_members(condition.0.as_bytes()).unwrap_or_default();
                        !members.is_empty()
                            && members.iter().all(|(name, (start, end))| {
                                let expected = condition.0.get(*start..*end).unwrap_or_default();
                                given(name).is_some_and(|value| same_value(value, expected))
                            })
                    }
                }
            }
    }
}

/// A credential's JSON that turns a flag on: `true`, or the text `"true"` or `"1"`.
fn is_on(value: &str) -> bool {
    matches!(value, "true" | "\"true\"" | "1" | "\"1\"")
}

/// Whether a given credential's JSON is the value a condition names; a boolean condition also
/// matches its text (`"true"`), as forms send flags.
fn same_value(given: &str, expected: &str) -> bool {
    given == expected
        || match expected {
            "true" => is_on(given),
            "false" => matches!(given, "\"false\"" | "0" | "\"0\""),
            _ => false,
        }
}

/// Whether a field's `rules` (one rule, `a|b` rules, or a list of them) include `required`.
fn is_required(rules: Json<'_>) -> bool {
    let required = |rule: &str| rule == "required" || rule.starts_with("required:");
    match rules.text() {
        Some(text) => text.split('|').any(|rule| required(rule.trim())),
        None => rules
            .items()
            .into_iter()
            .any(|rule| rule.text().is_some_and(|rule| required(&rule))),
    }
}

/// What creating reads of one SourceType object, whose JSON text a scan has checked against
/// `schema::SOURCE_TYPE` (so every member read here has the documented kind).
pub fn creatable_of(source_type: Json<'_>) -> CreatableType {
    let text = |name: &str| {
        source_type
            .get(name)
            .and_then(Json::text)
            .unwrap_or_default()
    };
    let fields = source_type.get("configuration_fields").map(|fields| {
        fields
            .get("fields")
            .map(Json::items)
            .unwrap_or_default()
            .into_iter()
            .map(|field| Credential {
                id: field.get("id").and_then(Json::text).unwrap_or_default(),
                required: field.get("rules").is_some_and(is_required),
                show: field.get("show").map(|show| show.0.to_owned()),
            })
            .collect()
    });
    CreatableType {
        service_name: text("service_name"),
        label: text("label"),
        creatable_via_api: source_type
            .get("creatable_via_api")
            .is_some_and(Json::is_true),
        fields,
    }
}

/// Checks a create input against its source type before anything is sent: the type must be
/// creatable through the API, and every credential its fields require must be given (not null,
/// not ""). Errors name the field at fault: `type`, or `credentials.<id>` for the first missing
/// one, with every missing id in the message.
pub fn check_create_input(
    input: &CreateSourceInput,
    kind: &CreatableType,
) -> Result<(), ClientError> {
    check_create(input.credentials.as_ref(), kind)
}

/// [`check_create_input`] of the one member it reads: the input's credentials.
pub fn check_create(
    credentials: Option<&RawObject>,
    kind: &CreatableType,
) -> Result<(), ClientError> {
    if !kind.creatable_via_api {
        return Err(ClientError::invalid_input(
            "type",
            format!(
                "source type {} ({}) cannot be created through the API; create it in the \
                 Census app or with a Connect Link",
                quoted(&kind.service_name),
                kind.label
            ),
        ));
    }
    let Some(fields) = &kind.fields else {
        return Ok(());
    };
    let required: Vec<&str> = fields
        .iter()
        .filter(|field| field.needed(credentials))
        .map(|field| field.id.as_str())
        .collect();
    let given = match credentials {
        Some(credentials) => credentials.members(&required),
        None => vec![None; required.len()],
    };
    let missing: Vec<&str> = required
        .iter()
        .zip(given)
        .filter(|(_, value)| value.is_none_or(|value| value == "null" || value == "\"\""))
        .map(|(name, _)| *name)
        .collect();
    match missing.as_slice() {
        [] => Ok(()),
        [first, ..] => {
            let mut err = ClientError::invalid_input(
                &format!("credentials.{first}"),
                format!(
                    "required by source type {}: {} missing",
                    quoted(&kind.service_name),
                    quoted_list(&missing)
                ),
            );
            let paths: Vec<String> = missing
                .iter()
                .map(|name| format!("credentials.{name}"))
                .collect();
            err.missing = Some(crate::scan::join(&paths, "\0").into());
            Err(err)
        }
    }
}

/// [`check_create_input`] with a source type the caller holds, which must be the input's type.
pub fn check_held_type(input: &CreateSourceInput, kind: &CreatableType) -> Result<(), ClientError> {
    check_held(
        input.source_type.as_deref().unwrap_or_default(),
        input.credentials.as_ref(),
        kind,
    )
}

/// [`check_held_type`] of the members it reads: the input's type and credentials.
pub fn check_held(
    wanted: &str,
    credentials: Option<&RawObject>,
    kind: &CreatableType,
) -> Result<(), ClientError> {
    if kind.service_name != wanted {
        return Err(ClientError::invalid_input(
            "checkType",
            format!(
                "is the source type {}, but the input's type is {}",
                quoted(&kind.service_name),
                quoted(wanted)
            ),
        ));
    }
    check_create(credentials, kind)
}

/// `"a"`, `"a" and "b"`, `"a", "b" and "c"`.
fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| quoted(name)).collect();
    match quoted.split_last() {
        Some((last, [])) => format!("{last} is"),
        Some((last, rest)) => format!("{} and {last} are", crate::scan::join(rest, ", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw_object::RawObject;
    use crate::request::Method;

    fn field(id: &str, required: Option<bool>) -> Credential {
        Credential {
            id: id.into(),
            required: required == Some(true),
            show: None,
        }
    }

    fn kind(creatable: bool, fields: Option<Vec<Credential>>) -> CreatableType {
        CreatableType {
            service_name: "postgres".into(),
            label: "Postgres".into(),
            creatable_via_api: creatable,
            fields,
        }
    }

    fn input(credentials: serde_json::Value) -> CreateSourceInput {
        CreateSourceInput {
            source_type: Some("postgres".into()),
            credentials: Some(
                RawObject::parse("credentials", &credentials.to_string()).expect("object"),
            ),
            ..CreateSourceInput::default()
        }
    }

    #[test]
    fn builds_the_catalogue_requests() {
        let list = list_source_types(&ListOptions {
            page: Some(2),
            per_page: Some(50),
            order: Some("asc".into()),
        })
        .expect("list");
        assert_eq!(
            list.path_and_query(),
            "/source_types?page=2&per_page=50&order=asc"
        );
        let one = get_source_type("big_query").expect("get");
        assert_eq!(one.path_and_query(), "/source_types/big_query");
        assert_eq!(one.method, Method::Get);
        assert_eq!(
            get_source_type("a b/c").expect("encoded").path,
            "/source_types/a%20b%2Fc"
        );
    }

    #[test]
    fn refuses_empty_or_padded_service_names() {
        for bad in ["", "  ", " snowflake"] {
            let err = get_source_type(bad).expect_err(bad);
            assert_eq!(err.field.as_deref(), Some("serviceName"), "{bad:?}");
        }
    }

    #[test]
    fn reads_a_source_type_with_every_documented_field() {
        let body = r#"{"status":"success","data":{"service_name":"snowflake","label":"Snowflake",
            "documentation_slug":"snowflake","creatable_via_api":true,
            "creatable_via_connect_link":false,"supported_sync_engines":["basic","advanced","turbo"],
            "supports_warehouse_writeback":true,"new_field":1,
            "configuration_fields":{"fields":[{"id":"account","label":"Account","type":"string",
              "rules":["required"],"is_password_type_field":false,"placeholder":"xy12345",
              "input_type":{"type":"textbox"},"read_more":null,"future":1},
              {"id":"password","type":"string","rules":"required","is_password_type_field":true,
               "show":{"if":{"use_keypair":false}}},
              {"id":"key","type":"certificate","possible_values":["a","b"],"placeholder":5}]}}}"#;
        let request = get_source_type("snowflake").expect("request");
        let kind = read_source_type(&request, &RawResponse::json(200, body)).expect("read");
        assert_eq!(kind.service_name, "snowflake");
        assert!(kind.creatable_via_api);
        let engines = kind.supported_sync_engines.expect("engines");
        assert_eq!(engines[2].as_str(), "turbo");
        let fields = kind.configuration_fields.expect("fields").fields;
        assert_eq!(fields.len(), 3);
        assert_eq!(fields[1].is_password_type_field, Some(true));
        assert_eq!(fields[1].rules, Some(serde_json::json!("required")));
        assert_eq!(
            fields[2].field_type.as_ref().map(|t| t.as_str()),
            Some("certificate")
        );
    }

    #[test]
    fn a_source_type_without_its_required_members_is_refused_with_a_path() {
        let request = get_source_type("x").expect("request");
        let body = r#"{"status":"success","data":{"service_name":"x","label":"X"}}"#;
        let err = read_source_type(&request, &RawResponse::json(200, body)).expect_err("missing");
        assert!(err.message.contains("creatable_via_api"), "{}", err.message);
        let body = r#"{"status":"success","data":{"service_name":"x","label":"X","creatable_via_api":true,
            "configuration_fields":{"fields":[{"label":"no id"}]}}}"#;
        let err = read_source_type(&request, &RawResponse::json(200, body)).expect_err("field");
        assert!(
            err.message.contains("configuration_fields.fields[0]"),
            "{}",
            err.message
        );
    }

    #[test]
    fn an_unknown_type_is_not_found() {
        let request = get_source_type("nope").expect("request");
        for body in [
            r#"{"status":404,"message":"Source type not found"}"#,
            r#"{"status":"not_found","message":"Source type not found"}"#,
        ] {
            let err = read_source_type(&request, &RawResponse::json(404, body)).expect_err(body);
            assert_eq!(err.kind, crate::error::ErrorKind::NotFound);
        }
    }

    #[test]
    fn reads_paginated_and_unpaginated_catalogues() {
        let request = list_source_types(&ListOptions::default()).expect("request");
        let entry = r#"{"service_name":"mysql","label":"MySQL","creatable_via_api":true}"#;
        let paged = format!(
            r#"{{"status":"success","data":[{entry}],"pagination":{{"total_records":1,"per_page":25,
            "prev_page":null,"page":1,"next_page":null,"last_page":1}}}}"#
        );
        let page = read_source_type_page(&request, &RawResponse::json(200, &paged)).expect("paged");
        assert_eq!(page.data[0].service_name, "mysql");
        assert!(page.pagination.is_some());
        let bare = format!(r#"{{"status":"success","data":[{entry}]}}"#);
        let page = read_source_type_page(&request, &RawResponse::json(200, &bare)).expect("bare");
        assert_eq!(page.pagination, None);
    }

    #[test]
    fn keys_are_stable_and_distinct() {
        assert_eq!(key_of("snowflake"), key_of("snowflake"));
        assert_ne!(key_of("snowflake"), key_of("redshift"));
        assert_ne!(key_of("ab"), key_of("ba"));
    }

    #[test]
    fn a_type_not_creatable_via_the_api_is_refused() {
        let err = check_create_input(&input(serde_json::json!({})), &kind(false, None))
            .expect_err("not creatable");
        assert_eq!(err.field.as_deref(), Some("type"));
        assert!(err.message.contains("cannot be created through the API"));
    }

    #[test]
    fn a_held_type_must_be_the_inputs_type() {
        let kind = kind(true, Some(vec![field("hostname", Some(true))]));
        let mut other = input(serde_json::json!({"hostname": "db"}));
        other.source_type = Some("mysql".into());
        let err = check_held_type(&other, &kind).expect_err("another type");
        assert_eq!(err.field.as_deref(), Some("checkType"));
        assert!(
            err.message
                .contains(r#"is the source type "postgres", but the input's type is "mysql""#),
            "{}",
            err.message
        );
        check_held_type(&input(serde_json::json!({"hostname": "db"})), &kind).expect("same type");
        let err = check_held_type(&input(serde_json::json!({})), &kind).expect_err("missing");
        assert_eq!(err.field.as_deref(), Some("credentials.hostname"));
    }

    #[test]
    fn missing_required_credentials_are_named() {
        let fields = vec![
            field("hostname", Some(true)),
            field("port", Some(false)),
            field("user", Some(true)),
            field("password", Some(true)),
            field("sslmode", None),
        ];
        let kind = kind(true, Some(fields));
        let err = check_create_input(
            &input(serde_json::json!({"hostname": "db", "user": "", "password": null})),
            &kind,
        )
        .expect_err("missing");
        assert_eq!(err.field.as_deref(), Some("credentials.user"));
        assert!(
            err.message.contains(r#""user" and "password" are missing"#),
            "{}",
            err.message
        );
        assert_eq!(
            err.missing.as_deref(),
            Some("credentials.user\0credentials.password")
        );
        let err = check_create_input(
            &input(serde_json::json!({"user": "u", "password": "p"})),
            &kind,
        )
        .expect_err("one missing");
        assert!(
            err.message.contains(r#""hostname" is missing"#),
            "{}",
            err.message
        );
        assert_eq!(err.missing.as_deref(), Some("credentials.hostname"));
        check_create_input(
            &input(
                serde_json::json!({"hostname": "db", "user": "u", "password": "p", "port": 5432}),
            ),
            &kind,
        )
        .expect("complete");
    }

    #[test]
    fn a_type_without_field_descriptions_accepts_any_credentials() {
        check_create_input(&input(serde_json::json!({})), &kind(true, None)).expect("no fields");
    }

    fn creatable(json: &str) -> CreatableType {
        creatable_of(Json(json))
    }

    #[test]
    fn rules_and_show_decide_what_creating_needs() {
        let kind = creatable(
            r#"{"service_name":"snowflake","label":"Snowflake","creatable_via_api":true,
            "configuration_fields":{"fields":[
              {"id":"account","rules":["required"]},
              {"id":"warehouse","rules":"required|string"},
              {"id":"role","rules":[]},
              {"id":"password","rules":["required"],"show":{"if":{"use_keypair":false}}},
              {"id":"private_key","rules":["required:notForEditing"],"show":{"if":"use_keypair"}},
              {"id":"odd","rules":["required"],"show":{"unless":"x"}}]}}"#,
        );
        assert_eq!(kind.service_name, "snowflake");
        let ids: Vec<(&str, bool)> = kind
            .fields
            .as_ref()
            .expect("fields")
            .iter()
            .map(|field| (field.id.as_str(), field.required))
            .collect();
        assert_eq!(
            ids,
            [
                ("account", true),
                ("warehouse", true),
                ("role", false),
                ("password", true),
                ("private_key", true),
                ("odd", true)
            ]
        );
        let missing = |credentials: serde_json::Value| {
            check_create_input(&input(credentials), &kind)
                .err()
                .and_then(|err| err.missing.as_deref().map(|m| m.replace('\0', " ")))
        };
        // The password applies when use_keypair is given as false; a show condition the client
        // cannot read (`unless`) or whose credential is absent is left to the API.
        assert_eq!(
            missing(serde_json::json!({"use_keypair": false})).as_deref(),
            Some("credentials.account credentials.warehouse credentials.password")
        );
        assert_eq!(
            missing(serde_json::json!({"account": "a", "warehouse": "w"})),
            None
        );
        assert_eq!(
            missing(serde_json::json!({"account": "a", "warehouse": "w", "use_keypair": true}))
                .as_deref(),
            Some("credentials.private_key")
        );
        // Forms send flags as text too.
        assert_eq!(
            missing(serde_json::json!({"account": "a", "warehouse": "w", "use_keypair": "true"}))
                .as_deref(),
            Some("credentials.private_key")
        );
        assert_eq!(
            missing(
                serde_json::json!({"account": "a", "warehouse": "w", "use_keypair": "false", "password": ""})
            )
            .as_deref(),
            Some("credentials.password")
        );
    }

    #[test]
    fn a_type_without_its_fields_object_or_list_checks_no_credentials() {
        let kind = creatable(r#"{"service_name":"x","label":"X","creatable_via_api":true}"#);
        assert_eq!(kind.fields, None);
        check_create_input(&input(serde_json::json!({})), &kind).expect("no fields");
        let kind = creatable(
            r#"{"service_name":"x","label":"X","creatable_via_api":true,"configuration_fields":{}}"#,
        );
        assert_eq!(kind.fields, Some(Vec::new()));
        let kind = creatable(
            r#"{"service_name":"x","label":"X","creatable_via_api":false,"configuration_fields":null}"#,
        );
        assert!(!kind.creatable_via_api);
        assert_eq!(kind.fields, None);
    }
}
