//! The pagination state machine every list endpoint uses: which pages to request, how answered
//! pages become items in order, and what to do when the list changes while it is read.
//!
//! It does no I/O. The caller (the JavaScript binding) drives it:
//!
//! 1. send the pages [`Paginator::next_requests`] names (built with [`Paginator::list_options`]);
//! 2. feed every answer to [`Paginator::accept`] (in any order) or every failure to
//!    [`Paginator::fail`];
//! 3. hand out [`Paginator::take_ready`] in that order, until [`Paginator::status`] leaves
//!    [`Status::Running`].
//!
//! # Requests
//!
//! Only the first page is requested until it is answered, because only its `pagination` tells the
//! last page. Then the remaining pages are requested in ascending order with at most
//! `concurrency` outstanding, so the pages needed next are always the ones in flight. Answers
//! that carry no `pagination` but an older `next` link are followed one page at a time: a link
//! tells only the next page, so nothing can be prefetched. With `max_items`, no page beyond the
//! ones that must hold that many items is requested. A repair pass (below) starts the same way
//! and prefetches with the same `concurrency`: its correctness comes from the release rule, not
//! from the order of requests, and a shorter pass is less likely to see yet another change.
//!
//! # Consistency under change
//!
//! Lists are ordered by creation time and paged by offset, so a creation or deletion while a
//! listing runs shifts every later item across page boundaries: an item can be read twice (it
//! moved onto a page not read yet) or never (it moved onto a page already read). Neither can be
//! prevented when reading, so the machine detects the shift and reads again.
//!
//! A *pass* reads the list from `start_page`; the first answer of the pass is its reference.
//! The items of a page are released only when every page before it in the pass was released and
//! the page matches the reference: the same `total_records`, `last_page` and `per_page`, exactly
//! as many items as that total puts on that page, and no key already read in this pass. A page
//! that does not match proves the list changed: the pass requests nothing more, waits for its
//! outstanding answers (they can still extend the matching run of pages before the change) and
//! then a repair pass reads the list again from `start_page`, releasing only keys not released
//! before. A pass that releases all of its pages ends the listing. After
//! [`MAX_REPAIR_PASSES`] repair passes that all saw changes, the listing fails with an
//! [`ErrorKind::UnexpectedResponse`] error on `pagination.total_records` rather than end with
//! a list that may be incomplete. (`UnexpectedResponse`, not `Api`: the API reported no error;
//! its answers just never described one list. The JSON path names the value that kept moving.)
//!
//! **Guarantee.** No key is ever released twice, in any case. Every item that exists from the
//! first request of the listing to its end is released exactly once, provided the changes are
//! visible in the answers. They always are when the changes during the listing are only
//! creations or only deletions: the count then differs from the reference at every answer after
//! a change. They also are for any mix of changes in `desc` order with `concurrency` 1: under an
//! unchanged count, items can only have moved towards later pages, and pages read one after
//! another cannot miss an item moving that way. What no client of offset pagination can see is
//! a mix of creations and deletions that leaves the count unchanged at every answer, in `asc`
//! order or with pages answered out of order: an item can then be missed without any sign (a
//! key read twice betrays some of these shifts, and is checked for that reason).
//!
//! **Order.** Without changes, items come in the list's order (by creation, `asc` or `desc`)
//! from `start_page` on. Under change, every pass releases its new items in its page order, and
//! each pass after the ones before; under the guarantee's conditions, the items that existed for
//! the whole listing are still released in the list's order among themselves. Items created
//! during the listing may be released after older ones (a repair pass finds them late) or not
//! at all, and items deleted during it may or may not be released. With `start_page` > 1 the
//! listing starts at an offset, which moves with the changes too: the guarantees then cover
//! the items that stayed beyond that offset for the whole listing.
//!
//! **Failure.** A page that fails (no answer, an error answer, an answer that contradicts the
//! others) fails the listing, but not before the pages ahead of it: while pages before it are
//! in flight, nothing more is requested, and their items are still released, so a caller sees
//! what it would have seen reading page after page, then the error of the first page that
//! failed. Pages after the failed one are dropped.
//!
//! Pages read through `next` links carry no count, so no change can be detected: their items
//! are only de-duplicated by key. A link must name a later page, and an empty page must not
//! link on (it lies past the list's end), so a server's links cannot keep a listing going
//! forever by cycling or by linking on from beyond the end.

