//! The administration side of the Census API (CENSUS-SURFACE.md section 1): connect links,
//! management links, webhooks, sync-run records and cancellation, and the organisation's
//! workspaces, users and invitations (personal access token), as descriptions.

use super::{
    Arg, Creation, Endpoint, Filter, JobKind, Mode, Op, Place, Poll, Reply, describe, endpoint,
    get, id, json, post,
};
use crate::admin_input::{
    CREATE_CONNECT_LINK_INPUT, CREATE_INVITATION_INPUT, CREATE_LINK_INPUT,
    CREATE_SYNC_MANAGEMENT_LINK_INPUT, CREATE_WEBHOOK_INPUT, CREATE_WORKSPACE_INPUT,
    UPDATE_WORKSPACE_INPUT, WORKSPACE_INVITATION_INPUT,
};
use crate::checked;
use crate::request::{Auth, Method};

/// An organisation endpoint: the personal access token, never the workspace's.
const fn org(endpoint: Endpoint) -> Endpoint {
    Endpoint {
        auth: Auth::Personal,
        ..endpoint
    }
}

// ---- links --------------------------------------------------------------------------------------

pub static LIST_SOURCE_CONNECT_LINKS: Endpoint = get(
    "/source_connect_links",
    "the source connect links",
    Reply::Page(&checked::LINKS),
);
pub static CREATE_SOURCE_CONNECT_LINK: Endpoint = post(
    "/source_connect_links",
    "a new source connect link",
    Reply::Data(&checked::LINK),
);
pub static REVOKE_SOURCE_CONNECT_LINK: Endpoint = post(
    "/source_connect_links/{}/revoke",
    "source connect link {0}",
    Reply::Status,
);
pub static SOURCE_REAUTH_LINK: Endpoint = post(
    "/sources/{}/connect_links",
    "a reauthorization link of source {0}",
    Reply::Data(&checked::LINK),
);
pub static LIST_DESTINATION_CONNECT_LINKS: Endpoint = get(
    "/destination_connect_links",
    "the destination connect links",
    Reply::Page(&checked::LINKS),
);
pub static GET_DESTINATION_CONNECT_LINK: Endpoint = get(
    "/destination_connect_links/{}",
    "destination connect link {0}",
    Reply::Data(&checked::LINK),
);
pub static CREATE_DESTINATION_CONNECT_LINK: Endpoint = post(
    "/destination_connect_links",
    "a new destination connect link",
    Reply::Data(&checked::LINK),
);
pub static REVOKE_DESTINATION_CONNECT_LINK: Endpoint = post(
    "/destination_connect_links/{}/revoke",
    "destination connect link {0}",
    Reply::Status,
);
pub static DESTINATION_CONNECT_LINK_TYPES: Endpoint = get(
    "/destination_connect_links/types",
    "the destination connect link types",
    Reply::Items(&checked::ANY_ITEMS),
);
pub static DESTINATION_REAUTH_LINK: Endpoint = post(
    "/destinations/{}/connect_links",
    "a reauthorization link of destination {0}",
    Reply::Data(&checked::LINK),
);
pub static LIST_SYNC_MANAGEMENT_LINKS: Endpoint = get(
    "/sync_management_links",
    "the sync management links",
    Reply::Page(&checked::LINKS),
);
pub static CREATE_SYNC_MANAGEMENT_LINK: Endpoint = post(
    "/sync_management_links",
    "a new sync management link",
    Reply::Data(&checked::LINK),
);
pub static REVOKE_SYNC_MANAGEMENT_LINK: Endpoint = post(
    "/sync_management_links/{}/revoke",
    "sync management link {0}",
    Reply::Status,
);
pub static SYNC_EDIT_LINK: Endpoint = post(
    "/syncs/{}/connect_links",
    "an edit link of sync {0}",
    Reply::Data(&checked::LINK),
);
pub static CREATE_SEGMENT_MANAGEMENT_LINK: Endpoint = post(
    "/segment_management_links",
    "a new segment management link",
    Reply::Data(&checked::LINK),
);
pub static SEGMENT_EDIT_LINK: Endpoint = post(
    "/sources/{}/filter_segments/{}/segment_management_links",
    "a management link of segment {1} of source {0}",
    Reply::Data(&checked::LINK),
);

// ---- webhooks, run records ----------------------------------------------------------------------

