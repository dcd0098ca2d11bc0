//! Browser tests of the rest of the Census API against a running local Census, in headless
//! Chromium and Firefox: source objects, columns, models, datasets, segments, topics, projects,
//! destination object creation, links, webhooks (with a signed delivery checked by
//! `verifyWebhookSignature`), run records and cancel, and the organisation's endpoints behind the
//! personal access token. `scripts/test.sh` starts the server and sets the tokens.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

mod common;

use common::*;
use js_sys::{Array, Function, Promise};
use serde_json::{Value, json};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/src/js/census.js")]
extern "C" {
    #[wasm_bindgen(js_name = verifyWebhookSignature)]
    fn verify_webhook_signature(body: &str, signature: &str, secret: &str) -> Promise;
}

async fn call(client: &CensusClient, name: &str, args: &[JsValue]) -> Value {
    let value = ok(client.promise(name, args)).await;
    if value.is_undefined() {
        return Value::Null;
    }
    model(&value)
}

async fn refused(client: &CensusClient, name: &str, args: &[JsValue]) -> JsValue {
    fails(client.promise(name, args)).await
}

fn js(v: Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).expect("JSON")
}

fn n(v: &Value) -> JsValue {
    JsValue::from_f64(v.as_f64().expect("a number"))
}

async fn drain(iterator: JsValue) -> Vec<Value> {
    let collect = Function::new_with_args(
        "it",
        "return (async () => { const out = []; for await (const x of it) out.push(x); return out; })();",
    );
    let all: Promise = collect
        .call1(&JsValue::NULL, &iterator)
        .unwrap()
        .unchecked_into();
    let items: Array = JsFuture::from(all).await.unwrap().unchecked_into();
    items.iter().map(|item| model(&item)).collect()
}

/// A client with the personal access token only, or with both tokens.
fn org_client(with_workspace_token: bool) -> CensusClient {
    let mut pairs = vec![
        ("baseUrl", JsValue::from_str(&api())),
        ("personalAccessToken", JsValue::from_str(PAT)),
    ];
    if with_workspace_token {
        pairs.push(("apiToken", JsValue::from_str(TOKEN)));
    }
    CensusClient::new(Some(obj(&pairs))).expect("client")
}

async fn first_source_with(client: &CensusClient, method: &str) -> (Value, Vec<Value>) {
    let sources = call(client, "listAllSources", &[]).await;
    for source in sources.as_array().unwrap() {
        let items = call(client, method, &[n(&source["id"])]).await;
        let items = items.as_array().cloned().unwrap_or_default();
        if !items.is_empty() {
            return (source.clone(), items);
        }
    }
    panic!("no source has {method}");
}

// ---- source objects, columns, models ------------------------------------------------------------

#[wasm_bindgen_test]
async fn source_objects_are_tables_models_and_segments_tagged_by_type() {
    let client = client();
    // Source 8 of the seed has tables, models and segments.
    let source = call(&client, "getSource", &[8.into()]).await;
    let objects = call(&client, "listAllSourceObjects", &[8.into()]).await;
    let objects = objects.as_array().unwrap().clone();
    let kinds: Vec<&str> = objects
        .iter()
        .map(|o| o["type"].as_str().unwrap())
        .collect();
    for kind in ["table", "model", "segment"] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }
    for object in &objects {
        match object["type"].as_str().unwrap() {
            "table" => assert!(object["table_name"].is_string()),
            "model" | "segment" => assert!(object["name"].is_string()),
            other => panic!("unexpected kind {other}"),
        }
    }
    let page = call(
        &client,
        "listSourceObjects",
        &[n(&source["id"]), js(json!({ "perPage": 2 }))],
    )
    .await;
    assert_eq!(
        page["pagination"]["total_records"].as_u64().unwrap() as usize,
        objects.len()
    );
    let iterated = drain(
        client
            .invoke(
                "iterateSourceObjects",
                &[n(&source["id"]), js(json!({ "perPage": 2 }))],
            )
            .unwrap(),
    )
    .await;
    assert_eq!(iterated.len(), objects.len());
}