use crate::key_set::KeySet;

use crate::error::{ClientError, ErrorKind};
use crate::models::{Page, Pagination, Source};
use crate::sources::{ListOptions, MAX_PER_PAGE, Order, check_per_page};

/// Pages in flight at once unless the caller chooses otherwise.
pub const DEFAULT_CONCURRENCY: u32 = 4;
/// The most pages in flight a caller may ask for; more only provokes rate limiting.
pub const MAX_CONCURRENCY: u32 = 16;
/// Repair passes tried before a list that keeps changing fails the listing.
pub const MAX_REPAIR_PASSES: u32 = 3;

/// An item of a list endpoint, identified by a key that is unique in the list (its id).
pub trait Keyed {
    fn key(&self) -> u64;
}

impl Keyed for Source {
    fn key(&self) -> u64 {
        self.id
    }
}

/// What to list and how fast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPlan {
    /// Items per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: u32,
    pub order: Order,
    /// Pages in flight at once, 1 to [`MAX_CONCURRENCY`]; 1 reads page after page.
    pub concurrency: u32,
    /// Stop after this many items (at least 1); `None` lists everything.
    pub max_items: Option<u64>,
    /// The first page to read, from 1.
    pub start_page: u32,
}

impl ListPlan {
    /// A catalogue's plan (`listSourceTypes`, `listConnectors`): every page, as large as the
    /// list allows, in the API's order (ascending).
    pub fn catalogue(max_per_page: u32) -> Self {
        Self {
            per_page: max_per_page.min(MAX_PER_PAGE),
            order: Order::Asc,
            ..Self::default()
        }
    }
}

impl Default for ListPlan {
    /// 100 per page (fewest requests), `desc` (the API's default order), 4 in flight, all items.
    fn default() -> Self {
        Self {
            per_page: MAX_PER_PAGE,
            order: Order::Desc,
            concurrency: DEFAULT_CONCURRENCY,
            max_items: None,
            start_page: 1,
        }
    }
}

/// Where a listing stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// More answers are needed.
    Running,
    /// Every item was released (or `max_items` of them); nothing more will come.
    Done,
    /// A page failed or the answers never described one list; [`Paginator::error`] says why.
    /// The items released before are not the whole list.
    Failed,
    /// [`Paginator::cancel`] stopped the listing; the items released are not the whole list.
    Cancelled,
}

/// How far a listing has come, for progress reports. The counts done only grow, and so do the
/// totals, with two exceptions: a repair pass that finds the list shorter counts it anew, and a
/// completed listing's totals are what it read (less than estimated when `max_items` ends a
/// repair pass early). A listing that failed or was cancelled keeps reporting where it stood
/// then: the page that failed, and those in flight, stay in `pages_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Page answers accepted, repair passes included.
    pub pages_done: u32,
    /// The pages the listing will have read, once known; it grows if a repair pass is needed.
    pub pages_total: Option<u32>,
    /// Items released so far.
    pub items_done: u64,
    /// Items the listing will release, once known (never below `items_done`).
    pub items_total: Option<u64>,
}

/// What a pass learnt from its first answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reference {
    total: u64,
    last_page: u32,
    per_page: u32,
    /// The last page this pass requests.
    end_page: u32,
}

impl Reference {
    fn matches(&self, pagination: &Pagination) -> bool {
        pagination.total_records == self.total
            && pagination.last_page == self.last_page
            && pagination.per_page == self.per_page
    }

    /// How many items the reference total puts on `page`.
    fn items_on(&self, page: u32) -> u64 {
        let before = u64::from(page.saturating_sub(1)).saturating_mul(u64::from(self.per_page));
        self.total
            .saturating_sub(before)
            .min(u64::from(self.per_page))
    }
}

/// How the pages of a pass are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The pass's first page is not answered yet.
    Unknown,
    /// The first answer had `pagination`: every page is known, so pages can be prefetched.
    Counted(Reference),
    /// The first answer had only a `next` link: one page at a time, no change detection.
    Linked,
}

/// An answered page of a counted pass that is not released yet.
struct Answered<T> {
    items: Vec<T>,
    /// The page's `pagination` matched the reference.
    matches: bool,
}

