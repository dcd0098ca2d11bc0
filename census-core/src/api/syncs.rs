//! Destinations, their objects and types, syncs and sync runs (document 003, CENSUS-SURFACE.md)
//! as descriptions: every endpoint and method of that part of the API, and nothing else.

use super::{
    Arg, ArgKind, Creation, Endpoint, Flag, FlagPlace, JobKind, Mode, Op, Place, Poll, Reply,
    describe, endpoint, id,
};
use crate::checked;
use crate::input::{InField, InKind, Input};
use crate::request::Method;
use crate::sync_input::{CREATE_SYNC_INPUT, UPDATE_SYNC_INPUT};

// ---- endpoints ---------------------------------------------------------------------------------

pub static LIST_DESTINATIONS: Endpoint = endpoint(
    Method::Get,
    "/destinations",
    "the destination list",
    Reply::Page(&checked::DESTINATIONS),
);
pub static GET_DESTINATION: Endpoint = endpoint(
    Method::Get,
    "/destinations/{}",
    "destination {0}",
    Reply::Data(&checked::DESTINATION),
);
pub static CREATE_DESTINATION: Endpoint = endpoint(
    Method::Post,
    "/destinations",
    "the new destination",
    Reply::Created(&DESTINATION_CREATION),
);
static DESTINATION_CREATION: Creation = Creation {
    noun: "destination",
    id_key: "id",
    whole: &checked::DESTINATION,
    read: &GET_DESTINATION,
    read_args: &[id("id")],
    created_ts: text!("Destination | { id: number }"),
};
pub static UPDATE_DESTINATION: Endpoint = endpoint(
    Method::Patch,
    "/destinations/{}",
    "destination {0}",
    Reply::Data(&checked::DESTINATION),
);
pub static DELETE_DESTINATION: Endpoint = endpoint(
    Method::Delete,
    "/destinations/{}",
    "destination {0}",
    Reply::Status,
);
pub static LIST_DESTINATION_OBJECTS: Endpoint = endpoint(
    Method::Get,
    "/destinations/{}/objects",
    "the objects of destination {0}",
    Reply::Page(&checked::DESTINATION_OBJECTS),
);
pub static GET_DESTINATION_OBJECT: Endpoint = endpoint(
    Method::Get,
    "/destinations/{}/objects/{}",
    "object {1} of destination {0}",
    Reply::Data(&checked::DESTINATION_OBJECT),
);
pub static REFRESH_OBJECTS: Endpoint = endpoint(
    Method::Post,
    "/destinations/{}/refresh_objects",
    "destination {0}",
    Reply::RefreshKey,
);
pub static REFRESH_OBJECTS_STATUS: Endpoint = endpoint(
    Method::Get,
    "/destinations/{}/refresh_objects_status",
    "refresh job {1} of destination {0}",
    Reply::RefreshStatus,
);
pub static LIST_CONNECTORS: Endpoint = endpoint(
    Method::Get,
    "/connectors",
    "the connector list",
    Reply::Page(&checked::CONNECTORS),
);
pub static GET_CONNECTOR: Endpoint = endpoint(
    Method::Get,
    "/connectors/{}",
    "connector {0}",
    Reply::Data(&checked::CONNECTOR),
);
pub static LIST_SYNCS: Endpoint = endpoint(
    Method::Get,
    "/syncs",
    "the sync list",
    Reply::Page(&checked::SYNCS),
);
pub static GET_SYNC: Endpoint = endpoint(
    Method::Get,
    "/syncs/{}",
    "sync {0}",
    Reply::Data(&checked::SYNC),
);
pub static CREATE_SYNC: Endpoint = endpoint(
    Method::Post,
    "/syncs",
    "the new sync",
    Reply::Created(&SYNC_CREATION),
);
static SYNC_CREATION: Creation = Creation {
    noun: "sync",
    id_key: "sync_id",
    whole: &checked::SYNC,
    read: &GET_SYNC,
    read_args: &[id("id")],
    created_ts: text!("Sync | SyncId"),
};
pub static UPDATE_SYNC: Endpoint = endpoint(
    Method::Patch,
    "/syncs/{}",
    "sync {0}",
    Reply::Data(&checked::SYNC),
);
pub static DELETE_SYNC: Endpoint = endpoint(Method::Delete, "/syncs/{}", "sync {0}", Reply::Status);
pub static TRIGGER_SYNC: Endpoint = endpoint(
    Method::Post,
    "/syncs/{}/trigger",
    "sync {0}",
    Reply::Data(&checked::SYNC_RUN_ID),
);
pub static LIST_SYNC_RUNS: Endpoint = endpoint(
    Method::Get,
    "/syncs/{}/sync_runs",
    "the runs of sync {0}",
    Reply::Page(&checked::SYNC_RUNS),
);
pub static GET_SYNC_RUN: Endpoint = endpoint(
    Method::Get,
    "/sync_runs/{}",
    "sync run {0}",
    Reply::Data(&checked::SYNC_RUN),
);

