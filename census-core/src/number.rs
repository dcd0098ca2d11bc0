//! Numbers in messages, written the way JavaScript would show them (`1.5`, `-3`, `NaN`,
//! `Infinity`, `1e+21`), without `core::fmt`'s float formatting, which would add about 20 KB
//! to the wasm for a few error messages.

/// `value` as text: integers exactly, other numbers to 15 significant digits.
pub fn text(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    let sign = if value.is_sign_negative() && value != 0.0 {
        "-"
    } else {
        ""
    };
    let magnitude = value.abs();
    if magnitude.is_infinite() {
        return format!("{sign}Infinity");
    }
    if is_whole(magnitude) && magnitude < 18_446_744_073_709_551_616.0 {
        // Below 2^64, so the integer is exact in a u64 (larger ones, up to 1e21, are written
        // from their fifteen digits below, padded; a u128 would cost its formatting code).
        return format!("{sign}{}", magnitude as u64);
    }
    // Fifteen significant digits as an integer. The estimate of the decimal exponent may be one
    // off either way, so it starts one above and steps down until fifteen digits show (so the
    // last digit is always rounded, never cut); rounding may still carry into a sixteenth.
    let mut exponent = decimal_exponent(magnitude) + 1;
    let scaled = |exponent: i32| round_positive(magnitude * powi(10.0, 14 - exponent)) as u64;
    let mut digits = scaled(exponent);
    for _ in 0..3 {
        if digits >= 100_000_000_000_000 {
            break;
        }
        exponent -= 1;
        digits = scaled(exponent);
    }
    if digits >= 1_000_000_000_000_000 {
        digits /= 10;
        exponent += 1;
    }
    let digits = digits.to_string();
    let (whole, fraction) = if (-6..21).contains(&exponent) {
        if exponent >= 0 {
            let (whole, fraction) = digits
                .split_at_checked((exponent as usize + 1).min(digits.len()))
                .unwrap_or((&digits, ""));
            // Past fifteen digits the whole part is padded (1.6e15 + 0.5 shows as an integer).
            let padding = "0".repeat((exponent as usize + 1).saturating_sub(digits.len()));
            (
                format!("{whole}{padding}"),
                fraction.trim_end_matches('0').to_owned(),
            )
        } else {
            let zeros = "0".repeat((-exponent - 1) as usize);
            (
                "0".to_owned(),
                format!("{zeros}{}", digits.trim_end_matches('0')),
            )
        }
    } else {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((&digits, ""));
        let rest = rest.trim_end_matches('0');
        let mark = if exponent < 0 { "-" } else { "+" };
        let point = if rest.is_empty() { "" } else { "." };
        return format!(
            "{sign}{first}{point}{rest}e{mark}{}",
            exponent.unsigned_abs()
        );
    };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// The value of a JSON number literal, as `JSON.stringify` writes a finite JavaScript number,
/// with no float parser linked (core's would cost several KB of wasm). Exact when the digits
/// make at most 2^53 and the decimal exponent is within ±22, as for every id, count and
/// millisecond value a caller writes (one correctly rounded step); within a few units in the
/// last place otherwise, which only the digits of a message could show.
pub fn of_json(text: &str) -> f64 {
    let bytes = text.as_bytes();
    let negative = bytes.first() == Some(&b'-');
    let mut at = usize::from(negative);
    let mut digits = 0.0;
    let mut exponent: i32 = 0;
    let mut fraction = false;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'0'..=b'9' => {
                digits = digits * 10.0 + f64::from(byte - b'0');
                exponent -= i32::from(fraction);
            }
            b'.' => fraction = true,
            _ => break,
        }
        at += 1;
    }
    if let Some(b'e' | b'E') = bytes.get(at) {
        let mut sign = 1;
        let mut written: i32 = 0;
        for &byte in bytes.get(at + 1..).unwrap_or_default() {
            match byte {
                b'-' => sign = -1,
                b'0'..=b'9' => {
                    written = written
                        .saturating_mul(10)
                        .saturating_add(i32::from(byte - b'0'));
                }
                _ => {}
            }
        }
        exponent = exponent.saturating_add(sign * written);
    }
    let magnitude = if digits == 0.0 {
        0.0
    } else if exponent >= 0 {
        digits * powi(10.0, exponent.min(400))
    } else {
        // In two steps below 10^-300, so that tiny numbers do not divide by Infinity.
        let mut left = exponent.saturating_neg().min(700);
        let mut value = digits;
        if left > 300 {
            value /= powi(10.0, 300);
            left -= 300;
        }
        value / powi(10.0, left)
    };
    if negative { -magnitude } else { magnitude }
}

/// Whether `value` is finite with no fractional part.
pub fn is_whole(value: f64) -> bool {
    // From 2^52 on every double is an integer; below, the cast truncates exactly.
    value.is_finite() && (value.abs() >= 4_503_599_627_370_496.0 || value as i64 as f64 == value)
}

/// `value.round()` for `0 <= value < 2^63`: halves away from zero. (`f64::round` and
/// `f64::log10` are libm calls in wasm, whose code costs more than these few lines.)
fn round_positive(value: f64) -> f64 {
    let whole = value as u64 as f64;
    if value - whole >= 0.5 {
        whole + 1.0
    } else {
        whole
    }
}

/// `base.powi(exponent)` as compiler-rt computes it (`__powidf2`), so digits match `std`'s.
fn powi(mut base: f64, exponent: i32) -> f64 {
    let mut left = exponent.unsigned_abs();
    let mut result = 1.0;
    loop {
        if left & 1 == 1 {
            result *= base;
        }
        left /= 2;
        if left == 0 {
            break;
        }
        base *= base;
    }
    if exponent < 0 { 1.0 / result } else { result }
}