/// One read of the list from `start_page`.
struct Pass<T> {
    /// 0 for the first pass, then the number of the repair pass.
    number: u32,
    mode: Mode,
    /// The next page to request, if any.
    next_page: Option<u32>,
    /// The next page to release (u64 so that the page after `u32::MAX` exists).
    release_page: u64,
    /// Answered pages not released yet, by page number (few: those past a slow page).
    answered: Vec<(u32, Answered<T>)>,
    /// Keys on the pages this pass released: a key read twice proves a shift.
    keys: KeySet,
    /// A change was seen: request nothing more in this pass.
    broken: bool,
    /// A released page did not match: release nothing more in this pass.
    halted: bool,
}

impl<T> Pass<T> {
    fn new(number: u32, start_page: u32) -> Self {
        Self {
            number,
            mode: Mode::Unknown,
            next_page: Some(start_page),
            release_page: u64::from(start_page),
            answered: Vec::new(),
            keys: KeySet::default(),
            broken: false,
            halted: false,
        }
    }
}

/// The pagination state machine of one listing; see the module documentation.
pub struct Paginator<T: Keyed> {
    plan: ListPlan,
    status: Status,
    error: Option<ClientError>,
    pass: Pass<T>,
    /// Pages requested and not yet answered; they all belong to the current pass, because a
    /// repair pass starts only when none is left (an answer names only its page number).
    outstanding: Vec<u32>,
    /// Every key released, across passes.
    seen: KeySet,
    ready: Vec<T>,
    items_done: u64,
    pages_done: u32,
    /// The latest reference of any pass, for progress.
    latest: Option<Reference>,
    /// What a linked list's pages say it holds in all (Stitch's `total`), for progress.
    linked_total: Option<u64>,
    /// The progress when the listing failed or was cancelled, which it reports from then on:
    /// the pages it dropped unanswered would otherwise leave the total.
    ended: Option<Progress>,
    /// The earliest page that failed while pages before it were still in flight (its error is
    /// `error`): the listing fails once those pages are released, as it would have reading page
    /// after page.
    failed_page: Option<u32>,
    /// Pages that failed while the listing ran on, which stay in the progress's total.
    failed_pages: u32,
}

impl<T: Keyed> std::fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("plan", &self.plan)
            .field("status", &self.status)
            .field("pass", &self.pass.number)
            .field("outstanding", &self.outstanding)
            .field("items_done", &self.items_done)
            .finish_non_exhaustive()
    }
}

/// The options of `iterateSources` and `listAllSources` that shape the listing, as callers
/// write them (camelCase); members left out take [`ListPlan::default`]'s values.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListAllOptions {
    /// Items per page, 1–100 (default 100: the fewest requests).
    #[serde(default)]
    pub per_page: Option<u32>,
    /// `asc` or `desc` by creation time (default `desc`).
    #[serde(default)]
    pub order: Option<String>,
    /// Page requests in flight at once, 1–16 (default 4; 1 reads page after page).
    #[serde(default)]
    pub concurrency: Option<u32>,
    /// Stop after this many items.
    #[serde(default)]
    pub max_items: Option<u64>,
}

impl ListAllOptions {
    /// The keys callers write, in the order of the fields.
    pub const KEYS: [&str; 4] = ["perPage", "order", "concurrency", "maxItems"];

    /// The plan these options describe for a list whose pages hold at most `max_per_page`
    /// items (the default page size); errors name the option at fault.
    pub fn plan(&self, max_per_page: u32) -> Result<ListPlan, ClientError> {
        let defaults = ListPlan::default();
        let order = match self.order.as_deref() {
            None => defaults.order,
            Some(order) => Order::parse("order", order)?,
        };
        let per_page = match self.per_page {
            None => max_per_page.min(defaults.per_page),
            Some(per_page) => check_per_page(per_page, max_per_page)?,
        };
        Ok(ListPlan {
            per_page,
            order,
            concurrency: self.concurrency.unwrap_or(defaults.concurrency),
            max_items: self.max_items,
            start_page: 1,
        })
    }
}

fn unexpected(field: &str, message: String) -> ClientError {
    ClientError::new(ErrorKind::UnexpectedResponse, message).with_field(field)
}