pub static LIST_WEBHOOKS: Endpoint = get(
    "/webhooks",
    "the webhook list",
    Reply::Page(&checked::WEBHOOKS),
);
pub static GET_WEBHOOK: Endpoint = get(
    "/webhooks/{}",
    "webhook {0}",
    Reply::Data(&checked::WEBHOOK),
);
pub static CREATE_WEBHOOK: Endpoint = post(
    "/webhooks",
    "the new webhook",
    Reply::Data(&checked::WEBHOOK),
);
pub static LIST_RECORDS: Endpoint = Endpoint {
    filters: &[
        Filter {
            key: "status",
            wire: "status",
            allowed: &["succeeded", "rejected", "invalid"],
            id: false,
            doc: text!("`succeeded`, `rejected` or `invalid`."),
        },
        Filter {
            key: "operation",
            wire: "operation",
            allowed: &["upsert", "delete"],
            id: false,
            doc: text!("`upsert` or `delete`."),
        },
        Filter {
            key: "primaryIdentifier",
            wire: "primary_identifier",
            allowed: &[],
            id: false,
            doc: text!("Only the record with this primary identifier."),
        },
    ],
    ..get(
        "/sync_runs/{}/records",
        "the records of sync run {0}",
        Reply::Page(&checked::RECORDS),
    )
};
pub static CANCEL_SYNC_RUN: Endpoint = post("/sync_runs/{}/cancel", "sync run {0}", Reply::Status);

// ---- the organisation (personal access token) -----------------------------------------------------

pub static LIST_WORKSPACES: Endpoint = org(get(
    "/workspaces",
    "the organisation's workspaces",
    Reply::Page(&checked::ORG_WORKSPACES),
));
pub static GET_ORG_WORKSPACE: Endpoint = org(get(
    "/workspaces/{}",
    "workspace {0}",
    Reply::Data(&checked::ORG_WORKSPACE),
));
pub static CREATE_WORKSPACE: Endpoint = org(post(
    "/workspaces",
    "the new workspace",
    Reply::Created(&WORKSPACE_CREATION),
));
static WORKSPACE_CREATION: Creation = Creation {
    noun: "workspace",
    id_key: "id",
    whole: &checked::ORG_WORKSPACE,
    read: &GET_ORG_WORKSPACE,
    read_args: &[id("id")],
    created_ts: text!("OrgWorkspace | { id: number }"),
};
pub static UPDATE_WORKSPACE: Endpoint = org(endpoint(
    Method::Patch,
    "/workspaces/{}",
    "workspace {0}",
    Reply::Data(&checked::ORG_WORKSPACE),
));
pub static DELETE_WORKSPACE: Endpoint = org(endpoint(
    Method::Delete,
    "/workspaces/{}",
    "workspace {0}",
    Reply::Status,
));
pub static WORKSPACE_API_KEY: Endpoint = org(get(
    "/workspaces/{}/api_key",
    "the API key of workspace {0}",
    Reply::Unwrapped(&checked::API_KEY),
));
pub static CLONE_WORKSPACE: Endpoint = org(post(
    "/workspaces/{}/clone",
    "a clone of workspace {0}",
    Reply::Started("status_endpoint"),
));
pub static CLONE_STATUS: Endpoint = org(get(
    "/workspaces/{}/clone_status",
    "the clone of workspace {0}",
    Reply::Unwrapped(&checked::JOB_STATUS),
));
pub static WORKSPACE_CLONE: Poll = Poll {
    start: &CLONE_WORKSPACE,
    start_args: &[id("id")],
    status: &CLONE_STATUS,
    status_args: &[],
    job: JobKind::Url("status_endpoint"),
    what: "workspace clone",
    owner: "workspace",
    check_call: "waitForWorkspaceClone",
};
pub static WORKSPACE_USERS: Endpoint = org(get(
    "/workspaces/{}/users",
    "the users of workspace {0}",
    Reply::Page(&checked::USERS),
));
pub static INVITE_TO_WORKSPACE: Endpoint = org(post(
    "/workspaces/{}/invitations",
    "invitations to workspace {0}",
    Reply::Status,
));
pub static LIST_USERS: Endpoint = org(get(
    "/users",
    "the organisation's users",
    Reply::Page(&checked::USERS),
));
pub static GET_USER: Endpoint = org(get("/users/{}", "user {0}", Reply::Data(&checked::USER)));
pub static LIST_INVITATIONS: Endpoint = org(get(
    "/invitations",
    "the organisation's invitations",
    Reply::Page(&checked::INVITATIONS),
));
pub static CREATE_INVITATION: Endpoint = org(post(
    "/invitations",
    "the new invitation",
    Reply::Data(&checked::INVITATION),
));

