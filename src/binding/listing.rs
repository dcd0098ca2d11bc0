//! Listing every page (`iterate…`, `listAll…`, `listSourceTypes`), driving `core::pagination`
//! the same way for every list endpoint.
//!
//! The core decides which pages to request and which items to release; a [`Listing`] builds
//! those requests and checks their answers, and says which items are released, by the number
//! of the answer and their index in it. The JS runtime (`listAll`, `iterate` in
//! src/js/census.js) sends the requests, at most `concurrency` in flight, parses each checked
//! page and keeps it until its items are released, and reports `progress` to the caller's
//! `onProgress`. Every page request shares one AbortController linked to the caller's signal
//! (which the runtime keeps), so an abort, a `break` or an early end cancels everything still in
//! flight.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::Inner;
use super::js::js_error;
use crate::core::arguments::CallSettings;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::json_out::ObjectWriter;
use crate::core::lists;
use crate::core::models::Page;
use crate::core::operation::Answer;
use crate::core::pagination::{Keyed, ListPlan, Paginator, Status};
use crate::transport::{Attempts, Exchange};

/// An item of a page: its key, and where the runtime keeps it.
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
    listing: lists::Listing,
    settings: CallSettings,
    paginator: Paginator<Entry>,
}

impl Listing {
    pub(super) fn new(
        inner: Rc<Inner>,
        listing: lists::Listing,
        plan: ListPlan,
        settings: CallSettings,
    ) -> Result<Self, ClientError> {
        Ok(Self {
            inner,
            listing,
            settings,
            paginator: Paginator::new(plan)?,
        })
    }

    fn error(&self, err: ClientError) -> JsValue {
        js_error(Some(&*self.inner.config), err)
    }
}

#[wasm_bindgen]
impl Listing {
    /// The items released since the last call, in order (often none): pairs of the answer's
    /// number (the order `exchange` was called in, from 0) and the item's index in its `data`.
    pub fn ready(&mut self) -> Vec<u32> {
        self.paginator
            .take_ready()
            .iter()
            .flat_map(|entry| [entry.answer, entry.index])
            .collect()
    }

    /// True once the listing is over, false while it runs; throws why it failed or that it was
    /// `aborted`. An ended listing has been stopped.
    pub fn state(&mut self, aborted: bool) -> Result<bool, JsValue> {
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
        if aborted {
            self.stop();
            let err = ClientError::new(
                ErrorKind::Aborted,
                format!("the {} was aborted by its AbortSignal", self.listing.noun()),
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
            .listing
            .request(&self.paginator.list_options(page))
            .map_err(|err| self.error(err))?;
        Ok(Exchange {
            attempts: Attempts::new(
                &self.inner.config,
                &self.inner.pacer,
                request,
                self.settings,
            ),
        })
    }

    /// The error of a listing with nothing in flight and nothing to request.
    pub fn stalled(&self) -> JsValue {
        self.error(ClientError::new(
            ErrorKind::UnexpectedResponse,
            "the listing stopped without an answer to wait for",
        ))
    }

    /// Reads the answer to the request for `page`, answer number `answer`, which came at `now`
    /// (for a `Retry-After` date): true when the runtime should keep its items (the page was
    /// accepted).
    pub fn answer(&mut self, page: u32, answer: u32, exchange: &Exchange, now: f64) -> bool {
        let attempts = &exchange.attempts;
        let result = attempts.received().and_then(|received| {
            Answer {
                request: &attempts.tries.request,
                response: received.raw(),
                retry_after: received.retry_after.as_deref(),
                long_wait: attempts.tries.long_wait,
                maybe_acted: attempts.tries.maybe_acted,
                now_ms: now as u64,
            }
            .read(|r, raw| self.listing.read_keys(r, raw))
        });
        match result {
            Ok(keys) => {
                // An Err here has already moved the paginator to Failed; `state` reports it.
                self.paginator.accept(page, entries(keys, answer)).is_ok()
            }
            Err(err) => {
                self.paginator.fail(page, err);
                false
            }
        }
    }

    /// Records that the request for `page` got no answer: true when the caller's `onProgress`
    /// is to hear of it (a page cancelled by an abort is no news).
    pub fn failed(&mut self, page: u32, exchange: &mut Exchange) -> bool {
        self.paginator.fail(page, exchange.attempts.take_error())
    }

    /// How far the listing is, for the caller's `onProgress`: `{ pagesDone, pagesTotal,
    /// itemsDone, itemsTotal }` (the totals `null` until a page says them).
    pub fn progress(&self) -> String {
        let progress = self.paginator.progress();
        let total = |n: Option<u64>| n.map_or_else(|| "null".to_owned(), |n| n.to_string());
        let mut out = ObjectWriter::new();
        out.integer("pagesDone", Some(u64::from(progress.pages_done)))
            .raw("pagesTotal", &total(progress.pages_total.map(u64::from)))
            .integer("itemsDone", Some(progress.items_done))
            .raw("itemsTotal", &total(progress.items_total));
        out.finish()
    }

    /// Ends the listing: nothing more is requested.
    pub fn stop(&mut self) {
        self.paginator.cancel();
    }
}

/// A checked page's keys as entries pointing at the page's items.
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
        total: page.total,
    }
}