/// The `page` query parameter of a `next` link, whatever the order of the parameters.
fn page_in_link(url: &str) -> Option<u32> {
    let (_, query) = url.split_once('?')?;
    let query = query.split_once('#').map_or(query, |(query, _)| query);
    let (_, value) = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == "page")?;
    if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// The page after `page` according to an answer: `pagination.next_page`, else the `next` link.
pub fn next_page_of<T>(page: u32, answer: &Page<T>) -> Result<Option<u32>, ClientError> {
    let (next, field) = match (&answer.pagination, answer.next.as_deref()) {
        (Some(pagination), _) => (pagination.next_page, "pagination.next_page"),
        (None, Some(link)) => match page_in_link(link) {
            Some(next) => (Some(next), "next"),
            None => {
                return Err(unexpected(
                    "next",
                    format!(
                        "page {page} of the list links to a next page without a page number the \
                         client can follow"
                    ),
                ));
            }
        },
        (None, None) => (None, "next"),
    };
    match next {
        Some(next) if next <= page => Err(unexpected(
            field,
            format!(
                "page {page} of the list points back to page {next} as the next page; \
                 following it would never end"
            ),
        )),
        other => Ok(other),
    }
}

impl<T: Keyed> Paginator<T> {
    /// Checks the plan; errors name the option at fault (`perPage`, `concurrency`, `maxItems`,
    /// `page`).
    pub fn new(plan: ListPlan) -> Result<Self, ClientError> {
        check_per_page(plan.per_page, MAX_PER_PAGE)?;
        if !(1..=MAX_CONCURRENCY).contains(&plan.concurrency) {
            return Err(ClientError::invalid_input(
                "concurrency",
                format!(
                    "expected an integer from 1 to {MAX_CONCURRENCY}, got {}",
                    plan.concurrency
                ),
            ));
        }
        if plan.max_items == Some(0) {
            return Err(ClientError::invalid_input(
                "maxItems",
                "expected an integer ≥ 1, got 0",
            ));
        }
        if plan.start_page == 0 {
            return Err(ClientError::invalid_input(
                "page",
                "expected an integer ≥ 1, got 0",
            ));
        }
        Ok(Self {
            plan,
            status: Status::Running,
            error: None,
            pass: Pass::new(0, plan.start_page),
            outstanding: Vec::new(),
            seen: KeySet::default(),
            ready: Vec::new(),
            items_done: 0,
            pages_done: 0,
            latest: None,
            linked_total: None,
            ended: None,
            failed_page: None,
            failed_pages: 0,
        })
    }

    /// The plan the listing follows.
    pub fn plan(&self) -> &ListPlan {
        &self.plan
    }

    /// The options of the request for `page`: `per_page` and `order` are always sent, so every
    /// page is cut the same way whatever the server's defaults.
    pub fn list_options(&self, page: u32) -> ListOptions {
        ListOptions {
            page: Some(page),
            per_page: Some(self.plan.per_page),
            order: Some(self.plan.order.as_str().to_owned()),
        }
    }

    /// The pages to request now, in ascending order; never more than `concurrency` outstanding,
    /// and only one until the first page of a pass is answered or when pages come by link.
    pub fn next_requests(&mut self) -> Vec<u32> {
        let mut pages = Vec::new();
        if self.status != Status::Running || self.pass.broken || self.failed_page.is_some() {
            return pages;
        }
        let limit = match self.pass.mode {
            Mode::Counted(_) => self.plan.concurrency,
            Mode::Unknown | Mode::Linked => 1,
        };
        while self.outstanding.len() < limit as usize {
            let Some(page) = self.pass.next_page else {
                break;
            };
            // Only a counted pass knows the page after this one before this one is answered.
            self.pass.next_page = match self.pass.mode {
                Mode::Counted(reference) => page
                    .checked_add(1)
                    .filter(|next| *next <= reference.end_page),
                Mode::Unknown | Mode::Linked => None,
            };
            self.outstanding.push(page);
            pages.push(page);
        }
        pages
    }

