//! The inputs of the rest of the Census API (models, datasets, segments, topics, links,
//! webhooks, workspaces, invitations), each a model (types, required members, TypeScript) and
//! a list of checks (values), sent as the caller wrote them, members not listed included (a
//! resource's inputs refuse the read-only `id`, `created_at` and `updated_at`, and the other
//! members its read carries that no input takes).

use crate::json_input::{Check, JsonInput, READ_ONLY_CHECKS, Test, check};
use crate::model;
use crate::models::JsonObject;
use crate::scan::Kind;
use crate::workspace_models::{OrganizationRole, WorkspaceRole};

/// The events a webhook can subscribe to.
pub const WEBHOOK_EVENTS: &[&str] = &[
    "sync.alert.raised",
    "sync.alert.resolved",
    "sync.triggered",
    "sync.started",
    "sync.completed",
    "sync.success",
    "sync.failed",
];

/// The kinds of dataset `createDataset` takes.
pub const DATASET_TYPES: &[&str] = &["sql", "entity_resolution"];

model! {
    /// `createModel`'s input (the deprecated models API): a SQL model of a source.
    pub struct CreateModelInput as CREATE_MODEL_SHAPE, CREATE_MODEL_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        name: String = req Kind::Str;
        /// The SQL.
        query: String = req Kind::Str;
        description: Option<String> = omit Kind::Str;
    }
}

model! {
    /// Every member a dataset's input may hold, whatever its kind: what `updateDataset`
    /// patches. `createDataset` takes one kind or the other (`CreateDatasetInput`).
    pub struct CreateDatasetInput as CREATE_DATASET_SHAPE, CREATE_DATASET_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        name: String = req Kind::Str;
        dataset_type ("type"): String = req Kind::Str, ts "'sql' | 'entity_resolution'";
        description: Option<String> = omit Kind::Str;
        /// SQL datasets: the source.
        source_id: Option<u64> = omit Kind::U64;
        /// SQL datasets: the query.
        query: Option<String> = omit Kind::Str;
        /// Entity resolution: the datasets it resolves across.
        source_dataset_ids: Option<Vec<u64>> = omit Kind::Array(&Kind::U64);
        match_rules: Option<serde_json::Value> = omit Kind::Any, ts "JsonValue";
        merge_rules: Option<serde_json::Value> = omit Kind::Any, ts "JsonValue";
        /// Entity resolution: how it runs, as reads show it (`"standard"`).
        mode: Option<String> = omit Kind::Str;
    }
}

model! {
    /// `createSegment`'s input. `molecules` is Census's recursive filter, sent as given
    /// (its shape is not documented in full).
    pub struct CreateSegmentInput as CREATE_SEGMENT_SHAPE, CREATE_SEGMENT_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        name: String = req Kind::Str;
        description: Option<String> = omit Kind::Str;
        molecules: Option<serde_json::Value> = omit Kind::Any, ts "JsonValue";
        /// The segment's cohorts (an A/B split), each `{ name, percentage, is_control? }`;
        /// Census gives them their ids.
        cohorts: Option<Vec<JsonObject>> = omit Kind::Array(&Kind::FreeObject),
            ts "{ name: string; percentage: number; is_control?: boolean | undefined }[]";
    }
}

model! {
    /// `createTopic`'s input (HTTP-request sources).
    pub struct CreateTopicInput as CREATE_TOPIC_SHAPE, CREATE_TOPIC_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        name: String = req Kind::Str;
        description: Option<String> = omit Kind::Str;
    }
}

model! {
    /// A connect link's input: the connection type and where to send the user afterwards.
    pub struct CreateConnectLinkInput as CREATE_CONNECT_LINK_SHAPE, CREATE_CONNECT_LINK_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// A source type's or connector's `service_name`.
        link_type ("type"): String = req Kind::Str;
        redirect_uri: Option<String> = omit Kind::Str;
    }
}

model! {
    /// A management link's input (sync or segment management, reauthorization).
    pub struct CreateLinkInput as CREATE_LINK_SHAPE, CREATE_LINK_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        redirect_uri: Option<String> = omit Kind::Str;
    }
}

model! {
    /// `createSyncManagementLink`'s input: where Census sends the user once the sync is made,
    /// which it requires here (and only here among the links).
    pub struct CreateSyncManagementLinkInput as CREATE_SYNC_MANAGEMENT_LINK_SHAPE,
        CREATE_SYNC_MANAGEMENT_LINK_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        redirect_uri: String = req Kind::Str;
    }
}

