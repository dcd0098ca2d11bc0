//! Wall-clock time as the API writes it: epoch milliseconds and ISO 8601 timestamps, without a
//! date crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Formats epoch milliseconds as the API does: `2024-03-05T10:11:12.000Z` (UTC).
pub fn iso8601(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (h, m, s, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

pub use census_core::dates::civil_from_days;

/// Whether `text` is an RFC 3339 date-time, as Stitch's `paused_at` takes
/// (the local Stitch's check; the client makes a cheaper first one,
/// `census_core::dates::looks_like_timestamp`):
/// `2026-12-03T18:38:58Z`, with optional fractional seconds and a `Z` or `±HH:MM` offset (a
/// space for the `T` and a missing offset accepted too), a real calendar date and time.
pub fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some([year, month, day, hour, minute, second]) = bytes
        .get(..19)
        .and_then(|head| numbers(head, b"9999-99-99T99:99:99"))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 => 28 + u32::from(leap),
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let valid = (1..=12).contains(&month)
        && (1..=days).contains(&day)
        && hour < 24
        && minute < 60
        && second <= 60;
    let mut rest = bytes.get(19..).unwrap_or_default();
    if let Some((b'.', fraction)) = rest.split_first() {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        rest = fraction
            .get(digits..)
            .filter(|_| digits > 0)
            .unwrap_or(b"!");
    }
    valid
        && match rest {
            [] | [b'Z' | b'z'] => true,
            [b'+' | b'-', zone @ ..] => {
                numbers(zone, b"99:99").is_some_and(|[h, m, ..]| h < 24 && m < 60)
            }
            _ => false,
        }
}

/// The numbers of `bytes` laid out as `pattern` (each `9` a digit, `T` a `T`, `t` or space,
/// other bytes themselves), in order; `None` when it is not so laid out.
fn numbers(bytes: &[u8], pattern: &[u8]) -> Option<[u32; 6]> {
    if bytes.len() != pattern.len() {
        return None;
    }
    let mut numbers = [0_u32; 6];
    let mut index = 0;
    for (&byte, &want) in bytes.iter().zip(pattern) {
        match want {
            b'9' if byte.is_ascii_digit() => {
                let number = numbers.get_mut(index)?;
                *number = *number * 10 + u32::from(byte - b'0');
            }
            b'T' if matches!(byte, b'T' | b't' | b' ') => index += 1,
            _ if byte == want && want != b'9' => index += 1,
            _ => return None,
        }
    }
    Some(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_timestamps_like_the_api() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_767_225_600_000), "2026-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_709_633_472_345), "2024-03-05T10:11:12.345Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn timestamps_are_rfc_3339_date_times() {
        for good in [
            "2026-12-03T18:38:58Z",
            "2026-12-03t18:38:58z",
            "2026-12-03 18:38:58",
            "2026-12-03T18:38:58.123456Z",
            "2026-12-03T18:38:58+01:00",
            "2024-02-29T00:00:00-05:30",
            "1999-12-31T23:59:60Z",
        ] {
            assert!(is_rfc3339(good), "{good}");
            // What the local Stitch takes, the client's first check lets through.
            assert!(census_core::dates::looks_like_timestamp(good), "{good}");
        }
        for bad in [
            "",
            "yesterday",
            "2026-12-03",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-12-00T00:00:00Z",
            "2026-12-03T24:00:00Z",
            "2026-12-03T18:60:00Z",
            "2026-12-03T18:38:58.Z",
            "2026-12-03T18:38:58+0100",
            "2026-12-03T18:38:58+25:00",
            "2026-12-03T18:38:58Z ",
            "2026/12/03T18:38:58Z",
            "١٩٩٩-12-03T18:38:58Z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }
}