    /// Feeds the answer to a requested page. Answers that come after the listing ended are
    /// ignored. An error means the answer was refused and the listing fails with it (the error
    /// [`Self::error`] then returns): the answer contradicts the earlier ones, the list kept
    /// changing, or `page` was not requested. The listing fails at once, or, when pages before
    /// this one are still in flight, once they are released, as [`Self::fail`] describes.
    pub fn accept(&mut self, page: u32, answer: Page<T>) -> Result<(), ClientError> {
        let requested = self.forget_request(page);
        if self.status != Status::Running {
            return Ok(());
        }
        if !requested {
            return Err(self.fail_with(ClientError::invalid_input(
                "page",
                format!("page {page} was not requested or was already answered"),
            )));
        }
        self.pages_done = self.pages_done.saturating_add(1);
        let outcome = match self.pass.mode {
            Mode::Unknown => self.accept_first(page, answer),
            Mode::Counted(reference) => self.accept_counted(reference, page, answer),
            Mode::Linked => self.accept_linked(page, answer),
        }
        .and_then(|()| self.settle());
        outcome.inspect_err(|error| self.fail_page(page, error.clone()))
    }

    /// Takes `page` off the outstanding requests; false when it was not one.
    fn forget_request(&mut self, page: u32) -> bool {
        match self.outstanding.iter().position(|p| *p == page) {
            Some(at) => {
                self.outstanding.swap_remove(at);
                true
            }
            None => false,
        }
    }

    /// Reports that the request for `page` failed: the listing fails with `error`, keeps the
    /// items released before, and requests nothing more. When pages before `page` are still in
    /// flight, it fails only once they are answered and their items released (or one of them
    /// fails first, whose error it then takes): a caller reading page after page would have had
    /// them before this failure. True when that is progress to report: a page cancelled by an
    /// abort (`return()`, the caller's signal), or one that failed after the listing ended, is
    /// not.
    pub fn fail(&mut self, page: u32, error: ClientError) -> bool {
        if self.status != Status::Running {
            self.forget_request(page);
            return false;
        }
        if error.kind == ErrorKind::Aborted {
            // Failed while the page still counts as in flight, so that the progress kept keeps it.
            self.fail_with(error);
            self.forget_request(page);
            return false;
        }
        if self.forget_request(page) {
            self.failed_pages = self.failed_pages.saturating_add(1);
        }
        self.fail_page(page, error);
        true
    }

    /// Fails the listing with the error of `page`, now or once the pages before it are
    /// released; the earliest page's error wins.
    fn fail_page(&mut self, page: u32, error: ClientError) {
        if self.failed_page.is_none_or(|first| page < first) {
            self.failed_page = Some(page);
            self.error = Some(error);
        }
        self.fail_when_due();
    }

    /// Ends the listing with the failed page's error once no page before it can still release
    /// items.
    fn fail_when_due(&mut self) {
        if let Some(page) = self.failed_page
            && (self.pass.halted || !self.outstanding.iter().any(|p| *p < page))
        {
            self.end(Status::Failed);
        }
    }

    /// Stops the listing (e.g. the caller stopped iterating): nothing more is requested.
    pub fn cancel(&mut self) {
        if self.status == Status::Running {
            self.end(Status::Cancelled);
        }
    }

    /// The items released since the last call, in order, each key once, `max_items` in all.
    pub fn take_ready(&mut self) -> Vec<T> {
        std::mem::take(&mut self.ready)
    }

    /// Where the listing stands.
    pub fn status(&self) -> Status {
        self.status
    }

    /// True only when the whole list (or `max_items` of it) was released.
    pub fn is_done(&self) -> bool {
        self.status == Status::Done
    }

    /// Why the listing failed, when it did (or will, once the pages before a failed one are
    /// released).
    pub fn error(&self) -> Option<&ClientError> {
        self.error.as_ref()
    }

    /// Pages requested and not yet answered or failed.
    pub fn in_flight(&self) -> usize {
        self.outstanding.len()
    }

    /// Repair passes started because the list changed (0 when it did not).
    pub fn repair_passes(&self) -> u32 {
        self.pass.number
    }

