//! Wire models of the rest of the Census API (CENSUS-SURFACE.md section 1): source objects,
//! segments, topics, datasets, connect and management links, webhooks, sync-run records, the
//! answers of background jobs, and the organisation's workspaces, users and invitations.
//!
//! Most of these shapes come from the developer reference's pages rather than from a document
//! with examples, and several are marked inferred there: only ids and names are required here,
//! every other member is optional, unknown members are kept, and enum values are open.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::model;
use crate::models::JsonObject;
use crate::scan::Kind;

lenient_string_enum! {
    /// How a workspace user may act: `owner`, `editor`, `operator` or `viewer`.
    WorkspaceRole { Owner => "owner", Editor => "editor", Operator => "operator", Viewer => "viewer" }
}

lenient_string_enum! {
    /// An organisation member's role: `admin` or `member`.
    OrganizationRole { Admin => "admin", Member => "member" }
}

lenient_string_enum! {
    /// What happened to a record in a sync run.
    RecordStatus { Succeeded => "succeeded", Rejected => "rejected", Invalid => "invalid" }
}

model! {
    /// A segment (`filter_segments`) of a source. Census builds it after it answers a create
    /// (`waitForSegment` follows the build); `molecules` is the recursive filter, kept as sent.
    pub struct Segment as SEGMENT, SEGMENT_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        name: String = req Kind::Str;
        description: Option<String> = omit Kind::Str;
        source_id: Option<u64> = omit Kind::U64;
        created_at: Option<String> = omit Kind::Str;
        updated_at: Option<String> = omit Kind::Str;
        /// The filter, as Census describes it (inferred: kept as sent).
        molecules: Option<Value> = omit Kind::Any, ts "JsonValue";
        cohorts: Option<Vec<Cohort>> = omit Kind::Array(&Kind::Object(&COHORT));
    }
}

model! {
    /// A cohort of a segment (only ever nested in one).
    pub struct Cohort as COHORT, COHORT_MODEL, derives(Debug, Clone, PartialEq) {
        id: Option<u64> = opt Kind::U64;
        name: Option<String> = opt Kind::Str;
        percentage: Option<Value> = omit Kind::Number;
        is_control: Option<bool> = omit Kind::Bool;
        resource_identifier: Option<String> = omit Kind::Str;
    }
}

model! {
    /// What `POST /sources/{id}/filter_segments` answers: the new segment's id, and where its
    /// build can be followed (`filter_segment_source_url`, outside `data`).
    pub struct SegmentCreated as SEGMENT_CREATED, SEGMENT_CREATED_MODEL,
        derives(Debug, Clone, PartialEq, Eq)
    {
        id: u64 = req Kind::U64;
        /// The status URL Census answers with; `waitForSegment` polls it.
        filter_segment_source_url: String = req Kind::Str;
    }
}

model! {
    /// A topic of an HTTP-request source.
    pub struct Topic as TOPIC, TOPIC_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        name: String = req Kind::Str;
        description: Option<String> = omit Kind::Str;
        source_id: Option<u64> = omit Kind::U64;
        created_at: Option<String> = omit Kind::Str;
        updated_at: Option<String> = omit Kind::Str;
    }
}

model! {
    /// A dataset: SQL (`type: 'sql'`, with `source_id` and `query`) or entity resolution (with
    /// its rules and source datasets). One lenient shape, since `type` may be a kind this
    /// version does not know, so checking `type` does not narrow it: `SqlDataset` and
    /// `EntityResolutionDataset` name the two kinds for a cast once `type` is checked.
    pub struct Dataset as DATASET, DATASET_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        name: String = req Kind::Str;
        /// `sql` or `entity_resolution`; others are kept as sent.
        dataset_type ("type"): String = req Kind::Str;
        description: Option<String> = omit Kind::Str;
        source_id: Option<u64> = omit Kind::U64;
        query: Option<String> = omit Kind::Str;
        match_rules: Option<Value> = omit Kind::Any, ts "JsonValue";
        merge_rules: Option<Value> = omit Kind::Any, ts "JsonValue";
        source_dataset_ids: Option<Vec<u64>> = omit Kind::Array(&Kind::U64);
        mode: Option<String> = omit Kind::Str;
        status: Option<String> = omit Kind::Str;
        created_at: Option<String> = omit Kind::Str;
        updated_at: Option<String> = omit Kind::Str;
    }
}

model! {
    /// A connect link (source, destination, reauthorization) or a sync or segment management
    /// link: a URI to hand to a user, valid until `expiration` (24 h by default).
    pub struct Link as LINK, LINK_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        /// The link to open.
        uri: Option<String> = opt Kind::Str;
        /// The connection type, for connect links.
        link_type ("type"): Option<String> = omit Kind::Str;
        redirect_uri: Option<String> = omit Kind::Str;
        expiration: Option<String> = opt Kind::Str;
        expired: Option<bool> = opt Kind::Bool;
        revoked: Option<bool> = opt Kind::Bool;
        source_id: Option<u64> = omit Kind::U64;
        destination_id: Option<u64> = omit Kind::U64;
        sync_id: Option<u64> = omit Kind::U64;
        /// The segment of a segment management link.
        segment_id: Option<u64> = omit Kind::U64;
        created_at: Option<String> = omit Kind::Str;
    }
}

