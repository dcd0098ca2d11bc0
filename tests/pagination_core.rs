//! Native tests of the pagination state machine, driven against an in-memory list that pages
//! exactly like the contract (and the local Census) and that changes while it is read.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use std::collections::HashSet;

use census_wasm::core::error::{ClientError, ErrorKind};
use census_wasm::core::models::{Page, Pagination, Source};
use census_wasm::core::pagination::{
    Keyed, ListPlan, MAX_REPAIR_PASSES, Paginator, Progress, Status,
};
use census_wasm::core::sources::{self, ListOptions, Order};

// ---- an in-memory list ----------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    key: u64,
    /// Creation sequence: the list's order.
    created: u64,
}

impl Keyed for Item {
    fn key(&self) -> u64 {
        self.key
    }
}

/// xorshift64*: deterministic, no crates.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// What the list answers: the current contract, or the older shape with only `next` links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Paginated,
    LinksOnly,
}

struct Server {
    /// Oldest first.
    items: Vec<Item>,
    created: u64,
    shape: Shape,
}

impl Server {
    fn new(size: usize) -> Self {
        let mut server = Self {
            items: Vec::new(),
            created: 0,
            shape: Shape::Paginated,
        };
        for _ in 0..size {
            server.create();
        }
        server
    }

    /// Adds the newest item. Keys are scrambled so nothing can lean on keys following creation.
    fn create(&mut self) -> u64 {
        self.created += 1;
        let key = self.created.wrapping_mul(0xD6E8_FEB8_6659_FD93) ^ 0x5555;
        self.items.push(Item {
            key,
            created: self.created,
        });
        key
    }

    fn delete_at(&mut self, index: usize) -> u64 {
        self.items.remove(index).key
    }

    fn ordered(&self, order: Order) -> Vec<Item> {
        let mut items = self.items.clone();
        if order == Order::Desc {
            items.reverse();
        }
        items
    }

    /// One page, computed the way the contract describes (and census-local implements).
    fn page(&self, options: &ListOptions) -> Page<Item> {
        let page = options.page.unwrap_or(1).max(1);
        let per_page = options.per_page.unwrap_or(25);
        let order = Order::parse("order", options.order.as_deref().unwrap_or("desc")).unwrap();
        let total = self.items.len() as u64;
        let offset = (page as usize - 1) * per_page as usize;
        let data: Vec<Item> = self
            .ordered(order)
            .into_iter()
            .skip(offset)
            .take(per_page as usize)
            .collect();
        let last_page = (total.div_ceil(u64::from(per_page)).max(1)) as u32;
        let next_page = (page < last_page).then_some(page + 1);
        let next = next_page.map(|n| {
            format!(
                "https://census.test/api/v1/things?per_page={per_page}&order={}&page={n}",
                order.as_str()
            )
        });
        let pagination = Pagination {
            total_records: total,
            per_page,
            prev_page: (page > 1).then(|| (page - 1).min(last_page)),
            page,
            next_page,
            last_page,
        };
        match self.shape {
            Shape::Paginated => Page {
                data,
                pagination: Some(pagination),
                next,
                total: None,
            },
            Shape::LinksOnly => Page {
                data,
                pagination: None,
                next,
                total: None,
            },
        }
    }
}

fn plan(per_page: u32, order: Order, concurrency: u32) -> ListPlan {
    ListPlan {
        per_page,
        order,
        concurrency,
        max_items: None,
        start_page: 1,
    }
}

fn keys(items: &[Item]) -> Vec<u64> {
    items.iter().map(|item| item.key).collect()
}

fn assert_no_duplicates(items: &[Item]) {
    let mut seen = HashSet::new();
    for item in items {
        assert!(seen.insert(item.key), "key {} released twice", item.key);
    }
}

// ---- a driver that answers pages in random order and changes the list meanwhile -----------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Changes {
    None,
    Creations,
    Deletions,
    Mixed,
}

struct Run {
    output: Vec<Item>,
    status: Status,
    error: Option<ClientError>,
    requested: Vec<u32>,
    max_in_flight: usize,
    repairs: u32,
    /// Items that existed from the first request to the end, in the list's order.
    throughout: Vec<Item>,
    /// Every key that ever existed.
    ever: HashSet<u64>,
    progress: Progress,
}

/// Drives one listing: each step changes the list (within `budget` changes, `rate` percent of
/// the steps), computes the answer of a random page in flight, or delivers a random computed
/// answer. Computing and delivering apart makes answers arrive in another order than the list
/// was read.
fn drive(
    server: &mut Server,
    plan: ListPlan,
    rng: &mut Rng,
    changes: Changes,
    budget: u32,
    rate: usize,
) -> Run {
    drive_failing(server, plan, rng, changes, budget, rate, 0)
}

/// [`drive`], with each page request failing instead of being answered at `fail_rate` percent
/// of the deliveries. Progress must never go back ([`assert_progress_advances`]). Once the
/// listing ended, the answers still in flight come in and change nothing it reports.
fn drive_failing(
    server: &mut Server,
    plan: ListPlan,
    rng: &mut Rng,
    changes: Changes,
    mut budget: u32,
    rate: usize,
    fail_rate: usize,
) -> Run {
    let shrinks = matches!(changes, Changes::Deletions | Changes::Mixed);
    let mut last = Progress::default();
    let mut advance = |progress: Progress, done: bool| {
        assert_progress_advances(&last, &progress, shrinks, done);
        last = progress;
    };
    let mut machine = Paginator::<Item>::new(plan).expect("valid plan");
    let initial: Vec<Item> = server.ordered(plan.order);
    let mut ever: HashSet<u64> = keys(&initial).into_iter().collect();
    let mut deleted = HashSet::new();
    let mut in_flight: Vec<(u32, Option<Page<Item>>)> = Vec::new();
    let mut output = Vec::new();
    let mut requested = Vec::new();
    let mut max_in_flight = 0;
    let mut answers = 0u32;
    let mut first = true;
    loop {
        let pages = machine.next_requests();
        if first {
            assert_eq!(
                pages,
                [plan.start_page],
                "only the first page before it is known"
            );
            first = false;
        }
        for page in pages {
            requested.push(page);
            in_flight.push((page, None));
        }
        max_in_flight = max_in_flight.max(in_flight.len());
        assert!(
            in_flight.len() <= plan.concurrency as usize,
            "{} in flight, concurrency {}",
            in_flight.len(),
            plan.concurrency
        );
        output.extend(machine.take_ready());
        let progress = machine.progress();
        assert_eq!(progress.items_done, output.len() as u64);
        assert_eq!(progress.pages_done, answers);
        advance(progress, machine.is_done());
        if machine.status() != Status::Running {
            break;
        }
        assert_eq!(machine.in_flight(), in_flight.len());
        assert!(
            !in_flight.is_empty(),
            "running with nothing in flight: stalled"
        );
        if budget > 0 && rng.chance(rate) {
            let create = match changes {
                Changes::None => unreachable!("no budget without changes"),
                Changes::Creations => true,
                Changes::Deletions => false,
                Changes::Mixed => rng.chance(50),
            };
            if create {
                ever.insert(server.create());
                budget -= 1;
            } else if !server.items.is_empty() {
                let index = rng.below(server.items.len());
                deleted.insert(server.delete_at(index));
                budget -= 1;
            }
            continue;
        }
        let index = rng.below(in_flight.len());
        if in_flight[index].1.is_none() {
            let options = machine.list_options(in_flight[index].0);
            in_flight[index].1 = Some(server.page(&options));
            if rng.chance(50) {
                continue;
            }
        }
        let (page, answer) = in_flight.swap_remove(index);
        if fail_rate > 0 && rng.chance(fail_rate) {
            machine.fail(page, ClientError::new(ErrorKind::Network, "offline"));
            continue;
        }
        answers += 1;
        if let Err(error) = machine.accept(page, answer.expect("computed")) {
            // Refused: the listing failed with it, or fails once the pages before it are in.
            if machine.status() == Status::Failed {
                assert_eq!(machine.error(), Some(&error));
            } else {
                assert!(machine.next_requests().is_empty());
            }
        }
    }
    // The answers and failures still in flight when the listing ended change nothing.
    let ended = machine.progress();
    for (page, answer) in in_flight {
        match answer {
            Some(answer) if rng.chance(50) => {
                let _ = machine.accept(page, answer);
            }
            _ => assert!(
                !machine.fail(page, ClientError::new(ErrorKind::Timeout, "late")),
                "a failure after the end is nothing to report"
            ),
        }
        assert_eq!(
            machine.progress(),
            ended,
            "a late answer changed the progress"
        );
        assert!(machine.take_ready().is_empty());
    }
    let throughout = initial
        .into_iter()
        .filter(|item| !deleted.contains(&item.key))
        .collect();
    Run {
        output,
        status: machine.status(),
        error: machine.error().cloned(),
        requested,
        max_in_flight,
        repairs: machine.repair_passes(),
        throughout,
        ever,
        progress: machine.progress(),
    }
}

