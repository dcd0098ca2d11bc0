//! A plain description of one HTTP request: what the transport sends, and nothing it must decide.

use std::fmt::Write as _;

/// The HTTP methods the Census API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }
}

/// Which token authorises a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Auth {
    /// The workspace's API token (`apiToken`).
    #[default]
    Workspace,
    /// A personal access token (`personalAccessToken`): the organisation endpoints
    /// (`/workspaces`, `/users`, `/invitations`).
    Personal,
    /// A Stitch Connect access token (`StitchClient`'s `accessToken`).
    Stitch,
    /// The same, on an endpoint under Stitch's jobs limit (extractions and loads): the client
    /// paces its requests (`crate::stitch::JobPacer`) rather than send the 31st in ten minutes.
    StitchJobs,
}

/// One API call, built and checked before anything is sent. Holds no credentials: the
/// `Authorization` header is added by [`crate::config::ClientConfig::headers`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    /// Path below the base URL, starting with `/`, e.g. `/sources/12`.
    pub path: String,
    /// Query parameters in order, not yet encoded.
    pub query: Vec<(&'static str, String)>,
    /// Headers other than `Authorization`.
    pub headers: Vec<(&'static str, &'static str)>,
    /// The JSON body, for POST and PATCH calls that send one.
    pub body: Option<String>,
    /// What the call is about, for messages: `source 12`, `the source list`.
    pub subject: String,
    /// The token it is sent with.
    pub auth: Auth,
}

impl HttpRequest {
    /// A request without a body.
    pub fn new(method: Method, path: String, subject: String) -> Self {
        Self {
            method,
            path,
            query: Vec::new(),
            headers: vec![("Accept", "application/json")],
            body: None,
            subject,
            auth: Auth::Workspace,
        }
    }

    /// Whether it counts against Stitch's jobs limit, so is paced.
    pub fn paced(&self) -> bool {
        self.auth == Auth::StitchJobs
    }

    /// Adds a JSON body and its content type.
    pub fn with_json_body(mut self, body: String) -> Self {
        self.headers.push(("Content-Type", "application/json"));
        self.body = Some(body);
        self
    }

    /// Adds a query parameter when `value` is present.
    pub fn with_query(mut self, name: &'static str, value: Option<String>) -> Self {
        if let Some(value) = value {
            self.query.push((name, value));
        }
        self
    }

    /// The path and the encoded query string, e.g. `/sources?page=2&per_page=50`.
    pub fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        for (index, (name, value)) in self.query.iter().enumerate() {
            out.push(if index == 0 { '?' } else { '&' });
            out.push_str(name);
            out.push('=');
            percent_encode_into(&mut out, value);
        }
        out
    }

    /// `GET /sources/12`, for messages: never the query, which may hold search text, but the
    /// page of a list beyond the first (`GET /sources (page 3)`), so that an error while
    /// listing says where.
    pub fn describe(&self) -> String {
        let page = self
            .query
            .iter()
            .find(|(name, value)| *name == "page" && value != "1")
            .map(|(_, page)| page);
        match page {
            Some(page) => format!("{} {} (page {page})", self.method.as_str(), self.path),
            None => format!("{} {}", self.method.as_str(), self.path),
        }
    }
}

/// A value made safe to put in a path as one segment (`/source_types/{segment}`).
pub fn path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    percent_encode_into(&mut out, value);
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn percent_encode_into(out: &mut String, value: &str) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_query_values() {
        let request = HttpRequest::new(Method::Get, "/sources".into(), "s".into())
            .with_query("page", Some("2".into()))
            .with_query("skipped", None)
            .with_query("search", Some("a b&c=d/é".into()));
        assert_eq!(
            request.path_and_query(),
            "/sources?page=2&search=a%20b%26c%3Dd%2F%C3%A9"
        );
        // The search text stays out of messages; the page shows, past the first.
        assert_eq!(request.describe(), "GET /sources (page 2)");
        let first = HttpRequest::new(Method::Get, "/sources".into(), "s".into())
            .with_query("page", Some("1".into()));
        assert_eq!(first.describe(), "GET /sources");
    }

    #[test]
    fn a_json_body_brings_its_content_type() {
        let request = HttpRequest::new(Method::Post, "/sources".into(), "s".into())
            .with_json_body("{}".into());
        assert!(
            request
                .headers
                .contains(&("Content-Type", "application/json"))
        );
        assert!(request.headers.contains(&("Accept", "application/json")));
    }
}
