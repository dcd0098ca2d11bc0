//! Reads any method's arguments as its description in `core::api` says: each argument by its
//! kind, then the options object in one pass over its own keys. Every refusal names the
//! argument or option at fault; the rules beyond a value's type are the core's.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::bag::{Bag, json_text};
use super::client_options::read_retry;
use super::convert::{CALL_OPTIONS, describe_js, is_absent};
use crate::core::api::{Arg, ArgKind, ArgValue, Mode, Op};
use crate::core::checked;
use crate::core::error::ClientError;
use crate::core::input::{InKind, InValue, Input};
use crate::core::operation::TypeCheck;
use crate::core::pagination::ListAllOptions;
use crate::core::raw_object::RawObject;
use crate::core::refresh::WaitPlan;
use crate::core::retry;
use crate::core::sources::{self, ListOptions};
use crate::transport::CallSettings;

/// A method's arguments and options, read.
pub struct Read {
    pub values: Vec<ArgValue>,
    pub settings: CallSettings,
    pub paging: ListOptions,
    pub filters: Vec<Option<String>>,
    pub list_all: ListAllOptions,
    pub on_progress: Option<Function>,
    pub check: TypeCheck,
    pub read_back: bool,
    pub wait: WaitPlan,
    /// The method's flags, by index.
    pub flags: Vec<Option<bool>>,
}

const PAGING: [&str; 3] = ["page", "perPage", "order"];
const LISTING: [&str; 5] = ["perPage", "order", "concurrency", "maxItems", "onProgress"];
const CREATE: [&str; 1] = ["readBack"];
const WAIT: [&str; 6] = [
    "signal",
    "retry",
    "intervalMs",
    "maxIntervalMs",
    "timeoutMs",
    "onProgress",
];

/// The keys `op`'s options object may hold.
fn allowed(op: &Op) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = match op.mode {
        Mode::Wait { .. } => WAIT.to_vec(),
        // Stitch pages are its own size and order, and come one after another by link.
        Mode::Call if op.endpoint.stitch_paged() => vec!["page"],
        Mode::Iterate | Mode::ListAll if op.endpoint.stitch_paged() => {
            vec!["maxItems", "onProgress"]
        }
        Mode::Call if op.endpoint.paged() => PAGING.to_vec(),
        Mode::Create { typed: false } => CREATE.to_vec(),
        Mode::Create { typed: true } => vec!["readBack", "checkType"],
        Mode::Iterate | Mode::ListAll => LISTING.to_vec(),
        Mode::Call | Mode::Catalogue => Vec::new(),
    };
    if op.mode != Mode::Catalogue {
        keys.extend(op.endpoint.filters.iter().map(|filter| filter.key));
    }
    keys.extend(op.flags.iter().map(|flag| flag.key));
    if let Mode::Wait { .. } = op.mode {
        return keys;
    }
    keys.extend(CALL_OPTIONS);
    keys
}

/// Reads `args` (the arguments given: those `op` takes, then its options object) on top of
/// the client's `defaults`. Options are read first, so their errors win. An argument not given
/// costs no call into JS.
pub fn read(op: &Op, args: &[JsValue], defaults: &CallSettings) -> Result<Read, ClientError> {
    // Stamped bodies (`pauseSource`'s) are not given by the caller.
    let taken = |arg: &&Arg| !matches!(arg.kind, ArgKind::Stamp { .. });
    let bag = match args.get(op.args.iter().filter(taken).count()) {
        Some(options) => Bag::optional(options, "options", &allowed(op), &[])?,
        None => None,
    };
    let mut read = Read {
        values: Vec::new(),
        settings: settings(bag.as_ref(), defaults, matches!(op.mode, Mode::Wait { .. }))?,
        paging: ListOptions::default(),
        filters: Vec::new(),
        list_all: ListAllOptions::default(),
        on_progress: None,
        check: TypeCheck::Skip,
        read_back: true,
        wait: WaitPlan::default(),
        flags: Vec::new(),
    };
    if let Some(bag) = &bag {
        options_of(op, bag, &mut read)?;
    }
    let undefined = JsValue::UNDEFINED;
    let mut given = args.iter();
    for arg in op.args {
        read.values.push(if taken(&arg) {
            argument(arg, given.next().unwrap_or(&undefined))?
        } else {
            ArgValue::Absent
        });
    }
    Ok(read)
}

/// `signal`, `timeoutMs` and `retry`; a wait's `timeoutMs` is its own, not each request's.
fn settings(
    bag: Option<&Bag<'_>>,
    defaults: &CallSettings,
    wait: bool,
) -> Result<CallSettings, ClientError> {
    let mut settings = defaults.clone();
    let Some(bag) = bag else {
        settings.retry.retry_non_idempotent = false;
        return Ok(settings);
    };
    if let Some(signal) = bag.member("signal") {
        settings.signal = Some(signal.dyn_into::<AbortSignal>().map_err(|value| {
            ClientError::invalid_input(
                "signal",
                format!("expected an AbortSignal, got {}", describe_js(&value)),
            )
        })?);
    }
    if !wait && let Some(ms) = bag.number("timeoutMs")? {
        settings.timeout_ms = retry::check_timeout_ms("timeoutMs", ms)?;
    }
    settings.retry = read_retry(
        &bag.member("retry").unwrap_or(JsValue::UNDEFINED),
        settings.retry,
        true,
    )?;
    Ok(settings)
}