    /// How far the listing has come.
    pub fn progress(&self) -> Progress {
        if let Some(ended) = self.ended {
            return ended;
        }
        let in_flight = u32::try_from(self.outstanding.len()).unwrap_or(u32::MAX);
        let start = self.plan.start_page;
        let pages_total = if self.status == Status::Done {
            Some(self.pages_done)
        } else {
            match self.pass.mode {
                Mode::Counted(reference) => {
                    let unrequested = self.pass.next_page.map_or(0, |next| {
                        reference.end_page.saturating_sub(next).saturating_add(1)
                    });
                    Some(
                        self.pages_done
                            .saturating_add(in_flight)
                            .saturating_add(self.failed_pages)
                            .saturating_add(unrequested),
                    )
                }
                // A repair pass before its first answer: assume it reads what the last did.
                Mode::Unknown => self.latest.map(|reference| {
                    let pass_pages = reference.end_page.saturating_sub(start).saturating_add(1);
                    self.pages_done.saturating_add(pass_pages)
                }),
                Mode::Linked => None,
            }
        };
        let items_total = if self.status == Status::Done {
            Some(self.items_done)
        } else {
            match self.pass.mode {
                Mode::Linked => self.linked_total.map(|total| {
                    let capped = self.plan.max_items.map_or(total, |max| total.min(max));
                    capped.max(self.items_done)
                }),
                Mode::Counted(_) | Mode::Unknown => self.latest.map(|reference| {
                    let skipped = u64::from(start.saturating_sub(1))
                        .saturating_mul(u64::from(reference.per_page));
                    let listed = reference.total.saturating_sub(skipped);
                    let capped = self.plan.max_items.map_or(listed, |max| listed.min(max));
                    capped.max(self.items_done)
                }),
            }
        };
        Progress {
            pages_done: self.pages_done,
            pages_total,
            items_done: self.items_done,
            items_total,
        }
    }

    fn fail_with(&mut self, error: ClientError) -> ClientError {
        self.end(Status::Failed);
        self.error = Some(error.clone());
        error
    }

    /// Ends a running listing without completing it, keeping its progress as it stands.
    fn end(&mut self, status: Status) {
        if self.status == Status::Running {
            self.ended = Some(self.progress());
        }
        self.status = status;
    }

    fn max_reached(&self) -> bool {
        self.plan
            .max_items
            .is_some_and(|max| self.items_done >= max)
    }

    /// The first answer of a pass decides how the pass finds its pages.
    fn accept_first(&mut self, page: u32, answer: Page<T>) -> Result<(), ClientError> {
        let Some(pagination) = answer.pagination else {
            self.pass.mode = Mode::Linked;
            return self.accept_linked(page, answer);
        };
        if pagination.per_page == 0 {
            return Err(unexpected(
                "pagination.per_page",
                format!("page {page} of the list says it holds 0 items per page"),
            ));
        }
        if pagination.page != page {
            return Err(wrong_page(page, pagination.page));
        }
        let per_page = u64::from(pagination.per_page);
        let pages_for_total =
            u32::try_from(pagination.total_records.div_ceil(per_page)).unwrap_or(u32::MAX);
        // Trust whichever of `last_page` and the count asks for more pages, so that a server
        // that reports one of them oddly never makes the listing stop early.
        let mut end_page = page.max(pagination.last_page).max(pages_for_total);
        if self.pass.number == 0
            && let Some(max) = self.plan.max_items
        {
            // Without changes the first pages hold the first items, so later ones are not
            // needed. A repair pass cannot know where the items it has not released are.
            let pages_needed = u32::try_from(max.div_ceil(per_page)).unwrap_or(u32::MAX);
            let last_needed = page.saturating_add(pages_needed.saturating_sub(1));
            end_page = end_page.min(last_needed);
        }
        let reference = Reference {
            total: pagination.total_records,
            last_page: pagination.last_page,
            per_page: pagination.per_page,
            end_page,
        };
        self.latest = Some(reference);
        self.pass.mode = Mode::Counted(reference);
        self.pass.next_page = page.checked_add(1).filter(|next| *next <= end_page);
        self.pass.answered.push((
            page,
            Answered {
                items: answer.data,
                matches: true,
            },
        ));
        self.release_counted(reference);
        Ok(())
    }