#[wasm_bindgen_test]
async fn columns_are_read_by_locator_even_while_census_answers_not_ready() {
    let client = client();
    let (source, tables) = first_source_with(&client, "listAllTables").await;
    let table = &tables[0];
    let mut locator = json!({ "table_name": table["table_name"] });
    if let Some(schema) = table["table_schema"].as_str() {
        locator["table_schema"] = json!(schema);
    }
    if let Some(catalog) = table["table_catalog"].as_str() {
        locator["table_catalog"] = json!(catalog);
    }
    let before = attempts(&format!("GET /sources/{}/tables/columns", source["id"])).await;
    let columns = call(
        &client,
        "getTableColumns",
        &[n(&source["id"]), js(locator.clone())],
    )
    .await;
    let columns = columns.as_array().expect("the columns");
    assert!(
        !columns.is_empty()
            && columns
                .iter()
                .all(|c| c["name"].is_string() && c["type"].is_string())
    );
    let asked = attempts(&format!("GET /sources/{}/tables/columns", source["id"])).await - before;
    assert!(asked >= 2, "a first 202 was asked again ({asked} requests)");
    let err = refused(
        &client,
        "getTableColumns",
        &[n(&source["id"]), js(json!({ "table_schema": "x" }))],
    )
    .await;
    assert_eq!(text(&err, "field"), "table.table_name");
    let outcome = call(
        &client,
        "refreshTableColumnsAndWait",
        &[
            n(&source["id"]),
            n(&table["id"]),
            js(json!({ "intervalMs": 50 })),
        ],
    )
    .await;
    assert_eq!(outcome["status"], "completed");
}

#[wasm_bindgen_test]
async fn models_are_created_read_updated_refreshed_and_deleted() {
    let client = client();
    let (source, _) = first_source_with(&client, "listAllTables").await;
    let sid = n(&source["id"]);
    let created = call(
        &client,
        "createModel",
        &[
            sid.clone(),
            js(json!({ "name": "browser_model", "query": "select 1 as one" })),
        ],
    )
    .await;
    assert_eq!(created["name"], "browser_model");
    let mid = n(&created["id"]);
    let read = call(&client, "getSourceModel", &[sid.clone(), mid.clone()]).await;
    assert_eq!(read["query"], "select 1 as one");
    assert!(read.get("dataset_id=").is_some() || read.get("source_object_id").is_some());
    let updated = call(
        &client,
        "updateModel",
        &[sid.clone(), mid.clone(), js(json!({ "query": "select 2" }))],
    )
    .await;
    assert_eq!(updated["query"], "select 2");
    let listed = call(&client, "listModels", std::slice::from_ref(&sid)).await;
    assert!(
        listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == created["id"])
    );
    let outcome = call(
        &client,
        "refreshModelColumnsAndWait",
        &[sid.clone(), mid.clone(), js(json!({ "intervalMs": 50 }))],
    )
    .await;
    assert_eq!(outcome["status"], "completed");
    let err = refused(
        &client,
        "createModel",
        &[sid.clone(), js(json!({ "name": "x" }))],
    )
    .await;
    assert_eq!(text(&err, "field"), "query");
    assert_eq!(
        call(&client, "deleteModel", &[sid.clone(), mid.clone()]).await,
        Value::Null
    );
    let err = refused(&client, "getSourceModel", &[sid, mid]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
}

// ---- datasets, segments, topics, projects ------------------------------------------------------

#[wasm_bindgen_test]
async fn datasets_of_both_kinds_are_created_and_checked_before_sending() {
    let client = client();
    let listed = call(&client, "listDatasets", &[]).await;
    let kinds: Vec<&str> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["type"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"sql") && kinds.contains(&"entity_resolution"),
        "{kinds:?}"
    );
    let sql_source = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["type"] == "sql")
        .unwrap()["source_id"]
        .clone();
    let sql = call(
        &client,
        "createDataset",
        &[js(json!({ "name": "Browser SQL", "type": "sql", "source_id": sql_source, "query": "select 1" }))],
    )
    .await;
    assert_eq!(
        (sql["type"].as_str(), sql["name"].as_str()),
        (Some("sql"), Some("Browser SQL"))
    );
    let err = refused(
        &client,
        "createDataset",
        &[js(
            json!({ "name": "x", "type": "sql", "query": "select 1" }),
        )],
    )
    .await;
    assert_eq!(text(&err, "field"), "source_id");
    let updated = call(
        &client,
        "updateDataset",
        &[n(&sql["id"]), js(json!({ "description": "d" }))],
    )
    .await;
    assert_eq!(updated["description"], "d");
    assert_eq!(
        call(&client, "getDataset", &[n(&sql["id"])]).await["id"],
        sql["id"]
    );
    call(&client, "deleteDataset", &[n(&sql["id"])]).await;
    assert_eq!(
        text(
            &refused(&client, "getDataset", &[n(&sql["id"])]).await,
            "name"
        ),
        "CensusNotFoundError"
    );
}

