//! The objects a destination of each type offers and their fields, in document 003's field shape:
//! what `GET /destinations/{id}/objects/{full_name}` answers and what a sync's mappings are
//! checked against. Names are as awkward as the real ones: dots and colons in field names
//! (Salesforce), spaces in sheet names (Google Sheets), file paths with `%`, `?`, `#` and
//! non-ASCII letters as object names (Amazon S3).

use census_core::syncs::{DestinationField, DestinationObject};

/// A plain field: createable and updateable, not an array, no key.
fn field(full_name: &str, label: &str, field_type: &str) -> DestinationField {
    DestinationField {
        full_name: full_name.to_owned(),
        label: Some(label.to_owned()),
        field_type: Some(field_type.to_owned()),
        createable: Some(true),
        updateable: Some(true),
        operations: Some(Vec::new()),
        array: Some(false),
        preserve_values_supported: Some(false),
        required_for_mapping: Some(false),
        can_be_upsert_key: Some(false),
        can_be_update_key: Some(false),
        can_be_insert_key: Some(false),
        can_be_reference_key: Some(false),
        lookup_object: None,
    }
}

/// The variations of [`field`] the seeded objects need.
trait FieldExt: Sized {
    /// Which kinds of sync may use it as the primary identifier, and whether lookups may use it.
    fn keys(self, upsert: bool, update: bool, insert: bool, reference: bool) -> Self;
    /// Any sync may use it as the primary identifier, and lookups may use it.
    fn key(self) -> Self {
        self.keys(true, true, true, true)
    }
    /// Must be mapped by syncs that may create records.
    fn required(self) -> Self;
    /// An array field, merged into or overwritten.
    fn array(self) -> Self;
    /// A reference to a record of `object`.
    fn refers_to(self, object: &str) -> Self;
    /// Set by the destination, never by a sync.
    fn read_only(self) -> Self;
    /// A value already in the destination may be kept (`preserve_values`).
    fn preservable(self) -> Self;
}

impl FieldExt for DestinationField {
    fn keys(mut self, upsert: bool, update: bool, insert: bool, reference: bool) -> Self {
        self.can_be_upsert_key = Some(upsert);
        self.can_be_update_key = Some(update);
        self.can_be_insert_key = Some(insert);
        self.can_be_reference_key = Some(reference);
        self
    }

    fn required(mut self) -> Self {
        self.required_for_mapping = Some(true);
        self
    }

    fn array(mut self) -> Self {
        self.array = Some(true);
        self.operations = Some(vec!["merge".into(), "overwrite".into()]);
        self
    }

    fn refers_to(mut self, object: &str) -> Self {
        self.lookup_object = Some(object.to_owned());
        self
    }

    fn read_only(mut self) -> Self {
        self.createable = Some(false);
        self.updateable = Some(false);
        self
    }

    fn preservable(mut self) -> Self {
        self.preserve_values_supported = Some(true);
        self
    }
}

fn object(
    full_name: &str,
    label: &str,
    operations: &[&str],
    case_sensitive: bool,
    fields: Vec<DestinationField>,
) -> DestinationObject {
    DestinationObject {
        full_name: full_name.to_owned(),
        label: Some(label.to_owned()),
        allow_custom_fields: Some(true),
        allow_case_sensitive_field_names: Some(case_sensitive),
        supported_operations: Some(operations.iter().map(|op| (*op).to_owned()).collect()),
        fields: Some(fields),
    }
}

const FILE_OPERATIONS: &[&str] = &["mirror", "append"];

/// The objects (with their fields) a destination of type `service` offers, in the order its
/// object list shows them (`asc`). Types without a described schema offer one generic object.
pub fn objects(service: &str) -> Vec<DestinationObject> {
    match service {
        "braze" => braze(),
        "salesforce" => salesforce(),
        "hubspot" => hubspot(),
        "google_sheets" => google_sheets(),
        "s3" | "gcs" | "azure_blob" | "sftp" => files(),
        _ => vec![generic(service)],
    }
}

fn braze() -> Vec<DestinationObject> {
    vec![
        object(
            "user",
            "User",
            &["upsert", "update", "mirror"],
            true,
            vec![
                field("first_name", "First Name", "String"),
                field("last_name", "Last Name", "String"),
                // As document 003 shows it: a lookup to an object Braze does not list.
                field("company", "Company", "String").refers_to("company"),
                field("external_id", "External User ID", "String").key(),
                field("email", "Email", "String"),
                field("phone", "Phone", "String"),
                field("country", "Country", "String"),
                field("email_subscribe", "Email Subscribe", "String").preservable(),
                field("date_of_birth", "Date of Birth", "Date"),
                field("favorite_categories", "Favorite Categories", "Array").array(),
            ],
        ),
        object(
            "event",
            "Event",
            &["append"],
            true,
            vec![
                field("external_id", "External User ID", "String").keys(false, false, true, false),
                field("name", "Event Name", "String").required(),
                field("time", "Timestamp", "DateTime").required(),
                field("app_id", "App ID", "String"),
                field("properties", "Properties", "Object"),
            ],
        ),
    ]
}

