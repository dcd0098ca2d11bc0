//! What a source and a destination hold beyond their connection (CENSUS-SURFACE.md section 1):
//! source objects, columns by locator and their refreshes, models (deprecated), datasets,
//! segments, topics, Looker projects, and destination object types, creations and field
//! refreshes, as descriptions.

use super::{
    Arg, ArgKind, Creation, Endpoint, Filter, JobKind, Mode, Op, Place, Poll, REFRESH_KEY, Reply,
    describe, endpoint, get, id, json, post,
};
use crate::admin_input::{
    ANY_OBJECT_INPUT, CREATE_DATASET_INPUT, CREATE_MODEL_INPUT, CREATE_SEGMENT_INPUT,
    CREATE_TOPIC_INPUT, UPDATE_DATASET_INPUT, UPDATE_MODEL_INPUT, UPDATE_SEGMENT_INPUT,
    UPDATE_TOPIC_INPUT,
};
use crate::checked;
use crate::request::Method;

// ---- source objects and columns -----------------------------------------------------------------

pub static LIST_SOURCE_OBJECTS: Endpoint = get(
    "/sources/{}/objects",
    "the objects of source {0}",
    Reply::Page(&checked::SOURCE_OBJECTS),
);
pub static TABLE_COLUMNS: Endpoint = Endpoint {
    accepted_is_pending: true,
    ..get(
        "/sources/{}/tables/columns",
        "the columns of table {1} of source {0}",
        Reply::Items(&checked::COLUMNS),
    )
};
pub static REFRESH_TABLE_COLUMNS: Endpoint = post(
    "/sources/{}/tables/{}/refresh_columns",
    "table {1} of source {0}",
    Reply::RefreshKey,
);
pub static REFRESH_TABLE_COLUMNS_STATUS: Endpoint = get(
    "/sources/{}/tables/{}/refresh_columns_status",
    "column refresh {2} of table {1} of source {0}",
    Reply::RefreshStatus,
);
pub static REFRESH_MODEL_COLUMNS: Endpoint = post(
    "/sources/{}/models/{}/refresh_columns",
    "model {1} of source {0}",
    Reply::RefreshKey,
);
pub static REFRESH_MODEL_COLUMNS_STATUS: Endpoint = get(
    "/sources/{}/models/{}/refresh_columns_status",
    "column refresh {2} of model {1} of source {0}",
    Reply::RefreshStatus,
);

const TABLE_ARGS: &[Arg] = &[id("sourceId"), id("tableId")];
const TABLE_STATUS_ARGS: &[Arg] = &[id("sourceId"), id("tableId"), REFRESH_KEY];
const MODEL_ARGS: &[Arg] = &[id("sourceId"), id("modelId")];
const MODEL_STATUS_ARGS: &[Arg] = &[id("sourceId"), id("modelId"), REFRESH_KEY];

pub static TABLE_COLUMN_REFRESH: Poll = Poll {
    start: &REFRESH_TABLE_COLUMNS,
    start_args: TABLE_ARGS,
    status: &REFRESH_TABLE_COLUMNS_STATUS,
    status_args: TABLE_STATUS_ARGS,
    job: JobKind::Refresh,
    what: "column refresh",
    owner: "table",
    check_call: "refreshTableColumnsStatus",
};
pub static MODEL_COLUMN_REFRESH: Poll = Poll {
    start: &REFRESH_MODEL_COLUMNS,
    start_args: MODEL_ARGS,
    status: &REFRESH_MODEL_COLUMNS_STATUS,
    status_args: MODEL_STATUS_ARGS,
    job: JobKind::Refresh,
    what: "column refresh",
    owner: "model",
    check_call: "refreshModelColumnsStatus",
};

// ---- models (deprecated) ------------------------------------------------------------------------

pub static LIST_MODELS: Endpoint = get(
    "/sources/{}/models",
    "the models of source {0}",
    Reply::Page(&checked::MODELS),
);
pub static GET_SOURCE_MODEL: Endpoint = get(
    "/sources/{}/models/{}",
    "model {1} of source {0}",
    Reply::Data(&checked::MODEL_ANY),
);
pub static CREATE_MODEL: Endpoint = post(
    "/sources/{}/models",
    "a new model of source {0}",
    Reply::Created(&MODEL_CREATION),
);
static MODEL_CREATION: Creation = Creation {
    noun: "model",
    id_key: "id",
    whole: &checked::MODEL_ANY,
    read: &GET_SOURCE_MODEL,
    read_args: MODEL_ARGS,
    created_ts: text!("Model | { id: number }"),
};
pub static UPDATE_MODEL: Endpoint = endpoint(
    Method::Patch,
    "/sources/{}/models/{}",
    "model {1} of source {0}",
    Reply::Data(&checked::MODEL_ANY),
);
pub static DELETE_MODEL: Endpoint = endpoint(
    Method::Delete,
    "/sources/{}/models/{}",
    "model {1} of source {0}",
    Reply::Status,
);

