//! The organisation APIs and the two token slots: the personal access token reaches
//! `/workspaces`, `/users` and `/invitations` and is refused everywhere else; the workspace
//! token the reverse, each refusal saying which token the route takes without showing either.
//! Workspaces (the token's own one is what `GET /workspace` shows), the bare `api_key`, clones
//! with their absolute status URL, users (with the legacy `next`) and invitations.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use census_core::models::Workspace;
use census_core::workspace_models::{ApiKey, IdOrText, Invitation, JobStarted, OrgWorkspace, User};
use census_local::{Config, DEFAULT_PAT_TOKEN, app};
use common::*;
use serde_json::{Value, json};

const PAT: &str = "test-personal-access-token";
const REFRESH: Duration = Duration::from_millis(500);

fn seeded() -> Router {
    app(Config {
        seed: 3,
        pat_token: PAT.into(),
        refresh: REFRESH,
        ..base_config()
    })
}

async fn as_org(app: &Router, method: Method, path: &str, body: Option<&Value>) -> Reply {
    let builder = api_request(PAT, method, path);
    let request = match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    };
    send(app, request.expect("request")).await
}

async fn org_get(app: &Router, path: &str) -> Reply {
    as_org(app, Method::GET, path, None).await
}

async fn org_ok(app: &Router, path: &str) -> Value {
    let reply = org_get(app, path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "success", "{path}: {body}");
    body
}

// ---------------------------------------------------------------- the two slots

