//! Text from content made safe for where mirps writes it: a terminal or a CI log, and a CSV cell.
//!
//! Chapters come from many authors. A control character copied into a terminal can clear it,
//! retitle it or move the cursor; a line break copied into a CI log can start a line that GitHub
//! Actions runs as a workflow command (`::error …`); a cell starting with `=` is a formula to a
//! spreadsheet. Everything that reaches those places from content goes through this module.
//! (HTML, Markdown and Typst have their own escaping where they are written.)

use std::borrow::Cow;

/// Whether a character must not reach a terminal as it is: control characters (C0 but tab,
/// line feed and carriage return; DEL; C1) and the bidirectional controls, which reorder what a
/// reader sees.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text for one line of a terminal or a log: line breaks and unsafe characters written as
/// visible escapes (`\n`, `\u{1b}`), so the text can neither end the line nor control the
/// terminal.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// Text for a terminal that may span lines: unsafe characters written as visible escapes; line
/// breaks kept, a carriage return made a line feed (it would move back over the line).
pub fn text(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

fn escape(text: &str, one_line: bool) -> Cow<'_, str> {
    // Most texts are safe: a byte scan settles them. Every unsafe character is a byte under
    // 0x20 or 0x7F, or starts with 0xC2 (C1 controls) or 0xE2 (the bidirectional controls).
    if !text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2)
    {
        return Cow::Borrowed(text);
    }
    let needs = |c: char| is_unsafe(c) || c == '\r' || (one_line && c == '\n');
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if one_line => out.push_str("\\r"),
            '\n' if one_line => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A visible stand-in for an unsafe character in a source snippet: the Unicode control picture
/// of a C0 control or DEL (`␛` for ESC), else the replacement character.
pub fn stand_in(c: char) -> char {
    match u32::from(c) {
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// A CSV cell that a spreadsheet reads as text, never as a formula: a cell starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's rule for CSV
/// injection), unless it is a plain number such as `-12.5`, which stays a number.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `-12`, `-12.5`, `+3`: an optional sign, digits, and at most one decimal point between digits.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_cannot_end_or_control_the_terminal() {
        assert_eq!(
            line("IGX\n::error file=evil.yaml::x\u{1b}]0;t\u{7}"),
            "IGX\\n::error file=evil.yaml::x\\u{1b}]0;t\\u{7}"
        );
        assert_eq!(line("a\r\nb\u{202e}c"), "a\\r\\nb\\u{202e}c");
        assert!(matches!(line("Recepción y admisión\t1"), Cow::Borrowed(_)));
    }

    #[test]
    fn text_keeps_line_breaks_but_not_carriage_returns() {
        assert_eq!(text("a\nb\r\nc\rd\u{9b}"), "a\nb\nc\nd\\u{9b}");
    }

    #[test]
    fn stand_ins_are_visible() {
        assert_eq!(stand_in('\u{1b}'), '␛');
        assert_eq!(stand_in('\0'), '␀');
        assert_eq!(stand_in('\u{7f}'), '␡');
        assert_eq!(stand_in('\u{9b}'), '\u{fffd}');
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "-2+3+cmd|' /C calc'!A0",
            "+1+1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "-",
            "-1e3",
            "--1",
            "-1.",
        ] {
            assert_eq!(csv_cell(formula), format!("'{formula}"), "{formula:?}");
        }
        for kept in ["-12", "-12.5", "+3", "0", "450000", "GTM-1.1", "texto", ""] {
            assert_eq!(csv_cell(kept), kept);
        }
    }
}