// ---- datasets -----------------------------------------------------------------------------------

pub static LIST_DATASETS: Endpoint = Endpoint {
    filters: &[Filter {
        key: "type",
        wire: "type",
        allowed: &[],
        id: false,
        doc: text!(
            "Only datasets of this kind, `sql` or `entity_resolution` (as Census's Terraform provider lists `?type=sql`)."
        ),
    }],
    ..get(
        "/datasets",
        "the dataset list",
        Reply::Page(&checked::DATASETS),
    )
};
pub static GET_DATASET: Endpoint = get(
    "/datasets/{}",
    "dataset {0}",
    Reply::Data(&checked::DATASET),
);
pub static CREATE_DATASET: Endpoint = post(
    "/datasets",
    "the new dataset",
    Reply::Created(&DATASET_CREATION),
);
static DATASET_CREATION: Creation = Creation {
    noun: "dataset",
    id_key: "id",
    whole: &checked::DATASET,
    read: &GET_DATASET,
    read_args: &[id("id")],
    created_ts: text!("Dataset | { id: number }"),
};
pub static UPDATE_DATASET: Endpoint = endpoint(
    Method::Patch,
    "/datasets/{}",
    "dataset {0}",
    Reply::Data(&checked::DATASET),
);
pub static DELETE_DATASET: Endpoint =
    endpoint(Method::Delete, "/datasets/{}", "dataset {0}", Reply::Status);

// ---- segments -----------------------------------------------------------------------------------

pub static LIST_SEGMENTS: Endpoint = Endpoint {
    filters: &[Filter {
        key: "name",
        wire: "name",
        allowed: &[],
        id: false,
        doc: text!("Only segments whose name matches this text (the API's fuzzy search)."),
    }],
    ..get(
        "/sources/{}/filter_segments",
        "the segments of source {0}",
        Reply::Page(&checked::SEGMENTS),
    )
};
pub static GET_SEGMENT: Endpoint = get(
    "/sources/{}/filter_segments/{}",
    "segment {1} of source {0}",
    Reply::Data(&checked::SEGMENT),
);
pub static CREATE_SEGMENT: Endpoint = post(
    "/sources/{}/filter_segments",
    "a new segment of source {0}",
    Reply::Started("filter_segment_source_url"),
);
/// Inferred: the status URL's path as the local Census serves it; the wait follows whatever
/// URL the create answered.
pub static SEGMENT_STATUS: Endpoint = get(
    "/sources/{}/filter_segments/{}/source_status",
    "the build of segment {1} of source {0}",
    Reply::Unwrapped(&checked::JOB_STATUS),
);
pub static UPDATE_SEGMENT: Endpoint = endpoint(
    Method::Patch,
    "/sources/{}/filter_segments/{}",
    "segment {1} of source {0}",
    Reply::Data(&checked::SEGMENT),
);
pub static DELETE_SEGMENT: Endpoint = endpoint(
    Method::Delete,
    "/sources/{}/filter_segments/{}",
    "segment {1} of source {0}",
    Reply::Status,
);
pub static SEGMENT_BUILD: Poll = Poll {
    start: &CREATE_SEGMENT,
    start_args: SEGMENT_CREATE_ARGS,
    status: &SEGMENT_STATUS,
    status_args: &[],
    job: JobKind::Url("filter_segment_source_url"),
    what: "segment build",
    owner: "source",
    check_call: "getSegment",
};

// ---- topics -------------------------------------------------------------------------------------