model! {
    /// A webhook: Census posts sync events to `endpoint`, signed with `X-Signature`.
    pub struct Webhook as WEBHOOK, WEBHOOK_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        name: Option<String> = omit Kind::Str;
        /// Where Census posts the events.
        endpoint: Option<String> = opt Kind::Str;
        description: Option<String> = omit Kind::Str;
        /// `sync.triggered`, `sync.started`, `sync.completed`, `sync.success`, `sync.failed`,
        /// `sync.alert.raised`, `sync.alert.resolved`.
        events: Option<Vec<String>> = omit Kind::Array(&Kind::Str);
        created_at: Option<String> = omit Kind::Str;
        /// The signing secret: only in the answer of `createWebhook`, once. Keep it then.
        secret: Option<String> = omit Kind::Str;
    }
}

model! {
    /// One record of a sync run and what happened to it, as the Fetch Records reference shows
    /// it; every member optional, kept as sent.
    pub struct SyncRunRecord as SYNC_RUN_RECORD, SYNC_RUN_RECORD_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// What was sent to the destination.
        record_payload: Option<Value> = omit Kind::Any, ts "JsonValue";
        /// The record's primary identifier (what the `primaryIdentifier` filter matches).
        identifier: Option<Value> = omit Kind::Any, ts "string | number";
        batch_started_at: Option<String> = omit Kind::Str;
        batch_completed_at: Option<String> = omit Kind::Str;
        /// `upsert` or `delete`.
        operation: Option<String> = omit Kind::Str;
        status: Option<RecordStatus> = omit Kind::Str, ts "RecordStatus";
        /// Why a record was rejected or invalid; often empty otherwise.
        status_message: Option<String> = omit Kind::Str;
    }
}

model! {
    /// The state of a background job Census answers without an envelope (a project refresh,
    /// a workspace clone, an object creation, a segment build): `status` and what else it says.
    pub struct JobStatus as JOB_STATUS, JOB_STATUS_MODEL, derives(Debug, Clone, PartialEq) {
        status: String = req Kind::Str;
        details: Option<Value> = omit Kind::Any, ts "JsonValue";
    }
}

model! {
    /// What a start of a URL-followed job answers: where to follow it (`url`,
    /// `status_endpoint`), as Census names it per endpoint.
    pub struct JobStarted as JOB_STARTED, JOB_STARTED_MODEL, derives(Debug, Clone, PartialEq) {
        status: Option<String> = omit Kind::Str;
        url: Option<String> = omit Kind::Str;
        status_endpoint: Option<String> = omit Kind::Str;
        data: Option<Value> = omit Kind::Any, ts "JsonValue";
    }
}

model! {
    /// A workspace of the organisation (personal access token).
    pub struct OrgWorkspace as ORG_WORKSPACE, ORG_WORKSPACE_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        name: String = req Kind::Str;
        organization_id: Option<u64> = omit Kind::U64;
        created_at: Option<String> = omit Kind::Str;
        notification_emails: Option<Vec<String>> = omit Kind::Array(&Kind::Str);
        /// Only when created with `return_workspace_api_key: true`.
        api_key: Option<String> = omit Kind::Str;
    }
}

model! {
    /// `GET /workspaces/{id}/api_key`: the workspace's API key, answered without an envelope.
    pub struct ApiKey as API_KEY, API_KEY_MODEL, derives(Debug, Clone, PartialEq, Eq) {
        api_key: String = req Kind::Str;
    }
}

/// An id the API gives as a number, or as its digits in a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IdOrText {
    Number(i64),
    Text(String),
}

impl From<u64> for IdOrText {
    fn from(id: u64) -> Self {
        i64::try_from(id).map_or_else(|_| Self::Text(id.to_string()), Self::Number)
    }
}

impl IdOrText {
    /// The id as a number: itself, or the digits of its text.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Number(id) => u64::try_from(*id).ok(),
            Self::Text(digits) => digits.parse().ok(),
        }
    }
}

model! {
    /// A user of the organisation or of a workspace.
    pub struct User as USER, USER_MODEL, derives(Debug, Clone, PartialEq) {
        /// A number, or its digits as a string, as the reference's workspace-users example
        /// shows it (`"12345"`).
        id: IdOrText = req Kind::Status, ts "number | string";
        email: Option<String> = opt Kind::Str;
        name: Option<String> = omit Kind::Str;
        /// `admin` or `member` in the organisation; a workspace role in a workspace's list.
        role: Option<String> = omit Kind::Str;
        created_at: Option<String> = omit Kind::Str;
        last_sign_in_at: Option<String> = omit Kind::Str;
    }
}

model! {
    /// An invitation to the organisation, with the workspaces it grants.
    pub struct Invitation as INVITATION, INVITATION_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        email: String = req Kind::Str;
        role: Option<String> = omit Kind::Str, ts "OrganizationRole";
        /// `[{ id, role }]`.
        workspaces: Option<Vec<JsonObject>> = omit Kind::Array(&Kind::FreeObject);
        status: Option<String> = omit Kind::Str;
        created_at: Option<String> = omit Kind::Str;
        expires_at: Option<String> = omit Kind::Str;
    }
}