/// Progress never goes back: the pages and items done only grow, and so do the totals, once
/// known, unless the list `shrinks` (a repair pass then counts the shorter list) or the listing
/// is `done`: its last report says exactly what it read, which is less than the estimate when
/// `max_items` ends a repair pass before its last page.
fn assert_progress_advances(before: &Progress, after: &Progress, shrinks: bool, done: bool) {
    let context = format!("{before:?} then {after:?}");
    assert!(after.pages_done >= before.pages_done, "{context}");
    assert!(after.items_done >= before.items_done, "{context}");
    assert!(
        after.pages_total >= after.pages_total.and(Some(after.pages_done)),
        "{context}"
    );
    assert!(
        after.items_total >= after.items_total.and(Some(after.items_done)),
        "{context}"
    );
    if done {
        assert_eq!(after.pages_total, Some(after.pages_done), "{context}");
        assert_eq!(after.items_total, Some(after.items_done), "{context}");
    } else if !shrinks {
        // `None < Some(_)`: a total, once said, is never taken back.
        assert!(after.pages_total >= before.pages_total, "{context}");
        assert!(after.items_total >= before.items_total, "{context}");
    }
}

/// The items of `run.throughout` in the order the run released them.
fn released_throughout(run: &Run) -> Vec<u64> {
    let wanted: HashSet<u64> = keys(&run.throughout).into_iter().collect();
    run.output
        .iter()
        .filter(|item| wanted.contains(&item.key))
        .map(|item| item.key)
        .collect()
}

// ---- without changes -------------------------------------------------------------------------

#[test]
fn lists_every_size_in_order_without_changes() {
    let cases: &[(usize, u32)] = &[
        (0, 10),
        (1, 10),
        (10, 10),
        (11, 10),
        (1013, 10),
        (0, 100),
        (1, 100),
        (100, 100),
        (101, 100),
        (2000, 100),
        (7, 1),
    ];
    let mut seed = 1;
    for &(size, per_page) in cases {
        for order in [Order::Desc, Order::Asc] {
            for concurrency in [1, 4] {
                seed += 1;
                let mut server = Server::new(size);
                let run = drive(
                    &mut server,
                    plan(per_page, order, concurrency),
                    &mut Rng::new(seed),
                    Changes::None,
                    0,
                    0,
                );
                let context =
                    format!("size {size}, per page {per_page}, {order:?}, c {concurrency}");
                assert_eq!(run.status, Status::Done, "{context}");
                assert_eq!(run.output, server.ordered(order), "{context}");
                // Every page once, no page twice, nothing beyond the last.
                let last_page = (size as u32).div_ceil(per_page).max(1);
                let mut requested = run.requested.clone();
                requested.sort_unstable();
                assert_eq!(requested, (1..=last_page).collect::<Vec<_>>(), "{context}");
                assert_eq!(run.repairs, 0, "{context}");
                // The first page alone, then the rest with `concurrency` in flight.
                let expected_in_flight = (concurrency as usize).min(last_page as usize - 1).max(1);
                if size > 100 {
                    assert_eq!(run.max_in_flight, expected_in_flight, "{context}: prefetch");
                }
                assert_eq!(
                    run.progress,
                    Progress {
                        pages_done: last_page,
                        pages_total: Some(last_page),
                        items_done: size as u64,
                        items_total: Some(size as u64),
                    },
                    "{context}"
                );
            }
        }
    }
}

#[test]
fn many_random_lists_come_back_whole_and_in_order() {
    for seed in 0..400 {
        let mut rng = Rng::new(seed);
        let size = rng.below(80);
        let per_page = 1 + rng.below(12) as u32;
        let concurrency = 1 + rng.below(16) as u32;
        let order = if rng.chance(50) {
            Order::Asc
        } else {
            Order::Desc
        };
        let mut server = Server::new(size);
        let run = drive(
            &mut server,
            plan(per_page, order, concurrency),
            &mut rng,
            Changes::None,
            0,
            0,
        );
        assert_eq!(run.status, Status::Done, "seed {seed}");
        assert_eq!(run.output, server.ordered(order), "seed {seed}");
        assert_eq!(
            run.requested.len() as u32,
            (size as u32).div_ceil(per_page).max(1),
            "seed {seed}: each page once"
        );
    }
}

fn answer(server: &Server, machine: &Paginator<Item>, page: u32) -> Page<Item> {
    server.page(&machine.list_options(page))
}