model! {
    /// `createWebhook`'s input. The answer holds the signing `secret`, once.
    pub struct CreateWebhookInput as CREATE_WEBHOOK_SHAPE, CREATE_WEBHOOK_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        name: Option<String> = omit Kind::Str;
        /// An `https:` URL that receives the events.
        endpoint: String = req Kind::Str;
        description: Option<String> = omit Kind::Str;
        events: Vec<String> = req Kind::Array(&Kind::Str), ts "WebhookEvent[]";
    }
}

model! {
    /// `createWorkspace`'s input (personal access token).
    pub struct CreateWorkspaceInput as CREATE_WORKSPACE_SHAPE, CREATE_WORKSPACE_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        name: String = req Kind::Str;
        notification_emails: Option<Vec<String>> = omit Kind::Array(&Kind::Str);
        /// Answer the new workspace's API key with it, once.
        return_workspace_api_key: Option<bool> = omit Kind::Bool;
    }
}

model! {
    /// `inviteToWorkspace`'s input.
    pub struct WorkspaceInvitationInput as WORKSPACE_INVITATION_SHAPE, WORKSPACE_INVITATION_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        emails: Vec<String> = req Kind::Array(&Kind::Str);
        role: WorkspaceRole = req Kind::Str, ts "'owner' | 'editor' | 'operator' | 'viewer'";
    }
}

model! {
    /// `createInvitation`'s input: an invitation to the organisation and its workspaces.
    pub struct CreateInvitationInput as CREATE_INVITATION_SHAPE, CREATE_INVITATION_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        email: String = req Kind::Str;
        role: OrganizationRole = req Kind::Str, ts "'admin' | 'member'";
        /// `[{ id, role }]`: the workspaces it grants, each with a workspace role.
        workspaces: Option<Vec<JsonObject>> = omit Kind::Array(&Kind::FreeObject),
            ts "{ id: number; role: 'owner' | 'editor' | 'operator' | 'viewer' }[]";
    }
}

const REQUIRED: Test = Test::Required;
const READ_ONLY: Test = Test::ReadOnly;
const WORKSPACE_ROLES: &[&str] = WorkspaceRole::KNOWN;

/// Builds a create input and its patch from one model.
const fn input(
    name: &'static str,
    shape: &'static crate::scan::Shape<'static>,
    patch: bool,
    checks: &'static [&'static [Check]],
) -> JsonInput {
    JsonInput {
        name: crate::api::text(name),
        shape,
        patch,
        checks,
        closed: None,
    }
}

static MODEL_CHECKS: &[Check] = &[check("name", Test::Text), check("query", Test::Text)];
/// Members of a `Model` read that no input takes (what Census derives from the query, its
/// kind among a source's objects, and its ids elsewhere).
static MODEL_READ_ONLY: &[Check] = &[
    check("type", READ_ONLY),
    check("compiled_query", READ_ONLY),
    check("columns", READ_ONLY),
    check("source_object_id", READ_ONLY),
    check("dataset_id=", READ_ONLY),
];
/// A segment's or topic's source, which the path names.
static SOURCE_READ_ONLY: &[Check] = &[check("source_id", READ_ONLY)];
pub static CREATE_MODEL_INPUT: JsonInput = input(
    "CreateModelInput",
    &CREATE_MODEL_SHAPE,
    false,
    &[READ_ONLY_CHECKS, MODEL_READ_ONLY, MODEL_CHECKS],
);
pub static UPDATE_MODEL_INPUT: JsonInput = input(
    "UpdateModelInput",
    &CREATE_MODEL_SHAPE,
    true,
    &[READ_ONLY_CHECKS, MODEL_READ_ONLY, MODEL_CHECKS],
);

static DATASET_CHECKS: &[Check] = &[
    check("name", Test::Text),
    check("type", Test::OneOf(DATASET_TYPES)),
    check("source_id", Test::Id),
    check("source_dataset_ids[]", Test::Id),
    check("query", Test::Text),
];
/// An entity-resolution dataset's `status` (its `mode` is an input).
static DATASET_READ_ONLY: &[Check] = &[check("status", READ_ONLY)];
static DATASET_CREATE_CHECKS: &[Check] = &[
    check("source_id", Test::When("type", "sql", &REQUIRED)),
    check("query", Test::When("type", "sql", &REQUIRED)),
    check(
        "source_dataset_ids",
        Test::When("type", "entity_resolution", &REQUIRED),
    ),
    check(
        "source_dataset_ids",
        Test::When("type", "entity_resolution", &Test::NotEmpty),
    ),
];
pub static CREATE_DATASET_INPUT: JsonInput = input(
    "CreateDatasetInput",
    &CREATE_DATASET_SHAPE,
    false,
    &[
        READ_ONLY_CHECKS,
        DATASET_READ_ONLY,
        DATASET_CHECKS,
        DATASET_CREATE_CHECKS,
    ],
);
pub static UPDATE_DATASET_INPUT: JsonInput = input(
    "UpdateDatasetInput",
    &CREATE_DATASET_SHAPE,
    true,
    &[READ_ONLY_CHECKS, DATASET_READ_ONLY, DATASET_CHECKS],
);