#[wasm_bindgen_test]
async fn a_segment_is_created_then_followed_at_its_status_url_until_built() {
    let client = client();
    let sid: JsValue = 8.into();
    let started = call(
        &client,
        "createSegment",
        &[sid.clone(), js(json!({ "name": "Browser churn" }))],
    )
    .await;
    let url = started["filter_segment_source_url"]
        .as_str()
        .expect("the status URL")
        .to_owned();
    assert!(url.starts_with("http"), "an absolute URL: {url}");
    let outcome = call(
        &client,
        "waitForSegment",
        &[url.as_str().into(), js(json!({ "intervalMs": 50 }))],
    )
    .await;
    assert_eq!(outcome["status"], "completed");
    let segment = call(&client, "getSegment", &[sid.clone(), n(&started["id"])]).await;
    assert_eq!(segment["name"], "Browser churn");
    let searched = call(
        &client,
        "listSegments",
        &[sid.clone(), js(json!({ "name": "Browser churn" }))],
    )
    .await;
    assert!(
        searched["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == started["id"])
    );
    let reports = Array::new();
    let on_progress = Function::new_with_args("r", "this.push(r)").bind0(&reports);
    let options = js(json!({ "intervalMs": 50 }));
    js_sys::Reflect::set(&options, &"onProgress".into(), &on_progress).unwrap();
    let waited = call(
        &client,
        "createSegmentAndWait",
        &[
            sid.clone(),
            js(json!({ "name": "Browser waited" })),
            options,
        ],
    )
    .await;
    assert_eq!(waited["status"], "completed");
    let first: Value = model(&reports.get(0));
    assert!(
        first["url"].as_str().unwrap().ends_with("/source_status"),
        "{first}"
    );
    call(
        &client,
        "updateSegment",
        &[
            sid.clone(),
            n(&waited["id"]),
            js(json!({ "name": "Renamed" })),
        ],
    )
    .await;
    call(&client, "deleteSegment", &[sid.clone(), n(&waited["id"])]).await;
    call(&client, "deleteSegment", &[sid, n(&started["id"])]).await;
}

#[wasm_bindgen_test]
async fn a_looker_project_refresh_and_an_object_creation_are_waited_for() {
    let client = client();
    let outcome = call(
        &client,
        "refreshProjectAndWait",
        &[31.into(), js(json!({ "intervalMs": 50 }))],
    )
    .await;
    assert_eq!(outcome["status"], "completed");
    let key = call(&client, "refreshProject", &[31.into()]).await;
    let status = call(
        &client,
        "projectRefreshStatus",
        &[31.into(), n(&key["refresh_key"])],
    )
    .await;
    assert!(status["status"].is_string());

    let types = call(&client, "listDestinationObjectTypes", &[18.into()]).await;
    assert!(!types.as_array().unwrap().is_empty());
    let connector_types = call(&client, "listConnectorObjectTypes", &["s3".into()]).await;
    assert!(connector_types.is_array());
    let created = call(
        &client,
        "createDestinationObjectAndWait",
        &[18.into(), js(json!({ "object_type": types[0]["object_type"], "name": "exports/browser/run.csv" })), js(json!({ "intervalMs": 50 }))],
    )
    .await;
    assert_eq!(created["status"], "completed");
    let objects = call(&client, "listAllDestinationObjects", &[18.into()]).await;
    assert!(
        objects
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["full_name"] == "exports/browser/run.csv"),
        "the created object is listed"
    );
    let fields = call(
        &client,
        "refreshFieldsAndWait",
        &[16.into(), "Lead".into(), js(json!({ "intervalMs": 50 }))],
    )
    .await;
    assert_eq!(fields["status"], "completed");
}

