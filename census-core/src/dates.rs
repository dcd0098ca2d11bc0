//! Calendar dates without a date crate (Howard Hinnant's algorithms): what `Retry-After`
//! dates, Stitch's `paused_at` and the local Census's timestamps need.

/// Days since 1970-01-01 to a proleptic Gregorian date `(year, month, day)`.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Days from 1970-01-01 to a date from 1970 on; `None` before it.
pub fn days_from_civil(year: u64, month: u64, day: u64) -> Option<u64> {
    let y = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).checked_sub(719_468)
}

/// `ms` since the Unix epoch as ISO 8601 to the second, UTC: `2026-12-03T18:38:58Z`.
pub fn iso_seconds(ms: u64) -> String {
    let secs = ms / 1_000;
    let (year, month, day) = civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0));
    // As u64: the dates are from 1970 on, and the wasm then needs no i64 formatting.
    let [year, month, day] = [year, month, day].map(|n| u64::try_from(n).unwrap_or(0));
    let rest = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

/// Whether `text` looks like an RFC 3339 date-time, as Stitch's `paused_at` takes:
/// `2026-12-03T18:38:58Z` (a `t` or a space for the `T`), each number within its field's
/// range, then nothing, `Z`, fractional seconds or an offset (`.`, `+` or `-` and what
/// follows is left for the server to judge). A cheap first check, so that "yesterday" or a
/// date alone is refused before sending.
pub fn looks_like_timestamp(text: &str) -> bool {
    const PATTERN: &[u8; 19] = b"9999-19-39T29:59:69";
    let bytes = text.as_bytes();
    let fits = PATTERN.iter().enumerate().all(|(at, &want)| {
        bytes.get(at).is_some_and(|&byte| match want {
            b'0'..=b'9' => byte.is_ascii_digit() && byte <= want,
            b'T' => matches!(byte, b'T' | b't' | b' '),
            _ => byte == want,
        })
    });
    fits && matches!(
        bytes.get(19..),
        Some([] | [b'Z' | b'z'] | [b'.' | b'+' | b'-', ..])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for days in [0, 59, 60, 365, 10_956, 11_016, 20_790] {
            let (y, m, d) = civil_from_days(days);
            let back = days_from_civil(y as u64, m as u64, d as u64);
            assert_eq!(back, Some(days as u64), "{days}");
        }
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn times_are_iso_seconds() {
        assert_eq!(iso_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_seconds(1_796_323_138_999), "2026-12-03T18:38:58Z");
        assert_eq!(iso_seconds(951_782_400_000), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn timestamps_look_like_rfc_3339_date_times() {
        for good in [
            "2026-12-03T18:38:58Z",
            "2026-12-03t18:38:58z",
            "2026-12-03 18:38:58",
            "2026-12-03T18:38:58.123456Z",
            "2026-12-03T18:38:58+01:00",
            "2024-02-29T00:00:00-05:30",
            "1999-12-31T23:59:60Z",
        ] {
            assert!(looks_like_timestamp(good), "{good}");
        }
        for bad in [
            "",
            "yesterday",
            "2026-12-03",
            "2026-20-01T00:00:00Z",
            "2026-12-40T00:00:00Z",
            "2026-12-03T30:00:00Z",
            "2026-12-03T18:60:00Z",
            "2026-12-03T18:38:70Z",
            "2026-12-03T18:38:58Zoo",
            "2026-12-03T18:38:58 ",
            "2026/12/03T18:38:58Z",
            "١٩٩٩-12-03T18:38:58Z",
        ] {
            assert!(!looks_like_timestamp(bad), "{bad}");
        }
    }
}