#[tokio::test]
async fn each_token_is_refused_by_the_other_slots_routes() {
    let app = seeded();
    for path in [
        "/workspaces",
        "/workspaces/1001",
        "/users",
        "/users/2001",
        "/invitations",
    ] {
        assert_eq!(org_get(&app, path).await.status, StatusCode::OK, "{path}");
        let refused = get_with(&app, TOKEN, path).await;
        let message = refused.expect_error(StatusCode::FORBIDDEN, "error");
        assert!(message.contains("personal access token"), "{message}");
        assert!(
            !message.contains(TOKEN) && !message.contains(PAT),
            "{message}"
        );
        let wrong = get_with(&app, "not-a-token", path).await;
        assert_eq!(
            wrong.expect_error(StatusCode::UNAUTHORIZED, "error"),
            "Invalid credentials"
        );
    }
    for path in [
        "/workspace",
        "/sources",
        "/syncs/52",
        "/webhooks",
        "/datasets",
    ] {
        assert_eq!(
            get_with(&app, TOKEN, path).await.status,
            StatusCode::OK,
            "{path}"
        );
        let refused = org_get(&app, path).await;
        let message = refused.expect_error(StatusCode::FORBIDDEN, "error");
        assert!(message.contains("workspace API token"), "{message}");
        assert!(
            !message.contains(TOKEN) && !message.contains(PAT),
            "{message}"
        );
    }
    // A refused request changes nothing, a POST included.
    let refused = send(
        &app,
        api_request(TOKEN, Method::POST, "/workspaces")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"name":"sneaky"}"#))
            .expect("request"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        org_ok(&app, "/workspaces").await["pagination"]["total_records"],
        3
    );

    // The default token is published in --help, like the workspace token's default.
    let defaults = app_with_default_pat();
    let request = api_request(DEFAULT_PAT_TOKEN, Method::GET, "/users")
        .body(Body::empty())
        .expect("request");
    assert_eq!(send(&defaults, request).await.status, StatusCode::OK);

    // Under --strict-auth a tokenless request is refused on both sides.
    let strict = census_local::app(Config {
        seed: 1,
        strict_auth: true,
        pat_token: PAT.into(),
        ..base_config()
    });
    for path in ["/workspaces", "/sources"] {
        let request = Request::builder()
            .uri(format!("/api/v1{path}"))
            .header(header::HOST, HOST)
            .header(header::ORIGIN, OTHER_ORIGIN)
            .body(Body::empty())
            .expect("request");
        assert_eq!(
            send(&strict, request).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
}

fn app_with_default_pat() -> Router {
    app(Config {
        seed: 1,
        ..base_config()
    })
}

// ---------------------------------------------------------------- workspaces

#[tokio::test]
async fn workspaces_are_listed_created_updated_and_deleted() {
    let app = seeded();
    let listed = org_ok(&app, "/workspaces?order=asc").await;
    let workspaces: Vec<OrgWorkspace> =
        serde_json::from_value(listed["data"].clone()).expect("OrgWorkspaces");
    assert_eq!(
        workspaces.iter().map(|w| w.id).collect::<Vec<_>>(),
        [1001, 1002, 1003]
    );
    assert!(workspaces.iter().all(|w| w.api_key.is_none()));
    // The workspace token's own workspace is GET /workspace's.
    let own: Workspace =
        serde_json::from_value(get_with(&app, TOKEN, "/workspace").await.json()["data"].clone())
            .expect("a Workspace");
    assert_eq!(own.id, 1001);
    assert_eq!(own.name, workspaces[0].name);
    assert_eq!(own.organization_id, workspaces[0].organization_id);
    assert_eq!(own.created_at, workspaces[0].created_at);

    let created = as_org(
        &app,
        Method::POST,
        "/workspaces",
        Some(
            &json!({"name": "Staging", "notification_emails": ["ops@example.com"],
                     "return_workspace_api_key": true}),
        ),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let workspace: OrgWorkspace =
        serde_json::from_value(created.json()["data"].clone()).expect("an OrgWorkspace");
    assert_eq!(workspace.id, 1004);
    let key = workspace.api_key.clone().expect("asked for");
    let answer = org_get(&app, "/workspaces/1004/api_key").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json(), json!({"api_key": key}), "bare, no envelope");
    let own_key: ApiKey =
        serde_json::from_value(org_get(&app, "/workspaces/1001/api_key").await.json())
            .expect("key");
    assert_eq!(own_key.api_key, TOKEN, "the workspace token itself");
    let quiet = as_org(
        &app,
        Method::POST,
        "/workspaces",
        Some(&json!({"name": "Quiet"})),
    )
    .await;
    assert!(quiet.json()["data"].get("api_key").is_none());
    assert!(
        org_ok(&app, "/workspaces/1004").await["data"]
            .get("api_key")
            .is_none()
    );

    // Renaming the token's workspace shows in GET /workspace.
    let renamed = as_org(
        &app,
        Method::PATCH,
        "/workspaces/1001",
        Some(&json!({"name": "Renamed"})),
    )
    .await;
    assert_eq!(renamed.json()["status"], "updated");
    assert_eq!(
        get_with(&app, TOKEN, "/workspace").await.json()["data"]["name"],
        "Renamed"
    );

    for (method, path, body, field) in [
        (Method::POST, "/workspaces", json!({}), "name"),
        (
            Method::POST,
            "/workspaces",
            json!({"name": "x", "notification_emails": ["a@b.co", "nope"]}),
            "notification_emails[1]",
        ),
        (
            Method::POST,
            "/workspaces",
            json!({"name": "x", "return_workspace_api_key": "yes"}),
            "return_workspace_api_key",
        ),
        (Method::PATCH, "/workspaces/1002", json!({}), "body"),
        (
            Method::PATCH,
            "/workspaces/1002",
            json!({"notification_emails": "a@b.co"}),
            "notification_emails",
        ),
    ] {
        unprocessable(&as_org(&app, method, path, Some(&body)).await, field);
    }

    let deleted = as_org(&app, Method::DELETE, "/workspaces/1002", None).await;
    assert_eq!(deleted.json(), json!({"status": "deleted"}));
    org_get(&app, "/workspaces/1002")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    let kept = as_org(&app, Method::DELETE, "/workspaces/1001", None).await;
    assert!(
        kept.expect_error(StatusCode::CONFLICT, "error")
            .contains("1001")
    );
    for path in [
        "/workspaces/999",
        "/workspaces/999/api_key",
        "/workspaces/x",
    ] {
        org_get(&app, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test(start_paused = true)]
async fn a_clone_answers_202_with_an_absolute_status_endpoint() {
    let app = seeded();
    let started = as_org(&app, Method::POST, "/workspaces/1002/clone", None).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text());
    let body: JobStarted = serde_json::from_value(started.json()).expect("a JobStarted");
    let endpoint = body.status_endpoint.expect("status_endpoint");
    assert_eq!(
        endpoint,
        format!("http://{HOST}/api/v1/workspaces/1004/clone_status")
    );
    let clone: OrgWorkspace = serde_json::from_value(body.data.expect("data")).expect("the clone");
    assert_eq!(
        (clone.id, clone.name.as_str()),
        (1004, "Marketing sandbox (clone)")
    );
    let path = endpoint
        .strip_prefix(&format!("http://{HOST}/api/v1"))
        .expect("this server");
    assert_eq!(
        org_get(&app, path).await.json(),
        json!({"status": "processing"})
    );
    tokio::time::advance(REFRESH).await;
    assert_eq!(
        org_get(&app, path).await.json(),
        json!({"status": "completed"})
    );
    // The clone has the original's users.
    let users = org_ok(&app, "/workspaces/1004/users").await;
    assert_eq!(users["pagination"]["total_records"], 2);

    let named = as_org(
        &app,
        Method::POST,
        "/workspaces/1001/clone",
        Some(&json!({"name": "Copy"})),
    )
    .await;
    assert_eq!(named.json()["data"]["name"], "Copy");
    unprocessable(
        &as_org(
            &app,
            Method::POST,
            "/workspaces/1001/clone",
            Some(&json!({"name": ""})),
        )
        .await,
        "name",
    );
    org_get(&app, "/workspaces/1002/clone_status")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    as_org(&app, Method::POST, "/workspaces/999/clone", None)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

// ---------------------------------------------------------------- users and invitations

#[tokio::test]
async fn users_page_with_the_legacy_next() {
    let app = seeded();
    let page = org_ok(&app, "/users?per_page=2&order=asc").await;
    let users: Vec<User> = serde_json::from_value(page["data"].clone()).expect("Users");
    assert_eq!(
        users.iter().map(|u| u.id.clone()).collect::<Vec<_>>(),
        [IdOrText::Number(2001), IdOrText::Number(2002)]
    );
    assert_eq!(users[0].role.as_deref(), Some("admin"));
    assert_eq!(page["pagination"]["total_records"], 3);
    assert_eq!(
        page["next"],
        format!("http://{HOST}/api/v1/users?page=2&per_page=2&order=asc")
    );
    assert_eq!(
        org_ok(&app, "/users/2003").await["data"]["email"],
        "katherine@example.com"
    );
    for path in ["/users/9", "/users/x"] {
        assert_eq!(
            org_get(&app, path)
                .await
                .expect_error(StatusCode::NOT_FOUND, "not_found"),
            "User not found"
        );
    }
    let members = org_ok(&app, "/workspaces/1001/users?order=asc").await;
    // A workspace's users carry their id as text, as the reference's example shows.
    let roles: Vec<(IdOrText, String)> =
        serde_json::from_value::<Vec<User>>(members["data"].clone())
            .expect("Users")
            .into_iter()
            .map(|u| (u.id, u.role.expect("role")))
            .collect();
    assert_eq!(
        roles,
        [
            (IdOrText::Text("2001".into()), "owner".into()),
            (IdOrText::Text("2002".into()), "editor".into()),
            (IdOrText::Text("2003".into()), "viewer".into())
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn invitations_to_the_organisation_and_to_a_workspace() {
    let app = seeded();
    let seeded: Vec<Invitation> =
        serde_json::from_value(org_ok(&app, "/invitations").await["data"].clone())
            .expect("Invitations");
    assert_eq!(seeded.len(), 1);
    assert_eq!(seeded[0].status.as_deref(), Some("expired"));

    let created = as_org(
        &app,
        Method::POST,
        "/invitations",
        Some(&json!({"email": "mary@example.com", "role": "member",
                     "workspaces": [{"id": 1003, "role": "viewer"}]})),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let invitation: Invitation =
        serde_json::from_value(created.json()["data"].clone()).expect("an Invitation");
    assert_eq!(invitation.id, 3002);
    assert_eq!(invitation.status.as_deref(), Some("pending"));
    assert_eq!(
        invitation.workspaces,
        Some(vec![
            serde_json::from_value(json!({"id": 1003, "role": "viewer"})).expect("grant")
        ])
    );
    tokio::time::advance(Duration::from_secs(7 * 24 * 3600)).await;
    let later: Vec<Invitation> =
        serde_json::from_value(org_ok(&app, "/invitations?order=asc").await["data"].clone())
            .expect("Invitations");
    assert_eq!(later[1].status.as_deref(), Some("expired"), "a week later");

    for (body, field) in [
        (json!({"role": "member"}), "email"),
        (json!({"email": "nope", "role": "member"}), "email"),
        (
            json!({"email": "ada@example.com", "role": "member"}),
            "email",
        ),
        (json!({"email": "x@example.com", "role": "owner"}), "role"),
        (
            json!({"email": "x@example.com", "role": "member", "workspaces": [{"id": 999, "role": "viewer"}]}),
            "workspaces[0].id",
        ),
        (
            json!({"email": "x@example.com", "role": "member", "workspaces": [{"id": 1001, "role": "admin"}]}),
            "workspaces[0].role",
        ),
        (
            json!({"email": "x@example.com", "role": "member", "workspaces": [7]}),
            "workspaces[0]",
        ),
    ] {
        unprocessable(
            &as_org(&app, Method::POST, "/invitations", Some(&body)).await,
            field,
        );
    }

    let invited = as_org(
        &app,
        Method::POST,
        "/workspaces/1003/invitations",
        Some(&json!({"emails": ["a@example.com", "b@example.com"], "role": "editor"})),
    )
    .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.text());
    let made: Vec<Invitation> =
        serde_json::from_value(invited.json()["data"].clone()).expect("Invitations");
    assert_eq!(made.len(), 2);
    assert!(made.iter().all(|i| i.workspaces
        == Some(vec![
            serde_json::from_value(json!({"id": 1003, "role": "editor"})).expect("grant")
        ])));
    assert_eq!(
        org_ok(&app, "/invitations").await["pagination"]["total_records"],
        4
    );
    for (body, field) in [
        (json!({"role": "editor"}), "emails"),
        (json!({"emails": [], "role": "editor"}), "emails"),
        (
            json!({"emails": ["c@example.com", "bad"], "role": "editor"}),
            "emails[1]",
        ),
        (
            json!({"emails": ["katherine@example.com"], "role": "editor"}),
            "emails[0]",
        ),
        (
            json!({"emails": ["c@example.com"], "role": "admin"}),
            "role",
        ),
    ] {
        unprocessable(
            &as_org(
                &app,
                Method::POST,
                "/workspaces/1003/invitations",
                Some(&body),
            )
            .await,
            field,
        );
    }
    as_org(
        &app,
        Method::POST,
        "/workspaces/999/invitations",
        Some(&json!({"emails": ["c@example.com"], "role": "viewer"})),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
}
