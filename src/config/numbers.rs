//! How figures are written in each language: `[numbers]` of `mirps.toml`.
//!
//! Spanish writes figures as the region's official publications in Spanish do, and as the
//! chapters' own prose does ("71.500 personas", "6,3 millones"): a point between groups of
//! three digits and a decimal comma, `9.856.800` and `6,3`; English a comma between thousands
//! and a decimal point, `9,856,800` and `6.3`. A language with no entry and no default of its
//! own writes figures as English does. A framework may choose another style per language, such
//! as the thin space of the RAE's Ortografía (2010): `es = { thousands = " ", decimal = "," }`.

use serde::{Deserialize, Serialize};

/// The narrow no-break space (U+202F): the Spanish thousands separator, which never breaks a
/// figure across lines.
pub const NARROW_NBSP: char = '\u{202F}';

/// The thousands separators `[numbers]` accepts; a plain space is read as [`NARROW_NBSP`].
pub const THOUSANDS: &[char] = &[',', '.', ' ', NARROW_NBSP, '\u{00A0}', '\''];

/// The decimal separators `[numbers]` accepts.
pub const DECIMALS: &[char] = &[',', '.'];

/// The separators of figures in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NumberStyle {
    /// Between groups of three digits of the integer part.
    pub thousands: char,
    /// Between the integer part and the decimals.
    pub decimal: char,
}

impl NumberStyle {
    /// English figures: `9,856,800`, `6.3`.
    pub const ENGLISH: NumberStyle = NumberStyle {
        thousands: ',',
        decimal: '.',
    };

    /// Spanish figures as the region's publications write them: `9.856.800`, `6,3`.
    pub const SPANISH: NumberStyle = NumberStyle {
        thousands: '.',
        decimal: ',',
    };

    /// The style of `lang` when `[numbers]` does not set one: Spanish for `es`, English for
    /// every other language.
    pub fn default_for(lang: &str) -> NumberStyle {
        match lang {
            "es" => NumberStyle::SPANISH,
            _ => NumberStyle::ENGLISH,
        }
    }

    /// An integer written as digits with an optional sign (`"-9856800"`), grouped by threes:
    /// `-9 856 800`. Anything else is returned as it is.
    pub fn integer(&self, digits: &str) -> String {
        let (sign, body) = split_sign(digits);
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
            return digits.to_string();
        }
        let mut out = String::with_capacity(digits.len() + body.len() / 3 * 3);
        out.push_str(sign);
        self.push_grouped(body, &mut out);
        out
    }

    /// A number written with a decimal point (`"6.3"`, `"-1234.5"`) or without (`"1234"`), in
    /// this style: `6,3`, `-1 234,5`. Anything else (an exponent, a second point, letters) is
    /// returned as it is.
    pub fn decimal_text(&self, text: &str) -> String {
        let (sign, body) = split_sign(text);
        let (int, frac) = match body.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (body, None),
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + int.len() / 3 * 3);
        out.push_str(sign);
        self.push_grouped(int, &mut out);
        if let Some(frac) = frac {
            out.push(self.decimal);
            out.push_str(frac);
        }
        out
    }

    /// `digits` (ASCII digits only) with the thousands separator between groups of three.
    fn push_grouped(&self, digits: &str, out: &mut String) {
        let first = match digits.len() % 3 {
            0 => 3,
            n => n,
        };
        for (i, c) in digits.char_indices() {
            if i != 0 && (i + 3 - first) % 3 == 0 {
                out.push(self.thousands);
            }
            out.push(c);
        }
    }
}

/// `text`'s sign (`-`, `+` or none) and the rest.
fn split_sign(text: &str) -> (&str, &str) {
    match text.as_bytes().first() {
        Some(b'-' | b'+') => text.split_at(1),
        _ => ("", text),
    }
}

/// `[numbers] <lang>` as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NumberStyleFile {
    thousands: char,
    decimal: char,
}

impl From<NumberStyleFile> for NumberStyle {
    /// A plain space stands for the narrow no-break space, which is what is printed.
    fn from(file: NumberStyleFile) -> NumberStyle {
        NumberStyle {
            thousands: match file.thousands {
                ' ' => NARROW_NBSP,
                c => c,
            },
            decimal: file.decimal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_groups_with_a_point_and_a_decimal_comma() {
        let es = NumberStyle::default_for("es");
        assert_eq!(es.integer("9856800"), "9.856.800");
        assert_eq!(es.decimal_text("6.3"), "6,3");
        assert_eq!(es.decimal_text("1234.5"), "1.234,5");
    }

    #[test]
    fn english_groups_with_commas_and_a_decimal_point() {
        let en = NumberStyle::default_for("en");
        assert_eq!(en.integer("9856800"), "9,856,800");
        assert_eq!(en.decimal_text("6.3"), "6.3");
        assert_eq!(en.decimal_text("1234.5"), "1,234.5");
        // Any other language writes figures as English does.
        assert_eq!(NumberStyle::default_for("fr"), en);
    }

    #[test]
    fn negative_numbers_keep_their_sign_outside_the_groups() {
        let es = NumberStyle::SPANISH;
        let en = NumberStyle::ENGLISH;
        assert_eq!(es.integer("-9856800"), "-9.856.800");
        assert_eq!(en.integer("-9856800"), "-9,856,800");
        assert_eq!(en.integer("-123"), "-123");
        assert_eq!(en.integer("-1234"), "-1,234");
        assert_eq!(es.decimal_text("-1234.5"), "-1.234,5");
        assert_eq!(en.decimal_text("-1234.5"), "-1,234.5");
        assert_eq!(en.decimal_text("-0.25"), "-0.25");
        assert_eq!(en.integer("+1000"), "+1,000");
    }

    #[test]
    fn groups_fall_every_three_digits_from_the_right() {
        let en = NumberStyle::ENGLISH;
        for (digits, grouped) in [
            ("0", "0"),
            ("12", "12"),
            ("123", "123"),
            ("1234", "1,234"),
            ("12345", "12,345"),
            ("123456", "123,456"),
            ("1234567", "1,234,567"),
            ("12345678901", "12,345,678,901"),
        ] {
            assert_eq!(en.integer(digits), grouped);
        }
        // Decimals are not grouped.
        assert_eq!(en.decimal_text("1.23456"), "1.23456");
    }

    #[test]
    fn text_that_is_not_a_plain_number_is_left_as_it_is() {
        let es = NumberStyle::SPANISH;
        for text in [
            "", "-", "abc", "1e5", "1.2.3", "6.", ".5", "1 000", "١٢٣", "12a",
        ] {
            assert_eq!(es.integer(text), text);
            assert_eq!(es.decimal_text(text), text);
        }
        assert_eq!(es.integer("6.3"), "6.3", "an integer has no point");
    }

    #[test]
    fn a_plain_space_is_read_as_the_narrow_no_break_space() {
        let style: NumberStyle = NumberStyleFile {
            thousands: ' ',
            decimal: ',',
        }
        .into();
        assert_eq!(
            style,
            NumberStyle {
                thousands: NARROW_NBSP,
                decimal: ','
            }
        );
        let swiss: NumberStyle = NumberStyleFile {
            thousands: '\'',
            decimal: '.',
        }
        .into();
        assert_eq!(swiss.integer("1000000"), "1'000'000");
    }
}
