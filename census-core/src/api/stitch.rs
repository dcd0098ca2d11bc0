//! The Stitch Connect API (v4) as descriptions: `StitchClient`'s methods. Stitch answers bare
//! objects and arrays, pages extractions and loads with `{data, page, total, links}`, and words
//! errors its own ways (`core::stitch`). Ids are integers in paths; the stitch-connect OpenAPI
//! file types them as strings, so a method takes either (`ArgKind::Key`).

use super::{Arg, ArgKind, Endpoint, Filter, JobKind, Mode, Op, Place, Poll, Reply, describe};
use crate::json_input::{Check, Json, JsonInput, Test, check};
use crate::request::{Auth, Method};
use crate::stitch::{PageKey, StitchList};
use crate::stitch_input::{
    CREATE_DESTINATION_SHAPE, CREATE_SOURCE_SHAPE, STREAM_METADATA_SHAPE, UPDATE_DESTINATION_SHAPE,
    UPDATE_SOURCE_SHAPE, check_breadcrumb, check_name, check_paused_at,
};
use crate::stitch_models::{
    STITCH_CONNECTION_CHECK, STITCH_DESTINATION, STITCH_EXTRACTION, STITCH_IMPORT_TOKEN,
    STITCH_IMPORT_TOKEN_ID, STITCH_JOB_STARTED, STITCH_LOAD, STITCH_REPORT_CARD, STITCH_SOURCE,
    STITCH_STREAM, STITCH_STREAM_SCHEMA,
};

const fn stitch(
    method: Method,
    path: &'static str,
    subject: &'static str,
    reply: Reply,
) -> Endpoint {
    Endpoint {
        auth: Auth::Stitch,
        ..super::endpoint(method, path, subject, reply)
    }
}

/// An extraction or load endpoint: under the jobs limit, so paced.
const fn paced(path: &'static str, subject: &'static str, reply: Reply) -> Endpoint {
    Endpoint {
        auth: Auth::StitchJobs,
        ..stitch(Method::Get, path, subject, reply)
    }
}

/// `paused_at` sent whatever the arguments: now, or `null`.
const fn paused_at(now: bool) -> Arg {
    Arg {
        name: "input",
        kind: ArgKind::Stamp {
            member: "paused_at",
            now,
        },
        place: Place::Body,
    }
}

/// A Stitch id: a positive integer, or the same as a string of digits.
const fn key(name: &'static str) -> Arg {
    Arg {
        name,
        kind: ArgKind::Key,
        place: Place::Path,
    }
}

const fn text_arg(name: &'static str, hint: &'static str) -> Arg {
    Arg {
        name,
        kind: ArgKind::Text { hint },
        place: Place::Path,
    }
}

const fn body(name: &'static str, input: &'static JsonInput) -> Arg {
    super::json(name, input)
}

// ---- sources ----------------------------------------------------------------------------------

