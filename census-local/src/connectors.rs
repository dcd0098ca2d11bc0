//! The destination-type catalogue (`GET /connectors`): every kind of destination the local Census
//! knows, how it is connected, what its destinations show of their credentials, and whether its
//! syncs need a primary identifier. Lists page as `/source_types` does, in this fixed order.

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use census_core::models::JsonObject;
use census_core::syncs::{AuthMethod, Connector};

use crate::AppState;
use crate::api::{Envelope, Paging, parse_query};
use crate::http::{ApiError, json};
use crate::secrets::without_secrets;

/// Whether a sync to a destination of this type names a primary identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier {
    /// Exactly one mapping is the primary identifier (document 003's rule).
    Required,
    /// None or one: rows are written as they come (Google Sheets; see terraform-provider-census#1).
    Optional,
}

/// What a destination of this type shows of its credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// `connection_details`: the credentials without secrets.
    Details,
    /// `credentials: {}` and no details, as document 003 shows its HubSpot destination.
    EmptyCredentials,
}

/// A destination type (a `service_name` of `/connectors`).
#[derive(Debug, Clone, Copy)]
pub struct ConnectorType {
    /// The wire value of `service_connection.type`.
    pub service_name: &'static str,
    /// Human name, the default name of a new destination.
    pub label: &'static str,
    pub auth_method: &'static str,
    /// The page under `https://docs.getcensus.com/destinations/`.
    pub documentation_slug: &'static str,
    pub identifier: Identifier,
    pub shown: Shown,
}

impl ConnectorType {
    /// What a destination of this type with `credentials` shows: its `connection_details` and
    /// its `credentials` members, either of which may be absent.
    pub fn shown(&self, credentials: &JsonObject) -> (Option<JsonObject>, Option<JsonObject>) {
        match self.shown {
            Shown::Details => (Some(without_secrets(credentials)), None),
            Shown::EmptyCredentials => (None, Some(JsonObject::new())),
        }
    }

    /// The wire form.
    pub fn wire(&self) -> Connector {
        Connector {
            service_name: self.service_name.to_owned(),
            label: Some(self.label.to_owned()),
            auth_method: Some(AuthMethod::from_wire(self.auth_method)),
            documentation_slug: Some(self.documentation_slug.to_owned()),
            // The local connectors do not describe their credentials (the member is optional).
            configuration_fields: None,
        }
    }
}

/// Finds a destination type by its `service_name`.
pub fn connector(service_name: &str) -> Option<&'static ConnectorType> {
    CONNECTORS.iter().find(|c| c.service_name == service_name)
}

const fn connector_type(
    service_name: &'static str,
    label: &'static str,
    auth_method: &'static str,
    documentation_slug: &'static str,
) -> ConnectorType {
    ConnectorType {
        service_name,
        label,
        auth_method,
        documentation_slug,
        identifier: Identifier::Required,
        shown: Shown::Details,
    }
}

/// Every destination type, in the order `/connectors?order=asc` lists them (`desc`, the default,
/// is the reverse). More than a default page (25), so the list pages.
pub const CONNECTORS: &[ConnectorType] = &[
    connector_type("braze", "Braze", "credentials", "braze"),
    connector_type("salesforce", "Salesforce", "oauth", "salesforce"),
    ConnectorType {
        shown: Shown::EmptyCredentials,
        ..connector_type("hubspot", "HubSpot", "oauth", "hubspot")
    },
    ConnectorType {
        identifier: Identifier::Optional,
        ..connector_type("google_sheets", "Google Sheets", "oauth", "google-sheets")
    },
    connector_type("s3", "Amazon S3", "credentials", "amazon-s3"),
    connector_type("google_ads", "Google Ads", "oauth", "google-ads"),
    connector_type("facebook", "Facebook Ads", "oauth", "facebook-ads"),
    connector_type("linkedin_ads", "LinkedIn Ads", "oauth", "linkedin-ads"),
    connector_type("tiktok_ads", "TikTok Ads", "oauth", "tiktok-ads"),
    connector_type("marketo", "Marketo", "credentials", "marketo"),
    connector_type("intercom", "Intercom", "oauth", "intercom"),
    connector_type("iterable", "Iterable", "credentials", "iterable"),
    connector_type("klaviyo", "Klaviyo", "credentials", "klaviyo"),
    connector_type("mailchimp", "Mailchimp", "oauth", "mailchimp"),
    connector_type("customer_io", "Customer.io", "credentials", "customer-io"),
    connector_type("zendesk", "Zendesk", "oauth", "zendesk"),
    connector_type("segment", "Segment", "credentials", "segment"),
    connector_type("amplitude", "Amplitude", "credentials", "amplitude"),
    connector_type("mixpanel", "Mixpanel", "credentials", "mixpanel"),
    connector_type("pipedrive", "Pipedrive", "credentials", "pipedrive"),
    connector_type("outreach", "Outreach", "oauth", "outreach"),
    connector_type("slack", "Slack", "oauth", "slack"),
    connector_type("airtable", "Airtable", "oauth", "airtable"),
    connector_type("notion", "Notion", "oauth", "notion"),
    connector_type("sftp", "SFTP", "credentials", "sftp"),
    connector_type(
        "gcs",
        "Google Cloud Storage",
        "credentials",
        "google-cloud-storage",
    ),
    connector_type(
        "azure_blob",
        "Azure Blob Storage",
        "credentials",
        "azure-blob-storage",
    ),
    connector_type("http_request", "HTTP Request", "other", "http-request"),
    connector_type("custom_api", "Custom API", "other", "custom-api"),
];

/// The routes of `/connectors`, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/connectors", get(list_connectors))
        .route("/connectors/{service_name}", get(get_connector))
}

/// `GET /connectors?page&per_page&order`: the catalogue in its fixed order (`asc`) or reversed.
pub async fn list_connectors(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read(&params)?;
    let (total, page) = paging.window(CONNECTORS.iter().collect());
    let data: Vec<Connector> = page.into_iter().map(ConnectorType::wire).collect();
    Ok(paging.answer(&state, &headers, "/connectors", "", data, total))
}

/// `GET /connectors/{service_name}`.
pub async fn get_connector(
    name: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let name = name.map(|Path(name)| name).unwrap_or_default();
    let kind = connector(&name)
        .ok_or_else(|| ApiError::not_found(format!("Connector {name:?} not found")))?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: kind.wire(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_consistent() {
        let mut names: Vec<&str> = CONNECTORS.iter().map(|c| c.service_name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CONNECTORS.len(), "service names are unique");
        assert!(CONNECTORS.len() > 25, "more than one default page");
        for kind in CONNECTORS {
            assert!(
                AuthMethod::KNOWN.contains(&kind.auth_method),
                "{}",
                kind.service_name
            );
        }
        let optional: Vec<&str> = CONNECTORS
            .iter()
            .filter(|c| c.identifier == Identifier::Optional)
            .map(|c| c.service_name)
            .collect();
        assert_eq!(optional, ["google_sheets"]);
    }
}
