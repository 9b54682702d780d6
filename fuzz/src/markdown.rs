//! What the Markdown targets share: the citation targets, with a title the fuzzer chooses, and
//! the bound on how much larger an output may be than its input.

use std::collections::HashMap;

use mirps::render::text::Target;

/// The id whose title the fuzzer writes.
pub const CITED: &str = "GTM-1.1";

/// A content text and the title of [`CITED`]: the input up to its first NUL byte is the title
/// (titles are content too), the rest the text; an input without NUL is all text, and the title
/// a fixed one with quotes.
pub fn split(data: &[u8]) -> (String, String) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (
            String::from_utf8_lossy(&data[..at]).into_owned(),
            String::from_utf8_lossy(&data[at + 1..]).into_owned(),
        ),
        None => (
            "Registro \"rápido\" de solicitudes".to_string(),
            String::from_utf8_lossy(data).into_owned(),
        ),
    }
}

/// Two citation targets: [`CITED`] with `title`, and a pledge whose fixed title is hostile.
pub fn targets(title: &str) -> HashMap<String, Target> {
    [
        (
            CITED.to_string(),
            Target {
                href: "national/gtm.html#GTM-1.1".into(),
                anchor: CITED.into(),
                title: title.to_string(),
            },
        ),
        (
            "ESP-1".to_string(),
            Target {
                href: "cooperation/esp.html#ESP-1".into(),
                anchor: "ESP-1".into(),
                title: "Aporte <b>al</b> registro & \") [x](javascript:alert(1))\n\n# h".into(),
            },
        ),
    ]
    .into()
}

/// The most an output of `text` may weigh: a small multiple of the text, plus each possible
/// citation's link with its title written out (a title is repeated at every citation).
pub fn size_bound(text: &str, title: &str) -> usize {
    let citations = text.matches("[[").count();
    let longest_title = title.len().max(64);
    24 * text.len() + citations * (6 * longest_title + 128) + 1024
}

/// A URL as a browser reads it: leading spaces and controls dropped, tabs and line breaks
/// removed anywhere, lower case.
pub fn as_browser_reads(url: &str) -> String {
    url.trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Whether a URL, as a browser reads it, runs code or carries a document of its own.
pub fn is_dangerous(url: &str) -> bool {
    let url = as_browser_reads(url);
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// The tags of serialized HTML (as ammonia writes it: every `<` of text escaped, attribute
/// values in double quotes), each with its attributes; closing tags are skipped.
pub fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        i += at + 1;
        if bytes.get(i) == Some(&b'/') || bytes.get(i) == Some(&b'!') {
            i += html[i..].find('>').map_or(html.len() - i, |e| e + 1);
            continue;
        }
        let name_len = html[i..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(html.len() - i);
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut attrs = Vec::new();
        loop {
            i += html[i..]
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(html.len() - i);
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(b'/') => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let attr_len = html[i..]
                .find(|c: char| c == '=' || c == '>' || c.is_whitespace())
                .unwrap_or(html.len() - i);
            let attr = html[i..i + attr_len].to_ascii_lowercase();
            i += attr_len;
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                assert_eq!(bytes.get(i), Some(&b'"'), "unquoted attribute in {html:?}");
                i += 1;
                let end = html[i..]
                    .find('"')
                    .unwrap_or_else(|| panic!("unterminated attribute in {html:?}"));
                value = html[i..i + end].to_string();
                i += end + 1;
            }
            attrs.push((attr, value));
        }
        found.push((name, attrs));
    }
    found
}

/// `&amp;`, `&quot;`, `&lt;`, `&gt;` and `&nbsp;` decoded, the entities an HTML serializer
/// writes in attribute values.
pub fn unescape_attribute(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}