static NAME_CHECKS: &[Check] = &[check("name", Test::Text)];
static COHORT_CHECKS: &[Check] = &[
    check("cohorts[].name", REQUIRED),
    check("cohorts[].name", Test::Text),
    check("cohorts[].percentage", REQUIRED),
];
pub static CREATE_SEGMENT_INPUT: JsonInput = input(
    "CreateSegmentInput",
    &CREATE_SEGMENT_SHAPE,
    false,
    &[
        READ_ONLY_CHECKS,
        SOURCE_READ_ONLY,
        NAME_CHECKS,
        COHORT_CHECKS,
    ],
);
pub static UPDATE_SEGMENT_INPUT: JsonInput = input(
    "UpdateSegmentInput",
    &CREATE_SEGMENT_SHAPE,
    true,
    &[
        READ_ONLY_CHECKS,
        SOURCE_READ_ONLY,
        NAME_CHECKS,
        COHORT_CHECKS,
    ],
);
pub static CREATE_TOPIC_INPUT: JsonInput = input(
    "CreateTopicInput",
    &CREATE_TOPIC_SHAPE,
    false,
    &[READ_ONLY_CHECKS, SOURCE_READ_ONLY, NAME_CHECKS],
);
pub static UPDATE_TOPIC_INPUT: JsonInput = input(
    "UpdateTopicInput",
    &CREATE_TOPIC_SHAPE,
    true,
    &[READ_ONLY_CHECKS, SOURCE_READ_ONLY, NAME_CHECKS],
);

static LINK_CHECKS: &[Check] = &[check("type", Test::Text), check("redirect_uri", Test::Text)];
pub static CREATE_CONNECT_LINK_INPUT: JsonInput = input(
    "CreateConnectLinkInput",
    &CREATE_CONNECT_LINK_SHAPE,
    false,
    &[LINK_CHECKS],
);
pub static CREATE_LINK_INPUT: JsonInput =
    input("CreateLinkInput", &CREATE_LINK_SHAPE, false, &[LINK_CHECKS]);
pub static CREATE_SYNC_MANAGEMENT_LINK_INPUT: JsonInput = input(
    "CreateSyncManagementLinkInput",
    &CREATE_SYNC_MANAGEMENT_LINK_SHAPE,
    false,
    &[LINK_CHECKS],
);

static WEBHOOK_CHECKS: &[Check] = &[
    check("endpoint", Test::Custom(https_url)),
    check("events", Test::NotEmpty),
    check("events[]", Test::OneOf(WEBHOOK_EVENTS)),
];
/// The signing secret, which Census makes and answers once.
static WEBHOOK_READ_ONLY: &[Check] = &[check("secret", READ_ONLY)];
pub static CREATE_WEBHOOK_INPUT: JsonInput = input(
    "CreateWebhookInput",
    &CREATE_WEBHOOK_SHAPE,
    false,
    &[READ_ONLY_CHECKS, WEBHOOK_READ_ONLY, WEBHOOK_CHECKS],
);

static WORKSPACE_CHECKS: &[Check] = &[
    check("name", Test::Text),
    check("notification_emails[]", Test::Custom(email)),
];
/// A workspace's organisation and its key (asked for with `return_workspace_api_key`).
static WORKSPACE_READ_ONLY: &[Check] = &[
    check("organization_id", READ_ONLY),
    check("api_key", READ_ONLY),
];
pub static CREATE_WORKSPACE_INPUT: JsonInput = input(
    "CreateWorkspaceInput",
    &CREATE_WORKSPACE_SHAPE,
    false,
    &[READ_ONLY_CHECKS, WORKSPACE_READ_ONLY, WORKSPACE_CHECKS],
);
/// A patch cannot ask for the key: only a create answers it.
static UPDATE_WORKSPACE_CHECKS: &[Check] =
    &[check("return_workspace_api_key", Test::Custom(create_only))];