#[test]
fn prefetches_after_the_first_page_and_releases_in_page_order() {
    let server = Server::new(50); // 5 pages of 10
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 3)).unwrap();
    assert_eq!(machine.progress().pages_total, None);
    assert_eq!(machine.next_requests(), [1]);
    assert_eq!(
        machine.next_requests(),
        Vec::<u32>::new(),
        "last page unknown yet"
    );
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    assert_eq!(
        keys(&machine.take_ready()),
        keys(&server.ordered(Order::Desc)[..10])
    );
    assert_eq!(machine.next_requests(), [2, 3, 4]);
    assert_eq!(machine.next_requests(), Vec::<u32>::new(), "3 in flight");
    // Page 3 first: held back until page 2 comes.
    machine.accept(3, answer(&server, &machine, 3)).unwrap();
    assert!(machine.take_ready().is_empty());
    assert_eq!(machine.next_requests(), [5]);
    assert_eq!(
        machine.progress(),
        Progress {
            pages_done: 2,
            pages_total: Some(5),
            items_done: 10,
            items_total: Some(50),
        }
    );
    machine.accept(2, answer(&server, &machine, 2)).unwrap();
    assert_eq!(
        keys(&machine.take_ready()),
        keys(&server.ordered(Order::Desc)[10..30])
    );
    machine.accept(5, answer(&server, &machine, 5)).unwrap();
    assert!(machine.take_ready().is_empty());
    assert!(!machine.is_done());
    machine.accept(4, answer(&server, &machine, 4)).unwrap();
    assert_eq!(
        keys(&machine.take_ready()),
        keys(&server.ordered(Order::Desc)[30..])
    );
    assert!(machine.is_done());
    assert_eq!(machine.next_requests(), Vec::<u32>::new());
    assert_eq!(machine.error(), None);
}

#[test]
fn the_request_options_always_name_page_size_and_order() {
    let machine = Paginator::<Source>::new(plan(100, Order::Asc, 4)).unwrap();
    let request = sources::list_sources(&machine.list_options(7)).unwrap();
    assert_eq!(
        request.path_and_query(),
        "/sources?page=7&per_page=100&order=asc"
    );
    let default = Paginator::<Source>::new(ListPlan::default()).unwrap();
    assert_eq!(
        default.list_options(1),
        ListOptions {
            page: Some(1),
            per_page: Some(100),
            order: Some("desc".into()),
        }
    );
    assert_eq!(default.plan().concurrency, 4);
}

#[test]
fn sources_are_keyed_by_id() {
    let source: Source =
        serde_json::from_str(r#"{"id": 42, "name": "n", "type": "postgres"}"#).unwrap();
    assert_eq!(source.key(), 42);
    let page: Page<Source> = serde_json::from_str(
        r#"{"data": [{"id": 2, "name": "a", "type": "x"}, {"id": 2, "name": "a", "type": "x"}],
            "next": null}"#,
    )
    .unwrap();
    let mut machine = Paginator::new(plan(25, Order::Desc, 4)).unwrap();
    assert_eq!(machine.next_requests(), [1]);
    machine.accept(1, page).unwrap();
    assert_eq!(
        machine.take_ready().len(),
        1,
        "the same id twice is one source"
    );
    assert!(machine.is_done());
}

// ---- max_items, start page, links ------------------------------------------------------------

#[test]
fn max_items_stops_requests_once_enough_items_are_certain() {
    for concurrency in [1, 4, 16] {
        let server = Server::new(1000);
        let mut machine = Paginator::<Item>::new(ListPlan {
            max_items: Some(25),
            ..plan(10, Order::Desc, concurrency)
        })
        .unwrap();
        let mut requested: Vec<u32> = Vec::new();
        let mut output = Vec::new();
        while machine.status() == Status::Running {
            let pages = machine.next_requests();
            requested.extend(&pages);
            // Answer newest request first, to release out of order.
            for page in pages.into_iter().rev() {
                machine
                    .accept(page, answer(&server, &machine, page))
                    .unwrap();
            }
            output.extend(machine.take_ready());
        }
        assert_eq!(
            requested,
            [1, 2, 3],
            "c {concurrency}: pages 1–3 hold 25 items"
        );
        assert_eq!(keys(&output), keys(&server.ordered(Order::Desc)[..25]));
        assert!(machine.is_done());
        let progress = machine.progress();
        assert_eq!((progress.items_done, progress.items_total), (25, Some(25)));
    }
}

#[test]
fn max_items_at_or_beyond_the_list_and_on_a_page_boundary() {
    for (size, max, expected) in [
        (30, 30, 30),
        (30, 20, 20),
        (30, 500, 30),
        (0, 5, 0),
        (1, 1, 1),
    ] {
        let mut server = Server::new(size);
        let run = drive(
            &mut server,
            ListPlan {
                max_items: Some(max),
                ..plan(10, Order::Asc, 4)
            },
            &mut Rng::new(max + size as u64),
            Changes::None,
            0,
            0,
        );
        assert_eq!(run.status, Status::Done, "{size}/{max}");
        assert_eq!(
            keys(&run.output),
            keys(&server.ordered(Order::Asc)[..expected]),
            "{size}/{max}"
        );
        let pages = (max.min(size as u64) as u32).div_ceil(10).max(1);
        assert_eq!(run.requested.len() as u32, pages, "{size}/{max}");
    }
}

#[test]
fn starts_at_a_later_page() {
    let mut server = Server::new(35);
    let run = drive(
        &mut server,
        ListPlan {
            start_page: 2,
            ..plan(10, Order::Desc, 4)
        },
        &mut Rng::new(9),
        Changes::None,
        0,
        0,
    );
    assert_eq!(run.status, Status::Done);
    assert_eq!(run.output, server.ordered(Order::Desc)[10..]);
    assert_eq!(run.progress.items_total, Some(25));
    let mut beyond = Paginator::<Item>::new(ListPlan {
        start_page: 9,
        ..plan(10, Order::Desc, 4)
    })
    .unwrap();
    assert_eq!(beyond.next_requests(), [9]);
    beyond.accept(9, answer(&server, &beyond, 9)).unwrap();
    assert!(
        beyond.is_done(),
        "a start beyond the last page is an empty listing"
    );
    assert!(beyond.take_ready().is_empty());
}

#[test]
fn pages_with_only_next_links_are_read_one_at_a_time() {
    for (size, per_page) in [(0, 10), (10, 10), (11, 10), (1013, 100)] {
        let mut server = Server::new(size);
        server.shape = Shape::LinksOnly;
        let run = drive(
            &mut server,
            plan(per_page, Order::Desc, 8),
            &mut Rng::new(size as u64),
            Changes::None,
            0,
            0,
        );
        assert_eq!(run.status, Status::Done, "{size}");
        assert_eq!(run.output, server.ordered(Order::Desc), "{size}");
        assert_eq!(
            run.max_in_flight, 1,
            "{size}: a link names only the next page"
        );
        let last_page = (size as u32).div_ceil(per_page).max(1);
        assert_eq!(run.requested, (1..=last_page).collect::<Vec<_>>());
    }
}

