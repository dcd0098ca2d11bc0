//! The list endpoints that `iterate…` and `listAll…` read page by page: each one's request for a
//! page and the check that keys its items, for `core::pagination`'s machine.

use crate::core::checked::{self, ListSchema};
use crate::core::error::ClientError;
use crate::core::models::Page;
use crate::core::request::HttpRequest;
use crate::core::response::RawResponse;
use crate::core::sources::{self, ListOptions};
use crate::core::{source_types, tables};

/// Which list endpoint a listing reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListKind {
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
    /// The request for one page.
    pub fn request(&self, options: &ListOptions) -> Result<HttpRequest, ClientError> {
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

    fn schema(&self) -> &'static ListSchema {
        match self {
            Self::Sources => &checked::SOURCES,
            Self::SourceTypes => &checked::SOURCE_TYPES,
            Self::Tables { .. } => &checked::TABLES,
            Self::DataSources { .. } => &checked::DATA_SOURCES,
        }
    }

    /// Checks a page and returns the keys of its items, in order.
    pub fn read_keys(
        &self,
        request: &HttpRequest,
        raw: &RawResponse<'_>,
    ) -> Result<Page<u64>, ClientError> {
        checked::check_page(request, raw, self.schema())
    }

    /// What is being listed, for messages.
    pub fn noun(&self) -> &'static str {
        match self {
            Self::Sources => "source listing",
            Self::SourceTypes => "source type listing",
            Self::Tables { .. } => "table listing",
            Self::DataSources { .. } => "data source listing",
        }
    }
}