pub static UPDATE_WORKSPACE_INPUT: JsonInput = input(
    "UpdateWorkspaceInput",
    &CREATE_WORKSPACE_SHAPE,
    true,
    &[
        READ_ONLY_CHECKS,
        WORKSPACE_READ_ONLY,
        WORKSPACE_CHECKS,
        UPDATE_WORKSPACE_CHECKS,
    ],
);

static WORKSPACE_INVITATION_CHECKS: &[Check] = &[
    check("emails", Test::NotEmpty),
    check("emails[]", Test::Custom(email)),
    check("role", Test::OneOf(WORKSPACE_ROLES)),
];
pub static WORKSPACE_INVITATION_INPUT: JsonInput = input(
    "WorkspaceInvitationInput",
    &WORKSPACE_INVITATION_SHAPE,
    false,
    &[WORKSPACE_INVITATION_CHECKS],
);

static INVITATION_CHECKS: &[Check] = &[
    check("email", Test::Custom(email)),
    check("role", Test::OneOf(OrganizationRole::KNOWN)),
    check("workspaces[].id", REQUIRED),
    check("workspaces[].id", Test::Id),
    check("workspaces[].role", REQUIRED),
    check("workspaces[].role", Test::OneOf(WORKSPACE_ROLES)),
];
pub static CREATE_INVITATION_INPUT: JsonInput = input(
    "CreateInvitationInput",
    &CREATE_INVITATION_SHAPE,
    false,
    &[INVITATION_CHECKS],
);

/// Any object, sent as given (an object creation request, whose members depend on the
/// destination's object types).
pub static ANY_OBJECT_INPUT: JsonInput = input("JsonObject", &ANY_OBJECT, false, &[]);
static ANY_OBJECT: crate::scan::Shape<'static> = crate::scan::Shape {
    name: "JsonObject",
    fields: &[],
};

/// An `https:` URL (Census posts webhook events only to those).
fn https_url(
    field: &str,
    _: crate::json_input::Json<'_>,
    value: Option<crate::json_input::Json<'_>>,
    _: &crate::api::Call,
) -> Result<(), crate::error::ClientError> {
    match value.and_then(|value| value.text()) {
        None => Ok(()),
        Some(url) if url.starts_with("https://") && url.len() > "https://".len() => Ok(()),
        Some(url) => Err(crate::error::ClientError::invalid_input(
            field,
            format!(
                "expected an https:// URL, got {}",
                crate::scan::quoted(&url)
            ),
        )),
    }
}

/// `return_workspace_api_key`, which only `createWorkspace` takes.
fn create_only(
    field: &str,
    _: crate::json_input::Json<'_>,
    value: Option<crate::json_input::Json<'_>>,
    _: &crate::api::Call,
) -> Result<(), crate::error::ClientError> {
    match value {
        None => Ok(()),
        Some(_) => Err(crate::error::ClientError::invalid_input(
            field,
            "only createWorkspace takes it; read an existing workspace's key with getWorkspaceApiKey",
        )),
    }
}

/// Something like an email address: text around one `@`, with a dot after it.
fn email(
    field: &str,
    _: crate::json_input::Json<'_>,
    value: Option<crate::json_input::Json<'_>>,
    _: &crate::api::Call,
) -> Result<(), crate::error::ClientError> {
    let Some(value) = value else { return Ok(()) };
    let text = value.text().unwrap_or_default();
    let looks_right = match text.split_once('@') {
        Some((name, domain)) => {
            !name.is_empty() && domain.contains('.') && !domain.contains('@') && !text.contains(' ')
        }
        None => false,
    };
    if looks_right {
        Ok(())
    } else {
        Err(crate::error::ClientError::invalid_input(
            field,
            format!("expected an email address, got {}", value.0),
        ))
    }
}