    fn accept_counted(
        &mut self,
        reference: Reference,
        page: u32,
        answer: Page<T>,
    ) -> Result<(), ClientError> {
        let Some(pagination) = answer.pagination else {
            return Err(unexpected(
                "pagination",
                format!(
                    "page {page} of the list came without a pagination object, although page \
                     {} had one",
                    self.plan.start_page
                ),
            ));
        };
        let matches = reference.matches(&pagination);
        if matches && pagination.page != page {
            return Err(wrong_page(page, pagination.page));
        }
        if !matches {
            // The list changed since the pass began: what is not read yet may have shifted.
            self.pass.broken = true;
        }
        self.pass.answered.push((
            page,
            Answered {
                items: answer.data,
                matches,
            },
        ));
        self.release_counted(reference);
        Ok(())
    }

    fn accept_linked(&mut self, page: u32, answer: Page<T>) -> Result<(), ClientError> {
        self.pass.next_page = next_page_of(page, &answer)?;
        if let Some(next) = self.pass.next_page.filter(|_| answer.data.is_empty()) {
            // A page is empty only past the list's end, where no page follows: following such
            // links could go on forever.
            return Err(unexpected(
                "next",
                format!("page {page} of the list is empty but links to page {next}"),
            ));
        }
        self.linked_total = answer.total.or(self.linked_total);
        for item in answer.data {
            self.release(item);
        }
        Ok(())
    }

    /// Releases the answered pages that continue the pass's run of matching pages.
    fn release_counted(&mut self, reference: Reference) {
        while !self.pass.halted {
            let Ok(page) = u32::try_from(self.pass.release_page) else {
                break;
            };
            let Some(at) = self.pass.answered.iter().position(|(p, _)| *p == page) else {
                break;
            };
            let (_, answered) = self.pass.answered.swap_remove(at);
            if !answered.matches || !self.fits(reference, page, &answered.items) {
                // The page does not belong to the reference's list: nothing from here on is
                // trusted, and a repair pass will read it again.
                self.pass.halted = true;
                self.pass.broken = true;
                break;
            }
            for item in answered.items {
                self.pass.keys.insert(item.key());
                self.release(item);
            }
            self.pass.release_page = self.pass.release_page.saturating_add(1);
        }
    }

    /// True when `items` is exactly what the reference's list holds on `page`, as far as the
    /// client can tell: as many items as the count puts there, none read before in this pass.
    fn fits(&self, reference: Reference, page: u32, items: &[T]) -> bool {
        if items.len() as u64 != reference.items_on(page) {
            return false;
        }
        let mut on_page = KeySet::with_capacity(items.len());
        items.iter().all(|item| {
            let key = item.key();
            !self.pass.keys.contains(key) && on_page.insert(key)
        })
    }

    /// Hands an item out unless its key was handed out before or `max_items` is reached.
    fn release(&mut self, item: T) {
        if self.max_reached() {
            return;
        }
        if self.seen.insert(item.key()) {
            self.ready.push(item);
            self.items_done = self.items_done.saturating_add(1);
        }
    }

    /// After an answer: end the listing, start a repair pass, or wait for more answers.
    fn settle(&mut self) -> Result<(), ClientError> {
        if self.max_reached() {
            self.status = Status::Done;
            return Ok(());
        }
        if self.failed_page.is_some() {
            // A page failed: the pages before it only release their items until it fails.
            self.fail_when_due();
            return Ok(());
        }
        match self.pass.mode {
            Mode::Unknown => Ok(()),
            Mode::Linked => {
                if self.pass.next_page.is_none() && self.outstanding.is_empty() {
                    self.status = Status::Done;
                }
                Ok(())
            }
            Mode::Counted(reference) => {
                if !self.pass.halted && self.pass.release_page > u64::from(reference.end_page) {
                    self.status = Status::Done;
                    Ok(())
                } else if self.pass.broken && self.outstanding.is_empty() {
                    self.repair()
                } else {
                    Ok(())
                }
            }
        }
    }

    fn repair(&mut self) -> Result<(), ClientError> {
        if self.pass.number >= MAX_REPAIR_PASSES {
            return Err(unexpected(
                "pagination.total_records",
                format!(
                    "the list kept changing while it was read: {} reads of it each saw items \
                     created, deleted or moved between pages, so the listing stopped rather \
                     than return a list that may be incomplete ({} items were returned before)",
                    MAX_REPAIR_PASSES + 1,
                    self.items_done
                ),
            ));
        }
        self.pass = Pass::new(self.pass.number + 1, self.plan.start_page);
        Ok(())
    }
}

