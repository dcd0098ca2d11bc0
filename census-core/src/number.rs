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
    if magnitude.fract() == 0.0 && magnitude < 1e21 {
        // Below 2^70, so the integer is exact in a u128.
        return format!("{sign}{}", magnitude as u128);
    }
    // Fifteen significant digits as an integer; log10 may be one off either way near powers of
    // ten, and rounding may carry into a sixteenth digit, so both are corrected.
    let mut exponent = magnitude.log10().floor() as i32;
    let scaled = |exponent: i32| (magnitude * 10f64.powi(14 - exponent)).round() as u64;
    let mut digits = scaled(exponent);
    if digits < 100_000_000_000_000 {
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
            let (whole, fraction) = digits.split_at((exponent as usize + 1).min(digits.len()));
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
        let (first, rest) = digits.split_at(1);
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

#[cfg(test)]
mod tests {
    use super::text;

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
