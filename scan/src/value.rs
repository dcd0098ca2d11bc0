//! One value against its `Kind`: the dispatch, the fast paths of members and items, arrays,
//! and the wording of a mismatch.

use crate::error::{Fail, Res, at_index};
use crate::info::Seen;
use crate::number::short_integer;
use crate::scanner::literal_end;
use crate::string::plain_string;
use crate::text::{quoted, string_value};
use crate::{Field, ItemSink, Kind, MAX_SAFE_INTEGER, ObjInfo, Scanner, status_code};

impl Scanner<'_> {
    /// Describes the value at `pos` (after a shape mismatch) as json_error does: `"x"`, `1.5`,
    /// `an object`. Consumes nothing; a value that is not even JSON is reported as such.
    #[cold]
    pub(crate) fn mismatch(&mut self, expected: &str) -> Box<Fail> {
        let start = self.pos;
        let got = match self.peek() {
            Some(b'{') => "an object".to_owned(),
            Some(b'[') => "an array".to_owned(),
            // serde parses the value it calls the wrong type: an infinite number is refused.
            _ => match self.skip(true) {
                Err(fail) => return fail,
                Ok(()) => {
                    let text = self.bytes.get(start..self.pos).unwrap_or_default();
                    if text.first() == Some(&b'"') {
                        string_value(text).map_or_else(|| "a string".to_owned(), |s| quoted(&s))
                    } else {
                        crate::text::lossy(text)
                    }
                }
            },
        };
        self.pos = start;
        Fail::shape(format!("expected {expected}, got {got}"))
    }

    /// `value` for a member of a shape (or an item of an array) whose value starts at `pos`,
    /// returning the position after it: the commonest members (a plain string where one is
    /// expected, `null` where it may be, a boolean, a short integer) are checked here on a local
    /// position, and nested objects go straight to `object`. Anything else, or anything unusual
    /// in these, takes `value` from `pos`.
    #[inline(always)]
    pub(crate) fn member_value(
        &mut self,
        field: &Field<'_>,
        finite: bool,
        pos: usize,
    ) -> Res<usize> {
        let bytes = self.bytes;
        let fast = match (field.kind, bytes.get(pos)) {
            (Kind::Str, Some(b'"')) => plain_string(bytes, pos),
            (_, Some(b'n')) if field.nullable => literal_end(bytes, pos, b"null"),
            (Kind::Bool, Some(b't')) => literal_end(bytes, pos, b"true"),
            (Kind::Bool, Some(b'f')) => literal_end(bytes, pos, b"false"),
            (Kind::U64, Some(b'1'..=b'9')) => short_integer(bytes, pos, MAX_SAFE_INTEGER),
            (Kind::U32, Some(b'1'..=b'9')) => short_integer(bytes, pos, u64::from(u32::MAX)),
            _ => None,
        };
        if let Some(end) = fast {
            return Ok(end);
        }
        self.pos = pos;
        match (field.kind, bytes.get(pos)) {
            // A nested object, without `value`'s dispatch.
            (Kind::Object(shape), Some(b'{')) => {
                self.object_into(shape, finite, false, &mut Seen::default(), &mut [])?;
            }
            _ => self.value(&field.kind, field.nullable, finite)?,
        }
        Ok(self.pos)
    }

    /// Checks one value against `kind`; `finite` is set inside values serde reads in full
    /// (`Value`, the buffered content of a tagged union), where unknown members are parsed too.
    pub fn value(&mut self, kind: &Kind<'_>, nullable: bool, finite: bool) -> Res<()> {
        let first = self.next_token()?;
        if first == b'n' && nullable {
            return self.literal(b"null");
        }
        match kind {
            Kind::Str => {
                if first == b'"' {
                    self.string()
                } else {
                    Err(self.mismatch("a string"))
                }
            }
            Kind::U64 | Kind::U32 => {
                let start = self.pos;
                let (limit, within) = if matches!(kind, Kind::U32) {
                    (u64::from(u32::MAX), "an integer up to 2^32 - 1")
                } else {
                    // What JSON.parse keeps exactly: a larger id would reach the caller rounded,
                    // and name another resource.
                    (
                        MAX_SAFE_INTEGER,
                        "an integer up to 2^53 - 1, which JavaScript keeps exact",
                    )
                };
                let mut expected = "a non-negative integer";
                if let b'-' | b'0'..=b'9' = first
                    && let Some(value) = self.number(false)?
                {
                    if value <= limit {
                        return Ok(());
                    }
                    expected = within;
                }
                self.pos = start;
                Err(self.mismatch(expected))
            }
            Kind::Number => {
                if let b'-' | b'0'..=b'9' = first {
                    self.number(true)?;
                    return Ok(());
                }
                Err(self.mismatch("a number"))
            }
            Kind::Bool => match first {
                b't' => self.literal(b"true"),
                b'f' => self.literal(b"false"),
                _ => Err(self.mismatch("a boolean (true or false)")),
            },
            Kind::Any => self.skip(true),
            Kind::Ignored => self.skip(finite),
            Kind::Status => {
                let start = self.pos;
                match first {
                    b'"' => return self.string(),
                    b'-' | b'0'..=b'9' => {
                        self.number(false)?;
                        let text = self.bytes.get(start..self.pos).unwrap_or_default();
                        if status_code(text).is_some() {
                            return Ok(());
                        }
                        self.pos = start;
                    }
                    _ => {}
                }
                Err(self.mismatch("a string or an integer"))
            }
            Kind::FreeObject => {
                if first != b'{' {
                    return Err(self.mismatch("an object"));
                }
                self.skip(true)
            }
            Kind::Object(shape) => {
                if first != b'{' {
                    return Err(self.mismatch("an object"));
                }
                self.object_into(shape, finite, false, &mut Seen::default(), &mut [])
            }
            Kind::Array(item) => {
                if first != b'[' {
                    return Err(self.mismatch("an array"));
                }
                self.array(item, finite, None)
            }
            Kind::Tagged(tagged) => {
                if first != b'{' {
                    return Err(self.mismatch("an object"));
                }
                // Its spans nobody reads, as for `Kind::Object`.
                let (_, shape) = self.tag(tagged)?;
                self.object_into(shape, true, false, &mut Seen::default(), &mut [])
            }
        }
    }

    /// An array at `pos` whose items are `item`. With a sink, items must be objects (or tagged
    /// unions) and each one's member spans go to the sink.
    pub(crate) fn array(
        &mut self,
        item: &Kind<'_>,
        finite: bool,
        mut sink: Option<&mut ItemSink<'_>>,
    ) -> Res<()> {
        self.pos += 1;
        self.enter()?;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        let mut index = 0;
        // A local position, as in `object`; items without a sink are checked as members are.
        let mut pos = self.pos;
        // One for all the items given to the sink: each object starts by forgetting the last.
        let mut info = ObjInfo::new();
        let as_member = Field {
            name: "",
            kind: *item,
            required: false,
            nullable: false,
        };
        loop {
            match (&mut sink, item) {
                (Some(sink), Kind::Object(shape)) => {
                    self.pos = pos;
                    at_index(
                        if self.next_token()? == b'{' {
                            self.object(shape, finite, false, &mut info)
                        } else {
                            Err(self.mismatch("an object"))
                        },
                        index,
                    )?;
                    sink(self.bytes, 0, &info);
                    pos = self.pos;
                }
                (Some(sink), Kind::Tagged(tagged)) => {
                    self.pos = pos;
                    let variant = at_index(
                        if self.next_token()? == b'{' {
                            self.tag(tagged).and_then(|(variant, shape)| {
                                self.object(shape, true, false, &mut info).map(|()| variant)
                            })
                        } else {
                            Err(self.mismatch("an object"))
                        },
                        index,
                    )?;
                    sink(self.bytes, variant, &info);
                    pos = self.pos;
                }
                _ => pos = at_index(self.member_value(&as_member, finite, pos), index)?,
            }
            index += 1;
            match self.comma_at(pos, b']')? {
                Some(next) => pos = next,
                None => {
                    self.depth -= 1;
                    return Ok(());
                }
            }
        }
    }
}
