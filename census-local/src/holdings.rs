//! What the workspace holds besides sources and the destination side: segments, datasets,
//! topics, connect and management links, webhooks, destination-object creation requests, and
//! the column loads of tables. Plain data with id counters; the route modules read and change
//! it through the store, and `extras` seeds it.
//!
//! Every job that is not a refresh key (a segment build, an object creation, a column load, a
//! link's 24 hours) keeps when it started as a [`Since`], so its state follows tokio's clock
//! (tests pause and advance it) as refresh jobs and sync runs do.

use std::collections::BTreeMap;
use std::time::Duration;

use census_core::syncs::DestinationObject;
use census_core::workspace_models::{Dataset, Link, Segment, Topic, Webhook};
use tokio::time::Instant;

use crate::clock::{iso8601, now_ms};
use crate::prng::Prng;

/// How long a link stays valid after it is created.
pub const LINK_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// When something with a duration started: in this session, on tokio's clock, or before the
/// server started (seeded; long over).
#[derive(Debug, Clone, Copy)]
pub enum Since {
    /// Seeded: as old as its `created_at` says.
    Past,
    /// Started in this session.
    Live(Instant),
}

impl Since {
    /// Started now.
    pub fn now() -> Self {
        Self::Live(Instant::now())
    }

    /// Whether `duration` has passed since the start; seeded jobs are long done.
    pub fn done(&self, duration: Duration) -> bool {
        match self {
            Self::Past => true,
            Self::Live(started) => started.elapsed() >= duration,
        }
    }
}

/// A segment as stored, with when its build (re)started.
#[derive(Debug, Clone)]
pub struct SegmentRecord {
    /// The wire form, kept current on every change.
    pub segment: Segment,
    pub created_ms: i64,
    /// Creating or changing a segment (re)builds it; `source_status` follows the build.
    pub build: Since,
}

/// A dataset as stored.
#[derive(Debug, Clone)]
pub struct DatasetRecord {
    pub dataset: Dataset,
    pub created_ms: i64,
}

/// A topic of an HTTP-request source, as stored.
#[derive(Debug, Clone)]
pub struct TopicRecord {
    pub topic: Topic,
    pub created_ms: i64,
}

/// Which list a link belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `/source_connect_links`, and a source's reauthorization links (with `source_id`).
    SourceConnect,
    /// `/destination_connect_links`, and a destination's reauthorization links.
    DestinationConnect,
    /// `/sync_management_links`, and a sync's edit links (with `sync_id`).
    SyncManagement,
    /// Segment management links, for new segments or one segment.
    SegmentManagement,
}

/// A link as stored.
#[derive(Debug, Clone)]
pub struct LinkRecord {
    /// The wire form without `uri` and `expired`, which depend on the request and the clock.
    pub link: Link,
    pub kind: LinkKind,
    pub created_ms: i64,
    pub started: Since,
    /// Where the link points on this server (`/embedded/...`, not served): the answer's `uri`
    /// is this path on the host the request addressed.
    pub path: String,
}

impl LinkRecord {
    /// Whether the link has passed its `expiration`.
    pub fn expired(&self) -> bool {
        match self.started {
            Since::Live(started) => started.elapsed() >= LINK_LIFETIME,
            Since::Past => {
                let lifetime = i64::try_from(LINK_LIFETIME.as_millis()).unwrap_or(i64::MAX);
                now_ms() >= self.created_ms.saturating_add(lifetime)
            }
        }
    }

    /// The link as the API shows it to a request addressed to `origin` (`http://host:port`).
    pub fn view(&self, origin: &str) -> Link {
        Link {
            uri: Some(format!("{origin}{}", self.path)),
            expired: Some(self.expired()),
            ..self.link.clone()
        }
    }
}

/// A webhook as stored: what the API shows, and the secret it showed once.
#[derive(Debug, Clone)]
pub struct WebhookRecord {
    /// The wire form, `secret` always `None`.
    pub webhook: Webhook,
    /// The signing secret.
    pub secret: String,
    pub created_ms: i64,
}

/// A `POST /destinations/{id}/object_creation_requests` job: the object appears in the
/// destination once it has taken `--refresh-ms` (see `destination_jobs::settle`).
#[derive(Debug, Clone)]
pub struct ObjectCreation {
    pub destination: u64,
    pub object: DestinationObject,
    pub started: Since,
    /// Whether the object has been added to the destination.
    pub applied: bool,
}

/// Everything this module describes, by id, with the next id of each kind.
#[derive(Debug)]
pub struct Holdings {
    pub segments: BTreeMap<u64, SegmentRecord>,
    pub datasets: BTreeMap<u64, DatasetRecord>,
    pub topics: BTreeMap<u64, TopicRecord>,
    pub links: BTreeMap<u64, LinkRecord>,
    pub webhooks: BTreeMap<u64, WebhookRecord>,
    pub creations: BTreeMap<u64, ObjectCreation>,
    /// Tables whose columns `GET /sources/{id}/tables/columns` has started loading, by table
    /// id: a table not here has never been asked for (its columns are not loaded yet).
    pub column_loads: BTreeMap<u64, Instant>,
    next_segment_id: u64,
    next_cohort_id: u64,
    next_dataset_id: u64,
    next_topic_id: u64,
    next_link_id: u64,
    next_webhook_id: u64,
    next_creation_id: u64,
    /// Draws link tokens and webhook secrets, so they repeat after each reset.
    rng: Prng,
}

