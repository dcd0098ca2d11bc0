//! The organisation APIs, which take the personal access token (`--pat-token`) and refuse the
//! workspace token (see `http::auth`): the organisation's workspaces, their API keys, clones,
//! users and invitations, and the organisation's users and invitations. The seeded organisation
//! is described in `organisation`.
//!
//! | call | answers |
//! |---|---|
//! | `GET /workspaces` | paged `OrgWorkspace`s |
//! | `POST /workspaces` `{name, notification_emails?, return_workspace_api_key?}` | 201, the workspace (with `api_key` when asked) |
//! | `GET/PATCH/DELETE /workspaces/{id}` (`PATCH` `{name?, notification_emails?}`) | the workspace; `deleted`. Workspace 1001 (the workspace token's own) cannot be deleted here: 409 |
//! | `GET /workspaces/{id}/api_key` | `{"api_key": …}` without an envelope (1001's is `--token`) |
//! | `POST /workspaces/{id}/clone` `{name?}` | 202 `{"status_endpoint": URL, "data": the new workspace}` |
//! | `GET /workspaces/{id}/clone_status` (the clone's id) | `{"status": "processing" \| "completed"}` (`--refresh-ms`) |
//! | `GET /workspaces/{id}/users` | paged `User`s, `role` their workspace role |
//! | `POST /workspaces/{id}/invitations` `{emails: [...], role: owner\|editor\|operator\|viewer}` | 201, `data` the invitations made (one per email) |
//! | `GET /users`, `GET /users/{id}` | paged `User`s (with the legacy `next`), `role` their organisation role |
//! | `GET /invitations`, `POST /invitations` `{email, role: admin\|member, workspaces?: [{id, role}]}` | paged `Invitation`s; 201 the invitation |

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use census_core::models::JsonObject;
use census_core::workspace_models::{
    ApiKey, IdOrText, Invitation, JobStarted, JobStatus, OrgWorkspace, OrganizationRole, User,
    WorkspaceRole,
};
use serde::Serialize;
use serde_json::Value;

use crate::AppState;
use crate::api::{Envelope, Paging, api_url, parse_query, read_object, read_optional_object};
use crate::browse::path_id;
use crate::clock::iso8601;
use crate::fields::{
    id_value, is_email, optional_bool, optional_list, optional_name, required_text,
};
use crate::holdings::Since;
use crate::http::{ApiError, invalid, json};
use crate::organisation::{
    INVITATION_LIFETIME, InvitationRecord, ORGANIZATION_ID, OWN_WORKSPACE_ID, Organisation,
    WorkspaceRecord, grant,
};

/// The organisation member who uses the personal access token: the admin Ada (2001), owner of
/// the workspaces she creates.
const TOKEN_OWNER: u64 = 2001;

/// The routes of the organisation APIs, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/workspaces", get(list_workspaces).post(create_workspace))
        .route(
            "/workspaces/{id}",
            get(get_workspace)
                .patch(update_workspace)
                .delete(delete_workspace),
        )
        .route("/workspaces/{id}/api_key", get(get_api_key))
        .route("/workspaces/{id}/clone", post(clone_workspace))
        .route("/workspaces/{id}/clone_status", get(clone_status))
        .route("/workspaces/{id}/users", get(workspace_users))
        .route("/workspaces/{id}/invitations", post(invite_to_workspace))
        .route("/users", get(list_users))
        .route("/users/{id}", get(get_user))
        .route(
            "/invitations",
            get(list_invitations).post(create_invitation),
        )
}

#[derive(Serialize)]
struct StatusOnly {
    status: &'static str,
}

fn workspace_not_found() -> ApiError {
    ApiError::not_found("Workspace not found")
}

fn user_not_found() -> ApiError {
    ApiError::not_found("User not found")
}

