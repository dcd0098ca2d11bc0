//! Listing every page (`iterateSources`, `listAllSources`, `listSourceTypes`, `iterateTables`,
//! …), driving `core::pagination` the same way for every list endpoint.
//!
//! The core decides which pages to request and which items to release; a [`Listing`] builds
//! those requests, reads their answers and keeps each page's JS objects, from `JSON.parse`, until
//! the core releases their items. The JS runtime (`listAll`, `iterate` in src/js/runtime.js)
//! sends the requests, at most `concurrency` in flight, and hands the answers back as they come.
//! Every page request shares one AbortController linked to the caller's signal, so an abort, a
//! `break` or an early end cancels everything still in flight.

use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Function, Object};
use wasm_bindgen::prelude::*;
use web_sys::AbortController;

use super::convert::{js_error, set};
use super::js::{linked_controller, parse_data};
use super::{Inner, parsed};
use crate::core::error::{ClientError, ErrorKind};
use crate::core::lists;
use crate::core::models::Page;
use crate::core::pagination::{Keyed, ListPlan, Paginator, Status};
use crate::transport::{CallSettings, Exchange};

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

/// The state of one listing, for the JS runtime to drive.
#[wasm_bindgen(skip_typescript)]
pub struct Listing {
    inner: Rc<Inner>,
    kind: lists::Listing,
    settings: CallSettings,
    controller: AbortController,
    paginator: Paginator<Entry>,
    /// JS arrays of the answered pages, by answer number, until their items are released.
    objects: HashMap<u32, Array>,
    /// Answer numbers follow the order pages are requested in, which is the order their items
    /// are released in.
    next_answer: u32,
    on_progress: Option<Function>,
}

impl Listing {
    pub(super) fn new(
        inner: Rc<Inner>,
        kind: lists::Listing,
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
            on_progress,
        })
    }

    fn error(&self, err: ClientError) -> JsValue {
        js_error(Some(&*self.inner.config), err)
    }
}

#[wasm_bindgen]
impl Listing {
    /// The controller every page request listens to; aborting it cancels the listing.
    #[wasm_bindgen(getter)]
    pub fn controller(&self) -> AbortController {
        self.controller.clone()
    }

    /// The items released since the last call, in order (often none).
    pub fn ready(&mut self) -> Array {
        let entries = self.paginator.take_ready();
        let out: Array = entries
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

    /// True once the listing is over, false while it runs; throws why it failed or that it was
    /// aborted. An ended listing has been stopped.
    pub fn state(&mut self) -> Result<bool, JsValue> {
        match self.paginator.status() {
            Status::Running => {}
            Status::Done | Status::Cancelled => {
                self.stop();
                return Ok(true);
            }
            Status::Failed => {
                self.stop();
                let err = self
                    .paginator
                    .error()
                    .cloned()
                    .unwrap_or_else(|| ClientError::new(ErrorKind::Api, "the listing failed"));
                return Err(self.error(err));
            }
        }
        if self.controller.signal().aborted() {
            self.stop();
            let err = ClientError::new(
                ErrorKind::Aborted,
                format!("the {} was aborted by its AbortSignal", self.kind.noun()),
            );
            return Err(self.error(err));
        }
        Ok(false)
    }

    /// The pages to request now.
    pub fn pages(&mut self) -> Vec<u32> {
        self.paginator.next_requests()
    }

    /// The request for `page`.
    pub fn exchange(&mut self, page: u32) -> Result<Exchange, JsValue> {
        let request = self
            .kind
            .request(&self.paginator.list_options(page))
            .map_err(|err| self.error(err))?;
        let mut exchange = Exchange::new(&self.inner.config, request, self.settings.clone());
        exchange.tag = self.next_answer;
        self.next_answer += 1;
        Ok(exchange)
    }

    /// The error of a listing with nothing in flight and nothing to request.
    pub fn stalled(&self) -> JsValue {
        self.error(ClientError::new(
            ErrorKind::UnexpectedResponse,
            "the listing stopped without an answer to wait for",
        ))
    }

    /// Reads the answer to the request for `page`.
    pub fn answer(&mut self, page: u32, exchange: &Exchange) {
        let request = &exchange.request;
        let result = exchange.received().and_then(|received| {
            let checked =
                super::answer(exchange, received).read(|r, raw| self.kind.read_keys(r, raw))?;
            let data = parsed(request, received, parse_data(&received.text))?;
            Ok((entries(checked, exchange.tag), Array::from(&data)))
        });
        match result {
            Ok((page_keys, objects)) => {
                if let Some(first) = page_keys.data.first() {
                    self.objects.insert(first.answer, objects);
                }
                // An Err here has already moved the paginator to Failed; `state` reports it.
                let _ = self.paginator.accept(page, page_keys);
            }
            Err(err) => self.paginator.fail(page, err),
        }
        self.report_progress();
    }

    /// Records that the request for `page` got no answer.
    pub fn failed(&mut self, page: u32, exchange: &mut Exchange) {
        self.paginator.fail(page, exchange.take_error());
        self.report_progress();
    }

    /// Ends the listing: nothing more is requested and requests in flight are cancelled.
    pub fn stop(&mut self) {
        self.paginator.cancel();
        self.controller.abort();
        self.objects.clear();
    }
}

impl Listing {
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
