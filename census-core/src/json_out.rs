//! Writes request bodies as JSON text by hand, so that sending one needs no serializer: members
//! are strings, booleans, integers, nested objects and checked [`RawObject`]s.

use std::fmt::Write;

use crate::raw_object::RawObject;

/// One JSON object, written member by member in the order they are added. Each method takes an
/// `Option` and leaves the member out when it is `None`, as `skip_serializing_if` did.
pub struct ObjectWriter {
    out: String,
    empty: bool,
}

impl Default for ObjectWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ObjectWriter {
    pub fn new() -> Self {
        Self {
            out: String::from("{"),
            empty: true,
        }
    }

    fn key(&mut self, name: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        write_string(&mut self.out, name);
        self.out.push(':');
    }

    pub fn string(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.key(name);
            write_string(&mut self.out, value);
        }
        self
    }

    pub fn bool(&mut self, name: &str, value: Option<bool>) -> &mut Self {
        if let Some(value) = value {
            self.key(name);
            self.out.push_str(if value { "true" } else { "false" });
        }
        self
    }

    pub fn integer(&mut self, name: &str, value: Option<u64>) -> &mut Self {
        if let Some(value) = value {
            self.key(name);
            // Writing to a String cannot fail.
            let _ = write!(self.out, "{value}");
        }
        self
    }

    /// A free-form object, spliced in as the text it was checked as.
    pub fn raw_object(&mut self, name: &str, value: Option<&RawObject>) -> &mut Self {
        if let Some(value) = value {
            self.key(name);
            self.out.push_str(value.as_str());
        }
        self
    }

    /// A JSON value written elsewhere, spliced in as it is.
    pub fn raw(&mut self, name: &str, json: &str) -> &mut Self {
        self.key(name);
        self.out.push_str(json);
        self
    }

    /// An object written by another writer.
    pub fn object(&mut self, name: &str, value: ObjectWriter) -> &mut Self {
        self.key(name);
        self.out.push_str(&value.finish());
        self
    }

    /// The object's text.
    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

pub use crate::scan::write_json_string as write_string;

#[cfg(test)]
mod tests {
    use super::*;

    fn string(value: &str) -> String {
        let mut out = String::new();
        write_string(&mut out, value);
        out
    }

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_does() {
        let mut every_ascii: String = (0u8..0x80).map(char::from).collect();
        every_ascii.push_str("é ✓ 𝄞 \u{2028} </script>");
        for value in ["", "plain", "a\"b\\c", "line\nnext\r\ttab", &every_ascii] {
            let expected = serde_json::to_string(value).expect("json");
            assert_eq!(string(value), expected, "{value:?}");
        }
        assert_eq!(string("\u{1}\u{1f}\u{7f}"), "\"\\u0001\\u001f\u{7f}\"");
    }

    #[test]
    fn writes_members_in_order_leaving_out_absent_ones() {
        let credentials =
            RawObject::parse("credentials", r#"{"b": [1, "x"], "a": null}"#).expect("object");
        let mut inner = ObjectWriter::new();
        inner
            .string("type", Some("post\"gres"))
            .raw_object("credentials", Some(&credentials))
            .string("label", None)
            .bool("read_only_connection", Some(false))
            .integer("days", Some(u64::MAX))
            .bool("absent", None);
        let mut outer = ObjectWriter::new();
        outer.object("connection", inner);
        let text = outer.finish();
        assert_eq!(
            text,
            r#"{"connection":{"type":"post\"gres","credentials":{"b": [1, "x"], "a": null},"read_only_connection":false,"days":18446744073709551615}}"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(parsed["connection"]["credentials"]["b"][1], "x");
    }

    #[test]
    fn an_object_with_nothing_given_is_empty() {
        let mut writer = ObjectWriter::default();
        writer.string("a", None).integer("b", None);
        assert_eq!(writer.finish(), "{}");
    }
}