#[test]
fn link_pages_report_no_totals_until_done_and_honour_max_items() {
    let mut server = Server::new(30);
    server.shape = Shape::LinksOnly;
    let mut machine = Paginator::<Item>::new(ListPlan {
        max_items: Some(15),
        ..plan(10, Order::Asc, 4)
    })
    .unwrap();
    assert_eq!(machine.next_requests(), [1]);
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    let progress = machine.progress();
    assert_eq!((progress.pages_total, progress.items_total), (None, None));
    assert_eq!(machine.next_requests(), [2]);
    machine.accept(2, answer(&server, &machine, 2)).unwrap();
    assert!(machine.is_done());
    assert_eq!(
        keys(&machine.take_ready()),
        keys(&server.ordered(Order::Asc)[..15])
    );
    assert_eq!(machine.progress().pages_total, Some(2));
}

#[test]
fn link_pages_that_say_their_total_report_it_from_the_first() {
    // Stitch's pages: `{ data, page, total, links }`, no pagination: the total still shows.
    let server = {
        let mut server = Server::new(25);
        server.shape = Shape::LinksOnly;
        server
    };
    let mut machine = Paginator::<Item>::new(plan(10, Order::Asc, 4)).unwrap();
    assert_eq!(machine.next_requests(), [1]);
    let mut first = answer(&server, &machine, 1);
    first.total = Some(25);
    machine.accept(1, first).unwrap();
    let progress = machine.progress();
    assert_eq!(
        (progress.pages_total, progress.items_total),
        (None, Some(25))
    );
    // Capped by maxItems, like a counted list's.
    let mut capped = Paginator::<Item>::new(ListPlan {
        max_items: Some(12),
        ..plan(10, Order::Asc, 4)
    })
    .unwrap();
    capped.next_requests();
    let mut first = answer(&server, &capped, 1);
    first.total = Some(25);
    capped.accept(1, first).unwrap();
    assert_eq!(capped.progress().items_total, Some(12));
}

#[test]
fn a_next_link_that_cannot_be_followed_fails_the_listing() {
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 4)).unwrap();
    machine.next_requests();
    let page = Page {
        data: vec![Item { key: 1, created: 1 }],
        pagination: None,
        next: Some("https://census.test/api/v1/things?cursor=abc".into()),
        total: None,
    };
    let err = machine.accept(1, page).expect_err("no page to follow");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert_eq!(err.field.as_deref(), Some("next"));
    assert_eq!(machine.status(), Status::Failed);
    assert!(!machine.is_done());
    assert!(
        machine.take_ready().is_empty(),
        "the failing answer contributes nothing"
    );
    assert_eq!(machine.next_requests(), Vec::<u32>::new());
}

/// Drives a links-only listing whose server answers page `n` with `answer(n)`, for at most
/// `limit` requests: the pages requested.
fn follow(
    machine: &mut Paginator<Item>,
    limit: usize,
    answer: impl Fn(u32) -> Page<Item>,
) -> Vec<u32> {
    let mut requested = Vec::new();
    while machine.status() == Status::Running && requested.len() < limit {
        let pages = machine.next_requests();
        assert!(!pages.is_empty(), "running with nothing to request");
        for page in pages {
            requested.push(page);
            let _ = machine.accept(page, answer(page));
        }
    }
    requested
}

fn link_page(keys: std::ops::Range<u64>, next: Option<u32>) -> Page<Item> {
    Page {
        data: keys.map(|key| Item { key, created: key }).collect(),
        pagination: None,
        next: next.map(|n| format!("https://census.test/api/v1/things?page={n}")),
        total: None,
    }
}

#[test]
fn next_links_that_cycle_or_repeat_fail_the_listing_instead_of_running_forever() {
    // 1 → 2 → 3 → 1 …, and a server that always links to page 2.
    let cycling = |page: u32| {
        let first = u64::from(page) * 10;
        link_page(first..first + 10, Some(page % 3 + 1))
    };
    let same = |page: u32| {
        let first = u64::from(page) * 10;
        link_page(first..first + 10, Some(2))
    };
    for (name, answer, pages) in [
        (
            "cycle",
            &cycling as &dyn Fn(u32) -> Page<Item>,
            vec![1, 2, 3],
        ),
        ("same link", &same, vec![1, 2]),
    ] {
        let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 4)).unwrap();
        assert_eq!(follow(&mut machine, 100, answer), pages, "{name}");
        assert_eq!(machine.status(), Status::Failed, "{name}");
        let err = machine.error().unwrap();
        assert_eq!(err.kind, ErrorKind::UnexpectedResponse, "{name}");
        assert_eq!(err.field.as_deref(), Some("next"), "{name}");
        assert_eq!(keys(&machine.take_ready()).len(), pages.len() * 10 - 10);
    }
}

#[test]
fn empty_pages_that_still_link_further_fail_the_listing_instead_of_running_forever() {
    // A page of an offset list is empty only past the list's end, where no page follows; a
    // server that keeps linking on from there would be followed forever.
    for items_on_first in [0, 10] {
        let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 4)).unwrap();
        let requested = follow(&mut machine, 1_000, |page| {
            let keys = if page == 1 { 0..items_on_first } else { 0..0 };
            link_page(keys, Some(page + 1))
        });
        let empty_page = if items_on_first == 0 { 1 } else { 2 };
        assert_eq!(requested, (1..=empty_page).collect::<Vec<_>>());
        assert_eq!(machine.status(), Status::Failed);
        let err = machine.error().unwrap();
        assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
        assert_eq!(err.field.as_deref(), Some("next"));
        assert!(
            err.message.contains(&format!("page {empty_page}")),
            "{}",
            err.message
        );
        assert_eq!(machine.take_ready().len() as u64, items_on_first);
    }
    // An empty page that links nowhere is a list's end, as always.
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 4)).unwrap();
    follow(&mut machine, 10, |page| {
        link_page(0..if page == 1 { 10 } else { 0 }, (page == 1).then_some(2))
    });
    assert!(machine.is_done());
}

// ---- failures, cancellation, misuse ----------------------------------------------------------

#[test]
fn a_failed_page_fails_the_listing_and_keeps_only_what_came_before() {
    let server = Server::new(60);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 4)).unwrap();
    assert_eq!(machine.next_requests(), [1]);
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    assert_eq!(machine.next_requests(), [2, 3, 4, 5]);
    machine.accept(3, answer(&server, &machine, 3)).unwrap();
    let failure = ClientError::new(ErrorKind::Network, "offline").with_status(0);
    machine.fail(2, failure.clone());
    assert_eq!(machine.status(), Status::Failed);
    assert!(!machine.is_done());
    assert_eq!(machine.error(), Some(&failure));
    // Page 3 came, but after the gap page 2 left: its items are not released.
    assert_eq!(
        keys(&machine.take_ready()),
        keys(&server.ordered(Order::Desc)[..10])
    );
    assert_eq!(machine.next_requests(), Vec::<u32>::new());
    // Late answers are ignored and change nothing.
    machine.accept(4, answer(&server, &machine, 4)).unwrap();
    machine.fail(5, ClientError::new(ErrorKind::Timeout, "late"));
    assert!(machine.take_ready().is_empty());
    assert_eq!(machine.error(), Some(&failure));
    assert_eq!(machine.in_flight(), 0);
}

