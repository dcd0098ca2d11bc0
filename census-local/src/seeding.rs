//! The whole seeded workspace: [`Store::seeded`]'s sources, then the destination side laid over
//! them, the same on every machine and after every reset.
//!
//! **Destinations** (ids fixed whatever `--seed`; the next created gets 19):
//!
//! | id | type | name | objects |
//! |---|---|---|---|
//! | 12 | google_sheets | Google Sheets | `Weekly Signups`, `Q3 Pipeline Review`, `Customers (export)` |
//! | 14 | hubspot | HubSpot | `contact`, `company` (shows `credentials: {}`, as 003 does) |
//! | 15 | braze | Braze | `user`, `event` |
//! | 16 | salesforce | Salesforce Production | `Account`, `Contact`, `Lead` |
//! | 18 | s3 | S3 exports | `exports/2024/users.csv`, `exports/2024/accounts.csv`, `données/été 50%?#1.csv`, `reports/q1 summary: v1.2.json` |
//!

use census_core::models::JsonObject;
use census_core::syncs::Destination;
use serde_json::Value;

use crate::clock::iso8601;
use crate::connectors::connector;
use crate::outbound::{DestinationRecord, Outbound};
use crate::schemas;
use crate::store::Store;

const DAY_MS: i64 = 86_400_000;

/// The workspace `--seed count` starts with (and `POST /__control/reset` restores).
pub fn workspace(count: usize) -> Store {
    let mut store = Store::seeded(count);
    seed_destinations(&mut store.outbound);
    store
}

/// A seeded destination.
struct DestinationSeed {
    id: u64,
    service: &'static str,
    name: &'static str,
    created_ms: i64,
    credentials: &'static [(&'static str, &'static str)],
    /// When it was last tested and whether that passed; `None`: never tested.
    tested: Option<(i64, bool)>,
}

const DESTINATIONS: &[DestinationSeed] = &[
    DestinationSeed {
        id: 12,
        service: "google_sheets",
        name: "Google Sheets",
        created_ms: 1_707_573_791_000,
        credentials: &[
            (
                "service_account_email",
                "census-sheets@census-local.iam.gserviceaccount.com",
            ),
            (
                "spreadsheet_id",
                "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms",
            ),
            ("refresh_token", "1//0g-census-local-sheets"),
        ],
        tested: Some((1_707_573_791_000 + 40 * DAY_MS, true)),
    },
    DestinationSeed {
        id: 14,
        service: "hubspot",
        name: "HubSpot",
        created_ms: 1_709_285_400_000,
        credentials: &[
            ("hub_id", "21456789"),
            ("refresh_token", "na1-census-local-hubspot"),
        ],
        tested: Some((1_709_285_400_000 + 3 * DAY_MS, true)),
    },
    DestinationSeed {
        id: 15,
        service: "braze",
        name: "Braze",
        created_ms: 1_710_521_127_000,
        credentials: &[
            ("instance_url", "https://rest.iad-03.braze.com"),
            ("api_key", "b7c1e0d2-census-local-braze"),
        ],
        tested: Some((1_710_521_127_000 + 200 * DAY_MS, true)),
    },
    DestinationSeed {
        id: 16,
        service: "salesforce",
        name: "Salesforce Production",
        created_ms: 1_712_056_333_000,
        credentials: &[
            ("instance_url", "https://acme.my.salesforce.com"),
            ("username", "census-integration@acme.com"),
            ("refresh_token", "5Aep861census-local-salesforce"),
        ],
        tested: Some((1_712_056_333_000 + 300 * DAY_MS, false)),
    },
    DestinationSeed {
        id: 18,
        service: "s3",
        name: "S3 exports",
        created_ms: 1_716_192_000_000,
        credentials: &[
            ("bucket", "acme-census-exports"),
            ("region", "us-east-1"),
            ("access_key_id", "AKIAIOSFODNN7EXAMPLE"),
            ("secret_access_key", "wJalrXUtnFEMI/census-local"),
        ],
        tested: None,
    },
];

fn seed_destinations(outbound: &mut Outbound) {
    for seed in DESTINATIONS {
        let credentials: JsonObject = seed
            .credentials
            .iter()
            .map(|(key, value)| ((*key).to_owned(), Value::from(*value)))
            .collect();
        let (connection_details, shown) = connector(seed.service)
            .map(|kind| kind.shown(&credentials))
            .unwrap_or_default();
        outbound.insert_destination(DestinationRecord {
            destination: Destination {
                id: seed.id,
                name: seed.name.to_owned(),
                destination_type: Some(seed.service.to_owned()),
                created_at: Some(iso8601(seed.created_ms)),
                last_test_succeeded: seed.tested.map(|(_, passed)| passed),
                last_tested_at: seed.tested.map(|(at, _)| iso8601(at)),
                connection_details,
                credentials: shown,
                objects: None,
            },
            credentials,
            created_ms: seed.created_ms,
            objects: schemas::objects(seed.service),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_seeded_whatever_the_sources() {
        for count in [0, 36] {
            let store = workspace(count);
            let ids: Vec<u64> = store.outbound.destinations.keys().copied().collect();
            assert_eq!(ids, [12, 14, 15, 16, 18]);
        }
    }
}