pub static LIST_SOURCES: Endpoint = stitch(
    Method::Get,
    "/v4/sources",
    "the Stitch source list",
    Reply::BareList(&STITCH_SOURCE),
);
pub static GET_SOURCE: Endpoint = stitch(
    Method::Get,
    "/v4/sources/{}",
    "Stitch source {0}",
    Reply::Bare(&STITCH_SOURCE),
);
pub static CREATE_SOURCE: Endpoint = stitch(
    Method::Post,
    "/v4/sources",
    "the new Stitch source",
    Reply::Bare(&STITCH_SOURCE),
);
pub static UPDATE_SOURCE: Endpoint = stitch(
    Method::Put,
    "/v4/sources/{}",
    "Stitch source {0}",
    Reply::Bare(&STITCH_SOURCE),
);
pub static DELETE_SOURCE: Endpoint = stitch(
    Method::Delete,
    "/v4/sources/{}",
    "Stitch source {0}",
    Reply::Done,
);
pub static SOURCE_CHECK: Endpoint = stitch(
    Method::Get,
    "/v4/sources/{}/last-connection-check",
    "the last connection check of Stitch source {0}",
    Reply::Bare(&STITCH_CONNECTION_CHECK),
);
pub static START_REPLICATION: Endpoint = stitch(
    Method::Post,
    "/v4/sources/{}/sync",
    "a replication of Stitch source {0}",
    Reply::Bare(&STITCH_JOB_STARTED),
);
pub static STOP_REPLICATION: Endpoint = stitch(
    Method::Delete,
    "/v4/sources/{}/sync",
    "the replication of Stitch source {0}",
    Reply::Done,
);
pub static CREATE_IMPORT_TOKEN: Endpoint = stitch(
    Method::Post,
    "/v4/sources/{}/tokens",
    "an Import API access token of Stitch source {0}",
    Reply::Bare(&STITCH_IMPORT_TOKEN),
);
pub static LIST_IMPORT_TOKENS: Endpoint = stitch(
    Method::Get,
    "/v4/sources/{}/tokens",
    "the Import API access tokens of Stitch source {0}",
    Reply::BareIds(&STITCH_IMPORT_TOKEN_ID),
);
pub static DELETE_IMPORT_TOKEN: Endpoint = stitch(
    Method::Delete,
    "/v4/sources/{}/tokens/{}",
    "Import API access token {1} of Stitch source {0}",
    Reply::TokenDeleted,
);
pub static LIST_SOURCE_TYPES: Endpoint = stitch(
    Method::Get,
    "/v4/source-types",
    "the Stitch source type list",
    Reply::BareList(&STITCH_REPORT_CARD),
);
pub static GET_SOURCE_TYPE: Endpoint = stitch(
    Method::Get,
    "/v4/source-types/{}",
    "Stitch source type {0}",
    Reply::Bare(&STITCH_REPORT_CARD),
);

// ---- streams ----------------------------------------------------------------------------------

pub static LIST_STREAMS: Endpoint = stitch(
    Method::Get,
    "/v4/sources/{}/streams",
    "the streams of Stitch source {0}",
    Reply::BareList(&STITCH_STREAM),
);
pub static GET_STREAM: Endpoint = stitch(
    Method::Get,
    "/v4/sources/{}/streams/{}",
    "stream {1} of Stitch source {0}",
    Reply::Bare(&STITCH_STREAM_SCHEMA),
);
pub static UPDATE_STREAM_METADATA: Endpoint = stitch(
    Method::Put,
    "/v4/sources/{}/streams/metadata",
    "the stream metadata of Stitch source {0}",
    Reply::Done,
);

// ---- destinations -----------------------------------------------------------------------------

/// The filters are named by the reference's only word on them, a 400 for any other query
/// parameter: "GET may only include the params: source_id and/or destination_id"
/// (stitchdata/docs `response-codes/destinations.yml`).
pub static LIST_DESTINATIONS: Endpoint = Endpoint {
    filters: &[
        Filter {
            key: "sourceId",
            wire: "source_id",
            allowed: &[],
            id: true,
            doc: text!("Only the destination this source loads into."),
        },
        Filter {
            key: "destinationId",
            wire: "destination_id",
            allowed: &[],
            id: true,
            doc: text!("Only this destination."),
        },
    ],
    ..stitch(
        Method::Get,
        "/v4/destinations",
        "the Stitch destination list",
        Reply::BareList(&STITCH_DESTINATION),
    )
};
pub static CREATE_DESTINATION: Endpoint = stitch(
    Method::Post,
    "/v4/destinations",
    "the new Stitch destination",
    Reply::Bare(&STITCH_DESTINATION),
);
pub static UPDATE_DESTINATION: Endpoint = stitch(
    Method::Put,
    "/v4/destinations/{}",
    "Stitch destination {0}",
    Reply::Bare(&STITCH_DESTINATION),
);
pub static DELETE_DESTINATION: Endpoint = stitch(
    Method::Delete,
    "/v4/destinations/{}",
    "Stitch destination {0}",
    Reply::Deleted,
);
pub static DESTINATION_CHECK: Endpoint = stitch(
    Method::Get,
    "/v4/destinations/{}/last-connection-check",
    "the last connection check of Stitch destination {0}",
    Reply::Bare(&STITCH_CONNECTION_CHECK),
);
pub static LIST_DESTINATION_TYPES: Endpoint = stitch(
    Method::Get,
    "/v4/destination-types",
    "the Stitch destination type list",
    Reply::BareList(&STITCH_REPORT_CARD),
);
pub static GET_DESTINATION_TYPE: Endpoint = stitch(
    Method::Get,
    "/v4/destination-types/{}",
    "Stitch destination type {0}",
    Reply::Bare(&STITCH_REPORT_CARD),
);