/// The first id of each kind (seeded or not), so each kind's ids are recognisable.
pub const FIRST_SEGMENT_ID: u64 = 301;
pub const FIRST_COHORT_ID: u64 = 351;
pub const FIRST_DATASET_ID: u64 = 401;
pub const FIRST_TOPIC_ID: u64 = 501;
pub const FIRST_LINK_ID: u64 = 601;
pub const FIRST_WEBHOOK_ID: u64 = 701;
pub const FIRST_CREATION_ID: u64 = 801;

/// The constant link tokens and webhook secrets grow from.
const HOLDINGS_SEED: u64 = 0x0011_AB5E_C2E7_2026;

impl Default for Holdings {
    fn default() -> Self {
        Self {
            segments: BTreeMap::new(),
            datasets: BTreeMap::new(),
            topics: BTreeMap::new(),
            links: BTreeMap::new(),
            webhooks: BTreeMap::new(),
            creations: BTreeMap::new(),
            column_loads: BTreeMap::new(),
            next_segment_id: FIRST_SEGMENT_ID,
            next_cohort_id: FIRST_COHORT_ID,
            next_dataset_id: FIRST_DATASET_ID,
            next_topic_id: FIRST_TOPIC_ID,
            next_link_id: FIRST_LINK_ID,
            next_webhook_id: FIRST_WEBHOOK_ID,
            next_creation_id: FIRST_CREATION_ID,
            rng: Prng(HOLDINGS_SEED),
        }
    }
}

fn take(counter: &mut u64) -> u64 {
    let id = *counter;
    *counter += 1;
    id
}

impl Holdings {
    pub fn take_segment_id(&mut self) -> u64 {
        take(&mut self.next_segment_id)
    }

    pub fn take_cohort_id(&mut self) -> u64 {
        take(&mut self.next_cohort_id)
    }

    pub fn take_dataset_id(&mut self) -> u64 {
        take(&mut self.next_dataset_id)
    }

    pub fn take_topic_id(&mut self) -> u64 {
        take(&mut self.next_topic_id)
    }

    pub fn take_link_id(&mut self) -> u64 {
        take(&mut self.next_link_id)
    }

    pub fn take_webhook_id(&mut self) -> u64 {
        take(&mut self.next_webhook_id)
    }

    pub fn take_creation_id(&mut self) -> u64 {
        take(&mut self.next_creation_id)
    }

    /// `len` lowercase hex digits from the holdings' own generator.
    pub fn token(&mut self, len: usize) -> String {
        self.rng.hex(len)
    }

    /// A new link of `kind` created now, valid for [`LINK_LIFETIME`]: stored, and returned
    /// without its `uri` and `expired` (see [`LinkRecord::view`]).
    pub fn add_link(&mut self, kind: LinkKind, link: Link) -> &LinkRecord {
        let id = self.take_link_id();
        let created_ms = self.creation_time(self.links.values().map(|l| l.created_ms));
        self.insert_link(id, kind, link, created_ms, Since::now())
    }

    /// Stores a link `id` of `kind` created at `created_ms`.
    pub fn insert_link(
        &mut self,
        id: u64,
        kind: LinkKind,
        link: Link,
        created_ms: i64,
        started: Since,
    ) -> &LinkRecord {
        let lifetime = i64::try_from(LINK_LIFETIME.as_millis()).unwrap_or(i64::MAX);
        let folder = match kind {
            LinkKind::SourceConnect => "source_connect",
            LinkKind::DestinationConnect => "destination_connect",
            LinkKind::SyncManagement => "sync_management",
            LinkKind::SegmentManagement => "segment_management",
        };
        let path = format!("/embedded/{folder}/{id}/{}", self.token(24));
        self.next_link_id = self.next_link_id.max(id + 1);
        let record = LinkRecord {
            link: Link {
                id,
                uri: None,
                expiration: Some(iso8601(created_ms.saturating_add(lifetime))),
                expired: None,
                revoked: Some(false),
                created_at: Some(iso8601(created_ms)),
                ..link
            },
            kind,
            created_ms,
            started,
            path,
        };
        self.links.entry(id).or_insert(record)
    }

    /// The creation time of something created now: never before the newest of `existing`,
    /// so it lists first under `order=desc` even if the clock is behind the seed data.
    pub fn creation_time(&self, existing: impl Iterator<Item = i64>) -> i64 {
        now_ms().max(existing.max().unwrap_or(i64::MIN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_count_per_kind_and_tokens_repeat() {
        let mut a = Holdings::default();
        let mut b = Holdings::default();
        assert_eq!(a.take_segment_id(), FIRST_SEGMENT_ID);
        assert_eq!(a.take_segment_id(), FIRST_SEGMENT_ID + 1);
        assert_eq!(a.take_webhook_id(), FIRST_WEBHOOK_ID);
        assert_eq!(a.token(8), b.token(8));
        assert_ne!(a.token(8), a.token(8));
    }

    #[test]
    fn a_past_link_has_expired_and_a_live_one_has_not() {
        let mut holdings = Holdings::default();
        let link = Link {
            id: 0,
            uri: None,
            link_type: Some("snowflake".into()),
            redirect_uri: None,
            expiration: None,
            expired: None,
            revoked: None,
            source_id: None,
            destination_id: None,
            sync_id: None,
            segment_id: None,
            created_at: None,
        };
        let old = holdings
            .insert_link(
                601,
                LinkKind::SourceConnect,
                link.clone(),
                1_700_000_000_000,
                Since::Past,
            )
            .view("http://h");
        assert_eq!(old.expired, Some(true));
        assert_eq!(old.expiration.as_deref(), Some("2023-11-15T22:13:20.000Z"));
        assert!(
            old.uri
                .is_some_and(|uri| uri.starts_with("http://h/embedded/source_connect/601/"))
        );
    }
}