// ---- links, webhooks ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn links_are_created_read_and_revoked() {
    let client = client();
    let link = call(
        &client,
        "createSourceConnectLink",
        &[js(
            json!({ "type": "snowflake", "redirect_uri": "https://admin.example.com/back" }),
        )],
    )
    .await;
    assert!(link["uri"].is_string());
    assert_eq!(
        (link["expired"].as_bool(), link["revoked"].as_bool()),
        (Some(false), Some(false))
    );
    call(&client, "revokeSourceConnectLink", &[n(&link["id"])]).await;
    let listed = call(
        &client,
        "listSourceConnectLinks",
        &[js(json!({ "perPage": 100 }))],
    )
    .await;
    let again = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == link["id"])
        .unwrap();
    assert_eq!(again["revoked"], true);

    let destination = call(
        &client,
        "createDestinationConnectLink",
        &[js(json!({ "type": "hubspot" }))],
    )
    .await;
    call(
        &client,
        "revokeDestinationConnectLink",
        &[n(&destination["id"])],
    )
    .await;
    let read = call(
        &client,
        "getDestinationConnectLink",
        &[n(&destination["id"])],
    )
    .await;
    assert_eq!(read["revoked"], true);
    assert!(
        !call(&client, "listDestinationConnectLinkTypes", &[])
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        call(
            &client,
            "createSourceReauthLink",
            &[8.into(), js(json!({}))]
        )
        .await["uri"]
            .is_string()
    );
    assert!(
        call(
            &client,
            "createDestinationReauthLink",
            &[15.into(), js(json!({}))]
        )
        .await["uri"]
            .is_string()
    );
    let manage = call(
        &client,
        "createSyncManagementLink",
        &[js(json!({ "redirect_uri": "https://admin.example.com" }))],
    )
    .await;
    call(&client, "revokeSyncManagementLink", &[n(&manage["id"])]).await;
    assert!(call(&client, "listSyncManagementLinks", &[]).await["data"].is_array());
    assert!(
        call(&client, "createSyncEditLink", &[52.into(), js(json!({}))]).await["uri"].is_string()
    );
    assert!(
        call(&client, "createSegmentManagementLink", &[js(json!({}))]).await["uri"].is_string()
    );
    let err = refused(
        &client,
        "createSourceConnectLink",
        &[js(json!({ "redirect_uri": "https://x" }))],
    )
    .await;
    assert_eq!(text(&err, "field"), "type");
    // Census requires where to send the user after a sync is made: refused before sending.
    let err = refused(&client, "createSyncManagementLink", &[js(json!({}))]).await;
    assert_eq!(text(&err, "field"), "redirect_uri");
    assert_eq!(text(&err, "name"), "CensusInputError");
}

