//! The destination side of the workspace as stored: destinations with their objects, with
//! their id counter. Routes read and change it through the store.

use std::collections::BTreeMap;

use census_core::models::JsonObject;
use census_core::syncs::{Destination, DestinationObject};

use crate::clock::now_ms;

/// A destination as stored: what the API shows plus what it keeps to itself.
#[derive(Debug, Clone)]
pub struct DestinationRecord {
    /// The wire form without `objects`, kept current on every change.
    pub destination: Destination,
    /// All credentials, secrets included, so partial updates can merge into them.
    pub credentials: JsonObject,
    /// `created_at` in epoch milliseconds, the list sort key.
    pub created_ms: i64,
    /// Its objects, each with its fields.
    pub objects: Vec<DestinationObject>,
}

impl DestinationRecord {
    /// The object named `full_name`.
    pub fn object(&self, full_name: &str) -> Option<&DestinationObject> {
        self.objects.iter().find(|o| o.full_name == full_name)
    }

    /// The destination as `GET /destinations/{id}` shows it: with its objects, each without
    /// fields (those come with the object alone).
    pub fn with_objects(&self) -> Destination {
        Destination {
            objects: Some(self.objects.iter().map(without_fields).collect()),
            ..self.destination.clone()
        }
    }
}

/// An object as lists show it, without `fields`.
pub fn without_fields(object: &DestinationObject) -> DestinationObject {
    DestinationObject {
        fields: None,
        ..object.clone()
    }
}

/// Destinations by id, and the next id.
#[derive(Debug, Default)]
pub struct Outbound {
    pub destinations: BTreeMap<u64, DestinationRecord>,
    next_destination_id: u64,
}

/// The next id after `taken`, never going back below `next`.
fn after(next: u64, taken: u64) -> u64 {
    next.max(taken.saturating_add(1))
}

impl Outbound {
    /// Reserves the next destination id.
    pub fn take_destination_id(&mut self) -> u64 {
        let id = self.next_destination_id.max(1);
        self.next_destination_id = id + 1;
        id
    }

    /// Adds a destination; later ids come after its own.
    pub fn insert_destination(&mut self, record: DestinationRecord) {
        let id = record.destination.id;
        self.next_destination_id = after(self.next_destination_id, id);
        self.destinations.insert(id, record);
    }

    /// The creation time for something created now. Never earlier than anything already there,
    /// so a new item lists first under `order=desc` even if the clock is behind the seed data.
    pub fn creation_time(&self) -> i64 {
        let newest = self.destinations.values().map(|d| d.created_ms).max();
        now_ms().max(newest.unwrap_or(i64::MIN))
    }
}