#[test]
fn a_failed_page_fails_the_listing_only_after_the_pages_before_it() {
    let server = Server::new(60);
    let all = server.ordered(Order::Desc);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 4)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    assert_eq!(keys(&machine.take_ready()), keys(&all[..10]));
    assert_eq!(machine.next_requests(), [2, 3, 4, 5]);
    let before = machine.progress();
    let failure = ClientError::new(ErrorKind::Api, "page 3 broke").with_status(500);
    assert!(machine.fail(3, failure.clone()), "a failure is news");
    // Page 2 is still in flight: a caller reading page after page would get its items first.
    assert_eq!(machine.status(), Status::Running);
    assert_eq!(
        machine.error(),
        Some(&failure),
        "the error it will fail with"
    );
    assert_eq!(
        machine.next_requests(),
        Vec::<u32>::new(),
        "nothing more asked"
    );
    assert_eq!(
        machine.progress().pages_total,
        before.pages_total,
        "the failed page stays in the total"
    );
    // A page after the failed one is dropped.
    machine.accept(4, answer(&server, &machine, 4)).unwrap();
    assert!(machine.take_ready().is_empty());
    assert_eq!(machine.status(), Status::Running);
    machine.accept(2, answer(&server, &machine, 2)).unwrap();
    assert_eq!(keys(&machine.take_ready()), keys(&all[10..20]));
    assert_eq!(machine.status(), Status::Failed);
    assert_eq!(machine.error(), Some(&failure));
    // Page 5, still in flight, changes nothing.
    machine.accept(5, answer(&server, &machine, 5)).unwrap();
    assert!(machine.take_ready().is_empty());
    assert_eq!(machine.progress().pages_total, before.pages_total);
}

#[test]
fn the_earliest_failed_page_is_the_listings_error() {
    let server = Server::new(60);
    let all = server.ordered(Order::Desc);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 4)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    machine.next_requests();
    let late = ClientError::new(ErrorKind::Timeout, "page 5 timed out");
    let early = ClientError::new(ErrorKind::Network, "page 3 got no answer");
    machine.fail(5, late);
    machine.fail(3, early.clone());
    assert_eq!(
        machine.status(),
        Status::Running,
        "page 2 is still in flight"
    );
    // Page 4, between the two, answers: it comes after page 3, so it is dropped.
    machine.accept(4, answer(&server, &machine, 4)).unwrap();
    machine.accept(2, answer(&server, &machine, 2)).unwrap();
    assert_eq!(keys(&machine.take_ready()), keys(&all[..20]));
    assert_eq!(machine.error(), Some(&early));

    // Page 2 failing after page 3 takes its place: it is the one a caller reaches first.
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 4)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    machine.next_requests();
    machine.fail(3, ClientError::new(ErrorKind::Network, "page 3"));
    let first = ClientError::new(ErrorKind::Network, "page 2");
    machine.fail(2, first.clone());
    assert_eq!(machine.status(), Status::Failed);
    assert_eq!(machine.error(), Some(&first));
    assert_eq!(machine.take_ready().len(), 10);
}

#[test]
fn a_refused_answer_or_an_abort_while_a_failure_waits() {
    let server = Server::new(60);
    let all = server.ordered(Order::Desc);
    // An answer that contradicts the others waits for the pages before it too.
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 3)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    assert_eq!(machine.next_requests(), [2, 3, 4]);
    let mut bare = answer(&server, &machine, 3);
    bare.pagination = None;
    let err = machine.accept(3, bare).expect_err("pagination vanished");
    assert_eq!(err.field.as_deref(), Some("pagination"));
    assert_eq!(machine.status(), Status::Running);
    machine.accept(2, answer(&server, &machine, 2)).unwrap();
    assert_eq!(keys(&machine.take_ready()), keys(&all[..20]));
    assert_eq!(machine.error(), Some(&err));

    // The caller's abort ends it at once, as the abort.
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 3)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    machine.next_requests();
    machine.fail(3, ClientError::new(ErrorKind::Network, "page 3"));
    let abort = ClientError::new(ErrorKind::Aborted, "aborted");
    assert!(!machine.fail(2, abort.clone()), "an abort is no news");
    assert_eq!(machine.error(), Some(&abort));

    // A page before the failed one that shows the list changed ends it too: no repair pass
    // can run past a page that failed.
    let mut changed = Server::new(60);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 3)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&changed, &machine, 1)).unwrap();
    machine.next_requests();
    let failure = ClientError::new(ErrorKind::Network, "page 3");
    machine.fail(3, failure.clone());
    changed.create();
    machine.accept(2, answer(&changed, &machine, 2)).unwrap();
    assert_eq!(machine.status(), Status::Failed);
    assert_eq!(machine.error(), Some(&failure));
    assert_eq!(machine.repair_passes(), 0);
}

#[test]
fn progress_keeps_its_totals_when_a_page_fails_and_after_the_end() {
    let server = Server::new(60);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 4)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    machine.next_requests();
    machine.accept(3, answer(&server, &machine, 3)).unwrap();
    let before = machine.progress();
    assert_eq!((before.pages_done, before.pages_total), (2, Some(6)));
    // The failed page is neither done nor in flight any more: it must not leave the total.
    machine.fail(2, ClientError::new(ErrorKind::Network, "offline"));
    assert_eq!(machine.progress(), before, "the report after the failure");
    machine.accept(4, answer(&server, &machine, 4)).unwrap();
    machine.fail(5, ClientError::new(ErrorKind::Timeout, "late"));
    assert_eq!(machine.progress(), before, "late answers change nothing");

    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 2)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    machine.next_requests();
    let before = machine.progress();
    machine.cancel();
    machine.accept(2, answer(&server, &machine, 2)).unwrap();
    machine.fail(3, ClientError::new(ErrorKind::Aborted, "stopped"));
    assert_eq!(
        machine.progress(),
        before,
        "a cancelled listing keeps its last report"
    );
}

#[test]
fn a_page_that_really_failed_is_news_for_progress_a_cancelled_one_is_not() {
    let server = Server::new(60);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 4)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    machine.next_requests();
    // A page that failed ends the listing: the caller hears of it (the totals kept) before
    // the listing rejects.
    assert!(machine.fail(2, ClientError::new(ErrorKind::Network, "offline")));
    // A failure after the end changes nothing, so it is nothing to report.
    assert!(!machine.fail(3, ClientError::new(ErrorKind::Timeout, "late")));

    // A page cancelled by an abort (return(), the caller's signal) ends the listing too, with
    // nothing to report: only the abort to throw.
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 2)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    machine.next_requests();
    let before = machine.progress();
    assert!(!machine.fail(2, ClientError::new(ErrorKind::Aborted, "aborted")));
    assert_eq!(machine.status(), Status::Failed);
    assert_eq!(machine.progress(), before);
    assert!(!machine.fail(3, ClientError::new(ErrorKind::Aborted, "aborted")));
    // And after a cancel (the listing stopped), a failure is none either.
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 2)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    machine.next_requests();
    machine.cancel();
    assert!(!machine.fail(2, ClientError::new(ErrorKind::Network, "offline")));
}

