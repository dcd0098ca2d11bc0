//! Scan failures: the error callers see, and the failure that gathers its path as the scan
//! unwinds.

/// Where a scan failed and why: the path (e.g. `data[3].id`) and a `json_error`-style reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    /// Members and indices from the top, e.g. `data[3].id`; empty when `not_json`.
    pub path: String,
    /// What was wrong, worded as serde_json words it.
    pub reason: String,
    /// True when the bytes are not JSON (syntax, UTF-8, nesting) rather than the wrong shape.
    pub not_json: bool,
}

/// One step of a path: a member's key or an item's index.
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// An error on its way out, collecting its path as the scan unwinds.
pub struct Fail {
    pub(crate) segs: Vec<Seg>,
    reason: String,
    pub(crate) not_json: bool,
}

impl Fail {
    #[cold]
    #[inline(never)]
    pub(crate) fn syntax(reason: &str) -> Box<Self> {
        Box::new(Self {
            segs: Vec::new(),
            reason: reason.to_owned(),
            not_json: true,
        })
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn shape(reason: String) -> Box<Self> {
        Box::new(Self {
            segs: Vec::new(),
            reason,
            not_json: false,
        })
    }

    /// A known member given twice: its path names it.
    #[cold]
    #[inline(never)]
    pub(crate) fn duplicate(name: &str) -> Box<Self> {
        under_key(Self::shape("given twice".to_owned()), name)
    }

    /// A required member that is not there.
    #[cold]
    #[inline(never)]
    pub(crate) fn missing() -> Box<Self> {
        Self::shape("required field is missing".to_owned())
    }

    /// The error as it reads outside: the path joined in document order.
    pub fn finish(self) -> ScanError {
        let mut path = String::new();
        for seg in self.segs.iter().rev() {
            match seg {
                Seg::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Seg::Index(index) => {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
            }
        }
        ScanError {
            path: if self.not_json { String::new() } else { path },
            reason: self.reason,
            not_json: self.not_json,
        }
    }
}

pub(crate) type Res<T> = Result<T, Box<Fail>>;

pub(crate) fn at_key<T>(result: Res<T>, key: &str) -> Res<T> {
    result.map_err(|mut fail| {
        fail.segs.push(Seg::Key(key.to_owned()));
        fail
    })
}

pub(crate) fn under_key(mut fail: Box<Fail>, key: &str) -> Box<Fail> {
    fail.segs.push(Seg::Key(key.to_owned()));
    fail
}

pub(crate) fn at_index<T>(result: Res<T>, index: usize) -> Res<T> {
    result.map_err(|mut fail| {
        fail.segs.push(Seg::Index(index));
        fail
    })
}
