//! Objects against their shapes: keys matched to members, repeated and missing members,
//! tagged unions, and the top-level document whose items go to a sink.

use crate::error::{Fail, Res, Seg, at_key, under_key};
use crate::info::Seen;
use crate::string::plain_string;
use crate::text::string_value;
use crate::{Field, ItemSink, Kind, ObjInfo, Scanner, Shape, Span, Tagged};

impl Scanner<'_> {
    /// The key at `at` (its opening quote) of an object of `shape`: the member it names (its
    /// index and field), if any, and the key's span (quotes included; it ends where the key
    /// does). Tries the expected member's name first, byte for byte: names are plain ASCII, so
    /// matching them is checking the key.
    #[inline(always)]
    fn member_key<'f>(
        &mut self,
        shape: &Shape<'f>,
        hint: &mut usize,
        at: usize,
    ) -> Res<(Option<(usize, &'f Field<'f>)>, Span)> {
        let fields = shape.fields;
        if let Some(field) = fields.get(*hint) {
            let name = field.name.as_bytes();
            let end = at + 1 + name.len();
            if self.bytes.get(end) == Some(&b'"')
                && self
                    .bytes
                    .get(at + 1..end)
                    .is_some_and(|key| same_bytes(key, name))
            {
                *hint += 1;
                return Ok((Some((*hint - 1, field)), (at, end + 1)));
            }
        }
        let end = match plain_string(self.bytes, at) {
            Some(end) => end,
            None => {
                self.pos = at;
                self.string()?;
                self.pos
            }
        };
        let mut buf = [0u8; 64];
        let key = key_bytes(self.bytes.get(at..end).unwrap_or_default(), &mut buf);
        Ok((field_index(fields, key, hint), (at, end)))
    }

    /// An object at `pos` against `shape`. Known members are checked and recorded in `info`
    /// (which forgets what it held before, so one `ObjInfo` can serve many objects); others are
    /// skipped. `repeats` lets a key repeat (a `Value` map: the last one wins).
    pub fn object(
        &mut self,
        shape: &Shape<'_>,
        finite: bool,
        repeats: bool,
        info: &mut ObjInfo,
    ) -> Res<()> {
        info.start(shape);
        self.object_into(shape, finite, repeats, &mut info.seen, &mut info.spans)
    }

    /// `object`, recording members in `seen` and their value spans in `spans` (by index; an
    /// empty `spans` for an object whose spans nobody reads, which spares clearing an `ObjInfo`).
    pub(crate) fn object_into(
        &mut self,
        shape: &Shape<'_>,
        finite: bool,
        repeats: bool,
        seen: &mut Seen,
        spans: &mut [Span],
    ) -> Res<()> {
        self.pos += 1;
        self.enter()?;
        // The depth of this object's members, for a failed value whose containers did not close.
        let depth = self.depth;
        let mut hint = 0;
        // With `repeats`: the failure of each member's latest value, made only when one fails.
        let mut pending: Option<Vec<Option<Box<Fail>>>> = None;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            // The position lives in a local through each member, written back to `self.pos` only
            // around the calls that read it: in wasm `self.pos` is in linear memory, and every
            // step of a member would otherwise store it and load it again.
            let bytes = self.bytes;
            let mut pos = self.pos;
            loop {
                pos = self.key_quote_at(pos)?;
                let (found, key) = self.member_key(shape, &mut hint, pos)?;
                pos = self.colon_at(key.1)?;
                match found {
                    Some((index, field)) => {
                        // Recorded before its value is read: a value that fails ends the scan, or
                        // with `repeats` stays pending, seen.
                        if !seen.insert(index) && !repeats {
                            return Err(Fail::duplicate(field.name));
                        }
                        while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(pos) {
                            pos += 1;
                        }
                        let value_start = pos;
                        match at_key(self.member_value(field, finite, pos), field.name) {
                            Ok(end) => {
                                pos = end;
                                if let Some(slot) = pending.as_mut().and_then(|p| p.get_mut(index))
                                {
                                    *slot = None;
                                }
                            }
                            // A repeated key's last value is the one read: an earlier value of
                            // the wrong shape fails only if no later one replaces it.
                            Err(fail) if repeats && !fail.not_json => {
                                self.depth = depth;
                                self.pos = value_start;
                                self.skip(finite)?;
                                pos = self.pos;
                                let pending = pending.get_or_insert_with(|| {
                                    std::iter::repeat_with(|| None)
                                        .take(shape.fields.len())
                                        .collect()
                                });
                                if let Some(slot) = pending.get_mut(index) {
                                    *slot = Some(fail);
                                }
                            }
                            Err(fail) => return Err(fail),
                        }
                        if let Some(span) = spans.get_mut(index) {
                            *span = (value_start, pos);
                        }
                    }
                    None => {
                        self.pos = pos;
                        let result = self.skip(finite);
                        if let Err(mut fail) = result {
                            fail.segs.push(Seg::Key(key_text(self.bytes, key)));
                            return Err(fail);
                        }
                        pos = self.pos;
                    }
                }
                match self.comma_at(pos, b'}')? {
                    Some(next) => pos = next,
                    None => break,
                }
            }
        }
        self.depth -= 1;
        if let Some(fail) = pending.and_then(|pending| pending.into_iter().flatten().next()) {
            return Err(fail);
        }
        // Servers send every member: when all are there, none is missing.
        if !seen.has_all(shape.fields.len())
            && let Some(missing) = shape
                .fields
                .iter()
                .enumerate()
                .find(|(index, field)| field.required && !seen.has(*index))
        {
            return Err(under_key(Fail::missing(), missing.1.name));
        }
        Ok(())
    }

    /// The first pass over a tagged union at `pos`: finds the tag, checking the syntax on the
    /// way, and returns the variant it names with its shape, the position back at `pos`. The
    /// caller then checks the object against that shape as serde checks what it buffered
    /// (`finite`: unknown members parsed, numbers finite).
    pub(crate) fn tag<'t>(&mut self, tagged: &Tagged<'t>) -> Res<(usize, &'t Shape<'t>)> {
        let start = self.pos;
        let depth = self.depth;
        // First pass: the tag's value, checking syntax on the way.
        self.pos += 1;
        self.enter()?;
        let mut variant: Option<(usize, &'t Shape<'t>)> = None;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                if self.next_token()? != b'"' {
                    return Err(Fail::syntax("key must be a string"));
                }
                let key_at = self.pos;
                self.string()?;
                let mut buf = [0u8; 64];
                let key = key_bytes(
                    self.bytes.get(key_at..self.pos).unwrap_or_default(),
                    &mut buf,
                );
                self.expect_byte(b':', "expected `:`")?;
                if key == tagged.tag.as_bytes() {
                    if variant.is_some() {
                        return Err(Fail::duplicate(tagged.tag));
                    }
                    let value_at = self.next_token().map(|_| self.pos)?;
                    let found = if self.peek() == Some(b'"') {
                        self.string()?;
                        let name = self
                            .bytes
                            .get(value_at..self.pos)
                            .and_then(string_value)
                            .unwrap_or_default();
                        let mut variants = tagged.variants.iter().enumerate();
                        // A `*` variant (listed last) takes any tag the others do not.
                        variants
                            .find(|(_, (wire, _))| *wire == name || *wire == "*")
                            .map(|(index, (_, shape))| (index, *shape))
                    } else {
                        None
                    };
                    match found {
                        Some(found) => variant = Some(found),
                        None => {
                            self.pos = value_at;
                            let names: Vec<String> = tagged
                                .variants
                                .iter()
                                .map(|(w, _)| format!("`{w}`"))
                                .collect();
                            let fail = self
                                .mismatch(&format!("one of {}", crate::text::join(&names, ", ")));
                            return Err(under_key(fail, tagged.tag));
                        }
                    }
                } else {
                    self.skip(true)?;
                }
                if !self.comma_or(b'}')? {
                    break;
                }
            }
        }
        self.depth = depth;
        let Some(variant) = variant else {
            return Err(under_key(Fail::missing(), tagged.tag));
        };
        self.pos = start;
        Ok(variant)
    }

    /// A top-level object against `shape` (an envelope), with `data`'s items, when `data` is an
    /// array of objects, going to `sink`. The whole document must be this object.
    pub fn document(
        &mut self,
        shape: &Shape<'_>,
        items_of: Option<usize>,
        sink: Option<&mut ItemSink<'_>>,
        info: &mut ObjInfo,
    ) -> Res<()> {
        if self.next_token()? != b'{' {
            let fail = self.mismatch("an object");
            return Err(fail);
        }
        match (items_of, sink) {
            (Some(index), Some(sink)) => self.object_with_items(shape, index, sink, info)?,
            _ => self.object(shape, false, false, info)?,
        }
        self.end()
    }

    /// `object` where the member at `items` is an array whose items go to `sink`.
    fn object_with_items(
        &mut self,
        shape: &Shape<'_>,
        items: usize,
        sink: &mut ItemSink<'_>,
        info: &mut ObjInfo,
    ) -> Res<()> {
        // The same loop as `object`, with one member scanned by `array` and the sink.
        info.start(shape);
        self.pos += 1;
        self.enter()?;
        let mut hint = 0;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                if self.next_token()? != b'"' {
                    return Err(Fail::syntax("key must be a string"));
                }
                let (found, key) = self.member_key(shape, &mut hint, self.pos)?;
                self.pos = key.1;
                self.expect_byte(b':', "expected `:`")?;
                match found {
                    Some((index, field)) => {
                        if !info.seen.insert(index) {
                            return Err(Fail::duplicate(field.name));
                        }
                        let value_start = self.next_token().map(|_| self.pos)?;
                        let result = match field.kind {
                            Kind::Array(item) if index == items && self.peek() == Some(b'[') => {
                                self.array(item, false, Some(&mut *sink))
                            }
                            kind => self.value(&kind, field.nullable, false),
                        };
                        at_key(result, field.name)?;
                        if let Some(span) = info.spans.get_mut(index) {
                            *span = (value_start, self.pos);
                        }
                    }
                    None => {
                        if let Err(mut fail) = self.skip(false) {
                            fail.segs.push(Seg::Key(key_text(self.bytes, key)));
                            return Err(fail);
                        }
                    }
                }
                if !self.comma_or(b'}')? {
                    break;
                }
            }
        }
        self.depth -= 1;
        if let Some((_, field)) = shape
            .fields
            .iter()
            .enumerate()
            .find(|(index, field)| field.required && !info.seen.has(*index))
        {
            return Err(under_key(Fail::missing(), field.name));
        }
        Ok(())
    }
}