// ---- extractions and loads (the jobs limit) ---------------------------------------------------

pub static LIST_EXTRACTIONS: Endpoint = paced(
    "/v4/{}/extractions",
    "the extractions of Stitch client {0}",
    Reply::StitchPage(&EXTRACTIONS),
);
pub static EXTRACTION_LOGS: Endpoint = paced(
    "/v4/{}/extractions/{}",
    "the logs of extraction {1} of Stitch client {0}",
    Reply::Text,
);
pub static LIST_LOADS: Endpoint = paced(
    "/v4/{}/loads",
    "the loads of Stitch client {0}",
    Reply::StitchPage(&LOADS),
);
/// Extractions, one per source.
pub static EXTRACTIONS: StitchList = StitchList {
    item: &STITCH_EXTRACTION,
    key: PageKey::Id("source_id"),
};
/// Loads, one per stream of a source.
static LOADS: StitchList = StitchList {
    item: &STITCH_LOAD,
    key: PageKey::Pair("source_name", "stream_name"),
};

/// `startReplicationAndWait`: the job's extraction is watched, as Stitch has no job status.
pub static REPLICATION: Poll = Poll {
    start: &START_REPLICATION,
    start_args: SOURCE,
    status: &LIST_EXTRACTIONS,
    status_args: CLIENT,
    job: JobKind::Extraction,
    what: "replication",
    owner: "Stitch source",
    check_call: "listExtractions",
};

// ---- inputs -----------------------------------------------------------------------------------

static SOURCE_CHECKS: &[Check] = &[
    check("display_name", Test::Text),
    check("type", Test::Text),
    check("name", Test::Custom(check_name)),
];
pub static CREATE_SOURCE_INPUT: JsonInput = JsonInput {
    name: text!("CreateStitchSourceInput"),
    shape: &CREATE_SOURCE_SHAPE,
    patch: false,
    checks: &[SOURCE_CHECKS],
    closed: Some(&STITCH_SOURCE),
};
pub static UPDATE_SOURCE_INPUT: JsonInput = JsonInput {
    name: text!("UpdateStitchSourceInput"),
    shape: &UPDATE_SOURCE_SHAPE,
    patch: true,
    checks: &[&[
        check("display_name", Test::Text),
        check("paused_at", Test::Custom(check_paused_at)),
    ]],
    closed: Some(&STITCH_SOURCE),
};
static DESTINATION_CHECKS: &[Check] = &[check("type", Test::Text)];
pub static CREATE_DESTINATION_INPUT: JsonInput = JsonInput {
    name: text!("CreateStitchDestinationInput"),
    shape: &CREATE_DESTINATION_SHAPE,
    patch: false,
    checks: &[DESTINATION_CHECKS],
    closed: Some(&STITCH_DESTINATION),
};
pub static UPDATE_DESTINATION_INPUT: JsonInput = JsonInput {
    name: text!("UpdateStitchDestinationInput"),
    shape: &UPDATE_DESTINATION_SHAPE,
    patch: true,
    checks: &[],
    closed: Some(&STITCH_DESTINATION),
};
static METADATA_CHECKS: &[Check] = &[
    check("streams", Test::NotEmpty),
    check("streams[].tap_stream_id", Test::Text),
    check("streams[].metadata", Test::NotEmpty),
    check(
        "streams[].metadata[].breadcrumb",
        Test::Custom(check_breadcrumb),
    ),
    check(
        "streams[].metadata[].metadata.selected",
        Test::Custom(boolean),
    ),
    check(
        "streams[].metadata[].metadata",
        Test::Custom(not_discovered),
    ),
];