pub static LIST_TOPICS: Endpoint = get(
    "/sources/{}/topics",
    "the topics of source {0}",
    Reply::Page(&checked::TOPICS),
);
pub static GET_TOPIC: Endpoint = get(
    "/sources/{}/topics/{}",
    "topic {1} of source {0}",
    Reply::Data(&checked::TOPIC),
);
pub static CREATE_TOPIC: Endpoint = post(
    "/sources/{}/topics",
    "a new topic of source {0}",
    Reply::Created(&TOPIC_CREATION),
);
static TOPIC_CREATION: Creation = Creation {
    noun: "topic",
    id_key: "id",
    whole: &checked::TOPIC,
    read: &GET_TOPIC,
    read_args: &[id("sourceId"), id("topicId")],
    created_ts: text!("Topic | { id: number }"),
};
pub static UPDATE_TOPIC: Endpoint = endpoint(
    Method::Patch,
    "/sources/{}/topics/{}",
    "topic {1} of source {0}",
    Reply::Data(&checked::TOPIC),
);

// ---- Looker projects and destination objects ------------------------------------------------------

pub static REFRESH_PROJECT: Endpoint =
    post("/projects/{}/refresh", "project {0}", Reply::RefreshKey);
pub static PROJECT_REFRESH_STATUS: Endpoint = get(
    "/projects/{}/refresh_status",
    "refresh {1} of project {0}",
    Reply::Unwrapped(&checked::JOB_STATUS),
);
pub static PROJECT_REFRESH: Poll = Poll {
    start: &REFRESH_PROJECT,
    start_args: &[id("id")],
    status: &PROJECT_REFRESH_STATUS,
    status_args: &[id("id"), REFRESH_KEY],
    job: JobKind::Refresh,
    what: "refresh",
    owner: "project",
    check_call: "projectRefreshStatus",
};

pub static DESTINATION_OBJECT_TYPES: Endpoint = get(
    "/destinations/{}/object_types",
    "the object types of destination {0}",
    Reply::Items(&checked::ANY_ITEMS),
);
pub static CONNECTOR_OBJECT_TYPES: Endpoint = get(
    "/connectors/{}/object_types",
    "the object types of connector {0}",
    Reply::Items(&checked::ANY_ITEMS),
);
pub static CREATE_DESTINATION_OBJECT: Endpoint = post(
    "/destinations/{}/object_creation_requests",
    "a new object of destination {0}",
    Reply::Started("url"),
);
/// Inferred, as for segments: the wait follows the URL the create answered.
pub static OBJECT_CREATION_STATUS: Endpoint = get(
    "/destinations/{}/object_creation_requests/{}",
    "object creation {1} of destination {0}",
    Reply::Unwrapped(&checked::JOB_STATUS),
);
pub static OBJECT_CREATION: Poll = Poll {
    start: &CREATE_DESTINATION_OBJECT,
    start_args: &[id("destinationId")],
    status: &OBJECT_CREATION_STATUS,
    status_args: &[],
    job: JobKind::Url("url"),
    what: "object creation",
    owner: "destination",
    check_call: "getDestination",
};
pub static REFRESH_FIELDS: Endpoint = post(
    "/destinations/{}/objects/{}/refresh_fields",
    "object {1} of destination {0}",
    Reply::RefreshKey,
);
pub static REFRESH_FIELDS_STATUS: Endpoint = get(
    "/destinations/{}/objects/{}/refresh_fields_status",
    "field refresh {2} of object {1} of destination {0}",
    Reply::RefreshStatus,
);
const OBJECT_NAME: Arg = Arg {
    name: "objectFullName",
    kind: ArgKind::Text {
        hint: "the object's full_name, e.g. \"user\"",
    },
    place: Place::Path,
};
const OBJECT_ARGS: &[Arg] = &[id("destinationId"), OBJECT_NAME];
pub static FIELD_REFRESH: Poll = Poll {
    start: &REFRESH_FIELDS,
    start_args: OBJECT_ARGS,
    status: &REFRESH_FIELDS_STATUS,
    status_args: &[id("destinationId"), OBJECT_NAME, REFRESH_KEY],
    job: JobKind::Refresh,
    what: "field refresh",
    owner: "destination object",
    check_call: "refreshFieldsStatus",
};

// ---- methods ------------------------------------------------------------------------------------

const SOURCE_ID: &[Arg] = &[id("sourceId")];
const SEGMENT_CREATE_ARGS: &[Arg] = &[id("sourceId"), json("input", &CREATE_SEGMENT_INPUT)];
const LOCATOR: Arg = Arg {
    name: "table",
    kind: ArgKind::Locator,
    place: Place::Query(""),
};
const URL: Arg = Arg {
    name: "url",
    kind: ArgKind::Text {
        hint: "the status URL the create answered",
    },
    place: Place::Body,
};

