//! A listing of every page of a list endpoint (`iterate…`, `listAll…`, `listSourceTypes`): the
//! endpoint's call with its arguments and filters, whose page options `core::pagination`'s
//! machine decides page by page.

use crate::api::{Call, Reply};
use crate::checked;
use crate::error::{ClientError, ErrorKind};
use crate::models::Page;
use crate::request::HttpRequest;
use crate::response::RawResponse;
use crate::sources::ListOptions;

/// The pages of one list endpoint, for one set of arguments and filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    call: Call,
}

impl Listing {
    /// A listing of `call`'s endpoint, which must be a list endpoint.
    pub fn new(call: Call) -> Result<Self, ClientError> {
        if !call.endpoint.paged() {
            return Err(ClientError::new(
                ErrorKind::InvalidInput,
                format!("{} is not a list endpoint", call.endpoint.path),
            ));
        }
        Ok(Self { call })
    }

    /// The request for one page.
    pub fn request(&self, options: &ListOptions) -> Result<HttpRequest, ClientError> {
        let mut call = self.call.clone();
        call.paging = options.clone();
        call.request()
    }

    /// Checks a page and returns the keys of its items, in order.
    pub fn read_keys(
        &self,
        request: &HttpRequest,
        raw: &RawResponse<'_>,
    ) -> Result<Page<u64>, ClientError> {
        match self.call.endpoint.reply {
            Reply::Page(schema) => checked::check_page(request, raw, schema),
            Reply::StitchPage(list) => {
                crate::stitch::check_page(request, raw, list.item, list.key).map(|(_, page)| page)
            }
            _ => Err(ClientError::new(
                ErrorKind::UnexpectedResponse,
                "not a list endpoint",
            )),
        }
    }

    /// What is being listed, for messages: `the listing of the tables of source 12`.
    pub fn noun(&self) -> String {
        let subject = self
            .request(&ListOptions::default())
            .map(|request| request.subject)
            .unwrap_or_default();
        format!("listing of {subject}")
    }
}