#[wasm_bindgen_test]
async fn a_webhook_secret_is_shown_once_and_its_signed_delivery_verifies() {
    let client = client();
    let created = call(
        &client,
        "createWebhook",
        &[js(json!({ "name": "browser", "endpoint": "https://hooks.example.com/browser", "events": ["sync.failed", "sync.completed"] }))],
    )
    .await;
    let secret = created["secret"]
        .as_str()
        .expect("the secret, once")
        .to_owned();
    let read = call(&client, "getWebhook", &[n(&created["id"])]).await;
    assert!(
        read.get("secret").is_none() || read["secret"].is_null(),
        "never shown again"
    );
    let delivery = control(
        "POST",
        &format!("/__control/webhooks/{}/deliveries", created["id"]),
        Some("{}"),
    )
    .await;
    let body = delivery["body"].as_str().unwrap();
    let signature = delivery["signature"].as_str().unwrap();
    let verified = |body: &str, signature: &str, secret: &str| {
        JsFuture::from(verify_webhook_signature(body, signature, secret))
    };
    assert_eq!(
        verified(body, signature, &secret).await.unwrap(),
        JsValue::TRUE,
        "signed by the server in Rust"
    );
    assert_eq!(
        verified(&body.replace('}', " }"), signature, &secret)
            .await
            .unwrap(),
        JsValue::FALSE
    );
    assert_eq!(
        verified(body, signature, "whsec_wrong").await.unwrap(),
        JsValue::FALSE
    );
    let err = refused(
        &client,
        "createWebhook",
        &[js(
            json!({ "endpoint": "http://insecure.example", "events": ["sync.failed"] }),
        )],
    )
    .await;
    assert_eq!(text(&err, "field"), "endpoint");
    assert!(
        call(&client, "listWebhooks", &[]).await["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["id"] == created["id"])
    );
}

// ---- run records and cancel --------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_runs_records_filter_and_a_running_run_is_canceled() {
    let client = client();
    let runs = call(
        &client,
        "listSyncRuns",
        &[52.into(), js(json!({ "perPage": 5 }))],
    )
    .await;
    let run = &runs["data"][0];
    let records = call(&client, "listSyncRunRecords", &[n(&run["id"])]).await;
    assert!(records["pagination"].is_object());
    let rejected = call(
        &client,
        "listSyncRunRecords",
        &[n(&run["id"]), js(json!({ "status": "rejected" }))],
    )
    .await;
    assert!(
        rejected["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "rejected")
    );
    let err = refused(
        &client,
        "listSyncRunRecords",
        &[n(&run["id"]), js(json!({ "perPage": 100 }))],
    )
    .await;
    // Records take at most 99 a page: refused before sending, naming the option.
    assert_eq!(text(&err, "name"), "CensusInputError");
    assert_eq!(text(&err, "field"), "perPage");
    let err = refused(
        &client,
        "listSyncRunRecords",
        &[n(&run["id"]), js(json!({ "status": "failed" }))],
    )
    .await;
    assert_eq!(text(&err, "field"), "status");

    let triggered = call(&client, "triggerSync", &[52.into()]).await;
    let run_id = n(&triggered["sync_run_id"]);
    call(&client, "cancelSyncRun", std::slice::from_ref(&run_id)).await;
    let canceled = call(&client, "getSyncRun", std::slice::from_ref(&run_id)).await;
    assert_eq!(canceled["status"], "canceled");
    let err = refused(&client, "cancelSyncRun", &[run_id]).await;
    assert_eq!(
        text(&err, "name"),
        "CensusApiError",
        "a finished run cannot be canceled"
    );
}

// ---- the organisation --------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn each_token_goes_only_to_its_own_endpoints() {
    let workspace_only = client();
    let before = attempts("GET /workspaces").await;
    let err = refused(&workspace_only, "listWorkspaces", &[]).await;
    assert_eq!(text(&err, "name"), "CensusInputError");
    assert_eq!(text(&err, "field"), "personalAccessToken");
    assert!(!text(&err, "message").contains(TOKEN));
    assert_eq!(
        attempts("GET /workspaces").await,
        before,
        "nothing was sent"
    );
    let pat_only = org_client(false);
    let err = refused(&pat_only, "listSources", &[]).await;
    assert_eq!(text(&err, "field"), "apiToken");
    // The server refuses a token in the wrong slot, too.
    let misplaced = client_with(&[("apiToken", JsValue::from_str(PAT))]);
    let err = refused(&misplaced, "listSources", &[]).await;
    assert_eq!(text(&err, "name"), "CensusAuthenticationError");
    assert!(!text(&err, "message").contains(PAT));
    let both = org_client(true);
    assert!(
        call(&both, "listWorkspaces", &[]).await["data"]
            .as_array()
            .unwrap()
            .len()
            >= 2
    );
    assert!(call(&both, "getWorkspace", &[]).await["name"].is_string());
}

