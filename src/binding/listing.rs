//! Listing every page (`iterateSources`, `listAllSources`, `listSourceTypes`, `iterateTables`,
//! …), driving `core::pagination` the same way for every list endpoint.
//!
//! The core decides which pages to request and which items to release; this module sends those
//! requests (at most `concurrency` in flight, raced with `Promise.race`) and keeps each page's
//! JS objects, from `JSON.parse`, until the core releases their items. Every page request shares
//! one AbortController linked to the caller's signal, so an abort, a `break` or an early end
//! cancels everything still in flight.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};
use web_sys::{AbortController, AbortSignal};

use super::convert::{js_error, set};
use super::{Inner, parse_data, parsed};
use crate::core::checked;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::models::Page;
use crate::core::pagination::{Keyed, ListPlan, Paginator, Status};
use crate::core::request::HttpRequest;
use crate::core::response::RawResponse;
use crate::core::sources::{self, ListOptions};
use crate::core::{source_types, tables};
use crate::transport::CallSettings;

/// Which list endpoint a listing reads.
#[derive(Clone)]
pub(super) enum ListKind {
    Sources,
    SourceTypes,
    Tables {
        source_id: u64,
        search: Option<String>,
    },
    DataSources {
        source_id: u64,
    },
}

impl ListKind {
    fn request(&self, options: &ListOptions) -> Result<HttpRequest, ClientError> {
        match self {
            Self::Sources => sources::list_sources(options),
            Self::SourceTypes => source_types::list_source_types(options),
            Self::Tables { source_id, search } => tables::list_tables(
                *source_id,
                &tables::TableListOptions {
                    page: options.page,
                    per_page: options.per_page,
                    order: options.order.clone(),
                    search: search.clone(),
                },
            ),
            Self::DataSources { source_id } => tables::list_data_sources(*source_id, options),
        }
    }

    /// Checks a page and returns the keys of its items, in order.
    fn read_keys(
        &self,
        request: &HttpRequest,
        raw: &RawResponse<'_>,
    ) -> Result<Page<u64>, ClientError> {
        let list = match self {
            Self::Sources => &checked::SOURCES,
            Self::SourceTypes => &checked::SOURCE_TYPES,
            Self::Tables { .. } => &checked::TABLES,
            Self::DataSources { .. } => &checked::DATA_SOURCES,
        };
        checked::check_page(request, raw, list)
    }

    /// What is being listed, for messages.
    fn noun(&self) -> &'static str {
        match self {
            Self::Sources => "source listing",
            Self::SourceTypes => "source type listing",
            Self::Tables { .. } => "table listing",
            Self::DataSources { .. } => "data source listing",
        }
    }
}

#[wasm_bindgen(module = "/src/js/fetch.js")]
extern "C" {
    #[wasm_bindgen(js_name = linkedController)]
    fn linked_controller(signal: Option<&AbortSignal>) -> AbortController;

    #[wasm_bindgen(js_name = asyncIterable)]
    pub(super) fn async_iterable(iterator: JsValue) -> JsValue;
}

/// An item of a page: its id, and where its JS object is kept.
struct Entry {
    id: u64,
    answer: u32,
    index: u32,
}

impl Keyed for Entry {
    fn key(&self) -> u64 {
        self.id
    }
}

/// A page that has been answered and checked: its items for the core, its objects for JS.
struct Answered {
    page: u32,
    result: Result<(Page<Entry>, Array), ClientError>,
}

/// The state of one listing.
pub(super) struct Lister {
    inner: Rc<Inner>,
    kind: ListKind,
    settings: CallSettings,
    controller: AbortController,
    paginator: Paginator<Entry>,
    /// JS arrays of the answered pages, by answer number, until their items are released.
    objects: HashMap<u32, Array>,
    next_answer: u32,
    /// Page requests in flight: (slot, promise resolving to the slot when the answer is stored).
    in_flight: Vec<(u32, Promise)>,
    answered: Rc<RefCell<HashMap<u32, Answered>>>,
    next_slot: u32,
    on_progress: Option<Function>,
}