/// `refreshDestinationObjectsAndWait` and `waitForDestinationObjectsRefresh`.
pub static OBJECT_REFRESH: Poll = Poll {
    start: &REFRESH_OBJECTS,
    start_args: &[id("id")],
    status: &REFRESH_OBJECTS_STATUS,
    status_args: &[id("id"), super::REFRESH_KEY],
    job: JobKind::Refresh,
    what: "object refresh",
    owner: "destination",
    check_call: "refreshDestinationObjectsStatus",
};

/// `triggerSyncAndWait` and `waitForSyncRun`.
pub static SYNC_RUN: Poll = Poll {
    start: &TRIGGER_SYNC,
    start_args: &[id("id")],
    status: &GET_SYNC_RUN,
    status_args: &[id("id")],
    job: JobKind::SyncRun,
    what: "run",
    owner: "sync",
    check_call: "getSyncRun",
};

// ---- inputs ------------------------------------------------------------------------------------

const CONNECTOR_HINT: &str = "the service_name of a connector, e.g. \"braze\"";

/// `createDestination`'s input: `{"service_connection": {...}}`.
pub static CREATE_DESTINATION_INPUT: Input = Input {
    name: text!("CreateDestinationInput"),
    wrap: "service_connection",
    fields: &[
        InField::new(
            "type",
            InKind::Name,
            text!("Required: a `service_name` from `listConnectors`."),
        )
        .required(CONNECTOR_HINT),
        InField::new(
            "name",
            InKind::Name,
            text!("The destination's name (not blank)."),
        ),
        InField::new(
            "credentials",
            InKind::Object,
            text!("Required: the connection's credentials, an object."),
        )
        .required("an object with the connection's credentials, e.g. { api_key }"),
    ],
    patch: false,
    doc: text!("The `service_connection` of `POST /destinations`."),
};

/// `updateDestination`'s patch.
pub static UPDATE_DESTINATION_INPUT: Input = Input {
    name: text!("UpdateDestinationInput"),
    wrap: "service_connection",
    fields: &[
        InField::new(
            "type",
            InKind::CreateOnly,
            text!("Cannot be changed after creation."),
        ),
        InField::new(
            "name",
            InKind::Name,
            text!("The destination's name (not blank)."),
        ),
        InField::new(
            "credentials",
            InKind::Object,
            text!("Credentials to change; members not given keep their values."),
        ),
    ],
    patch: true,
    doc: text!(
        "The `service_connection` of `PATCH /destinations/{id}`: every member optional, at least one given."
    ),
};

// ---- methods -----------------------------------------------------------------------------------

const ID: &[Arg] = &[id("id")];
const DESTINATION_ID: &[Arg] = &[id("destinationId")];
const SYNC_ID: &[Arg] = &[id("syncId")];
const RUN_ID: &[Arg] = &[id("syncRunId")];

const CONNECTOR_NAME: &[Arg] = &[Arg {
    name: "serviceName",
    kind: ArgKind::Name {
        hint: "e.g. \"braze\"",
    },
    place: Place::Path,
}];