#[wasm_bindgen_test]
async fn workspaces_are_created_keyed_cloned_invited_to_and_deleted() {
    let org = org_client(false);
    let created = call(
        &org,
        "createWorkspace",
        &[js(json!({ "name": "Browser workspace" }))],
    )
    .await;
    assert_eq!(created["name"], "Browser workspace");
    let wid = n(&created["id"]);
    let key = call(&org, "getWorkspaceApiKey", std::slice::from_ref(&wid)).await;
    assert!(key["api_key"].as_str().is_some_and(|k| !k.is_empty()));
    let updated = call(
        &org,
        "updateWorkspace",
        &[
            wid.clone(),
            js(json!({ "notification_emails": ["ops@example.com"] })),
        ],
    )
    .await;
    assert_eq!(updated["notification_emails"][0], "ops@example.com");
    let clone = call(
        &org,
        "cloneWorkspaceAndWait",
        &[wid.clone(), js(json!({ "intervalMs": 50 }))],
    )
    .await;
    assert_eq!(clone["status"], "completed");
    assert!(clone["url"].as_str().unwrap().contains("clone_status"));
    call(
        &org,
        "inviteToWorkspace",
        &[
            wid.clone(),
            js(json!({ "emails": ["new.person@example.com"], "role": "viewer" })),
        ],
    )
    .await;
    let err = refused(
        &org,
        "inviteToWorkspace",
        &[
            wid.clone(),
            js(json!({ "emails": ["x@example.com"], "role": "admin" })),
        ],
    )
    .await;
    assert_eq!(text(&err, "field"), "role");
    let users = call(&org, "listWorkspaceUsers", std::slice::from_ref(&wid)).await;
    assert!(users["data"].is_array());
    call(&org, "deleteWorkspace", std::slice::from_ref(&wid)).await;
    assert_eq!(
        text(&refused(&org, "getOrgWorkspace", &[wid]).await, "name"),
        "CensusNotFoundError"
    );
}

#[wasm_bindgen_test]
async fn users_and_invitations_of_the_organisation() {
    let org = org_client(false);
    let users = call(&org, "listUsers", &[]).await;
    let first = &users["data"][0];
    assert_eq!(
        call(&org, "getUser", &[n(&first["id"])]).await["id"],
        first["id"]
    );
    let every = drain(
        org.invoke("iterateUsers", &[js(json!({ "perPage": 1 }))])
            .unwrap(),
    )
    .await;
    assert_eq!(
        every.len() as u64,
        users["pagination"]["total_records"].as_u64().unwrap()
    );
    let workspaces = call(&org, "listWorkspaces", &[]).await;
    let invitation = call(
        &org,
        "createInvitation",
        &[js(json!({ "email": "browser@example.com", "role": "member", "workspaces": [{ "id": workspaces["data"][0]["id"], "role": "editor" }] }))],
    )
    .await;
    assert_eq!(invitation["email"], "browser@example.com");
    let listed = call(&org, "listInvitations", &[]).await;
    assert!(
        listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == invitation["id"])
    );
    let err = refused(
        &org,
        "createInvitation",
        &[js(json!({ "email": "nope", "role": "member" }))],
    )
    .await;
    assert_eq!(text(&err, "field"), "email");
}

/// A new HTTP-request source (the kind that has topics): its id.
async fn http_source(client: &CensusClient, name: &str) -> JsValue {
    let source = call(
        client,
        "createSource",
        &[js(
            json!({ "type": "http_request", "name": name, "credentials": {} }),
        )],
    )
    .await;
    n(&source["id"])
}

#[wasm_bindgen_test]
async fn topics_belong_to_http_request_sources() {
    let client = client();
    let sid = http_source(&client, "Browser events").await;
    let topic = call(
        &client,
        "createTopic",
        &[sid.clone(), js(json!({ "name": "page_viewed" }))],
    )
    .await;
    assert_eq!(topic["name"], "page_viewed", "the whole topic");
    let read = call(&client, "getTopic", &[sid.clone(), n(&topic["id"])]).await;
    assert_eq!(read["id"], topic["id"]);
    let updated = call(
        &client,
        "updateTopic",
        &[
            sid.clone(),
            n(&topic["id"]),
            js(json!({ "description": "Page views" })),
        ],
    )
    .await;
    assert_eq!(updated["description"], "Page views");
    let listed = call(&client, "listTopics", std::slice::from_ref(&sid)).await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 1);
    let duplicate = refused(
        &client,
        "createTopic",
        &[sid.clone(), js(json!({ "name": "page_viewed" }))],
    )
    .await;
    assert_eq!(text(&duplicate, "name"), "CensusApiError");
    assert_eq!(number(&duplicate, "status"), 409.0);
    let warehouse = refused(&client, "listTopics", &[8.into()]).await;
    assert_eq!(
        number(&warehouse, "status"),
        405.0,
        "not an HTTP-request source"
    );
    call(&client, "deleteSource", std::slice::from_ref(&sid)).await;
}