impl Lister {
    pub(super) fn new(
        inner: Rc<Inner>,
        kind: ListKind,
        plan: ListPlan,
        mut settings: CallSettings,
        on_progress: Option<Function>,
    ) -> Result<Self, ClientError> {
        let paginator = Paginator::new(plan)?;
        let controller = linked_controller(settings.signal.as_ref());
        settings.signal = Some(controller.signal());
        Ok(Self {
            inner,
            kind,
            settings,
            controller,
            paginator,
            objects: HashMap::new(),
            next_answer: 0,
            in_flight: Vec::new(),
            answered: Rc::new(RefCell::new(HashMap::new())),
            next_slot: 0,
            on_progress,
        })
    }

    /// A handle that cancels the listing from outside (the iterator's `return`).
    pub(super) fn canceller(&self) -> AbortController {
        self.controller.clone()
    }

    /// The next items in order, or `None` once the listing is complete.
    pub(super) async fn next_batch(&mut self) -> Result<Option<Vec<JsValue>>, ClientError> {
        loop {
            let ready = self.paginator.take_ready();
            if !ready.is_empty() {
                return Ok(Some(self.objects_of(ready)));
            }
            match self.paginator.status() {
                Status::Running => {}
                Status::Done | Status::Cancelled => {
                    self.stop();
                    return Ok(None);
                }
                Status::Failed => {
                    self.stop();
                    return Err(self.paginator.error().cloned().unwrap_or_else(|| {
                        ClientError::new(ErrorKind::Api, "the listing failed")
                    }));
                }
            }
            if self.controller.signal().aborted() {
                self.stop();
                return Err(ClientError::new(
                    ErrorKind::Aborted,
                    format!("the {} was aborted by its AbortSignal", self.kind.noun()),
                ));
            }
            for page in self.paginator.next_requests() {
                self.send(page)?;
            }
            if self.in_flight.is_empty() {
                return Err(ClientError::new(
                    ErrorKind::UnexpectedResponse,
                    "the listing stopped without an answer to wait for",
                ));
            }
            let promises: Array = self
                .in_flight
                .iter()
                .map(|(_, promise)| JsValue::from(promise))
                .collect();
            let winner = JsFuture::from(Promise::race(&promises))
                .await
                .ok()
                .and_then(|slot| slot.as_f64())
                .map(|slot| slot as u32);
            let Some(slot) = winner else { continue };
            self.in_flight.retain(|(pending, _)| *pending != slot);
            let Some(answered) = self.answered.borrow_mut().remove(&slot) else {
                continue;
            };
            match answered.result {
                Ok((page, objects)) => {
                    if let Some(first) = page.data.first() {
                        self.objects.insert(first.answer, objects);
                    }
                    // An Err here has already moved the paginator to Failed; the loop reports it.
                    let _ = self.paginator.accept(answered.page, page);
                }
                Err(err) => self.paginator.fail(answered.page, err),
            }
            self.report_progress();
        }
    }

    /// Starts the request for `page`; its answer is stored under a new slot.
    fn send(&mut self, page: u32) -> Result<(), ClientError> {
        let request = self.kind.request(&self.paginator.list_options(page))?;
        let kind = self.kind.clone();
        let slot = self.next_slot;
        self.next_slot += 1;
        let answer_no = self.next_answer;
        self.next_answer += 1;
        let inner = Rc::clone(&self.inner);
        let settings = self.settings.clone();
        let answered = Rc::clone(&self.answered);
        let promise = future_to_promise(async move {
            let result = match inner.send(&request, &settings).await {
                Ok(received) => {
                    let raw = received.raw();
                    kind.read_keys(&request, &raw).and_then(|checked| {
                        let data = parsed(&request, &received, parse_data(&received.bytes))?;
                        Ok((entries(checked, answer_no), Array::from(&data)))
                    })
                }
                Err(err) => Err(err),
            };
            answered
                .borrow_mut()
                .insert(slot, Answered { page, result });
            Ok(JsValue::from(slot))
        });
        self.in_flight.push((slot, promise));
        Ok(())
    }

    /// The JS objects of released entries; pages whose items are all out are let go.
    fn objects_of(&mut self, entries: Vec<Entry>) -> Vec<JsValue> {
        let out: Vec<JsValue> = entries
            .iter()
            .filter_map(|entry| {
                self.objects
                    .get(&entry.answer)
                    .map(|array| array.get(entry.index))
            })
            .collect();
        if let Some(last) = entries.last() {
            // Answers are released in order, so every earlier answer is finished with.
            self.objects.retain(|answer, _| *answer >= last.answer);
        }
        out
    }