fn wrong_page(asked: u32, answered: u32) -> ClientError {
    unexpected(
        "pagination.page",
        format!("the list was asked for page {asked} but answered page {answered}"),
    )
}

#[cfg(test)]
mod plan_option_tests {
    use super::*;

    #[test]
    fn options_fill_the_default_plan_and_name_bad_values() {
        let plan = ListAllOptions::default()
            .plan(MAX_PER_PAGE)
            .expect("defaults");
        assert_eq!(plan, ListPlan::default());
        let options = ListAllOptions {
            per_page: Some(10),
            order: Some("asc".into()),
            concurrency: Some(1),
            max_items: Some(5),
        };
        let plan = options.plan(MAX_PER_PAGE).expect("ok");
        assert_eq!(
            (plan.per_page, plan.order, plan.concurrency, plan.max_items),
            (10, Order::Asc, 1, Some(5))
        );
        let bad = ListAllOptions {
            order: Some("up".into()),
            ..ListAllOptions::default()
        };
        assert_eq!(
            bad.plan(MAX_PER_PAGE).expect_err("order").field.as_deref(),
            Some("order")
        );
        let bad = ListAllOptions {
            concurrency: Some(0),
            ..ListAllOptions::default()
        };
        let err = Paginator::<Source>::new(bad.plan(MAX_PER_PAGE).expect("plan"))
            .expect_err("concurrency");
        assert_eq!(err.field.as_deref(), Some("concurrency"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_page_in_next_links_whatever_the_parameter_order() {
        let cases = [
            (
                "https://x/api/v1/sources?page=3&per_page=10&order=desc",
                Some(3),
            ),
            (
                "https://x/api/v1/sources?per_page=10&order=desc&page=12",
                Some(12),
            ),
            ("/sources?order=asc&page=7#top", Some(7)),
            ("https://x/api/v1/sources?per_page=10", None),
            ("https://x/api/v1/sources?apage=3&per_page=4", None),
            ("https://x/api/v1/sources?page=&per_page=4", None),
            ("https://x/api/v1/sources?page=+3", None),
            ("https://x/api/v1/sources?page=99999999999", None),
            ("https://x/api/v1/sources", None),
            ("", None),
        ];
        for (url, page) in cases {
            assert_eq!(page_in_link(url), page, "{url}");
        }
    }

    #[test]
    fn the_next_page_comes_from_pagination_first_then_from_the_link() {
        let page = |pagination: Option<Pagination>, next: Option<&str>| Page::<u64> {
            data: Vec::new(),
            pagination,
            next: next.map(String::from),
            total: None,
        };
        let pagination = Pagination {
            total_records: 30,
            per_page: 10,
            prev_page: Some(1),
            page: 2,
            next_page: Some(3),
            last_page: 3,
        };
        assert_eq!(
            next_page_of(2, &page(Some(pagination), Some("/s?page=9"))),
            Ok(Some(3))
        );
        assert_eq!(next_page_of(2, &page(None, Some("/s?page=9"))), Ok(Some(9)));
        assert_eq!(next_page_of(2, &page(None, None)), Ok(None));
        let err = next_page_of(2, &page(None, Some("/s?page=2"))).expect_err("loop");
        assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
        assert_eq!(err.field.as_deref(), Some("next"));
        let err = next_page_of(2, &page(None, Some("/s?cursor=abc"))).expect_err("no page");
        assert_eq!(err.field.as_deref(), Some("next"));
        assert!(err.message.contains("page 2"), "{}", err.message);
    }

    #[test]
    fn the_reference_spreads_its_count_over_pages() {
        let reference = Reference {
            total: 25,
            last_page: 3,
            per_page: 10,
            end_page: 3,
        };
        let counts: Vec<u64> = (1..=5).map(|page| reference.items_on(page)).collect();
        assert_eq!(counts, [10, 10, 5, 0, 0]);
        let huge = Reference {
            total: u64::MAX,
            last_page: u32::MAX,
            per_page: 100,
            end_page: u32::MAX,
        };
        assert_eq!(huge.items_on(u32::MAX), 100);
    }
}