#[test]
fn random_failed_pages_never_move_progress_back() {
    let mut failed = 0;
    for seed in 50_000..51_000 {
        let mut rng = Rng::new(seed);
        let size = rng.below(70);
        let per_page = 1 + rng.below(10) as u32;
        let (order, concurrency) = any_shape(&mut rng);
        let (changes, budget) = if rng.chance(50) {
            (Changes::None, 0)
        } else {
            (Changes::Creations, 1 + rng.below(3) as u32)
        };
        // Some with maxItems: a repair pass then ends before its last page.
        let max_items = rng.chance(30).then(|| 1 + rng.below(40) as u64);
        let run = drive_failing(
            &mut Server::new(size),
            ListPlan {
                max_items,
                ..plan(per_page, order, concurrency)
            },
            &mut rng,
            changes,
            budget,
            20,
            10,
        );
        assert_no_duplicates(&run.output);
        if run.status == Status::Failed {
            failed += 1;
        }
    }
    assert!(failed >= 100, "only {failed} listings failed a page");
}

#[test]
fn cancel_stops_every_further_request() {
    let server = Server::new(60);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 2)).unwrap();
    assert_eq!(machine.next_requests(), [1]);
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    assert_eq!(machine.next_requests(), [2, 3]);
    machine.cancel();
    assert_eq!(machine.status(), Status::Cancelled);
    assert!(!machine.is_done());
    machine.accept(2, answer(&server, &machine, 2)).unwrap();
    assert_eq!(machine.next_requests(), Vec::<u32>::new());
    assert_eq!(
        machine.take_ready().len(),
        10,
        "only what came before the cancel"
    );
    assert_eq!(machine.error(), None);
}

#[test]
fn an_answer_to_a_page_never_requested_fails_the_listing() {
    let server = Server::new(30);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 2)).unwrap();
    machine.next_requests();
    let err = machine
        .accept(2, answer(&server, &machine, 2))
        .expect_err("page 2 was not requested");
    assert_eq!(err.field.as_deref(), Some("page"));
    assert_eq!(machine.status(), Status::Failed);
}

#[test]
fn a_counted_list_whose_later_page_lacks_pagination_or_is_another_page_fails() {
    let server = Server::new(30);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 2)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    assert_eq!(machine.next_requests(), [2, 3]);
    let mut bare = answer(&server, &machine, 2);
    bare.pagination = None;
    let err = machine.accept(2, bare).expect_err("pagination vanished");
    assert_eq!(
        (err.kind, err.field.as_deref()),
        (ErrorKind::UnexpectedResponse, Some("pagination"))
    );

    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 2)).unwrap();
    machine.next_requests();
    machine.accept(1, answer(&server, &machine, 1)).unwrap();
    machine.next_requests();
    let other = answer(&server, &machine, 3);
    let err = machine
        .accept(2, other)
        .expect_err("page 3 answered for page 2");
    assert_eq!(err.field.as_deref(), Some("pagination.page"));
    assert!(err.message.contains("asked for page 2"), "{}", err.message);
    assert_eq!(machine.take_ready().len(), 10);
}

#[test]
fn the_plan_is_checked_and_errors_name_the_option() {
    let refused = |plan: ListPlan| {
        let err = Paginator::<Item>::new(plan).expect_err("refused");
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        (
            err.field.clone().unwrap_or_default(),
            err.message.clone().clone().clone(),
        )
    };
    let base = plan(10, Order::Desc, 4);
    assert_eq!(
        refused(ListPlan {
            per_page: 0,
            ..base
        }),
        (
            "perPage".into(),
            "perPage: expected an integer from 1 to 100, got 0".into()
        )
    );
    assert_eq!(
        refused(ListPlan {
            per_page: 101,
            ..base
        })
        .0,
        "perPage"
    );
    assert_eq!(
        refused(ListPlan {
            concurrency: 0,
            ..base
        }),
        (
            "concurrency".into(),
            "concurrency: expected an integer from 1 to 16, got 0".into()
        )
    );
    assert_eq!(
        refused(ListPlan {
            concurrency: 17,
            ..base
        })
        .0,
        "concurrency"
    );
    assert_eq!(
        refused(ListPlan {
            max_items: Some(0),
            ..base
        })
        .0,
        "maxItems"
    );
    assert_eq!(
        refused(ListPlan {
            start_page: 0,
            ..base
        })
        .0,
        "page"
    );
    for ok in [
        ListPlan {
            per_page: 1,
            concurrency: 1,
            ..base
        },
        ListPlan {
            per_page: 100,
            concurrency: 16,
            max_items: Some(1),
            ..base
        },
    ] {
        Paginator::<Item>::new(ok).expect("accepted");
    }
}

// ---- changes while listing: worked examples --------------------------------------------------

/// Answers `page` from the server as it is now.
fn feed(server: &Server, machine: &mut Paginator<Item>, page: u32) {
    let answer = answer(server, machine, page);
    machine.accept(page, answer).expect("accepted");
}

fn created_order(items: &[Item]) -> Vec<u64> {
    items.iter().map(|item| item.created).collect()
}

#[test]
fn a_creation_at_the_front_is_repaired_and_nothing_is_released_twice() {
    // desc, 3 per page: [6 5 4] [3 2 1]. After page 1, item 7 is created: page 2 becomes
    // [4 3 2] and 1 moves to page 3. The count (7 ≠ 6) shows it.
    let mut server = Server::new(6);
    let mut machine = Paginator::<Item>::new(plan(3, Order::Desc, 1)).unwrap();
    let mut output = Vec::new();
    assert_eq!(machine.next_requests(), [1]);
    feed(&server, &mut machine, 1);
    output.extend(machine.take_ready());
    server.create();
    assert_eq!(machine.next_requests(), [2]);
    feed(&server, &mut machine, 2);
    assert!(
        machine.take_ready().is_empty(),
        "a page from a changed list is not trusted"
    );
    assert_eq!(machine.repair_passes(), 1);
    // The repair pass reads from page 1 again: 7 is new, 6 5 4 were released already.
    while machine.status() == Status::Running {
        for page in machine.next_requests() {
            feed(&server, &mut machine, page);
        }
        output.extend(machine.take_ready());
    }
    assert!(machine.is_done());
    assert_eq!(created_order(&output), [6, 5, 4, 7, 3, 2, 1]);
}