/// `notification_emails` when given: a list of email addresses.
fn notification_emails(body: &JsonObject) -> Result<Option<Vec<String>>, ApiError> {
    let Some(items) = optional_list(body, "notification_emails")? else {
        return Ok(None);
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| match item.as_str().map(str::trim) {
            Some(email) if is_email(email) => Ok(email.to_owned()),
            _ => Err(invalid(
                &format!("notification_emails[{index}]"),
                "must be an email address",
            )),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// `GET /workspaces?page&per_page&order`, by creation time (then id).
pub async fn list_workspaces(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read(&params)?;
    let mut records: Vec<(i64, OrgWorkspace)> = state
        .store()
        .org
        .workspaces
        .values()
        .map(|w| (w.created_ms, w.workspace.clone()))
        .collect();
    records.sort_by_key(|(created_ms, w)| (*created_ms, w.id));
    let (total, page) = paging.window(records);
    let data: Vec<OrgWorkspace> = page.into_iter().map(|(_, w)| w).collect();
    Ok(paging.answer(&state, &headers, "/workspaces", "", data, total))
}

/// `POST /workspaces`: 201 with the new workspace, its `api_key` too when
/// `return_workspace_api_key` is true.
pub async fn create_workspace(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = read_object(body)?;
    let name = required_text(&body, "name")?;
    let emails = notification_emails(&body)?.unwrap_or_default();
    let with_key = optional_bool(&body, "return_workspace_api_key")?.unwrap_or(false);
    let mut store = state.store();
    let org = &mut store.org;
    let id = org.take_workspace_id();
    let api_key = org.new_api_key(id);
    let created_ms = Organisation::creation_time(org.workspaces.values().map(|w| w.created_ms));
    let workspace = OrgWorkspace {
        id,
        name,
        organization_id: Some(ORGANIZATION_ID),
        created_at: Some(iso8601(created_ms)),
        notification_emails: Some(emails),
        api_key: None,
    };
    org.workspaces.insert(
        id,
        WorkspaceRecord {
            workspace: workspace.clone(),
            api_key: Some(api_key.clone()),
            created_ms,
            members: [(TOKEN_OWNER, WorkspaceRole::Owner)].into_iter().collect(),
            cloning: None,
        },
    );
    drop(store);
    Ok(json(
        StatusCode::CREATED,
        &Envelope {
            status: "created",
            data: OrgWorkspace {
                api_key: with_key.then_some(api_key),
                ..workspace
            },
        },
    ))
}

/// The id of an existing workspace a path names.
fn workspace_id(
    state: &AppState,
    id: Result<Path<String>, PathRejection>,
) -> Result<u64, ApiError> {
    path_id(id)
        .filter(|id| state.store().org.workspaces.contains_key(id))
        .ok_or_else(workspace_not_found)
}

/// `GET /workspaces/{id}`.
pub async fn get_workspace(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = workspace_id(&state, id)?;
    let workspace = state
        .store()
        .org
        .workspaces
        .get(&id)
        .map(|w| w.workspace.clone())
        .ok_or_else(workspace_not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: workspace,
        },
    ))
}

/// `PATCH /workspaces/{id}` with `name` and/or `notification_emails`.
pub async fn update_workspace(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = workspace_id(&state, id)?;
    let body = read_object(body)?;
    let name = optional_name(&body, "name")?;
    let emails = notification_emails(&body)?;
    if name.is_none() && emails.is_none() {
        return Err(invalid(
            "body",
            "nothing to update; give name or notification_emails",
        ));
    }
    let mut store = state.store();
    let record = store
        .org
        .workspaces
        .get_mut(&id)
        .ok_or_else(workspace_not_found)?;
    if let Some(name) = name {
        record.workspace.name = name;
    }
    if let Some(emails) = emails {
        record.workspace.notification_emails = Some(emails);
    }
    let workspace = record.workspace.clone();
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "updated",
            data: workspace,
        },
    ))
}

/// `DELETE /workspaces/{id}`; the workspace token's own workspace stays (409).
pub async fn delete_workspace(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = workspace_id(&state, id)?;
    if id == OWN_WORKSPACE_ID {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!(
                "Workspace {id} is the one this server's workspace API token belongs to; \
                 census-local keeps it"
            ),
        ));
    }
    state
        .store()
        .org
        .workspaces
        .remove(&id)
        .ok_or_else(workspace_not_found)?;
    Ok(json(StatusCode::OK, &StatusOnly { status: "deleted" }))
}

/// `GET /workspaces/{id}/api_key`: `{"api_key": …}` without an envelope.
pub async fn get_api_key(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = workspace_id(&state, id)?;
    let api_key = state
        .store()
        .org
        .workspaces
        .get(&id)
        .map(|w| w.api_key.clone().unwrap_or_else(|| state.token.clone()))
        .ok_or_else(workspace_not_found)?;
    Ok(json(StatusCode::OK, &ApiKey { api_key }))
}