/// The methods of source objects, columns, models, datasets, segments, topics, projects and
/// destination objects, in the README's order.
pub static CATALOG_OPS: &[Op] = &[
    describe(
        "listSourceObjects",
        &LIST_SOURCE_OBJECTS,
        SOURCE_ID,
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("SourceObjectPage"),
        text!(
            "Lists one page of a source's objects: tables, models and segments, each tagged by `type` (an unknown kind keeps its `type` and `id`)."
        ),
        text!(
            "const { data } = await census.listSourceObjects(8); for (const o of data) if (o.type === 'segment') console.log(o.name);"
        ),
    ),
    describe(
        "iterateSourceObjects",
        &LIST_SOURCE_OBJECTS,
        SOURCE_ID,
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("SourceObject"),
        text!("Iterates over every object of a source with `for await`."),
        text!(
            "for await (const object of census.iterateSourceObjects(8)) console.log(object.type, object.id);"
        ),
    ),
    describe(
        "listAllSourceObjects",
        &LIST_SOURCE_OBJECTS,
        SOURCE_ID,
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("SourceObject"),
        text!("Lists every object of a source as one array."),
        text!("const objects = await census.listAllSourceObjects(8);"),
    ),
    describe(
        "getTableColumns",
        &TABLE_COLUMNS,
        &[id("sourceId"), LOCATOR],
        Mode::Call,
        text!("CallOptions"),
        text!("Column[]"),
        text!(
            "Reads a table's columns by its locator (`{ table_catalog?, table_schema?, table_name }`). While Census loads them it answers 202; the call asks again (after 0.5 s, then half as long again each time, up to 5 s) until they come or its `timeoutMs` has passed."
        ),
        text!(
            "const columns = await census.getTableColumns(3, { table_schema: 'crm', table_name: 'products' });"
        ),
    ),
    describe(
        "refreshTableColumns",
        &REFRESH_TABLE_COLUMNS,
        TABLE_ARGS,
        Mode::Call,
        text!("CallOptions"),
        text!("RefreshKey"),
        text!("Starts a job that refreshes a table's columns: `{ refresh_key }`."),
        text!("const { refresh_key } = await census.refreshTableColumns(3, 5);"),
    ),
    describe(
        "refreshTableColumnsStatus",
        &REFRESH_TABLE_COLUMNS_STATUS,
        TABLE_STATUS_ARGS,
        Mode::Call,
        text!("CallOptions"),
        text!("RefreshStatus"),
        text!("Reads the state of a table's column refresh."),
        text!("const { status } = await census.refreshTableColumnsStatus(3, 5, refresh_key);"),
    ),
    describe(
        "refreshTableColumnsAndWait",
        &REFRESH_TABLE_COLUMNS_STATUS,
        TABLE_ARGS,
        Mode::Wait {
            poll: &TABLE_COLUMN_REFRESH,
            resume: false,
        },
        text!("RefreshWaitOptions"),
        text!("RefreshOutcome"),
        text!(
            "Refreshes a table's columns and resolves when done, with the schedule, timeout, abort and progress of `refreshTablesAndWait`."
        ),
        text!("await census.refreshTableColumnsAndWait(3, 5, { timeoutMs: 60_000 });"),
    ),
    describe(
        "waitForTableColumnsRefresh",
        &REFRESH_TABLE_COLUMNS_STATUS,
        TABLE_STATUS_ARGS,
        Mode::Wait {
            poll: &TABLE_COLUMN_REFRESH,
            resume: true,
        },
        text!("RefreshWaitOptions"),
        text!("RefreshOutcome"),
        text!("Waits for a table's column refresh started earlier."),
        text!("await census.waitForTableColumnsRefresh(3, 5, refresh_key);"),
    ),
    describe(
        "listModels",
        &LIST_MODELS,
        SOURCE_ID,
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("ModelPage"),
        text!(
            "Lists one page of a source's models. The models API is deprecated by Census in favour of datasets, and still served."
        ),
        text!("const { data } = await census.listModels(3);"),
    ),
    describe(
        "iterateModels",
        &LIST_MODELS,
        SOURCE_ID,
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("Model"),
        text!("Iterates over every model of a source with `for await`."),
        text!("for await (const model of census.iterateModels(3)) console.log(model.name);"),
    ),
    describe(
        "listAllModels",
        &LIST_MODELS,
        SOURCE_ID,
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("Model"),
        text!("Lists every model of a source as one array."),
        text!("const models = await census.listAllModels(3);"),
    ),
    describe(
        "getSourceModel",
        &GET_SOURCE_MODEL,
        MODEL_ARGS,
        Mode::Call,
        text!("CallOptions"),
        text!("Model"),
        text!(
            "Fetches a model by the models API (like the legacy `getModel`, without requiring `columns`); its deprecated `\"dataset_id=\"` key is kept as sent, and an envelope `status` of `\"created\"` on a read is accepted."
        ),
        text!("const model = await census.getSourceModel(3, 12);"),
    ),
    describe(
        "createModel",
        &CREATE_MODEL,
        &[id("sourceId"), json("input", &CREATE_MODEL_INPUT)],
        Mode::Create { typed: false },
        text!("CreateReadBackOptions"),
        text!("Model"),
        text!(
            "Creates a SQL model of a source and resolves to it (read back when the API answers only its `id`)."
        ),
        text!(
            "const model = await census.createModel(3, { name: 'active_users', query: 'select * from users where active' });"
        ),
    ),
    describe(
        "updateModel",
        &UPDATE_MODEL,
        &[
            id("sourceId"),
            id("modelId"),
            json("input", &UPDATE_MODEL_INPUT),
        ],
        Mode::Call,
        text!("CallOptions"),
        text!("Model"),
        text!("Updates a model's name, query or description."),
        text!("await census.updateModel(3, 12, { query: 'select 1' });"),
    ),
    describe(
        "deleteModel",
        &DELETE_MODEL,
        MODEL_ARGS,
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!("Deletes a model."),
        text!("await census.deleteModel(3, 12);"),
    ),
    describe(
        "refreshModelColumns",
        &REFRESH_MODEL_COLUMNS,
        MODEL_ARGS,
        Mode::Call,
        text!("CallOptions"),
        text!("RefreshKey"),
        text!("Starts a job that refreshes a model's columns: `{ refresh_key }`."),
        text!("const { refresh_key } = await census.refreshModelColumns(3, 12);"),
    ),
    describe(
        "refreshModelColumnsStatus",
        &REFRESH_MODEL_COLUMNS_STATUS,
        MODEL_STATUS_ARGS,
        Mode::Call,
        text!("CallOptions"),
        text!("RefreshStatus"),
        text!("Reads the state of a model's column refresh."),
        text!("const { status } = await census.refreshModelColumnsStatus(3, 12, refresh_key);"),
    ),
    describe(
        "refreshModelColumnsAndWait",
        &REFRESH_MODEL_COLUMNS_STATUS,
        MODEL_ARGS,
        Mode::Wait {
            poll: &MODEL_COLUMN_REFRESH,
            resume: false,
        },
        text!("RefreshWaitOptions"),
        text!("RefreshOutcome"),
        text!("Refreshes a model's columns and resolves when done."),
        text!("await census.refreshModelColumnsAndWait(3, 12);"),
    ),
    describe(
        "waitForModelColumnsRefresh",
        &REFRESH_MODEL_COLUMNS_STATUS,
        MODEL_STATUS_ARGS,
        Mode::Wait {
            poll: &MODEL_COLUMN_REFRESH,
            resume: true,
        },
        text!("RefreshWaitOptions"),
        text!("RefreshOutcome"),
        text!("Waits for a model's column refresh started earlier (perhaps before a page reload)."),
        text!("await census.waitForModelColumnsRefresh(3, 12, refresh_key);"),
    ),
    describe(
        "listDatasets",
        &LIST_DATASETS,
        &[],
        Mode::Call,
        text!("ListDatasetsOptions"),
        text!("DatasetPage"),
        text!(
            "Lists one page of datasets, SQL and entity resolution, each tagged by `type`; the `type` option lists one kind."
        ),
        text!("const { data } = await census.listDatasets();"),
    ),
    describe(
        "iterateDatasets",
        &LIST_DATASETS,
        &[],
        Mode::Iterate,
        text!("ListAllDatasetsOptions"),
        text!("Dataset"),
        text!("Iterates over every dataset with `for await`."),
        text!(
            "for await (const dataset of census.iterateDatasets()) console.log(dataset.type, dataset.name);"
        ),
    ),
    describe(
        "listAllDatasets",
        &LIST_DATASETS,
        &[],
        Mode::ListAll,
        text!("ListAllDatasetsOptions"),
        text!("Dataset"),
        text!("Lists every dataset as one array."),
        text!("const datasets = await census.listAllDatasets();"),
    ),
    describe(
        "getDataset",
        &GET_DATASET,
        &[id("id")],
        Mode::Call,
        text!("CallOptions"),
        text!("Dataset"),
        text!(
            "Fetches one dataset. Census documents this for entity-resolution datasets; SQL datasets read the same way here."
        ),
        text!("const dataset = await census.getDataset(401);"),
    ),
    describe(
        "createDataset",
        &CREATE_DATASET,
        &[json("input", &CREATE_DATASET_INPUT)],
        Mode::Create { typed: false },
        text!("CreateReadBackOptions"),
        text!("Dataset"),
        text!(
            "Creates a dataset: SQL (`{ name, type: 'sql', source_id, query }`) or entity resolution (`{ name, type: 'entity_resolution', source_dataset_ids, match_rules, merge_rules }`); checks the members each kind needs before sending."
        ),
        text!(
            "const dataset = await census.createDataset({ name: 'Paying users', type: 'sql', source_id: 8, query: 'select * from billing.users where plan is not null' });"
        ),
    ),
    describe(
        "updateDataset",
        &UPDATE_DATASET,
        &[id("id"), json("input", &UPDATE_DATASET_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("Dataset"),
        text!("Updates a dataset."),
        text!("await census.updateDataset(401, { description: 'Refreshed daily' });"),
    ),
    describe(
        "deleteDataset",
        &DELETE_DATASET,
        &[id("id")],
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!("Deletes a dataset."),
        text!("await census.deleteDataset(401);"),
    ),
    describe(
        "listSegments",
        &LIST_SEGMENTS,
        SOURCE_ID,
        Mode::Call,
        text!("ListSegmentsOptions"),
        text!("SegmentPage"),
        text!("Lists one page of a source's segments; `name` searches them by name."),
        text!("const { data } = await census.listSegments(8, { name: 'churn' });"),
    ),
    describe(
        "iterateSegments",
        &LIST_SEGMENTS,
        SOURCE_ID,
        Mode::Iterate,
        text!("ListAllSegmentsOptions"),
        text!("Segment"),
        text!("Iterates over every segment of a source with `for await`."),
        text!("for await (const segment of census.iterateSegments(8)) console.log(segment.name);"),
    ),
    describe(
        "listAllSegments",
        &LIST_SEGMENTS,
        SOURCE_ID,
        Mode::ListAll,
        text!("ListAllSegmentsOptions"),
        text!("Segment"),
        text!("Lists every segment of a source as one array; `name` searches them by name."),
        text!("const segments = await census.listAllSegments(8, { name: 'churn' });"),
    ),
    describe(
        "getSegment",
        &GET_SEGMENT,
        &[id("sourceId"), id("segmentId")],
        Mode::Call,
        text!("CallOptions"),
        text!("Segment"),
        text!("Fetches one segment, with its cohorts."),
        text!("const { cohorts } = await census.getSegment(8, 303);"),
    ),
    describe(
        "createSegment",
        &CREATE_SEGMENT,
        SEGMENT_CREATE_ARGS,
        Mode::Call,
        text!("CallOptions"),
        text!("SegmentCreated"),
        text!(
            "Creates a segment. Census answers before it has built the segment: this resolves to `{ id, filter_segment_source_url }`; follow the build with `waitForSegment(url)`, or use `createSegmentAndWait`."
        ),
        text!(
            "const { id, filter_segment_source_url } = await census.createSegment(8, { name: 'Churn risk' });"
        ),
    ),
    describe(
        "createSegmentAndWait",
        &SEGMENT_STATUS,
        SEGMENT_CREATE_ARGS,
        Mode::Wait {
            poll: &SEGMENT_BUILD,
            resume: false,
        },
        text!("JobWaitOptions"),
        text!("JobOutcome"),
        text!(
            "Creates a segment and waits until Census has built it: `{ id, url, status, attempts, elapsedMs }`, with the schedule, timeout, abort and progress of the other waits; progress reports carry the `url` to resume with `waitForSegment`."
        ),
        text!(
            "const { id } = await census.createSegmentAndWait(8, { name: 'Churn risk' }, { timeoutMs: 120_000 });"
        ),
    ),
    describe(
        "waitForSegment",
        &SEGMENT_STATUS,
        &[URL],
        Mode::Wait {
            poll: &SEGMENT_BUILD,
            resume: true,
        },
        text!("JobWaitOptions"),
        text!("JobOutcome"),
        text!(
            "Waits for a segment build at the status URL `createSegment` answered. The URL's path below `/api/v1` is asked of this client's base URL, never of another host."
        ),
        text!("await census.waitForSegment(filter_segment_source_url); // kept from createSegment"),
    ),
    describe(
        "updateSegment",
        &UPDATE_SEGMENT,
        &[
            id("sourceId"),
            id("segmentId"),
            json("input", &UPDATE_SEGMENT_INPUT),
        ],
        Mode::Call,
        text!("CallOptions"),
        text!("Segment"),
        text!("Updates a segment."),
        text!("await census.updateSegment(8, 303, { name: 'Churn risk (EU)' });"),
    ),
    describe(
        "deleteSegment",
        &DELETE_SEGMENT,
        &[id("sourceId"), id("segmentId")],
        Mode::Call,
        text!("CallOptions"),
        text!("void"),
        text!("Deletes a segment."),
        text!("await census.deleteSegment(8, 303);"),
    ),
    describe(
        "listTopics",
        &LIST_TOPICS,
        SOURCE_ID,
        Mode::Call,
        text!("ListSourcesOptions"),
        text!("TopicPage"),
        text!(
            "Lists one page of an HTTP-request source's topics; another kind of source answers 405."
        ),
        text!("const { data } = await census.listTopics(75);"),
    ),
    describe(
        "iterateTopics",
        &LIST_TOPICS,
        SOURCE_ID,
        Mode::Iterate,
        text!("ListAllSourcesOptions"),
        text!("Topic"),
        text!("Iterates over every topic of an HTTP-request source with `for await`."),
        text!("for await (const topic of census.iterateTopics(75)) console.log(topic.name);"),
    ),
    describe(
        "listAllTopics",
        &LIST_TOPICS,
        SOURCE_ID,
        Mode::ListAll,
        text!("ListAllSourcesOptions"),
        text!("Topic"),
        text!("Lists every topic of an HTTP-request source as one array."),
        text!("const topics = await census.listAllTopics(75);"),
    ),
    describe(
        "getTopic",
        &GET_TOPIC,
        &[id("sourceId"), id("topicId")],
        Mode::Call,
        text!("CallOptions"),
        text!("Topic"),
        text!("Fetches one topic."),
        text!("const topic = await census.getTopic(75, 503);"),
    ),
    describe(
        "createTopic",
        &CREATE_TOPIC,
        &[id("sourceId"), json("input", &CREATE_TOPIC_INPUT)],
        Mode::Create { typed: false },
        text!("CreateReadBackOptions"),
        text!("Topic"),
        text!("Creates a topic of an HTTP-request source; a duplicate name answers 409."),
        text!("const topic = await census.createTopic(75, { name: 'signups' });"),
    ),
    describe(
        "updateTopic",
        &UPDATE_TOPIC,
        &[
            id("sourceId"),
            id("topicId"),
            json("input", &UPDATE_TOPIC_INPUT),
        ],
        Mode::Call,
        text!("CallOptions"),
        text!("Topic"),
        text!("Updates a topic."),
        text!("await census.updateTopic(75, 503, { description: 'Web signups' });"),
    ),
    describe(
        "refreshProject",
        &REFRESH_PROJECT,
        &[id("id")],
        Mode::Call,
        text!("CallOptions"),
        text!("RefreshKey"),
        text!("Starts a refresh of a Looker project: `{ refresh_key }` (Census answers 202)."),
        text!("const { refresh_key } = await census.refreshProject(31);"),
    ),
    describe(
        "projectRefreshStatus",
        &PROJECT_REFRESH_STATUS,
        &[id("id"), REFRESH_KEY],
        Mode::Call,
        text!("CallOptions"),
        text!("JobStatus"),
        text!("Reads the state of a project refresh: `{ status, details }`."),
        text!("const { status, details } = await census.projectRefreshStatus(31, refresh_key);"),
    ),
    describe(
        "refreshProjectAndWait",
        &PROJECT_REFRESH_STATUS,
        &[id("id")],
        Mode::Wait {
            poll: &PROJECT_REFRESH,
            resume: false,
        },
        text!("RefreshWaitOptions"),
        text!("RefreshOutcome"),
        text!("Refreshes a Looker project and resolves when done."),
        text!("await census.refreshProjectAndWait(31);"),
    ),
    describe(
        "waitForProjectRefresh",
        &PROJECT_REFRESH_STATUS,
        &[id("id"), REFRESH_KEY],
        Mode::Wait {
            poll: &PROJECT_REFRESH,
            resume: true,
        },
        text!("RefreshWaitOptions"),
        text!("RefreshOutcome"),
        text!("Waits for a Looker project refresh started earlier."),
        text!("await census.waitForProjectRefresh(31, refresh_key);"),
    ),
    describe(
        "listDestinationObjectTypes",
        &DESTINATION_OBJECT_TYPES,
        &[id("destinationId")],
        Mode::Call,
        text!("CallOptions"),
        text!("JsonValue[]"),
        text!(
            "Lists the kinds of object a destination can create (kept as sent: the reference leaves their shape open)."
        ),
        text!("const types = await census.listDestinationObjectTypes(18);"),
    ),
    describe(
        "listConnectorObjectTypes",
        &CONNECTOR_OBJECT_TYPES,
        &[Arg {
            name: "serviceName",
            kind: ArgKind::Name {
                hint: "e.g. \"braze\"",
            },
            place: Place::Path,
        }],
        Mode::Call,
        text!("CallOptions"),
        text!("JsonValue[]"),
        text!("Lists the kinds of object a destination type has (kept as sent)."),
        text!("const types = await census.listConnectorObjectTypes('s3');"),
    ),
    describe(
        "createDestinationObject",
        &CREATE_DESTINATION_OBJECT,
        &[id("destinationId"), json("input", &ANY_OBJECT_INPUT)],
        Mode::Call,
        text!("CallOptions"),
        text!("ObjectCreationStarted"),
        text!(
            "Asks a destination to create an object (`object_creation_requests`; the members depend on its object types and are sent as given). Resolves to `{ url }`, the request to follow with `waitForObjectCreation`, or use `createDestinationObjectAndWait`."
        ),
        text!(
            "const { url } = await census.createDestinationObject(18, { object_type: 'file', name: 'exports/2025/users.csv' });"
        ),
    ),
    describe(
        "createDestinationObjectAndWait",
        &OBJECT_CREATION_STATUS,
        &[id("destinationId"), json("input", &ANY_OBJECT_INPUT)],
        Mode::Wait {
            poll: &OBJECT_CREATION,
            resume: false,
        },
        text!("JobWaitOptions"),
        text!("JobOutcome"),
        text!("Asks a destination to create an object and waits until it has."),
        text!(
            "await census.createDestinationObjectAndWait(18, { object_type: 'file', name: 'exports/2025/users.csv' });"
        ),
    ),
    describe(
        "waitForObjectCreation",
        &OBJECT_CREATION_STATUS,
        &[URL],
        Mode::Wait {
            poll: &OBJECT_CREATION,
            resume: true,
        },
        text!("JobWaitOptions"),
        text!("JobOutcome"),
        text!(
            "Waits for an object creation at the URL `createDestinationObject` answered (asked of this client's base URL)."
        ),
        text!("await census.waitForObjectCreation(url); // kept from createDestinationObject"),
    ),
    describe(
        "refreshFields",
        &REFRESH_FIELDS,
        OBJECT_ARGS,
        Mode::Call,
        text!("CallOptions"),
        text!("RefreshKey"),
        text!("Starts a job that refreshes a destination object's fields: `{ refresh_key }`."),
        text!("const { refresh_key } = await census.refreshFields(16, 'Contact');"),
    ),
    describe(
        "refreshFieldsStatus",
        &REFRESH_FIELDS_STATUS,
        &[id("destinationId"), OBJECT_NAME, REFRESH_KEY],
        Mode::Call,
        text!("CallOptions"),
        text!("RefreshStatus"),
        text!("Reads the state of a field refresh."),
        text!("const { status } = await census.refreshFieldsStatus(16, 'Contact', refresh_key);"),
    ),
    describe(
        "refreshFieldsAndWait",
        &REFRESH_FIELDS_STATUS,
        OBJECT_ARGS,
        Mode::Wait {
            poll: &FIELD_REFRESH,
            resume: false,
        },
        text!("RefreshWaitOptions"),
        text!("RefreshOutcome"),
        text!("Refreshes a destination object's fields and resolves when done."),
        text!("await census.refreshFieldsAndWait(16, 'Contact');"),
    ),
    describe(
        "waitForFieldsRefresh",
        &REFRESH_FIELDS_STATUS,
        &[id("destinationId"), OBJECT_NAME, REFRESH_KEY],
        Mode::Wait {
            poll: &FIELD_REFRESH,
            resume: true,
        },
        text!("RefreshWaitOptions"),
        text!("RefreshOutcome"),
        text!("Waits for a field refresh started earlier."),
        text!("await census.waitForFieldsRefresh(16, 'Contact', refresh_key);"),
    ),
];