/// `listX`'s page total, `listAllX` and `iterateX`, each one item per page (so every one of them
/// crosses pages), agree item for item; `at_least` items are there, so that they do cross.
async fn every_item_of(client: &CensusClient, base: &str, args: &[JsValue], at_least: usize) {
    let with = |options: Value| -> Vec<JsValue> {
        let mut all = args.to_vec();
        all.push(js(options));
        all
    };
    let page = call(
        client,
        &format!("list{base}"),
        &with(json!({ "perPage": 1 })),
    )
    .await;
    let total = page["pagination"]["total_records"].as_u64().unwrap() as usize;
    assert!(
        total >= at_least,
        "{base}: {total} items, expected {at_least} or more"
    );
    let all = call(
        client,
        &format!("listAll{base}"),
        &with(json!({ "perPage": 1 })),
    )
    .await;
    let all = all.as_array().unwrap().clone();
    let iterated = drain(
        client
            .invoke(&format!("iterate{base}"), &with(json!({ "perPage": 1 })))
            .unwrap(),
    )
    .await;
    let ids = |items: &[Value]| items.iter().map(|i| i["id"].clone()).collect::<Vec<_>>();
    assert_eq!(all.len(), total, "{base}: listAll against the page total");
    assert_eq!(ids(&iterated), ids(&all), "{base}: iterate against listAll");
    // Ids are numbers; a workspace's users carry theirs as text, as the reference shows.
    assert!(
        ids(&all)
            .iter()
            .all(|id| id.is_number() || id.as_str().is_some_and(|id| !id.is_empty())),
        "{base}: {all:?}"
    );
}

#[wasm_bindgen_test]
async fn every_paged_list_is_also_iterated_and_listed_whole() {
    let client = client();
    // Source 8 of the seed has tables, models and segments.
    every_item_of(&client, "DataSources", &[8.into()], 2).await;
    every_item_of(&client, "Models", &[8.into()], 1).await;
    every_item_of(&client, "Segments", &[8.into()], 1).await;
    every_item_of(&client, "Datasets", &[], 1).await;
    let sid = http_source(&client, "Paged events").await;
    for name in ["signed_up", "page_viewed", "checked_out"] {
        call(
            &client,
            "createTopic",
            &[sid.clone(), js(json!({ "name": name }))],
        )
        .await;
    }
    every_item_of(&client, "Topics", std::slice::from_ref(&sid), 3).await;
    call(&client, "deleteSource", &[sid]).await;
    let creations = [
        ("createSourceConnectLink", json!({ "type": "snowflake" })),
        ("createDestinationConnectLink", json!({ "type": "hubspot" })),
        (
            "createSyncManagementLink",
            json!({ "redirect_uri": "https://admin.example.com" }),
        ),
        (
            "createWebhook",
            json!({ "endpoint": "https://hooks.example.com/paged", "events": ["sync.failed"] }),
        ),
    ];
    for _ in 0..2 {
        for (method, input) in &creations {
            call(&client, method, &[js(input.clone())]).await;
        }
    }
    every_item_of(&client, "SourceConnectLinks", &[], 2).await;
    every_item_of(&client, "DestinationConnectLinks", &[], 2).await;
    every_item_of(&client, "SyncManagementLinks", &[], 2).await;
    every_item_of(&client, "Webhooks", &[], 2).await;

    let org = org_client(false);
    every_item_of(&org, "Users", &[], 2).await;
    every_item_of(&org, "Workspaces", &[], 1).await;
    let workspaces = call(&org, "listAllWorkspaces", &[]).await;
    every_item_of(&org, "WorkspaceUsers", &[n(&workspaces[0]["id"])], 1).await;
    for email in ["paged.one@example.com", "paged.two@example.com"] {
        call(
            &org,
            "createInvitation",
            &[js(json!({ "email": email, "role": "member" }))],
        )
        .await;
    }
    every_item_of(&org, "Invitations", &[], 2).await;
}