/// `POST /workspaces/{id}/clone` with `{name?}`: the clone exists at once (its users and
/// settings copied) and is built for `--refresh-ms`; 202 with its status URL and the clone.
pub async fn clone_workspace(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = workspace_id(&state, id)?;
    let body = read_optional_object(body)?;
    let name = optional_name(&body, "name")?;
    let mut store = state.store();
    let org = &mut store.org;
    let original = org
        .workspaces
        .get(&id)
        .cloned()
        .ok_or_else(workspace_not_found)?;
    let clone_id = org.take_workspace_id();
    let api_key = org.new_api_key(clone_id);
    let created_ms = Organisation::creation_time(org.workspaces.values().map(|w| w.created_ms));
    let workspace = OrgWorkspace {
        id: clone_id,
        name: name.unwrap_or_else(|| format!("{} (clone)", original.workspace.name)),
        created_at: Some(iso8601(created_ms)),
        api_key: None,
        ..original.workspace.clone()
    };
    org.workspaces.insert(
        clone_id,
        WorkspaceRecord {
            workspace: workspace.clone(),
            api_key: Some(api_key),
            created_ms,
            members: original.members,
            cloning: Some(Since::now()),
        },
    );
    drop(store);
    Ok(json(
        StatusCode::ACCEPTED,
        &JobStarted {
            status: None,
            url: None,
            status_endpoint: Some(api_url(
                &state,
                &headers,
                &format!("/workspaces/{clone_id}/clone_status"),
            )),
            data: serde_json::to_value(workspace).ok(),
        },
    ))
}

/// `GET /workspaces/{id}/clone_status` (the clone's id): `processing`, then `completed`.
pub async fn clone_status(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = workspace_id(&state, id)?;
    let cloning = state
        .store()
        .org
        .workspaces
        .get(&id)
        .and_then(|w| w.cloning)
        .ok_or_else(|| ApiError::not_found(format!("Workspace {id} is not a clone")))?;
    Ok(json(
        StatusCode::OK,
        &JobStatus {
            status: if cloning.done(state.refresh) {
                "completed"
            } else {
                "processing"
            }
            .into(),
            details: None,
        },
    ))
}

/// `GET /workspaces/{id}/users?page&per_page&order`: by user id, `role` the workspace role, the
/// id as text.
pub async fn workspace_users(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = workspace_id(&state, id)?;
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read(&params)?;
    let users: Vec<User> = {
        let store = state.store();
        let org = &store.org;
        let record = org.workspaces.get(&id).ok_or_else(workspace_not_found)?;
        record
            .members
            .iter()
            .filter_map(|(user, role)| {
                // The id as text, as the reference's example of this list shows it
                // (`"id": "12345"`); the organisation's own lists give it as a number.
                org.users.get(user).map(|u| User {
                    id: IdOrText::Text(u.user.id.as_u64().unwrap_or_default().to_string()),
                    role: Some(role.as_str().to_owned()),
                    ..u.user.clone()
                })
            })
            .collect()
    };
    let (total, data) = paging.window(users);
    Ok(paging.answer(
        &state,
        &headers,
        &format!("/workspaces/{id}/users"),
        "",
        data,
        total,
    ))
}

/// A workspace role at `path`.
fn workspace_role(value: Option<&Value>, path: &str) -> Result<WorkspaceRole, ApiError> {
    value
        .and_then(Value::as_str)
        .filter(|role| WorkspaceRole::KNOWN.contains(role))
        .map(WorkspaceRole::from_wire)
        .ok_or_else(|| invalid(path, "must be owner, editor, operator or viewer"))
}

/// An invitation made now.
fn invite(
    org: &mut Organisation,
    email: String,
    role: &str,
    workspaces: Vec<JsonObject>,
) -> Invitation {
    let id = org.take_invitation_id();
    let created_ms = Organisation::creation_time(org.invitations.values().map(|i| i.created_ms));
    let lifetime = i64::try_from(INVITATION_LIFETIME.as_millis()).unwrap_or(i64::MAX);
    let record = InvitationRecord {
        invitation: Invitation {
            id,
            email,
            role: Some(role.to_owned()),
            workspaces: Some(workspaces),
            status: None,
            created_at: Some(iso8601(created_ms)),
            expires_at: Some(iso8601(created_ms.saturating_add(lifetime))),
        },
        created_ms,
        started: Since::now(),
    };
    let shown = record.view();
    org.invitations.insert(id, record);
    shown
}