#[test]
fn a_deletion_that_moves_an_item_onto_a_read_page_is_repaired() {
    // desc, 3 per page: [6 5 4] [3 2 1]. After page 1, 5 is deleted: page 2 becomes [2 1] and
    // 3 moved onto page 1, which was read already. Without repair, 3 would be lost.
    let mut server = Server::new(6);
    let mut machine = Paginator::<Item>::new(plan(3, Order::Desc, 1)).unwrap();
    let mut output = Vec::new();
    machine.next_requests();
    feed(&server, &mut machine, 1);
    let five = server
        .items
        .iter()
        .position(|item| item.created == 5)
        .unwrap();
    server.delete_at(five);
    while machine.status() == Status::Running {
        for page in machine.next_requests() {
            feed(&server, &mut machine, page);
        }
        output.extend(machine.take_ready());
    }
    assert!(machine.is_done());
    assert_eq!(machine.repair_passes(), 1);
    assert_eq!(created_order(&output), [6, 5, 4, 3, 2, 1]);
}

#[test]
fn out_of_order_answers_around_a_creation_keep_the_list_order() {
    // desc, 1 per page: [5 4 3 2 1]. After page 1 ([5]), page 3 is answered first ([3]); then
    // two items are created: [7 6 5 4 3 2 1], and pages 2, 4, 5 read 6, 4, 3. Released naively
    // in page order that is 5 6 3 4: 3 before 4, and 2 and 1 lost. The count (7 ≠ 5) on page 2
    // stops the release after page 1, and the repair pass reads the changed list whole.
    let mut server = Server::new(5);
    let mut machine = Paginator::<Item>::new(plan(1, Order::Desc, 4)).unwrap();
    let mut output = Vec::new();
    assert_eq!(machine.next_requests(), [1]);
    feed(&server, &mut machine, 1);
    assert_eq!(machine.next_requests(), [2, 3, 4, 5]);
    feed(&server, &mut machine, 3);
    server.create();
    server.create();
    for page in [2, 4, 5] {
        feed(&server, &mut machine, page);
    }
    output.extend(machine.take_ready());
    assert_eq!(created_order(&output), [5], "page 2 came from another list");
    assert_eq!(machine.repair_passes(), 1);
    while machine.status() == Status::Running {
        let pages = machine.next_requests();
        for page in pages.into_iter().rev() {
            feed(&server, &mut machine, page);
        }
        output.extend(machine.take_ready());
    }
    assert!(machine.is_done());
    assert_eq!(created_order(&output), [5, 7, 6, 4, 3, 2, 1]);
}

#[test]
fn a_key_read_twice_reveals_a_shift_that_left_the_count_unchanged() {
    // desc, 3 per page: [6 5 4] [3 2 1]. After page 1, 7 is created and 1 deleted: still 6
    // items, but page 2 is now [4 3 2], and 4 was on page 1.
    let mut server = Server::new(6);
    let mut machine = Paginator::<Item>::new(plan(3, Order::Desc, 1)).unwrap();
    let mut output = Vec::new();
    machine.next_requests();
    feed(&server, &mut machine, 1);
    server.create();
    server.delete_at(0);
    while machine.status() == Status::Running {
        for page in machine.next_requests() {
            feed(&server, &mut machine, page);
        }
        output.extend(machine.take_ready());
    }
    assert!(machine.is_done());
    assert_eq!(machine.repair_passes(), 1);
    assert_eq!(created_order(&output), [6, 5, 4, 7, 3, 2]);
}

#[test]
fn a_page_shorter_than_its_count_says_is_read_again() {
    // The count and the page may come from two queries: an item deleted in between leaves a
    // page one short under an unchanged count, and the item after it would be lost.
    let server = Server::new(30);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 3)).unwrap();
    let mut output = Vec::new();
    let mut short_once = true;
    while machine.status() == Status::Running {
        for page in machine.next_requests() {
            let mut answer = answer(&server, &machine, page);
            if page == 2 && short_once {
                answer.data.pop();
                short_once = false;
            }
            machine.accept(page, answer).unwrap();
        }
        output.extend(machine.take_ready());
    }
    assert!(machine.is_done());
    assert_eq!(machine.repair_passes(), 1);
    assert_eq!(output, server.ordered(Order::Desc));
}

#[test]
fn a_list_that_keeps_changing_fails_after_the_last_repair_pass() {
    let mut server = Server::new(40);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 2)).unwrap();
    let mut output = Vec::new();
    let mut error = None;
    while machine.status() == Status::Running {
        for page in machine.next_requests() {
            server.create(); // a new item before every answer
            let answer = answer(&server, &machine, page);
            if let Err(err) = machine.accept(page, answer) {
                error = Some(err);
            }
        }
        output.extend(machine.take_ready());
    }
    assert_eq!(machine.status(), Status::Failed);
    assert!(!machine.is_done());
    assert_eq!(machine.repair_passes(), MAX_REPAIR_PASSES);
    let error = error.expect("accept reported the failure");
    assert_eq!(machine.error(), Some(&error));
    assert_eq!(error.kind, ErrorKind::UnexpectedResponse);
    assert_eq!(error.field.as_deref(), Some("pagination.total_records"));
    assert!(error.message.contains("kept changing"), "{}", error.message);
    assert_no_duplicates(&output);
}

#[test]
fn progress_grows_when_a_repair_pass_is_needed() {
    let mut server = Server::new(30);
    let mut machine = Paginator::<Item>::new(plan(10, Order::Desc, 1)).unwrap();
    machine.next_requests();
    feed(&server, &mut machine, 1);
    assert_eq!(machine.progress().pages_total, Some(3));
    server.create();
    machine.next_requests();
    feed(&server, &mut machine, 2);
    // Two pages read, and the repair pass will read the list (3 pages as last known) again.
    assert_eq!(machine.progress().pages_total, Some(5));
    while machine.status() == Status::Running {
        for page in machine.next_requests() {
            feed(&server, &mut machine, page);
        }
    }
    let progress = machine.progress();
    assert_eq!(progress.pages_done, 6, "2 + the 4 pages of 31 items");
    assert_eq!(progress.pages_total, Some(6));
    assert_eq!((progress.items_done, progress.items_total), (31, Some(31)));
}

