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
    let mut exponent = magnitude.log10().floor() as i32;
    let mut digits = (magnitude * 10f64.powi(14 - exponent)).round() as u64;
    if digits >= 1_000_000_000_000_000 {
        // Rounding carried into a new digit (e.g. 9.999…): one place up.
        digits /= 10;
        exponent += 1;
    }
    let digits = digits.to_string();
    let (whole, fraction) = if (-6..21).contains(&exponent) {
        if exponent >= 0 {
            let (whole, fraction) = digits.split_at(exponent as usize + 1);
            (whole.to_owned(), fraction.trim_end_matches('0').to_owned())
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
    }
}