// ---- methods ------------------------------------------------------------------------------------

const ID: &[Arg] = &[id("id")];
const LINK_INPUT: &[Arg] = &[json("input", &CREATE_CONNECT_LINK_INPUT)];
const REDIRECT: Arg = json("input", &CREATE_LINK_INPUT);
const URL: Arg = Arg {
    name: "url",
    kind: super::ArgKind::Text {
        hint: "the status_endpoint cloneWorkspace answered",
    },
    place: Place::Body,
};

/// The methods of links, webhooks, run records and the organisation, in the README's order.
pub static ADMIN_OPS: &[Op] = &[
    describe(
        "listSourceConnectLinks",
        &LIST_SOURCE_CONNECT_LINKS,
        &[],
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("LinkPage"),
        text!("Lists one page of source connect links (`expiration`, `expired`, `revoked`)."),
        text!("const { data } = await census.listSourceConnectLinks();"),
    ),
    describe(
        "iterateSourceConnectLinks",
        &LIST_SOURCE_CONNECT_LINKS,
        &[],
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("Link"),
        text!("Iterates over every source connect link with `for await`."),
        text!(
            "for await (const link of census.iterateSourceConnectLinks()) if (!link.revoked) console.log(link.uri);"
        ),
    ),
    describe(
        "listAllSourceConnectLinks",
        &LIST_SOURCE_CONNECT_LINKS,
        &[],
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("Link"),
        text!("Lists every source connect link as one array."),
        text!("const links = await census.listAllSourceConnectLinks();"),
    ),
    describe(
        "createSourceConnectLink",
        &CREATE_SOURCE_CONNECT_LINK,
        LINK_INPUT,
        Mode::Call,
        text!("CallOptions"),
        text!("Link"),
        text!(
            "Creates a link a user opens to connect a source of `type` (valid 24 h by default); `redirect_uri` is where they land afterwards."
        ),
        text!(
            "const { uri } = await census.createSourceConnectLink({ type: 'snowflake', redirect_uri: location.href });"
        ),
    ),
    describe(
        "revokeSourceConnectLink",
        &REVOKE_SOURCE_CONNECT_LINK,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!("Revokes a source connect link."),
        text!("await census.revokeSourceConnectLink(601);"),
    ),
    describe(
        "createSourceReauthLink",
        &SOURCE_REAUTH_LINK,
        &[id("sourceId"), REDIRECT],
        Mode::Call,
        text!("CallOptions"),
        text!("Link"),
        text!("Creates a link that reauthorizes a source's connection."),
        text!(
            "const { uri } = await census.createSourceReauthLink(3, { redirect_uri: location.href });"
        ),
    ),
    describe(
        "listDestinationConnectLinks",
        &LIST_DESTINATION_CONNECT_LINKS,
        &[],
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("LinkPage"),
        text!("Lists one page of destination connect links."),
        text!("const { data } = await census.listDestinationConnectLinks();"),
    ),
    describe(
        "iterateDestinationConnectLinks",
        &LIST_DESTINATION_CONNECT_LINKS,
        &[],
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("Link"),
        text!("Iterates over every destination connect link with `for await`."),
        text!(
            "for await (const link of census.iterateDestinationConnectLinks()) console.log(link.id, link.expired);"
        ),
    ),
    describe(
        "listAllDestinationConnectLinks",
        &LIST_DESTINATION_CONNECT_LINKS,
        &[],
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("Link"),
        text!("Lists every destination connect link as one array."),
        text!("const links = await census.listAllDestinationConnectLinks();"),
    ),
    describe(
        "getDestinationConnectLink",
        &GET_DESTINATION_CONNECT_LINK,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("Link"),
        text!("Fetches one destination connect link."),
        text!("const { expired, revoked } = await census.getDestinationConnectLink(602);"),
    ),
    describe(
        "createDestinationConnectLink",
        &CREATE_DESTINATION_CONNECT_LINK,
        LINK_INPUT,
        Mode::Call,
        text!("CallOptions"),
        text!("Link"),
        text!("Creates a link a user opens to connect a destination of `type`."),
        text!("const { uri } = await census.createDestinationConnectLink({ type: 'hubspot' });"),
    ),
    describe(
        "revokeDestinationConnectLink",
        &REVOKE_DESTINATION_CONNECT_LINK,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!("Revokes a destination connect link."),
        text!("await census.revokeDestinationConnectLink(602);"),
    ),
    describe(
        "listDestinationConnectLinkTypes",
        &DESTINATION_CONNECT_LINK_TYPES,
        &[],
        Mode::Call,
        text!("CallOptions"),
        text!("JsonValue[]"),
        text!("Lists the destination types a connect link can connect (kept as sent)."),
        text!("const types = await census.listDestinationConnectLinkTypes();"),
    ),
    describe(
        "createDestinationReauthLink",
        &DESTINATION_REAUTH_LINK,
        &[id("destinationId"), REDIRECT],
        Mode::Call,
        text!("CallOptions"),
        text!("Link"),
        text!("Creates a link that reauthorizes a destination's connection."),
        text!("const { uri } = await census.createDestinationReauthLink(15, {});"),
    ),
    describe(
        "listSyncManagementLinks",
        &LIST_SYNC_MANAGEMENT_LINKS,
        &[],
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("LinkPage"),
        text!("Lists one page of sync management links (Census Embedded)."),
        text!("const { data } = await census.listSyncManagementLinks();"),
    ),
    describe(
        "iterateSyncManagementLinks",
        &LIST_SYNC_MANAGEMENT_LINKS,
        &[],
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("Link"),
        text!("Iterates over every sync management link with `for await`."),
        text!(
            "for await (const link of census.iterateSyncManagementLinks()) console.log(link.id, link.revoked);"
        ),
    ),
    describe(
        "listAllSyncManagementLinks",
        &LIST_SYNC_MANAGEMENT_LINKS,
        &[],
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("Link"),
        text!("Lists every sync management link as one array."),
        text!("const links = await census.listAllSyncManagementLinks();"),
    ),
    describe(
        "createSyncManagementLink",
        &CREATE_SYNC_MANAGEMENT_LINK,
        &[json("input", &CREATE_SYNC_MANAGEMENT_LINK_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("Link"),
        text!(
            "Creates a link to Census's sync editor for a new sync (its URI takes prefill parameters)."
        ),
        text!(
            "const { uri } = await census.createSyncManagementLink({ redirect_uri: location.href });"
        ),
    ),
    describe(
        "revokeSyncManagementLink",
        &REVOKE_SYNC_MANAGEMENT_LINK,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!("Revokes a sync management link."),
        text!("await census.revokeSyncManagementLink(603);"),
    ),
    describe(
        "createSyncEditLink",
        &SYNC_EDIT_LINK,
        &[id("syncId"), REDIRECT],
        Mode::Call,
        text!("CallOptions"),
        text!("Link"),
        text!("Creates a link to edit an existing sync in Census's editor."),
        text!("const { uri } = await census.createSyncEditLink(61, {});"),
    ),
    describe(
        "createSegmentManagementLink",
        &CREATE_SEGMENT_MANAGEMENT_LINK,
        &[REDIRECT],
        Mode::Call,
        text!("CallOptions"),
        text!("Link"),
        text!(
            "Creates a link to Census's segment builder for a new segment. Only the navigation entry is documented (document 002); the path follows Census's embedded demo."
        ),
        text!("const { uri } = await census.createSegmentManagementLink({});"),
    ),
    describe(
        "createSegmentEditLink",
        &SEGMENT_EDIT_LINK,
        &[id("sourceId"), id("segmentId"), REDIRECT],
        Mode::Call,
        text!("CallOptions"),
        text!("Link"),
        text!(
            "Creates a link to edit an existing segment (the path follows Census's embedded demo)."
        ),
        text!("const { uri } = await census.createSegmentEditLink(8, 303, {});"),
    ),
    describe(
        "listWebhooks",
        &LIST_WEBHOOKS,
        &[],
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("WebhookPage"),
        text!(
            "Lists one page of webhooks (without their secrets). Census answers 403 when the organisation lacks the feature."
        ),
        text!("const { data } = await census.listWebhooks();"),
    ),
    describe(
        "iterateWebhooks",
        &LIST_WEBHOOKS,
        &[],
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("Webhook"),
        text!("Iterates over every webhook, without its secret, with `for await`."),
        text!(
            "for await (const webhook of census.iterateWebhooks()) console.log(webhook.endpoint, webhook.events);"
        ),
    ),
    describe(
        "listAllWebhooks",
        &LIST_WEBHOOKS,
        &[],
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("Webhook"),
        text!("Lists every webhook, without its secret, as one array."),
        text!("const webhooks = await census.listAllWebhooks();"),
    ),
    describe(
        "getWebhook",
        &GET_WEBHOOK,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("Webhook"),
        text!("Fetches one webhook (without its secret)."),
        text!("const { events } = await census.getWebhook(701);"),
    ),
    describe(
        "createWebhook",
        &CREATE_WEBHOOK,
        &[json("input", &CREATE_WEBHOOK_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("Webhook"),
        text!(
            "Creates a webhook. The answer's `secret` is shown this once and never again: store it, to check deliveries with `verifyWebhookSignature`. Checks that `endpoint` is an `https:` URL and every event is known. Never retried unless `retry.retryNonIdempotent` is set."
        ),
        text!(
            "const { secret } = await census.createWebhook({ endpoint: 'https://hooks.example.com/census', events: ['sync.failed'] });"
        ),
    ),
    describe(
        "listSyncRunRecords",
        &LIST_RECORDS,
        &[id("syncRunId")],
        Mode::Call,
        text!("ListRecordsOptions"),
        text!("SyncRunRecordPage"),
        text!(
            "Lists one page of a run's records and what happened to each, filtered by `status`, `operation` or `primaryIdentifier` (`perPage` at most 99 here). The record shape is inferred: kept as sent."
        ),
        text!("const { data } = await census.listSyncRunRecords(94, { status: 'rejected' });"),
    ),
    describe(
        "cancelSyncRun",
        &CANCEL_SYNC_RUN,
        &[id("syncRunId")],
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!(
            "Cancels a queued or working run. Census's published reference does not list this endpoint; Census's Terraform provider and a generated SDK call it."
        ),
        text!(
            "await census.cancelSyncRun(sync_run_id); // a run still going, started by triggerSync"
        ),
    ),
    describe(
        "listWorkspaces",
        &LIST_WORKSPACES,
        &[],
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("OrgWorkspacePage"),
        text!("Lists one page of the organisation's workspaces (personal access token)."),
        text!("const { data } = await org.listWorkspaces();"),
    ),
    describe(
        "iterateWorkspaces",
        &LIST_WORKSPACES,
        &[],
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("OrgWorkspace"),
        text!(
            "Iterates over every workspace of the organisation (personal access token) with `for await`."
        ),
        text!(
            "for await (const workspace of org.iterateWorkspaces()) console.log(workspace.name);"
        ),
    ),
    describe(
        "listAllWorkspaces",
        &LIST_WORKSPACES,
        &[],
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("OrgWorkspace"),
        text!("Lists every workspace of the organisation (personal access token) as one array."),
        text!("const workspaces = await org.listAllWorkspaces();"),
    ),
    describe(
        "getOrgWorkspace",
        &GET_ORG_WORKSPACE,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("OrgWorkspace"),
        text!("Fetches one of the organisation's workspaces (personal access token)."),
        text!("const workspace = await org.getOrgWorkspace(1002);"),
    ),
    describe(
        "createWorkspace",
        &CREATE_WORKSPACE,
        &[json("input", &CREATE_WORKSPACE_INPUT)],
        Mode::Create { typed: false },
        text!("CreateReadBackOptions"),
        text!("OrgWorkspace"),
        text!(
            "Creates a workspace (personal access token); with `return_workspace_api_key: true` the answer carries its API key once."
        ),
        text!("const { id } = await org.createWorkspace({ name: 'Staging' });"),
    ),
    describe(
        "updateWorkspace",
        &UPDATE_WORKSPACE,
        &[id("id"), json("input", &UPDATE_WORKSPACE_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("OrgWorkspace"),
        text!("Updates a workspace's name or notification emails (personal access token)."),
        text!("await org.updateWorkspace(1002, { notification_emails: ['data@example.com'] });"),
    ),
    describe(
        "deleteWorkspace",
        &DELETE_WORKSPACE,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!("Deletes a workspace (personal access token)."),
        text!("await org.deleteWorkspace(1002);"),
    ),
    describe(
        "getWorkspaceApiKey",
        &WORKSPACE_API_KEY,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("ApiKey"),
        text!(
            "Reads a workspace's API key (answered without an envelope); it appears in no message or error."
        ),
        text!("const { api_key } = await org.getWorkspaceApiKey(1002);"),
    ),
    describe(
        "cloneWorkspace",
        &CLONE_WORKSPACE,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("CloneStarted"),
        text!(
            "Starts a clone of a workspace (202): `{ id?, status_endpoint }`; follow it with `waitForWorkspaceClone`, or use `cloneWorkspaceAndWait`."
        ),
        text!("const { status_endpoint } = await org.cloneWorkspace(1002);"),
    ),
    describe(
        "cloneWorkspaceAndWait",
        &CLONE_STATUS,
        ID,
        Mode::Wait {
            poll: &WORKSPACE_CLONE,
            resume: false,
        },
        text!("JobWaitOptions"),
        text!("JobOutcome"),
        text!("Clones a workspace and waits until the clone is done."),
        text!("await org.cloneWorkspaceAndWait(1002, { timeoutMs: 600_000 });"),
    ),
    describe(
        "waitForWorkspaceClone",
        &CLONE_STATUS,
        &[URL],
        Mode::Wait {
            poll: &WORKSPACE_CLONE,
            resume: true,
        },
        text!("JobWaitOptions"),
        text!("JobOutcome"),
        text!(
            "Waits for a clone at the `status_endpoint` `cloneWorkspace` answered (asked of this client's base URL)."
        ),
        text!("await org.waitForWorkspaceClone(status_endpoint); // kept from cloneWorkspace"),
    ),
    describe(
        "listWorkspaceUsers",
        &WORKSPACE_USERS,
        ID,
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("UserPage"),
        text!("Lists one page of a workspace's users (personal access token)."),
        text!("const { data } = await org.listWorkspaceUsers(1002);"),
    ),
    describe(
        "iterateWorkspaceUsers",
        &WORKSPACE_USERS,
        ID,
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("User"),
        text!("Iterates over every user of a workspace (personal access token) with `for await`."),
        text!("for await (const user of org.iterateWorkspaceUsers(1002)) console.log(user.email);"),
    ),
    describe(
        "listAllWorkspaceUsers",
        &WORKSPACE_USERS,
        ID,
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("User"),
        text!("Lists every user of a workspace (personal access token) as one array."),
        text!("const users = await org.listAllWorkspaceUsers(1002);"),
    ),
    describe(
        "inviteToWorkspace",
        &INVITE_TO_WORKSPACE,
        &[id("id"), json("input", &WORKSPACE_INVITATION_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!(
            "Invites people to a workspace with a role (`owner`, `editor`, `operator` or `viewer`)."
        ),
        text!(
            "await org.inviteToWorkspace(1002, { emails: ['ana@example.com'], role: 'viewer' });"
        ),
    ),
    describe(
        "listUsers",
        &LIST_USERS,
        &[],
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("UserPage"),
        text!(
            "Lists one page of the organisation's users (this list still carries the legacy `next`)."
        ),
        text!("const { data } = await org.listUsers();"),
    ),
    describe(
        "iterateUsers",
        &LIST_USERS,
        &[],
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("User"),
        text!("Iterates over every user of the organisation with `for await`."),
        text!("for await (const user of org.iterateUsers()) console.log(user.email);"),
    ),
    describe(
        "listAllUsers",
        &LIST_USERS,
        &[],
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("User"),
        text!("Lists every user of the organisation as one array."),
        text!("const users = await org.listAllUsers();"),
    ),
    describe(
        "getUser",
        &GET_USER,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("User"),
        text!("Fetches one user of the organisation."),
        text!("const { email } = await org.getUser(2002);"),
    ),
    describe(
        "listInvitations",
        &LIST_INVITATIONS,
        &[],
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("InvitationPage"),
        text!("Lists one page of the organisation's invitations."),
        text!("const { data } = await org.listInvitations();"),
    ),
    describe(
        "iterateInvitations",
        &LIST_INVITATIONS,
        &[],
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("Invitation"),
        text!("Iterates over every invitation of the organisation with `for await`."),
        text!(
            "for await (const invitation of org.iterateInvitations()) console.log(invitation.email);"
        ),
    ),
    describe(
        "listAllInvitations",
        &LIST_INVITATIONS,
        &[],
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("Invitation"),
        text!("Lists every invitation of the organisation as one array."),
        text!("const invitations = await org.listAllInvitations();"),
    ),
    describe(
        "createInvitation",
        &CREATE_INVITATION,
        &[json("input", &CREATE_INVITATION_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("Invitation"),
        text!(
            "Invites someone to the organisation (`admin` or `member`) and, with `workspaces`, to workspaces with their roles."
        ),
        text!(
            "await org.createInvitation({ email: 'ana@example.com', role: 'member', workspaces: [{ id: 1002, role: 'editor' }] });"
        ),
    ),
];