const REQUIRE_PRIMARY: Flag = Flag {
    key: "requirePrimaryIdentifier",
    wire: "",
    place: FlagPlace::Local,
    doc: text!(
        "`false` for destinations that take no primary identifier (Google Sheets): the mappings may then have none. Default true: exactly one."
    ),
};
const FORCE_FULL_SYNC: Flag = Flag {
    key: "forceFullSync",
    wire: "force_full_sync",
    place: FlagPlace::Query,
    doc: text!("Resync every record, not only the changed ones (sent as `?force_full_sync=`)."),
};
const FAIL_ON_ERROR: Flag = Flag {
    key: "failOnError",
    wire: "",
    place: FlagPlace::Local,
    doc: text!(
        "Reject a run that ends `failed` with a `CensusSyncRunError` carrying the run, rather than resolve to it."
    ),
};
const VALIDATE_ONLY: Flag = Flag {
    key: "validateOnly",
    wire: "validate_only",
    place: FlagPlace::Body,
    doc: text!(
        "Only ask the API to validate the sync (`validate_only`): nothing is created, the call resolves to `undefined` or rejects with the API's reason."
    ),
};

/// The methods of destinations, connectors, syncs and sync runs, in the README's order.
pub static SYNC_OPS: &[Op] = &[
    describe(
        "listDestinations",
        &LIST_DESTINATIONS,
        &[],
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("DestinationPage"),
        text!("Lists one page of destinations: `{ data, pagination, hasNextPage, nextPage }`."),
        text!("const { data } = await census.listDestinations({ perPage: 50 });"),
    ),
    describe(
        "iterateDestinations",
        &LIST_DESTINATIONS,
        &[],
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("Destination"),
        text!("Iterates over every destination with `for await`, like `iterateSources`."),
        text!(
            "for await (const destination of census.iterateDestinations()) console.log(destination.name);"
        ),
    ),
    describe(
        "listAllDestinations",
        &LIST_DESTINATIONS,
        &[],
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("Destination"),
        text!("Lists every destination as one array, like `listAllSources`."),
        text!("const destinations = await census.listAllDestinations();"),
    ),
    describe(
        "getDestination",
        &GET_DESTINATION,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("Destination"),
        text!("Fetches one destination, with its `objects` (without their fields)."),
        text!("const { objects } = await census.getDestination(15);"),
    ),
    describe(
        "createDestination",
        &CREATE_DESTINATION,
        &[Arg {
            name: "input",
            kind: ArgKind::Input(&CREATE_DESTINATION_INPUT),
            place: Place::Body,
        }],
        Mode::Create { typed: false },
        text!("CreateReadBackOptions"),
        text!("Destination"),
        text!(
            "Creates a destination connection (`{ type, name, credentials }`) and resolves to the whole new destination, read back when the API answers only its `id`; a failed read-back rejects with a `CensusReadBackError` carrying the `id` (the destination exists: do not create it again). `readBack: false` resolves to what the POST answered. Never retried unless this call's `retry.retryNonIdempotent` is set."
        ),
        text!(
            "const braze = await census.createDestination({ type: 'braze', name: 'Braze', credentials: { api_key, instance_url } });"
        ),
    ),
    describe(
        "updateDestination",
        &UPDATE_DESTINATION,
        &[
            id("id"),
            Arg {
                name: "input",
                kind: ArgKind::Input(&UPDATE_DESTINATION_INPUT),
                place: Place::Body,
            },
        ],
        Mode::Call,
        text!("CallOptions"),
        text!("Destination"),
        text!(
            "Updates a destination's name or credentials and resolves to the updated destination."
        ),
        text!("await census.updateDestination(15, { name: 'Braze (EU)' });"),
    ),
    describe(
        "deleteDestination",
        &DELETE_DESTINATION,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!(
            "Deletes a destination. Resolves to `undefined`; rejects with `CensusNotFoundError` if it is gone, unless an earlier attempt of this call got no answer, a 500, 502 or 504: that one may have deleted it."
        ),
        text!("await census.deleteDestination(15);"),
    ),
    describe(
        "listDestinationObjects",
        &LIST_DESTINATION_OBJECTS,
        DESTINATION_ID,
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("DestinationObjectPage"),
        text!("Lists one page of a destination's objects (without their fields)."),
        text!("const { data } = await census.listDestinationObjects(15);"),
    ),
    describe(
        "iterateDestinationObjects",
        &LIST_DESTINATION_OBJECTS,
        DESTINATION_ID,
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("DestinationObject"),
        text!("Iterates over every object of a destination with `for await`."),
        text!(
            "for await (const object of census.iterateDestinationObjects(15)) console.log(object.full_name);"
        ),
    ),
    describe(
        "listAllDestinationObjects",
        &LIST_DESTINATION_OBJECTS,
        DESTINATION_ID,
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("DestinationObject"),
        text!("Lists every object of a destination as one array."),
        text!("const objects = await census.listAllDestinationObjects(15);"),
    ),
    describe(
        "getDestinationObject",
        &GET_DESTINATION_OBJECT,
        &[
            id("destinationId"),
            Arg {
                name: "objectFullName",
                kind: ArgKind::Text {
                    hint: "the object's full_name, e.g. \"user\" or \"exports/users.csv\"",
                },
                place: Place::Path,
            },
        ],
        Mode::Call,
        text!("CallOptions"),
        text!("DestinationObjectWithFields"),
        text!(
            "Fetches one object of a destination, with its `fields`. The full name is sent as one path segment, percent-encoded, so names with dots, colons, spaces, slashes (file paths), `%`, `?`, `#` and non-ASCII work as they are."
        ),
        text!(
            "const { fields } = await census.getDestinationObject(18, 'exports/2024/users.csv');"
        ),
    ),
    describe(
        "refreshDestinationObjects",
        &REFRESH_OBJECTS,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("RefreshKey"),
        text!(
            "Starts a job that refreshes the destination's list of objects: `{ refresh_key }`. Never retried unless this call's `retry.retryNonIdempotent` is set."
        ),
        text!("const { refresh_key } = await census.refreshDestinationObjects(15);"),
    ),
    describe(
        "refreshDestinationObjectsStatus",
        &REFRESH_OBJECTS_STATUS,
        &[
            id("id"),
            Arg {
                name: "refreshKey",
                kind: ArgKind::Id {
                    hint: "the refresh_key that refreshDestinationObjects returned",
                },
                place: Place::Query("refresh_key"),
            },
        ],
        Mode::Call,
        text!("CallOptions"),
        text!("RefreshStatus"),
        text!(
            "Reads the state of a refresh-objects job: `{ status: \"processing\" | \"completed\" }`."
        ),
        text!("const { status } = await census.refreshDestinationObjectsStatus(15, refresh_key);"),
    ),
    describe(
        "refreshDestinationObjectsAndWait",
        &REFRESH_OBJECTS_STATUS,
        DESTINATION_ID,
        Mode::Wait {
            poll: &OBJECT_REFRESH,
            resume: false,
        },
        text!("RefreshWaitOptions"),
        text!("RefreshOutcome"),
        text!(
            "Starts an object refresh and resolves when it has completed, with the same schedule, timeout, abort and progress reports as `refreshTablesAndWait`."
        ),
        text!(
            "await census.refreshDestinationObjectsAndWait(15, { timeoutMs: 120_000, onProgress });"
        ),
    ),
    describe(
        "waitForDestinationObjectsRefresh",
        &REFRESH_OBJECTS_STATUS,
        &[
            id("destinationId"),
            Arg {
                name: "refreshKey",
                kind: ArgKind::Id {
                    hint: "the refresh_key that refreshDestinationObjects returned",
                },
                place: Place::Query("refresh_key"),
            },
        ],
        Mode::Wait {
            poll: &OBJECT_REFRESH,
            resume: true,
        },
        text!("RefreshWaitOptions"),
        text!("RefreshOutcome"),
        text!(
            "Waits for an object refresh started earlier (perhaps before a page reload) to complete, without starting another."
        ),
        text!("await census.waitForDestinationObjectsRefresh(15, refresh_key);"),
    ),
    describe(
        "listConnectors",
        &LIST_CONNECTORS,
        &[],
        Mode::Catalogue,
        text!("CallOptions"),
        text!("Connector"),
        text!("Lists every destination type (the whole catalogue, all pages), in the API's order."),
        text!("const types = (await census.listConnectors()).map((c) => c.service_name);"),
    ),
    describe(
        "getConnector",
        &GET_CONNECTOR,
        CONNECTOR_NAME,
        Mode::Call,
        text!("CallOptions"),
        text!("Connector"),
        text!("Fetches one destination type by its `service_name`."),
        text!("const { auth_method } = await census.getConnector('salesforce');"),
    ),
    describe(
        "listSyncs",
        &LIST_SYNCS,
        &[],
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("SyncPage"),
        text!("Lists one page of syncs: `{ data, pagination, hasNextPage, nextPage }`."),
        text!("const { data } = await census.listSyncs({ order: 'asc' });"),
    ),
    describe(
        "iterateSyncs",
        &LIST_SYNCS,
        &[],
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("Sync"),
        text!("Iterates over every sync with `for await`."),
        text!(
            "for await (const sync of census.iterateSyncs()) console.log(sync.id, sync.operation);"
        ),
    ),
    describe(
        "listAllSyncs",
        &LIST_SYNCS,
        &[],
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("Sync"),
        text!("Lists every sync as one array."),
        text!("const syncs = await census.listAllSyncs({ onProgress });"),
    ),
    describe(
        "getSync",
        &GET_SYNC,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("Sync"),
        text!("Fetches one sync, with its mappings and schedule."),
        text!("const { mappings } = await census.getSync(61);"),
    ),
    Op {
        flags: &[REQUIRE_PRIMARY, VALIDATE_ONLY],
        ..describe(
            "createSync",
            &CREATE_SYNC,
            &[Arg {
                name: "input",
                kind: ArgKind::Json(&CREATE_SYNC_INPUT),
                place: Place::Body,
            }],
            Mode::Create { typed: false },
            text!("CreateSyncReadBackOptions"),
            text!("Sync"),
            text!(
                "Creates a sync and resolves to the whole new Sync: the API answers `{ sync_id }` and the client reads the sync back; if that fails, the call rejects with a `CensusReadBackError` carrying the `id` (the sync exists: do not create it again). Before sending, it checks the operation, where the sync reads and writes, each mapping's `from` (a column name, `{ value, type }` or `{ type, data }`) and `to`, exactly one primary identifier (unless `requirePrimaryIdentifier: false`), and the schedule in one of its two forms; errors name the member (`mappings[2].from`). Members it does not know are sent as given, but for the read-only `id`, `created_at`, `updated_at` and `status` of a read's object (`{ ...sync }`), refused by name. Never retried unless this call's `retry.retryNonIdempotent` is set."
            ),
            text!(
                "const sync = await census.createSync({ operation: 'upsert', source_attributes: { connection_id: 8, data_source: { type: 'table', table_schema: 'billing', table_name: 'users' } }, destination_attributes: { connection_id: 15, object: 'user' }, mappings: [{ from: 'email', to: 'external_id', is_primary_identifier: true }], schedule_frequency: 'daily', schedule_hour: 6, schedule_minute: 0 });"
            ),
        )
    },
    Op {
        flags: &[REQUIRE_PRIMARY],
        ..describe(
            "updateSync",
            &UPDATE_SYNC,
            &[
                id("id"),
                Arg {
                    name: "input",
                    kind: ArgKind::Json(&UPDATE_SYNC_INPUT),
                    place: Place::Body,
                },
            ],
            Mode::Call,
            text!("UpdateSyncOptions"),
            text!("Sync"),
            text!(
                "Updates a sync and resolves to it. Top-level members given replace the sync's; nested objects and `mappings` must be sent whole, as the API requires. The members given are checked as `createSync` checks them."
            ),
            text!("await census.updateSync(61, { paused: true });"),
        )
    },
    describe(
        "deleteSync",
        &DELETE_SYNC,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!(
            "Deletes a sync. Resolves to `undefined`; rejects with `CensusNotFoundError` if it is gone, unless an earlier attempt of this call may have deleted it."
        ),
        text!("await census.deleteSync(61);"),
    ),
    Op {
        flags: &[FORCE_FULL_SYNC],
        ..describe(
            "triggerSync",
            &TRIGGER_SYNC,
            ID,
            Mode::Call,
            text!("TriggerSyncOptions"),
            text!("SyncRunId"),
            text!(
                "Starts a run of the sync: `{ sync_run_id }`. `forceFullSync` goes in the query, as the API documents. Never retried unless this call's `retry.retryNonIdempotent` is set."
            ),
            text!("const { sync_run_id } = await census.triggerSync(61, { forceFullSync: true });"),
        )
    },
    Op {
        flags: &[FORCE_FULL_SYNC, FAIL_ON_ERROR],
        ..describe(
            "triggerSyncAndWait",
            &GET_SYNC_RUN,
            SYNC_ID,
            Mode::Wait {
                poll: &SYNC_RUN,
                resume: false,
            },
            text!("TriggerSyncAndWaitOptions"),
            text!("SyncRun"),
            text!(
                "Triggers a run and resolves to the final SyncRun (`completed`, `failed`, `skipped` or `canceled`). Checks the run after `intervalMs` (default 1000), waiting half as long again each time up to `maxIntervalMs` (default 10000); rejects with `CensusTimeoutError` after `timeoutMs` (default 300000; 0 waits without limit) and with an `AbortError` when `signal` aborts. `onProgress` receives `{ status, records_processed, records_updated, records_failed, attempts, elapsedMs, sync_run_id }` once the run is triggered (`status: 'queued'`, `attempts: 0`: keep `sync_run_id` to resume after a reload) and after each check; a status this client does not know keeps the wait going. With `failOnError: true` a failed run rejects with a `CensusSyncRunError` carrying the run."
            ),
            text!(
                "const run = await census.triggerSyncAndWait(61, { failOnError: true, onProgress: ({ status, records_processed }) => … });"
            ),
        )
    },
    Op {
        flags: &[FAIL_ON_ERROR],
        ..describe(
            "waitForSyncRun",
            &GET_SYNC_RUN,
            RUN_ID,
            Mode::Wait {
                poll: &SYNC_RUN,
                resume: true,
            },
            text!("WaitForSyncRunOptions"),
            text!("SyncRun"),
            text!(
                "Waits for a run started earlier (by `triggerSync`, perhaps before a page reload) to end, with the options, progress reports and outcome of `triggerSyncAndWait`."
            ),
            text!(
                "const run = await census.waitForSyncRun(sync_run_id, { signal }); // sync_run_id kept from triggerSync"
            ),
        )
    },
    describe(
        "listSyncRuns",
        &LIST_SYNC_RUNS,
        SYNC_ID,
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("SyncRunPage"),
        text!("Lists one page of a sync's runs, newest first unless `order: 'asc'`."),
        text!("const { data: [latest] } = await census.listSyncRuns(61, { perPage: 1 });"),
    ),
    describe(
        "iterateSyncRuns",
        &LIST_SYNC_RUNS,
        SYNC_ID,
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("SyncRun"),
        text!("Iterates over every run of a sync with `for await`."),
        text!(
            "for await (const run of census.iterateSyncRuns(61, { order: 'asc' })) console.log(run.status);"
        ),
    ),
    describe(
        "listAllSyncRuns",
        &LIST_SYNC_RUNS,
        SYNC_ID,
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("SyncRun"),
        text!("Lists every run of a sync as one array (`maxItems` stops early)."),
        text!("const runs = await census.listAllSyncRuns(61, { maxItems: 200 });"),
    ),
    describe(
        "getSyncRun",
        &GET_SYNC_RUN,
        ID,
        Mode::Call,
        text!("CallOptions"),
        text!("SyncRun"),
        text!("Fetches one sync run, with its status and counts."),
        text!("const { status, records_updated } = await census.getSyncRun(94);"),
    ),
];