/// The options of `op`'s mode.
fn options_of(op: &Op, bag: &Bag<'_>, read: &mut Read) -> Result<(), ClientError> {
    match op.mode {
        Mode::Call if op.endpoint.paged() => {
            read.paging = ListOptions {
                page: bag.integer32("page")?,
                per_page: bag.integer32("perPage")?,
                order: bag.string("order")?,
            };
        }
        Mode::Iterate | Mode::ListAll => {
            read.list_all = ListAllOptions {
                per_page: bag.integer32("perPage")?,
                order: bag.string("order")?,
                concurrency: bag.integer32("concurrency")?,
                max_items: bag.integer("maxItems")?,
            };
            read.on_progress = bag.function("onProgress")?;
        }
        Mode::Create { typed } => {
            if typed {
                read.check = type_check(bag)?;
            }
            read.read_back = bag.bool("readBack")?.unwrap_or(true);
        }
        Mode::Wait { .. } => {
            read.wait = WaitPlan::from_options(
                bag.number("intervalMs")?,
                bag.number("maxIntervalMs")?,
                bag.number("timeoutMs")?,
            )?;
            read.on_progress = bag.function("onProgress")?;
        }
        Mode::Call | Mode::Catalogue => {}
    }
    if op.mode != Mode::Catalogue {
        for filter in op.endpoint.filters {
            read.filters.push(bag.string(filter.key)?);
        }
    }
    for flag in op.flags {
        read.flags.push(bag.bool(flag.key)?);
    }
    Ok(())
}

/// `checkType`: `true`, `false`, or a `SourceType` the caller holds.
fn type_check(bag: &Bag<'_>) -> Result<TypeCheck, ClientError> {
    let Some(check) = bag.member("checkType") else {
        return Ok(TypeCheck::Skip);
    };
    match check.as_bool() {
        Some(true) => Ok(TypeCheck::Fetch),
        Some(false) => Ok(TypeCheck::Skip),
        None if check.is_object() && !js_sys::Array::is_array(&check) => Ok(TypeCheck::Held(
            checked::read_source_type("checkType", &json_text("checkType", &check)?)?,
        )),
        None => Err(ClientError::invalid_input(
            "checkType",
            format!(
                "expected true, false or a SourceType, got {}",
                describe_js(&check)
            ),
        )),
    }
}

/// One argument before the options.
fn argument(arg: &Arg, value: &JsValue) -> Result<ArgValue, ClientError> {
    match arg.kind {
        ArgKind::Id { hint } => {
            if let Some(number) = value.as_f64() {
                return sources::check_id(arg.name, number).map(ArgValue::Id);
            }
            if is_absent(value) {
                return Err(ClientError::invalid_input(
                    arg.name,
                    format!("required: {hint}"),
                ));
            }
            Err(ClientError::invalid_input(
                arg.name,
                format!("expected a positive integer, got {}", describe_js(value)),
            ))
        }
        ArgKind::Stamp { .. } => Ok(ArgValue::Absent),
        ArgKind::Key => match value.as_string() {
            Some(text) => crate::core::stitch::key_of_text(arg.name, &text).map(ArgValue::Id),
            None if value.as_f64().is_some() => value
                .as_f64()
                .map_or(Ok(0), |number| sources::check_id(arg.name, number))
                .map(ArgValue::Id),
            None if is_absent(value) => Err(ClientError::invalid_input(
                arg.name,
                "required: a positive integer (or its digits as a string)",
            )),
            None => Err(ClientError::invalid_input(
                arg.name,
                format!(
                    "expected a positive integer or its digits as a string, got {}",
                    describe_js(value)
                ),
            )),
        },
        ArgKind::Name { hint } | ArgKind::Text { hint } => {
            value.as_string().map(ArgValue::Name).ok_or_else(|| {
                ClientError::invalid_input(arg.name, format!("required: a string, {hint}"))
            })
        }
        ArgKind::Input(input) => input_values(input, value).map(ArgValue::Input),
        ArgKind::Json(_) | ArgKind::Locator => {
            if is_absent(value) {
                return Err(ClientError::invalid_input(arg.name, "required: an object"));
            }
            RawObject::parse(arg.name, &json_text(arg.name, value)?).map(ArgValue::Json)
        }
    }
}

/// An object input, member by member, as its description lists them.
fn input_values(input: &Input, value: &JsValue) -> Result<Vec<Option<InValue>>, ClientError> {
    let names: Vec<&str> = input.fields.iter().map(|field| field.name).collect();
    let bag = Bag::required(value, "input", &names, false)?;
    let mut values = Vec::with_capacity(input.fields.len());
    for field in input.fields {
        let key = field.name;
        values.push(match field.kind {
            InKind::Str | InKind::Name | InKind::OneOf(_) => bag.string(key)?.map(InValue::Str),
            InKind::Object => bag.json_object(key)?.map(InValue::Object),
            InKind::Bool => bag.bool(key)?.map(InValue::Bool),
            InKind::Count => bag
                .integer32(key)?
                .map(|number| InValue::Int(u64::from(number))),
            InKind::CreateOnly => bag.given(key).then_some(InValue::Given),
        });
    }
    Ok(values)
}