/// The text of a checked key (`raw` includes the quotes), decoded into `buf` when it has escapes;
/// an escaped key longer than `buf` matches no field, so it reads as `"\0"`, which none is.
fn key_bytes<'k>(raw: &'k [u8], buf: &'k mut [u8; 64]) -> &'k [u8] {
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
    if !inner.contains(&b'\\') {
        return inner;
    }
    let decoded = string_value(raw).and_then(|text| {
        let out = buf.get_mut(..text.len())?;
        // `out` was taken at the text's length, so the lengths agree.
        out.copy_from_slice(text.as_bytes());
        Some(&*out)
    });
    decoded.unwrap_or(b"\0")
}

/// A key as a path segment (its span includes the quotes).
#[cold]
fn key_text(bytes: &[u8], (start, end): Span) -> String {
    let raw = bytes.get(start..end).unwrap_or_default();
    string_value(raw).unwrap_or_else(|| crate::text::lossy(raw).trim_matches('"').to_owned())
}

/// Whether `a` and `b` (of the same length) are equal, compared a word at a time: `==` on slices
/// calls `memcmp`, which in wasm is a byte loop behind a call, and member names are short.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // Every `at` below leaves 8 (or 4) bytes in both slices, so these are always `Some`; as
    // Options they need no panic path.
    let word = |s: &[u8], at: usize| {
        let chunk = s.get(at..)?.first_chunk::<8>()?;
        Some(u64::from_le_bytes(*chunk))
    };
    let half = |s: &[u8], at: usize| {
        let chunk = s.get(at..)?.first_chunk::<4>()?;
        Some(u32::from_le_bytes(*chunk))
    };
    if n >= 8 {
        let mut at = 0;
        while at + 8 < n {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        // The last eight bytes, overlapping the previous word when `n` is not a multiple of 8.
        word(a, n - 8) == word(b, n - 8)
    } else if n >= 4 {
        half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

/// The member of `fields` named `key`, with its index, trying first the member after the last
/// one found: servers send members in the model's order, so this is usually one comparison.
#[inline(always)]
fn field_index<'f>(
    fields: &'f [Field<'f>],
    key: &[u8],
    hint: &mut usize,
) -> Option<(usize, &'f Field<'f>)> {
    if let Some(field) = fields.get(*hint)
        && field.name.as_bytes() == key
    {
        *hint += 1;
        return Some((*hint - 1, field));
    }
    let found = fields
        .iter()
        .enumerate()
        .find(|(_, field)| field.name.as_bytes() == key)?;
    *hint = found.0 + 1;
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_agrees_with_slice_equality() {
        let name = b"warehouse_writeback_retention_in_days_and_more";
        for len in 0..name.len() {
            let a = &name[..len];
            assert!(same_bytes(a, a), "{len}");
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 0x20;
                assert!(!same_bytes(a, &b), "{len} {at}");
            }
        }
        assert!(!same_bytes(b"id", b"ids"));
    }
}