fn salesforce() -> Vec<DestinationObject> {
    let operations = &["upsert", "update", "insert", "mirror"];
    let id = |label: &str| {
        field("Id", label, "id")
            .keys(false, true, false, true)
            .read_only()
    };
    vec![
        object(
            "Account",
            "Account",
            operations,
            false,
            vec![
                id("Account ID"),
                field("External_ID__c", "External ID", "string").key(),
                field("Name", "Account Name", "string").required(),
                field("Website", "Website", "url").keys(true, true, false, true),
                field("Industry", "Industry", "picklist"),
                field("NumberOfEmployees", "Employees", "int"),
                field("AnnualRevenue", "Annual Revenue", "currency"),
                field("OwnerId", "Owner ID", "reference").refers_to("User"),
            ],
        ),
        object(
            "Contact",
            "Contact",
            operations,
            false,
            vec![
                id("Contact ID"),
                field("External_ID__c", "External ID", "string").key(),
                field("Email", "Email", "email").keys(true, true, true, false),
                field("FirstName", "First Name", "string"),
                field("LastName", "Last Name", "string").required(),
                field("Phone", "Business Phone", "phone"),
                field("Title", "Title", "string"),
                field("AccountId", "Account ID", "reference").refers_to("Account"),
                field("LeadSource", "Lead Source", "picklist").preservable(),
                field("HasOptedOutOfEmail", "Email Opt Out", "boolean"),
            ],
        ),
        object(
            "Lead",
            "Lead",
            operations,
            false,
            vec![
                id("Lead ID"),
                field("Email", "Email", "email").keys(true, true, true, false),
                field("FirstName", "First Name", "string"),
                field("LastName", "Last Name", "string").required(),
                field("Company", "Company", "string").required(),
                field("Status", "Lead Status", "picklist").preservable(),
                field("LeadSource", "Lead Source", "picklist").preservable(),
                field(
                    "user_identifier.hashed_email_PREHASHED",
                    "Hashed Email (pre-hashed)",
                    "string",
                ),
                field("custom_field:Users", "Users", "multipicklist").array(),
                field("ConvertedAccountId", "Converted Account ID", "reference")
                    .refers_to("Account")
                    .read_only(),
            ],
        ),
    ]
}

fn hubspot() -> Vec<DestinationObject> {
    let object_id = || {
        field("hs_object_id", "Record ID", "number")
            .keys(false, true, false, true)
            .read_only()
    };
    vec![
        object(
            "contact",
            "Contact",
            &["upsert", "update", "insert", "mirror"],
            false,
            vec![
                field("email", "Email", "string").key(),
                object_id(),
                field("firstname", "First Name", "string"),
                field("lastname", "Last Name", "string"),
                field("company", "Company Name", "string"),
                field("phone", "Phone Number", "string"),
                field("lifecyclestage", "Lifecycle Stage", "enumeration").preservable(),
                field("hs_lead_status", "Lead Status", "enumeration"),
                field("associatedcompanyid", "Associated Company", "number").refers_to("company"),
                field("hs_buying_role", "Buying Role", "enumeration").array(),
            ],
        ),
        object(
            "company",
            "Company",
            &["upsert", "update", "insert"],
            false,
            vec![
                field("domain", "Company Domain Name", "string").key(),
                object_id(),
                field("name", "Name", "string"),
                field("industry", "Industry", "enumeration"),
                field("numberofemployees", "Number of Employees", "number"),
                field("annualrevenue", "Annual Revenue", "number"),
                field("lifecyclestage", "Lifecycle Stage", "enumeration").preservable(),
            ],
        ),
    ]
}

/// Sheets of one spreadsheet; their columns are the fields. No column can be a key: rows are
/// written as they come, so syncs to them need no primary identifier.
fn google_sheets() -> Vec<DestinationObject> {
    let sheet = |name: &str, columns: &[&str]| {
        object(
            name,
            name,
            FILE_OPERATIONS,
            true,
            columns
                .iter()
                .map(|column| field(column, column, "String"))
                .collect(),
        )
    };
    vec![
        sheet(
            "Weekly Signups",
            &["Email", "Signup Date", "Plan", "Country", "Source"],
        ),
        sheet(
            "Q3 Pipeline Review",
            &["Account", "Stage", "Amount", "Close Date", "Owner"],
        ),
        sheet(
            "Customers (export)",
            &["Customer ID", "Name", "MRR", "Health"],
        ),
    ]
}