/// About `floor(log10(magnitude))` for a positive finite `magnitude`, within one either way.
fn decimal_exponent(magnitude: f64) -> i32 {
    let (mut scaled, mut exponent) = (magnitude, 0);
    while scaled >= 10.0 && exponent < 400 {
        scaled /= 10.0;
        exponent += 1;
    }
    while scaled < 1.0 && exponent > -400 {
        scaled *= 10.0;
        exponent -= 1;
    }
    exponent
}

#[cfg(test)]
mod tests {
    use super::{decimal_exponent, is_whole, of_json, powi, round_positive, text};

    #[test]
    fn json_numbers_read_exactly_where_callers_write_them() {
        let exact = [
            "0",
            "-0",
            "1",
            "12",
            "-5",
            "1.5",
            "0.1",
            "2.25",
            "-0.75",
            "1e+21",
            "1e21",
            "1e-7",
            "1.5e-7",
            "9007199254740991",
            "9007199254740992",
            "4294967295",
            "4294967296",
            "2147483647",
            "2147483648",
            "123.456",
            "1E+3",
            "30000",
            "0.000001",
        ];
        for literal in exact {
            let ours = of_json(literal);
            let std: f64 = literal.parse().unwrap();
            assert_eq!(ours.to_bits(), std.to_bits(), "{literal}");
        }
        // Beyond the exact range: close (at the very top of the range it may round to Infinity).
        for literal in [
            "1.7976931348623157e+308",
            "5e-324",
            "123456789012345680000",
            "1.2345678901234567e-200",
        ] {
            let ours = of_json(literal);
            let std: f64 = literal.parse().unwrap();
            if ours.is_infinite() {
                assert!(std > 1.79e308, "{literal}");
                continue;
            }
            let error = if std == 0.0 { ours } else { (ours - std) / std };
            assert!(
                error.abs() < 1e-13 || std < 1e-300,
                "{literal}: {ours} vs {std}"
            );
            assert_eq!(is_whole(ours), is_whole(std), "{literal}");
        }
        // Whole numbers up to 2^53, and halves whose digits stay within 2^53.
        let mut n: u64 = 1;
        while n < 1 << 53 {
            for value in [n, n + 1, n * 3 / 2] {
                let literal = value.to_string();
                assert_eq!(of_json(&literal), value as f64, "{literal}");
                if value >= (1 << 53) / 10 {
                    continue; // its digits would pass 2^53
                }
                let half = format!("{value}.5");
                assert_eq!(of_json(&half), half.parse::<f64>().unwrap(), "{half}");
            }
            n = n * 7 / 3 + 1;
        }
    }

    #[test]
    fn the_core_float_helpers_agree_with_std() {
        for exponent in -340..340 {
            assert_eq!(
                powi(10.0, exponent).to_bits(),
                10f64.powi(exponent).to_bits(),
                "{exponent}"
            );
        }
        let mut value = 1e-320_f64;
        while value < 1e308 {
            for sample in [value, value * 1.234_567, value + 0.5, value * 9.87] {
                if !sample.is_finite() {
                    continue;
                }
                assert_eq!(is_whole(sample), sample.fract() == 0.0, "{sample:?}");
                assert_eq!(is_whole(-sample), sample.fract() == 0.0, "{sample:?}");
                if sample < 9e18 {
                    assert_eq!(round_positive(sample), sample.round(), "{sample:?}");
                }
                let exact = sample.log10().floor() as i32;
                assert!((decimal_exponent(sample) - exact).abs() <= 1, "{sample:?}");
            }
            value *= 3.7;
        }
        for half in [
            0.5,
            1.5,
            2.5,
            0.499_999_999_999_999_94,
            4_503_599_627_370_495.5,
        ] {
            assert_eq!(round_positive(half), half.round(), "{half:?}");
        }
        assert!(!is_whole(f64::NAN) && !is_whole(f64::INFINITY));
    }

    #[test]
    fn numbers_read_as_javascript_shows_them() {
        let cases: [(f64, &str); 16] = [
            (0.0, "0"),
            (-0.0, "0"),
            (12.0, "12"),
            (-3.0, "-3"),
            (1.5, "1.5"),
            (-0.25, "-0.25"),
            (0.1 + 0.2, "0.3"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (3e9, "3000000000"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (0.000_001_5, "0.0000015"),
            (1.5e-7, "1.5e-7"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (value, shown) in cases {
            assert_eq!(text(value), shown, "{value:?}");
        }
        assert_eq!(text(9.999_999_999_999_999), "10");
        assert_eq!(text(123.456), "123.456");
        assert_eq!(text(1_600_000_000_000_000.5), "1600000000000000");
        assert_eq!(text(999_999_999_999_999.9), "1000000000000000");
        assert_eq!(text(18_446_744_073_709_549_568.0), "18446744073709549568");
        assert_eq!(text(1e20), "100000000000000000000");
        assert_eq!(text(-2.5e20), "-250000000000000000000");
    }

    #[test]
    fn every_magnitude_is_written_without_panicking() {
        let mut value = 1e-320_f64;
        while value < 1e308 {
            for sample in [value, value * 1.234_567, -value * 9.87, value + 0.5] {
                let shown = text(sample);
                assert!(
                    !shown.is_empty() && !shown.contains("NaN"),
                    "{sample:?}: {shown}"
                );
            }
            value *= 3.7;
        }
    }
}