#[test]
fn net_zero_churn_is_the_documented_blind_spot() {
    // What no client of offset pagination can see (the module documentation states it): as
    // many creations as deletions, so every answer reports the same count, and no key read
    // twice. asc, 2 per page: [1 2] [3 4]. After page 1, 1 is deleted and 5 created:
    // [2 3] [4 5]. Page 2 reads [4 5]; 3 moved onto page 1, already read.
    let mut server = Server::new(4);
    let mut machine = Paginator::<Item>::new(plan(2, Order::Asc, 1)).unwrap();
    let mut output = Vec::new();
    machine.next_requests();
    feed(&server, &mut machine, 1);
    server.delete_at(0);
    server.create();
    while machine.status() == Status::Running {
        for page in machine.next_requests() {
            feed(&server, &mut machine, page);
        }
        output.extend(machine.take_ready());
    }
    assert_eq!(machine.repair_passes(), 0);
    assert_eq!(
        created_order(&output),
        [1, 2, 4, 5],
        "3 is missed without a sign"
    );

    // desc with out-of-order answers, 1 per page: [5 4 3 2 1]. Pages 1, 4 and 5 read 5, 2, 1;
    // then 6 and 7 are created and 5 and 1 deleted: [7 6 4 3 2]; pages 2 and 3 read 6 and 4.
    let mut server = Server::new(5);
    let mut machine = Paginator::<Item>::new(plan(1, Order::Desc, 4)).unwrap();
    let mut output = Vec::new();
    machine.next_requests();
    feed(&server, &mut machine, 1);
    assert_eq!(machine.next_requests(), [2, 3, 4, 5]);
    feed(&server, &mut machine, 4);
    feed(&server, &mut machine, 5);
    server.create();
    server.create();
    for created in [5, 1] {
        let index = server
            .items
            .iter()
            .position(|item| item.created == created)
            .unwrap();
        server.delete_at(index);
    }
    feed(&server, &mut machine, 3);
    feed(&server, &mut machine, 2);
    output.extend(machine.take_ready());
    assert!(machine.is_done());
    assert_eq!(
        created_order(&output),
        [5, 6, 4, 2, 1],
        "3 is missed without a sign"
    );
}

// ---- changes while listing: random simulation ------------------------------------------------

struct Tally {
    done: u32,
    failed: u32,
    repaired: u32,
    changed_and_done: u32,
    /// Completed listings that missed an item present throughout (only outside the guarantee).
    missed: u32,
}

/// Runs `seeds` random listings with `changes` and checks the documented guarantee: when
/// `guaranteed`, every item present from start to end is released exactly once and in the
/// list's order; always, no key twice, nothing that never existed, and a failure only for a
/// list that kept changing.
fn simulate(
    seeds: std::ops::Range<u64>,
    changes: Changes,
    shape: impl Fn(&mut Rng) -> (Order, u32),
    guaranteed: bool,
) -> Tally {
    let mut tally = Tally {
        done: 0,
        failed: 0,
        repaired: 0,
        changed_and_done: 0,
        missed: 0,
    };
    for seed in seeds {
        let mut rng = Rng::new(seed);
        let size = rng.below(70);
        let per_page = 1 + rng.below(10) as u32;
        let (order, concurrency) = shape(&mut rng);
        let budget = rng.below(7) as u32;
        let rate = 5 + rng.below(30);
        let mut server = Server::new(size);
        let run = drive(
            &mut server,
            plan(per_page, order, concurrency),
            &mut rng,
            changes,
            budget,
            rate,
        );
        let context = format!(
            "seed {seed}: {changes:?}, {size} items, {per_page} per page, {order:?}, c {concurrency}, \
             {budget} changes at {rate}%"
        );
        assert_no_duplicates(&run.output);
        assert!(
            run.output.iter().all(|item| run.ever.contains(&item.key)),
            "{context}"
        );
        assert!(run.max_in_flight <= concurrency as usize, "{context}");
        if run.repairs > 0 {
            tally.repaired += 1;
        }
        match run.status {
            Status::Done => {
                tally.done += 1;
                if run.throughout.len() != size || server.items.len() != size {
                    tally.changed_and_done += 1;
                }
                let released = released_throughout(&run);
                if released.len() != run.throughout.len() {
                    tally.missed += 1;
                }
                if guaranteed {
                    assert_eq!(
                        released_throughout(&run),
                        keys(&run.throughout),
                        "{context}: every item present throughout, once, in the list's order"
                    );
                }
            }
            Status::Failed => {
                tally.failed += 1;
                let error = run.error.expect("a failed listing says why");
                assert_eq!(error.kind, ErrorKind::UnexpectedResponse, "{context}");
                assert_eq!(
                    error.field.as_deref(),
                    Some("pagination.total_records"),
                    "{context}"
                );
                assert_eq!(run.repairs, MAX_REPAIR_PASSES, "{context}");
            }
            other => panic!("{context}: ended {other:?}"),
        }
    }
    eprintln!(
        "{changes:?}: {} done ({} after changes, {} missing an item), {} failed, {} repaired",
        tally.done, tally.changed_and_done, tally.missed, tally.failed, tally.repaired
    );
    tally
}

fn assert_exercised(tally: &Tally, seeds: u32) {
    assert_eq!(tally.done + tally.failed, seeds);
    // The changes must really have hit listings, repairs must have happened, and most listings
    // must still complete: a machine that always fails would pass the checks above vacuously.
    assert!(
        tally.changed_and_done >= seeds / 3,
        "{} changed and done",
        tally.changed_and_done
    );
    assert!(tally.repaired >= seeds / 10, "{} repaired", tally.repaired);
    assert!(
        tally.done >= seeds * 9 / 10,
        "{} of {seeds} done",
        tally.done
    );
}

fn any_shape(rng: &mut Rng) -> (Order, u32) {
    let order = if rng.chance(50) {
        Order::Asc
    } else {
        Order::Desc
    };
    let concurrency = if rng.chance(30) {
        1
    } else {
        2 + rng.below(7) as u32
    };
    (order, concurrency)
}

#[test]
fn random_creations_never_lose_repeat_or_reorder_an_item() {
    let tally = simulate(0..1500, Changes::Creations, any_shape, true);
    assert_exercised(&tally, 1500);
}

#[test]
fn random_deletions_never_lose_repeat_or_reorder_an_item() {
    let tally = simulate(10_000..11_500, Changes::Deletions, any_shape, true);
    assert_exercised(&tally, 1500);
}

#[test]
fn random_mixed_changes_in_desc_order_read_sequentially_never_lose_an_item() {
    let tally = simulate(20_000..21_500, Changes::Mixed, |_| (Order::Desc, 1), true);
    assert_exercised(&tally, 1500);
}

#[test]
fn random_mixed_changes_never_repeat_an_item_and_honour_max_items() {
    // Outside the guarantee's conditions an item can be missed (see the blind-spot test), but
    // no key is ever released twice, nothing is invented, and `max_items` holds.
    let tally = simulate(30_000..31_500, Changes::Mixed, any_shape, false);
    assert_exercised(&tally, 1500);
    for seed in 40_000..40_500 {
        let mut rng = Rng::new(seed);
        let mut server = Server::new(rng.below(60));
        let max = 1 + rng.below(40) as u64;
        let (order, concurrency) = any_shape(&mut rng);
        let run = drive(
            &mut server,
            ListPlan {
                max_items: Some(max),
                ..plan(1 + rng.below(10) as u32, order, concurrency)
            },
            &mut rng,
            Changes::Mixed,
            4,
            20,
        );
        assert!(run.output.len() as u64 <= max, "seed {seed}");
        assert_no_duplicates(&run.output);
        assert!(
            matches!(run.status, Status::Done | Status::Failed),
            "seed {seed}"
        );
    }
}