/// Files of a bucket, named by their paths; their columns are the fields, the first of them
/// the row key.
fn files() -> Vec<DestinationObject> {
    let file = |path: &str, columns: &[(&str, &str)]| {
        let fields = columns
            .iter()
            .enumerate()
            .map(|(index, (name, kind))| {
                let column = field(name, name, kind);
                if index == 0 {
                    column.keys(true, true, true, false)
                } else {
                    column
                }
            })
            .collect();
        object(path, path, FILE_OPERATIONS, true, fields)
    };
    vec![
        file(
            "exports/2024/users.csv",
            &[
                ("user_id", "string"),
                ("email", "string"),
                ("first_name", "string"),
                ("last_name", "string"),
                ("plan", "string"),
                ("signed_up_at", "timestamp"),
            ],
        ),
        file(
            "exports/2024/accounts.csv",
            &[
                ("account_id", "string"),
                ("name", "string"),
                ("domain", "string"),
                ("arr", "decimal"),
            ],
        ),
        file(
            "données/été 50%?#1.csv",
            &[
                ("id", "string"),
                ("libellé", "string"),
                ("montant", "decimal"),
                ("taux %", "decimal"),
                ("créé_le", "timestamp"),
            ],
        ),
        file(
            "reports/q1 summary: v1.2.json",
            &[
                ("report_id", "string"),
                ("metric", "string"),
                ("value", "decimal"),
                ("period.start", "date"),
                ("period.end", "date"),
            ],
        ),
    ]
}

/// The one object of a type whose schema is not described here: a person-like record.
fn generic(service: &str) -> DestinationObject {
    let (full_name, label) = match service {
        "marketo" => ("lead", "Lead"),
        "intercom" => ("contact", "Contact"),
        "klaviyo" => ("profile", "Profile"),
        "mailchimp" => ("member", "Audience Member"),
        "customer_io" => ("person", "Person"),
        "segment" => ("identify", "Identify Call"),
        "mixpanel" => ("user_profile", "User Profile"),
        "pipedrive" => ("person", "Person"),
        "outreach" => ("prospect", "Prospect"),
        "google_ads" | "facebook" | "linkedin_ads" | "tiktok_ads" => ("audience", "Audience"),
        "slack" => ("message", "Message"),
        "http_request" | "custom_api" => ("request", "Request"),
        _ => ("user", "User"),
    };
    object(
        full_name,
        label,
        &["upsert", "update", "insert"],
        false,
        vec![
            field("email", "Email", "String").key(),
            field("external_id", "External ID", "String").key(),
            field("first_name", "First Name", "String"),
            field("last_name", "Last Name", "String"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::CONNECTORS;

    #[test]
    fn every_type_offers_objects_with_unique_names_and_sound_fields() {
        for kind in CONNECTORS {
            let objects = objects(kind.service_name);
            assert!(!objects.is_empty(), "{}", kind.service_name);
            let mut names: Vec<&str> = objects.iter().map(|o| o.full_name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), objects.len(), "{}", kind.service_name);
            for object in &objects {
                let fields = object.fields.as_deref().unwrap_or_default();
                let mut names: Vec<&str> = fields.iter().map(|f| f.full_name.as_str()).collect();
                names.sort_unstable();
                names.dedup();
                assert_eq!(names.len(), fields.len(), "{}", object.full_name);
                for field in fields {
                    // Only arrays take merge or overwrite.
                    assert_eq!(
                        field.array == Some(true),
                        !field.operations.as_deref().unwrap_or_default().is_empty(),
                        "{}.{}",
                        object.full_name,
                        field.full_name
                    );
                }
                let operations = object.supported_operations.as_deref().unwrap_or_default();
                assert!(!operations.is_empty(), "{}", object.full_name);
            }
        }
    }

    #[test]
    fn the_awkward_names_are_there() {
        let lead = salesforce().into_iter().find(|o| o.full_name == "Lead");
        let fields = lead.and_then(|o| o.fields).expect("Lead fields");
        for name in [
            "user_identifier.hashed_email_PREHASHED",
            "custom_field:Users",
        ] {
            assert!(fields.iter().any(|f| f.full_name == name), "{name}");
        }
        let paths: Vec<String> = files().into_iter().map(|o| o.full_name).collect();
        assert!(paths.contains(&"données/été 50%?#1.csv".to_owned()));
        assert!(
            google_sheets()
                .iter()
                .all(|sheet| sheet.full_name.contains(' '))
        );
    }
}