/// The metadata keys Singer taps discover, which an update may not send (Stitch refuses them
/// all with one 400): what a stream's schema answers besides its `non-discoverable-metadata-keys`.
pub const DISCOVERED_METADATA_KEYS: &[&str] = &[
    "inclusion",
    "selected-by-default",
    "forced-replication-method",
    "valid-replication-keys",
    "table-key-properties",
    "schema-name",
    "database-name",
    "is-view",
    "row-count",
    "sql-datatype",
];

/// A metadata object sent back as `getStream` read it is refused for its first discovered key,
/// by name.
fn not_discovered(
    field: &str,
    _: Json<'_>,
    value: Option<Json<'_>>,
    _: &super::Call,
) -> Result<(), crate::error::ClientError> {
    let Some(value) = value else { return Ok(()) };
    match DISCOVERED_METADATA_KEYS
        .iter()
        .find(|key| value.member(key).is_some())
    {
        Some(key) => Err(crate::error::ClientError::invalid_input(
            &format!("{field}.{key}"),
            "read-only: Stitch discovers it; send only the stream's \
             non-discoverable-metadata-keys (selected, replication-method, …)",
        )),
        None => Ok(()),
    }
}
pub static STREAM_METADATA_INPUT: JsonInput = JsonInput {
    name: text!("StitchStreamMetadataInput"),
    shape: &STREAM_METADATA_SHAPE,
    patch: false,
    checks: &[METADATA_CHECKS],
    closed: None,
};

/// `selected`, when given, is a boolean.
fn boolean(
    field: &str,
    _: Json<'_>,
    value: Option<Json<'_>>,
    _: &super::Call,
) -> Result<(), crate::error::ClientError> {
    match value {
        Some(Json("true" | "false")) | None => Ok(()),
        Some(_) => Err(crate::error::ClientError::invalid_input(
            field,
            "expected true or false",
        )),
    }
}

// ---- methods ----------------------------------------------------------------------------------

pub(crate) const SOURCE: &[Arg] = &[key("sourceId")];
const DESTINATION: &[Arg] = &[key("destinationId")];
pub(crate) const CLIENT: &[Arg] = &[key("clientId")];
const SOURCE_TYPE: &[Arg] = &[text_arg(
    "type",
    "a source type, e.g. \"platform.postgres\"",
)];
const DESTINATION_TYPE: &[Arg] = &[text_arg("type", "a destination type, e.g. \"postgres\"")];