/// `POST /workspaces/{id}/invitations` with `{emails, role}`: one invitation per email, to the
/// organisation as a member with that role in this workspace.
pub async fn invite_to_workspace(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = workspace_id(&state, id)?;
    let body = read_object(body)?;
    let items = optional_list(&body, "emails")?.ok_or_else(|| invalid("emails", "is required"))?;
    if items.is_empty() {
        return Err(invalid("emails", "must not be empty"));
    }
    let role = workspace_role(body.get("role"), "role")?;
    let mut store = state.store();
    let org = &mut store.org;
    let members = org
        .workspaces
        .get(&id)
        .map(|w| w.members.clone())
        .ok_or_else(workspace_not_found)?;
    let mut emails = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let path = format!("emails[{index}]");
        let email = item
            .as_str()
            .map(str::trim)
            .filter(|email| is_email(email))
            .ok_or_else(|| invalid(&path, "must be an email address"))?;
        if org.user_by_email(email).is_some_and(|u| {
            u.user
                .id
                .as_u64()
                .is_some_and(|id| members.contains_key(&id))
        }) {
            return Err(invalid(
                &path,
                format!("{email} is already a user of this workspace"),
            ));
        }
        emails.push(email.to_owned());
    }
    let made: Vec<Invitation> = emails
        .into_iter()
        .map(|email| invite(org, email, "member", vec![grant(id, role.as_str())]))
        .collect();
    drop(store);
    Ok(json(
        StatusCode::CREATED,
        &Envelope {
            status: "created",
            data: made,
        },
    ))
}

/// `GET /users?page&per_page&order`: by id; the answer carries `pagination` and the legacy `next`.
pub async fn list_users(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read(&params)?;
    let users: Vec<User> = state
        .store()
        .org
        .users
        .values()
        .map(|u| u.user.clone())
        .collect();
    let (total, data) = paging.window(users);
    Ok(paging.answer(&state, &headers, "/users", "", data, total))
}

/// `GET /users/{id}`.
pub async fn get_user(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let user = path_id(id)
        .and_then(|id| state.store().org.users.get(&id).map(|u| u.user.clone()))
        .ok_or_else(user_not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: user,
        },
    ))
}

/// `GET /invitations?page&per_page&order`, by creation time (then id).
pub async fn list_invitations(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read(&params)?;
    let mut invitations: Vec<(i64, Invitation)> = state
        .store()
        .org
        .invitations
        .values()
        .map(|i| (i.created_ms, i.view()))
        .collect();
    invitations.sort_by_key(|(created_ms, i)| (*created_ms, i.id));
    let (total, page) = paging.window(invitations);
    let data: Vec<Invitation> = page.into_iter().map(|(_, i)| i).collect();
    Ok(paging.answer(&state, &headers, "/invitations", "", data, total))
}

/// `POST /invitations` with `{email, role, workspaces?}`: 201 with the invitation.
pub async fn create_invitation(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = read_object(body)?;
    let email = required_text(&body, "email")?;
    if !is_email(&email) {
        return Err(invalid("email", "must be an email address"));
    }
    let role = body
        .get("role")
        .and_then(Value::as_str)
        .filter(|role| OrganizationRole::KNOWN.contains(role))
        .ok_or_else(|| invalid("role", "must be admin or member"))?
        .to_owned();
    let items = optional_list(&body, "workspaces")?
        .unwrap_or_default()
        .to_vec();
    let mut store = state.store();
    let org = &mut store.org;
    if org.user_by_email(&email).is_some() {
        return Err(invalid(
            "email",
            format!("{email} is already a member of the organization"),
        ));
    }
    let mut grants = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let path = format!("workspaces[{index}]");
        let Value::Object(item) = item else {
            return Err(invalid(&path, "must be an object {id, role}"));
        };
        let id = id_value(item.get("id"), &format!("{path}.id"))?;
        if !org.workspaces.contains_key(&id) {
            return Err(invalid(
                &format!("{path}.id"),
                format!("no workspace has id {id}"),
            ));
        }
        let role = workspace_role(item.get("role"), &format!("{path}.role"))?;
        grants.push(grant(id, role.as_str()));
    }
    let invitation = invite(org, email, &role, grants);
    drop(store);
    Ok(json(
        StatusCode::CREATED,
        &Envelope {
            status: "created",
            data: invitation,
        },
    ))
}