/// The TypeScript unions the inputs use, and the patches.
pub fn typescript() -> String {
    format!(
        "/** What a webhook can subscribe to. */\nexport type WebhookEvent = {};\n\
         /** `updateModel`'s patch: members of `CreateModelInput`, at least one of them given. */\nexport type UpdateModelInput = NonEmptyPatch<CreateModelInput>;\n\
         /** `updateDataset`'s patch: members of `DatasetInputFields`, at least one of them given. */\nexport type UpdateDatasetInput = NonEmptyPatch<DatasetInputFields>;\n\
         /** `updateSegment`'s patch: members of `CreateSegmentInput`, at least one of them given. */\nexport type UpdateSegmentInput = NonEmptyPatch<CreateSegmentInput>;\n\
         /** `updateTopic`'s patch: members of `CreateTopicInput`, at least one of them given. */\nexport type UpdateTopicInput = NonEmptyPatch<CreateTopicInput>;\n\
         /** `updateWorkspace`'s patch: members of `CreateWorkspaceInput` but the API key (answered only by a create), at least one of them given. */\nexport type UpdateWorkspaceInput = NonEmptyPatch<Omit<CreateWorkspaceInput, 'return_workspace_api_key'>>;\n\
         /**\n * `createDataset`'s input, by `type`: a SQL dataset needs `source_id` and `query`, an\n * entity-resolution one `source_dataset_ids`, as the client checks before sending.\n */\nexport type CreateDatasetInput = CreateSqlDatasetInput | CreateEntityResolutionDatasetInput;\n\
         /** `createDataset`'s input for a SQL dataset: a query of a source. */\nexport interface CreateSqlDatasetInput {{\n  name: string;\n  type: 'sql';\n  description?: string | null | undefined;\n  /** The source the query runs in. */\n  source_id: number;\n  /** The query. */\n  query: string;\n{read_only}}}\n\
         /** `createDataset`'s input for an entity-resolution dataset: the datasets it resolves across, and its rules. */\nexport interface CreateEntityResolutionDatasetInput {{\n  name: string;\n  type: 'entity_resolution';\n  description?: string | null | undefined;\n  /** The datasets it resolves across. */\n  source_dataset_ids: readonly number[];\n  match_rules?: JsonValue | null | undefined;\n  merge_rules?: JsonValue | null | undefined;\n  /** How it runs, as reads show it (`\"standard\"`). */\n  mode?: string | null | undefined;\n{read_only}}}\n",
        crate::json_input::ts_union(WEBHOOK_EVENTS),
        read_only = crate::json_input::refused_typescript(&CREATE_DATASET_INPUT),
    )
}

/// The TypeScript name of an input model: `CreateDatasetInput` names the union of its two
/// kinds ([`typescript`]), so the model, every member a dataset's input may hold, is
/// `DatasetInputFields`, what `updateDataset` patches.
pub fn input_name(model: &crate::model::ModelDoc) -> &'static str {
    if std::ptr::eq(model, &CREATE_DATASET_INPUT_MODEL) {
        "DatasetInputFields"
    } else {
        model.shape.name
    }
}

/// Every input model, for the TypeScript generator.
pub static INPUT_MODELS: &[&crate::model::ModelDoc] = &[
    &CREATE_MODEL_INPUT_MODEL,
    &CREATE_DATASET_INPUT_MODEL,
    &CREATE_SEGMENT_INPUT_MODEL,
    &CREATE_TOPIC_INPUT_MODEL,
    &CREATE_CONNECT_LINK_INPUT_MODEL,
    &CREATE_LINK_INPUT_MODEL,
    &CREATE_SYNC_MANAGEMENT_LINK_INPUT_MODEL,
    &CREATE_WEBHOOK_INPUT_MODEL,
    &CREATE_WORKSPACE_INPUT_MODEL,
    &WORKSPACE_INVITATION_INPUT_MODEL,
    &CREATE_INVITATION_INPUT_MODEL,
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // test code
    use super::*;

    /// Each kind of `CreateDatasetInput` declares, not optional, every member the client
    /// requires of a dataset of that `type` before sending (`DATASET_CREATE_CHECKS`).
    #[test]
    fn each_dataset_kind_requires_what_the_client_requires() {
        let ts = typescript();
        let mut seen = 0;
        for check in DATASET_CREATE_CHECKS {
            let Test::When("type", kind, Test::Required) = check.test else {
                continue;
            };
            let marker = format!("  type: '{kind}';\n");
            let (_, declared) = ts
                .split("\nexport interface ")
                .filter_map(|interface| interface.split_once(" {\n"))
                .find(|(_, body)| body.contains(&marker))
                .unwrap_or_else(|| panic!("a kind of CreateDatasetInput has {marker:?}"));
            let members = declared.split("\n}").next().unwrap();
            assert!(
                members.contains(&format!("\n  {}: ", check.path)),
                "the {kind} dataset's input requires {} in TypeScript too",
                check.path
            );
            seen += 1;
        }
        assert_eq!(seen, 3, "source_id and query (sql), source_dataset_ids");
    }
}