/// The methods of `StitchClient`, in the README's order.
pub static STITCH_OPS: &[Op] = &[
    describe(
        "listSources",
        &LIST_SOURCES,
        &[],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchSource[]"),
        text!("Lists the account's sources: active, paused and deleted alike."),
        text!("const sources = await stitch.listSources();"),
    ),
    describe(
        "getSource",
        &GET_SOURCE,
        SOURCE,
        Mode::Call,
        text!("CallOptions"),
        text!("StitchSource"),
        text!("Fetches one source, deleted ones included."),
        text!("const source = await stitch.getSource(120643);"),
    ),
    describe(
        "createSource",
        &CREATE_SOURCE,
        &[body("input", &CREATE_SOURCE_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchSource"),
        text!(
            "Creates a source of `type` named `display_name`: the first step of its set-up; its report card says what is left."
        ),
        text!(
            "const source = await stitch.createSource({ type: 'platform.postgres', display_name: 'Orders DB', properties: { host: 'db.example.com' } });"
        ),
    ),
    describe(
        "updateSource",
        &UPDATE_SOURCE,
        &[key("sourceId"), body("input", &UPDATE_SOURCE_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchSource"),
        text!(
            "Updates a source (a `PUT`): `display_name`, `properties`, `paused_at` (a timestamp pauses it, `null` unpauses it), or `destination_id` (the destination it loads into). An unknown source rejects with a `CensusNotFoundError` (Stitch's 400 `InvalidId`)."
        ),
        text!("await stitch.updateSource(120643, { display_name: 'Orders' });"),
    ),
    describe(
        "pauseSource",
        &UPDATE_SOURCE,
        &[key("sourceId"), paused_at(true)],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchSource"),
        text!("Pauses a source: `updateSource` with `paused_at` set to now."),
        text!("const { paused_at } = await stitch.pauseSource(120643);"),
    ),
    describe(
        "unpauseSource",
        &UPDATE_SOURCE,
        &[key("sourceId"), paused_at(false)],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchSource"),
        text!("Unpauses a source: `updateSource` with `paused_at: null`."),
        text!("await stitch.unpauseSource(120643);"),
    ),
    describe(
        "deleteSource",
        &DELETE_SOURCE,
        SOURCE,
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!(
            "Deletes a source; it stays listed with `deleted_at` set. An unknown source rejects with a `CensusNotFoundError` (Stitch's 400 `InvalidId`)."
        ),
        text!("await stitch.deleteSource(120643);"),
    ),
    describe(
        "getLastConnectionCheck",
        &SOURCE_CHECK,
        SOURCE,
        Mode::Call,
        text!("CallOptions"),
        text!("StitchConnectionCheck"),
        text!("Fetches the last connection check of a source."),
        text!("const { status } = await stitch.getLastConnectionCheck(120643);"),
    ),
    describe(
        "startReplication",
        &START_REPLICATION,
        SOURCE,
        Mode::Call,
        text!("CallOptions"),
        text!("StitchJobStarted"),
        text!(
            "Starts a replication job. A job already running rejects with a `StitchApiError` whose `type` is `already_running` (Stitch answers it with HTTP 200); a deleted source with `type` `invalid_source`; an unknown source with a `CensusNotFoundError` (Stitch's 400 `invalid_source` \"Unable to locate source(…)\")."
        ),
        text!("const { job_name } = await stitch.startReplication(120643);"),
    ),
    describe(
        "startReplicationAndWait",
        &START_REPLICATION,
        SOURCE,
        Mode::Wait {
            poll: &REPLICATION,
            resume: false,
        },
        text!("StitchReplicationWaitOptions"),
        text!("StitchCompletedExtraction"),
        text!(
            "Starts a replication job and watches the source's extraction until the job has finished (Stitch has no job status). Resolves to the extraction; a phase that failed rejects with a `StitchJobError` holding it. The extraction checks count against the jobs limit."
        ),
        text!(
            "const extraction = await stitch.startReplicationAndWait(120643, { onProgress: (p) => console.log(p.status) });"
        ),
    ),
    describe(
        "waitForReplication",
        &START_REPLICATION,
        &[
            key("sourceId"),
            text_arg("jobName", "the job_name startReplication answered"),
        ],
        Mode::Wait {
            poll: &REPLICATION,
            resume: true,
        },
        text!("StitchReplicationWaitOptions"),
        text!("StitchCompletedExtraction"),
        text!(
            "Waits for a replication job started earlier (its `job_name`, as `startReplication` or a progress report gave it), as `startReplicationAndWait` does: after a page reload, say."
        ),
        text!(
            "const extraction = await stitch.waitForReplication(120643, job_name); // job_name kept from startReplication"
        ),
    ),
    describe(
        "stopReplication",
        &STOP_REPLICATION,
        SOURCE,
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!(
            "Stops the running replication job of a source, if any. An unknown source rejects with a `CensusNotFoundError`, as for `startReplication`."
        ),
        text!("await stitch.stopReplication(120643);"),
    ),
    describe(
        "createImportApiToken",
        &CREATE_IMPORT_TOKEN,
        SOURCE,
        Mode::Call,
        text!("CallOptions"),
        text!("StitchImportToken"),
        text!(
            "Generates an access token for an Import API source (at most two active per source). `access_token` is answered this once only: store it now."
        ),
        text!(
            "const { id: sourceId } = await stitch.createSource({ type: 'import_api', display_name: 'Web events' }); const { id, access_token } = await stitch.createImportApiToken(sourceId);"
        ),
    ),
    describe(
        "listImportApiTokens",
        &LIST_IMPORT_TOKENS,
        SOURCE,
        Mode::Call,
        text!("CallOptions"),
        text!("StitchImportTokenId[]"),
        text!(
            "Lists the ids of an Import API source's access tokens, as `{ token_id, created_at? }` whichever of its two shapes Stitch answers (bare ids, or objects with the creation time)."
        ),
        text!("const tokens = await stitch.listImportApiTokens(sourceId);"),
    ),
    describe(
        "deleteImportApiToken",
        &DELETE_IMPORT_TOKEN,
        &[key("sourceId"), key("tokenId")],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchSource"),
        text!("Revokes an Import API access token; resolves to the source."),
        text!("await stitch.deleteImportApiToken(sourceId, id);"),
    ),
    describe(
        "listSourceTypes",
        &LIST_SOURCE_TYPES,
        &[],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchReportCard[]"),
        text!(
            "Lists the source types, each as its report card: the steps and properties a source of that type needs."
        ),
        text!("const types = await stitch.listSourceTypes();"),
    ),
    describe(
        "getSourceType",
        &GET_SOURCE_TYPE,
        SOURCE_TYPE,
        Mode::Call,
        text!("CallOptions"),
        text!("StitchReportCard"),
        text!("Fetches a source type's report card."),
        text!("const { steps } = await stitch.getSourceType('platform.postgres');"),
    ),
    describe(
        "listStreams",
        &LIST_STREAMS,
        SOURCE,
        Mode::Call,
        text!("CallOptions"),
        text!("StitchStream[]"),
        text!("Lists the streams a source discovered, with whether each is selected."),
        text!("const streams = await stitch.listStreams(120643);"),
    ),
    describe(
        "getStream",
        &GET_STREAM,
        &[key("sourceId"), key("streamId")],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchStreamSchema"),
        text!(
            "Fetches a stream's schema and its metadata, field by field (breadcrumbs). An unknown stream or source rejects with a `CensusNotFoundError` (Stitch's 400 `invalid stream-id: …`)."
        ),
        text!("const { metadata } = await stitch.getStream(120643, 2288757);"),
    ),
    describe(
        "updateStreamMetadata",
        &UPDATE_STREAM_METADATA,
        &[key("sourceId"), body("input", &STREAM_METADATA_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!(
            "Selects streams and fields: one metadata entry per breadcrumb (`[]` for the stream, `['properties', field]` for a field). Stitch's `invalid_fields` answer, even with HTTP 200, rejects with a `StitchApiError`."
        ),
        text!(
            "await stitch.updateStreamMetadata(120643, { streams: [{ tap_stream_id: 'demo-public-orders', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }] });"
        ),
    ),
    describe(
        "listDestinations",
        &LIST_DESTINATIONS,
        &[],
        Mode::Call,
        text!("ListStitchDestinationsOptions"),
        text!("StitchDestination[]"),
        text!(
            "Lists the account's destinations; `sourceId` finds the one a source loads into (a source does not say), `destinationId` one by its id."
        ),
        text!(
            "const [destination] = await stitch.listDestinations({ sourceId: 120643 }); // where source 120643 loads"
        ),
    ),
    describe(
        "createDestination",
        &CREATE_DESTINATION,
        &[body("input", &CREATE_DESTINATION_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchDestination"),
        text!(
            "Creates a destination. An account at its plan's destination limit is refused (a `StitchApiError`, \"you are at your destination limit\")."
        ),
        text!(
            "const staging = await stitch.createDestination({ type: 'postgres', name: 'Staging', properties: { host: 'dw.example.com', port: '5432', database: 'analytics', username: 'stitch', password } });"
        ),
    ),
    describe(
        "updateDestination",
        &UPDATE_DESTINATION,
        &[
            key("destinationId"),
            body("input", &UPDATE_DESTINATION_INPUT),
        ],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchDestination"),
        text!(
            "Updates a destination's name, description or properties (its type cannot change). An unknown destination rejects with a `CensusNotFoundError` (Stitch's 400 \"invalid connection id\")."
        ),
        text!("await stitch.updateDestination(155582, { description: 'Warehouse' });"),
    ),
    describe(
        "deleteDestination",
        &DELETE_DESTINATION,
        DESTINATION,
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!(
            "Deletes a destination. An unknown one rejects with a `CensusNotFoundError` (Stitch's 400 \"Unable to locate dest (…)\")."
        ),
        text!("await stitch.deleteDestination(155582);"),
    ),
    describe(
        "getDestinationLastConnectionCheck",
        &DESTINATION_CHECK,
        DESTINATION,
        Mode::Call,
        text!("CallOptions"),
        text!("StitchConnectionCheck"),
        text!("Fetches the last connection check of a destination."),
        text!("const { status } = await stitch.getDestinationLastConnectionCheck(155582);"),
    ),
    describe(
        "listDestinationTypes",
        &LIST_DESTINATION_TYPES,
        &[],
        Mode::Call,
        text!("CallOptions"),
        text!("StitchReportCard[]"),
        text!("Lists the destination types, each as its report card."),
        text!("const types = await stitch.listDestinationTypes();"),
    ),
    describe(
        "getDestinationType",
        &GET_DESTINATION_TYPE,
        DESTINATION_TYPE,
        Mode::Call,
        text!("CallOptions"),
        text!("StitchReportCard"),
        text!("Fetches a destination type's report card."),
        text!("const { steps } = await stitch.getDestinationType('postgres');"),
    ),
    describe(
        "listExtractions",
        &LIST_EXTRACTIONS,
        CLIENT,
        Mode::Call,
        text!("StitchPageOptions"),
        text!("StitchPage<StitchExtraction>"),
        text!(
            "Lists one page of the last extraction of each source (the last 60 days): `{ data, page, total, links, hasNextPage, nextPage }`. Paced under the jobs limit."
        ),
        text!("const { data, nextPage } = await stitch.listExtractions(116078);"),
    ),
    describe(
        "iterateExtractions",
        &LIST_EXTRACTIONS,
        CLIENT,
        Mode::Iterate,
        text!("StitchListAllOptions"),
        text!("StitchExtraction"),
        text!("Iterates over the extractions of every page, following `links.next`."),
        text!(
            "for await (const extraction of stitch.iterateExtractions(116078)) console.log(extraction.job_name);"
        ),
    ),
    describe(
        "listAllExtractions",
        &LIST_EXTRACTIONS,
        CLIENT,
        Mode::ListAll,
        text!("StitchListAllOptions"),
        text!("StitchExtraction"),
        text!("Lists the extractions of every page, as one array."),
        text!("const extractions = await stitch.listAllExtractions(116078);"),
    ),
    describe(
        "getExtractionLogs",
        &EXTRACTION_LOGS,
        &[
            key("clientId"),
            text_arg("jobName", "the job_name of an extraction"),
        ],
        Mode::Call,
        text!("CallOptions"),
        text!("string"),
        text!("Fetches the log of an extraction, as text (Stitch redirects to the file)."),
        text!("const log = await stitch.getExtractionLogs(116078, extractions[0].job_name);"),
    ),
    describe(
        "listLoads",
        &LIST_LOADS,
        CLIENT,
        Mode::Call,
        text!("StitchPageOptions"),
        text!("StitchPage<StitchLoad>"),
        text!("Lists one page of the last load of each stream. Paced under the jobs limit."),
        text!("const { data } = await stitch.listLoads(116078);"),
    ),
    describe(
        "iterateLoads",
        &LIST_LOADS,
        CLIENT,
        Mode::Iterate,
        text!("StitchListAllOptions"),
        text!("StitchLoad"),
        text!("Iterates over the loads of every page, following `links.next`."),
        text!(
            "for await (const load of stitch.iterateLoads(116078)) console.log(load.stream_name);"
        ),
    ),
    describe(
        "listAllLoads",
        &LIST_LOADS,
        CLIENT,
        Mode::ListAll,
        text!("StitchListAllOptions"),
        text!("StitchLoad"),
        text!("Lists the loads of every page, as one array."),
        text!("const loads = await stitch.listAllLoads(116078);"),
    ),
];