    fn report_progress(&self) {
        let Some(hook) = &self.on_progress else {
            return;
        };
        let progress = self.paginator.progress();
        let info = Object::new();
        let optional = |value: Option<f64>| value.map_or(JsValue::NULL, JsValue::from_f64);
        set(&info, "pagesDone", &JsValue::from(progress.pages_done));
        set(
            &info,
            "pagesTotal",
            &optional(progress.pages_total.map(f64::from)),
        );
        set(
            &info,
            "itemsDone",
            &JsValue::from_f64(progress.items_done as f64),
        );
        set(
            &info,
            "itemsTotal",
            &optional(progress.items_total.map(|n| n as f64)),
        );
        // A progress callback that throws cannot break the listing.
        let _ = hook.call1(&JsValue::UNDEFINED, &info);
    }

    /// Ends the listing: nothing more is requested and requests in flight are cancelled.
    pub(super) fn stop(&mut self) {
        self.paginator.cancel();
        self.controller.abort();
        self.in_flight.clear();
        self.objects.clear();
    }
}

/// A checked page's keys as entries pointing at the page's JS objects.
fn entries(page: Page<u64>, answer: u32) -> Page<Entry> {
    Page {
        data: page
            .data
            .iter()
            .enumerate()
            .map(|(index, key)| Entry {
                id: *key,
                answer,
                index: index as u32,
            })
            .collect(),
        pagination: page.pagination,
        next: page.next,
    }
}

/// The async iterator `iterateSources` (and the other `iterate…` methods) return: `next()` and
/// `return()` as `for await` uses them.
#[wasm_bindgen]
pub struct ListIterator {
    lister: Rc<RefCell<Option<Lister>>>,
    buffer: Rc<RefCell<VecDeque<JsValue>>>,
    canceller: AbortController,
    config: Rc<Inner>,
}

#[wasm_bindgen]
impl ListIterator {
    /// The next item: `{ value, done: false }`, or `{ done: true }` after the last one.
    #[wasm_bindgen(unchecked_return_type = "Promise<IteratorResult<JsonValue, undefined>>")]
    pub fn next(&self) -> Promise {
        let lister = Rc::clone(&self.lister);
        let buffer = Rc::clone(&self.buffer);
        let inner = Rc::clone(&self.config);
        future_to_promise(async move {
            loop {
                if let Some(value) = buffer.borrow_mut().pop_front() {
                    return Ok(iterator_result(Some(value)));
                }
                // Taken out while awaiting, so a concurrent call sees no listing rather than a
                // borrow conflict, and `return()` never waits on it.
                let Some(mut current) = lister.borrow_mut().take() else {
                    return Ok(iterator_result(None));
                };
                match current.next_batch().await {
                    Ok(Some(items)) => {
                        buffer.borrow_mut().extend(items);
                        *lister.borrow_mut() = Some(current);
                    }
                    Ok(None) => return Ok(iterator_result(None)),
                    Err(err) => return Err(js_error(Some(&inner.config), err)),
                }
            }
        })
    }

    /// Ends the iteration (`break` in `for await`): in-flight page requests are cancelled and
    /// nothing more is requested.
    #[wasm_bindgen(
        js_name = "return",
        unchecked_return_type = "Promise<IteratorResult<JsonValue, undefined>>"
    )]
    pub fn finish(&self) -> Promise {
        self.canceller.abort();
        if let Some(mut lister) = self.lister.borrow_mut().take() {
            lister.stop();
        }
        self.buffer.borrow_mut().clear();
        Promise::resolve(&iterator_result(None))
    }
}

impl ListIterator {
    pub(super) fn new(lister: Lister, inner: Rc<Inner>) -> Self {
        Self {
            canceller: lister.canceller(),
            lister: Rc::new(RefCell::new(Some(lister))),
            buffer: Rc::new(RefCell::new(VecDeque::new())),
            config: inner,
        }
    }
}

fn iterator_result(value: Option<JsValue>) -> JsValue {
    let out = Object::new();
    set(&out, "done", &JsValue::from_bool(value.is_none()));
    set(&out, "value", &value.unwrap_or(JsValue::UNDEFINED));
    out.into()
}
