//! `[publication]` of `mirps.toml`: what a professional report has around the chapters — a
//! foreword, an executive summary, extra entries for the list of acronyms and the partners'
//! logos — and the checks of the logo files ([`load_logos`]).
//!
//! A logo is a file of the framework, so it is read like a chapter: only when it resolves, links
//! followed, to a regular file inside the framework's folder. It is embedded in the site, so an
//! SVG is refused when it holds anything that could run or fetch: scripts, event attributes,
//! `<foreignObject>`, entity declarations, or references to anything but its own elements and
//! embedded raster images.

use std::io::Read;
use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

use super::Config;
use super::diags::{self, LogoProblem, SvgHazard};
use crate::diag::Diagnostic;
use crate::guard::{self, Refusal};
use crate::model::Localized;

/// The largest logo file read: 1 MiB.
pub const MAX_LOGO_BYTES: u64 = 1024 * 1024;

/// `[publication]`: the parts of a report around the chapters. Every key is optional.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// Markdown: a presentation or foreword, before the chapters.
    #[serde(default)]
    pub foreword: Option<Localized>,
    /// Markdown: the executive summary.
    #[serde(default)]
    pub executive_summary: Option<Localized>,
    /// Extra entries for the list of acronyms (the institutions' and organizations' ids are
    /// there already).
    #[serde(default)]
    pub acronyms: Vec<Acronym>,
    /// The partners' logos, files under the framework's folder.
    #[serde(default)]
    pub logos: Vec<Logo>,
}

/// An entry of the list of acronyms: the acronym and what it stands for, each per language
/// (ACNUR in Spanish is UNHCR in English). A plain text is the same in every language.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acronym {
    pub short: Localized,
    pub name: Localized,
}

/// A partner's logo.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// The file, as written: relative to the framework's root (the folder of `mirps.toml`).
    pub file: String,
    /// The text that stands for the image (`alt`), per language.
    pub alt: Localized,
    /// Where the logo links to: an `http://` or `https://` address (the schema allows no other,
    /// and any other is dropped when read, see [`is_web_address`]).
    #[serde(default)]
    pub href: Option<String>,
}

/// What kind of image a logo is, from its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoKind {
    Svg,
    Png,
}

impl LogoKind {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            LogoKind::Svg => "svg",
            LogoKind::Png => "png",
        }
    }

    /// The media type, for a `data:` address or an HTTP header.
    pub fn media_type(self) -> &'static str {
        match self {
            LogoKind::Svg => "image/svg+xml",
            LogoKind::Png => "image/png",
        }
    }
}

/// A logo read and checked, ready to be published.
#[derive(Clone, Debug)]
pub struct LoadedLogo {
    /// A safe file name for the published copy: `logo-<n>.<svg|png>`, `n` counting the logos
    /// of `[publication] logos` from 1 in the order written (a refused logo keeps its number).
    pub name: String,
    pub kind: LogoKind,
    pub bytes: Vec<u8>,
    pub alt: Localized,
    pub href: Option<String>,
}

/// Whether `href` is a web address a logo may link to: `http://` or `https://`, with no space,
/// quote or angle bracket. The schema says so too; this holds even under a framework's own
/// schemas (`[paths] schemas`).
pub fn is_web_address(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !href
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'`".contains(c))
}

/// Read and check every logo of `config`: the ones that can be published, and a diagnostic (at
/// the logo's `file` in `mirps.toml`) for each that cannot. Never fails: a missing, unreadable or
/// unsafe file is a diagnostic.
pub fn load_logos(config: &Config) -> (Vec<LoadedLogo>, Vec<Diagnostic>) {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for (i, logo) in config.publication.logos.iter().enumerate() {
        let at = config.file.as_ref().and_then(|(id, tree)| {
            tree.pointer(&format!("/publication/logos/{i}/file"))
                .map(|(node, _)| (*id, node.span))
        });
        match read_logo(&config.root, &logo.file) {
            Ok((kind, bytes)) => loaded.push(LoadedLogo {
                name: format!("logo-{}.{}", i + 1, kind.extension()),
                kind,
                bytes,
                alt: logo.alt.clone(),
                href: logo.href.clone().filter(|h| is_web_address(h)),
            }),
            Err(LogoError::Outside(target)) => {
                problems.push(diags::logo_outside(at, &logo.file, target.as_deref()));
            }
            Err(LogoError::Problem(problem)) => {
                problems.push(diags::logo_unreadable(at, &logo.file, problem));
            }
        }
    }
    (loaded, problems)
}

/// Why a logo is not published.
#[derive(Debug)]
enum LogoError {
    /// It lies outside the framework: written so (`../x.svg`, an absolute path), or a link
    /// leading out of it (its target then).
    Outside(Option<String>),
    Problem(LogoProblem),
}

impl From<LogoProblem> for LogoError {
    fn from(problem: LogoProblem) -> LogoError {
        LogoError::Problem(problem)
    }
}

/// The logo `file` of the framework at `root`: its kind and bytes.
fn read_logo(root: &Path, file: &str) -> Result<(LogoKind, Vec<u8>), LogoError> {
    let written = Path::new(file);
    if written.has_root()
        || written
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        return Err(LogoError::Outside(None));
    }
    let path = root.join(written);
    let resolved = match guard::check_readable(root, &path) {
        Ok(resolved) => resolved,
        Err(Refusal::Outside { target }) => {
            return Err(LogoError::Outside(Some(target.display().to_string())));
        }
        Err(Refusal::Dangling) if std::fs::symlink_metadata(&path).is_err() => {
            return Err(LogoProblem::Missing.into());
        }
        Err(Refusal::Dangling | Refusal::Loop) => return Err(LogoProblem::BrokenLink.into()),
        Err(Refusal::NotAFile { what }) => return Err(LogoProblem::NotAFile(what).into()),
    };
    let io = |e: std::io::Error| LogoProblem::Io(e.to_string());
    let handle = std::fs::File::open(&resolved).map_err(io)?;
    let size = handle.metadata().map_err(io)?.len();
    if size > MAX_LOGO_BYTES {
        return Err(LogoProblem::TooLarge(size).into());
    }
    // Read no more than the limit and one byte, whatever the size said a moment ago.
    let mut bytes = Vec::with_capacity(size as usize);
    handle
        .take(MAX_LOGO_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return Err(LogoProblem::TooLarge(bytes.len() as u64).into());
    }
    let kind = logo_kind(&bytes)?;
    Ok((kind, bytes))
}

/// The PNG signature.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

/// What kind of image `bytes` is: a PNG by its signature, or an SVG that is safe to embed.
fn logo_kind(bytes: &[u8]) -> Result<LogoKind, LogoProblem> {
    if bytes.starts_with(PNG) {
        return Ok(LogoKind::Png);
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(LogoProblem::WrongKind);
    };
    check_svg(text)?;
    Ok(LogoKind::Svg)
}

/// Elements that run, frame or embed something else.
const REFUSED_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
];

/// An SVG document (its first element is `<svg>`) with nothing that could run or fetch.
fn check_svg(text: &str) -> Result<(), LogoProblem> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("<!entity") {
        return Err(LogoProblem::UnsafeSvg(SvgHazard::Entity));
    }
    for scheme in ["javascript:", "vbscript:"] {
        if lower.contains(scheme) {
            return Err(LogoProblem::UnsafeSvg(SvgHazard::Reference(scheme.into())));
        }
    }
    if lower.contains("@import") {
        return Err(LogoProblem::UnsafeSvg(SvgHazard::Reference(
            "@import".into(),
        )));
    }
    check_urls(&lower)?;
    let mut first = true;
    let mut in_style = false;
    for item in Scanner::new(text) {
        match item {
            Item::Tag { name, attributes } => {
                let local = local_name(&name);
                if first {
                    if local != "svg" {
                        return Err(LogoProblem::WrongKind);
                    }
                    first = false;
                }
                if REFUSED_ELEMENTS.contains(&local.as_str()) {
                    return Err(LogoProblem::UnsafeSvg(SvgHazard::Element(name)));
                }
                in_style = local == "style";
                for (attribute, value) in attributes {
                    check_attribute(&attribute, &decode(&value))?;
                }
            }
            Item::Text(content) => {
                if in_style && content.contains('\\') {
                    return Err(LogoProblem::UnsafeSvg(SvgHazard::CssEscape));
                }
            }
            Item::End => in_style = false,
            Item::Unclosed => return Err(LogoProblem::WrongKind),
        }
    }
    if first {
        return Err(LogoProblem::WrongKind);
    }
    Ok(())
}

/// An attribute of an SVG element, its value with character references decoded.
fn check_attribute(name: &str, value: &str) -> Result<(), LogoProblem> {
    let lower = name.to_ascii_lowercase();
    let local = local_name(&lower);
    if local.starts_with("on") {
        return Err(LogoProblem::UnsafeSvg(SvgHazard::EventAttribute(
            name.to_string(),
        )));
    }
    let value_lower = value.to_ascii_lowercase();
    if local == "href" && !internal_reference(value_lower.trim()) {
        return Err(LogoProblem::UnsafeSvg(SvgHazard::Reference(shorten(value))));
    }
    // An animation that sets a link (`<set attributeName="href" to="…">`).
    if local == "attributename" && local_name(value_lower.trim()) == "href" {
        return Err(LogoProblem::UnsafeSvg(SvgHazard::Reference(shorten(value))));
    }
    if local == "style" && value.contains('\\') {
        return Err(LogoProblem::UnsafeSvg(SvgHazard::CssEscape));
    }
    check_urls(&value_lower)
}

/// Every `url(…)` of `lower` (lower-cased) points inside the document or at an embedded image.
fn check_urls(lower: &str) -> Result<(), LogoProblem> {
    let mut rest = lower;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let target = rest
            .trim_start()
            .trim_start_matches(['"', '\''])
            .trim_start();
        if !internal_reference(target) {
            let end = target.find(')').unwrap_or(target.len());
            return Err(LogoProblem::UnsafeSvg(SvgHazard::Reference(shorten(
                &target[..end],
            ))));
        }
    }
    Ok(())
}

/// A reference to an element of the document itself (`#a`) or an embedded raster image
/// (`data:image/png;base64,…`).
fn internal_reference(target: &str) -> bool {
    target.starts_with('#')
        || ["png", "jpeg", "jpg", "gif", "webp"]
            .iter()
            .any(|kind| target.starts_with(&format!("data:image/{kind}")))
}

/// `svg:script` → `script`.
fn local_name(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase()
}

/// A value from the file, short enough for a message.
fn shorten(value: &str) -> String {
    const MAX: usize = 40;
    match value.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_string(),
    }
}

/// An attribute value with the character references XML decodes (`&#106;`, `&#x6a;`, `&amp;`)
/// decoded, so that a reference cannot hide behind them.
fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else {
            break;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A piece of an XML text: a start (or empty-element) tag with its attributes, or the text
/// between tags, or an end tag. Comments, processing instructions and declarations are skipped.
#[derive(Debug)]
enum Item {
    Tag {
        name: String,
        attributes: Vec<(String, String)>,
    },
    Text(String),
    /// An end tag.
    End,
    /// A tag, comment or section that never ends.
    Unclosed,
}

/// A lenient scanner of XML markup: enough to see every element and attribute an XML or HTML
/// parser would see in a well-formed SVG.
struct Scanner<'a> {
    rest: &'a str,
    done: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            rest: text,
            done: false,
        }
    }

    /// Skip past `end`; false when it never comes.
    fn skip_past(&mut self, end: &str) -> bool {
        match self.rest.find(end) {
            Some(at) => {
                self.rest = &self.rest[at + end.len()..];
                true
            }
            None => false,
        }
    }
}

impl Iterator for Scanner<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.done || self.rest.is_empty() {
                return None;
            }
            if !self.rest.starts_with('<') {
                let end = self.rest.find('<').unwrap_or(self.rest.len());
                let text = &self.rest[..end];
                self.rest = &self.rest[end..];
                return Some(Item::Text(text.to_string()));
            }
            let (skipped, end) = if self.rest.starts_with("<!--") {
                (true, "-->")
            } else if self.rest.starts_with("<![CDATA[") {
                // Text, as far as CSS inside `<style>` goes.
                let body = &self.rest[9..];
                let Some(at) = body.find("]]>") else {
                    self.done = true;
                    return Some(Item::Unclosed);
                };
                let text = body[..at].to_string();
                self.rest = &body[at + 3..];
                return Some(Item::Text(text));
            } else if self.rest.starts_with("<?") {
                (true, "?>")
            } else if self.rest.starts_with("</") {
                if !self.skip_past(">") {
                    self.done = true;
                    return Some(Item::Unclosed);
                }
                return Some(Item::End);
            } else if self.rest.starts_with("<!") {
                (true, ">")
            } else {
                (false, "")
            };
            if skipped {
                if !self.skip_past(end) {
                    self.done = true;
                    return Some(Item::Unclosed);
                }
                continue;
            }
            return Some(self.tag());
        }
    }
}

impl Scanner<'_> {
    /// A start tag, `self.rest` at its `<`.
    fn tag(&mut self) -> Item {
        let body = &self.rest[1..];
        let mut chars = body.char_indices().peekable();
        let name_end = body
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(body.len());
        let name = body[..name_end].to_string();
        let mut attributes = Vec::new();
        while chars.peek().is_some_and(|&(i, _)| i < name_end) {
            chars.next();
        }
        // Attributes: name, optional `= value` (quoted or not), until `>` outside quotes.
        loop {
            while chars
                .peek()
                .is_some_and(|&(_, c)| c.is_whitespace() || c == '/')
            {
                chars.next();
            }
            let Some(&(start, c)) = chars.peek() else {
                self.done = true;
                return Item::Unclosed;
            };
            if c == '>' {
                self.rest = &body[start + 1..];
                return Item::Tag { name, attributes };
            }
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if c.is_whitespace() || c == '=' || c == '>' || c == '/' {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            if end == start {
                // A stray character (`"`, `'`): skip it.
                chars.next();
                continue;
            }
            let attribute = body[start..end].to_string();
            while chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                chars.next();
            }
            let mut value = String::new();
            if chars.peek().is_some_and(|&(_, c)| c == '=') {
                chars.next();
                while chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                    chars.next();
                }
                match chars.peek().copied() {
                    Some((_, quote @ ('"' | '\''))) => {
                        chars.next();
                        let mut closed = false;
                        for (_, c) in chars.by_ref() {
                            if c == quote {
                                closed = true;
                                break;
                            }
                            value.push(c);
                        }
                        if !closed {
                            self.done = true;
                            return Item::Unclosed;
                        }
                    }
                    _ => {
                        while let Some(&(_, c)) = chars.peek() {
                            if c.is_whitespace() || c == '>' {
                                break;
                            }
                            value.push(c);
                            chars.next();
                        }
                    }
                }
            }
            attributes.push((attribute, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- a partner's logo -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <style><![CDATA[ .a { fill: url(#g); } ]]></style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#00f"/></linearGradient></defs>
  <rect class="a" width="10" height="10" fill="url(#g)"/>
  <use xlink:href="#g"/>
  <image href="data:image/png;base64,iVBORw0KGgo="/>
  <text x="1" y="5">Foundation = once only</text>
</svg>
"##;

    fn hazard(svg: &str) -> Option<SvgHazard> {
        match logo_kind(svg.as_bytes()) {
            Err(LogoProblem::UnsafeSvg(h)) => Some(h),
            Err(other) => panic!("{svg}: {other:?}"),
            Ok(_) => None,
        }
    }

    #[test]
    fn a_plain_svg_and_a_png_are_accepted() {
        assert_eq!(logo_kind(CLEAN.as_bytes()).unwrap(), LogoKind::Svg);
        let png = [PNG, b"\0\0\0\rIHDR"].concat();
        assert_eq!(logo_kind(&png).unwrap(), LogoKind::Png);
    }

    #[test]
    fn svgs_that_could_run_or_fetch_are_refused() {
        let svg = |inner: &str| format!("<svg xmlns=\"http://www.w3.org/2000/svg\">{inner}</svg>");
        for (inner, what) in [
            ("<script>alert(1)</script>", "script"),
            ("<SCRIPT>alert(1)</SCRIPT>", "script"),
            ("<svg:script>alert(1)</svg:script>", "script"),
            ("<foreignObject><p>x</p></foreignObject>", "foreign"),
            ("<rect onload=\"alert(1)\"/>", "event"),
            ("<rect/onclick='alert(1)'/>", "event"),
            ("<rect OnMouseOver = alert(1) />", "event"),
            ("<a href=\"http://example.org\"><rect/></a>", "reference"),
            (
                "<a xlink:href=\"https://example.org\"><rect/></a>",
                "reference",
            ),
            ("<use href='other.svg#a'/>", "reference"),
            (
                "<a href=\"&#106;avascript:alert(1)\"><rect/></a>",
                "reference",
            ),
            (
                "<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>",
                "reference",
            ),
            ("<rect fill=\"url(http://example.org/x)\"/>", "reference"),
            (
                "<rect fill=\"&#117;rl(http://example.org/x)\"/>",
                "reference",
            ),
            (
                "<style>@import 'http://example.org/x.css';</style>",
                "reference",
            ),
            ("<style>.a{fill:u\\72l(http://x)}</style>", "css"),
            ("<set attributeName=\"href\" to=\"#a\"/>", "reference"),
            ("<iframe src=\"x\"/>", "element"),
        ] {
            let found = hazard(&svg(inner)).unwrap_or_else(|| panic!("{inner} was accepted"));
            let matches = match (&found, what) {
                (SvgHazard::Element(name), "script") => name.to_lowercase().ends_with("script"),
                (SvgHazard::Element(name), "foreign") => name == "foreignObject",
                (SvgHazard::Element(_), "element") => true,
                (SvgHazard::EventAttribute(name), "event") => name.to_lowercase().starts_with("on"),
                (SvgHazard::Reference(_), "reference") => true,
                (SvgHazard::CssEscape, "css") => true,
                _ => false,
            };
            assert!(matches, "{inner}: {found:?}");
        }
        let entity = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"x\">]><svg>&a;</svg>";
        assert!(matches!(hazard(entity), Some(SvgHazard::Entity)));
    }

    #[test]
    fn files_that_are_neither_png_nor_svg_are_the_wrong_kind() {
        for bytes in [
            &b"GIF89a"[..],
            b"\xff\xd8\xff\xe0 JFIF",
            b"<html><body>logo</body></html>",
            b"",
            b"just text",
            b"<svg viewBox='0 0 1 1'",
            b"\xff\xfe<\0s\0v\0g\0",
        ] {
            assert!(
                matches!(logo_kind(bytes), Err(LogoProblem::WrongKind)),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn logo_paths_leaving_the_framework_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        for file in ["../x.svg", "/etc/passwd", "assets/../../x.svg"] {
            assert!(
                matches!(read_logo(dir.path(), file), Err(LogoError::Outside(None))),
                "{file}"
            );
        }
    }

    #[test]
    fn logo_files_are_checked_for_size_presence_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert!(matches!(
            read_logo(root, "missing.svg"),
            Err(LogoError::Problem(LogoProblem::Missing))
        ));
        std::fs::create_dir(root.join("folder")).unwrap();
        assert!(matches!(
            read_logo(root, "folder"),
            Err(LogoError::Problem(LogoProblem::NotAFile(_)))
        ));
        let big = [PNG, &vec![0u8; MAX_LOGO_BYTES as usize]].concat();
        std::fs::write(root.join("big.png"), big).unwrap();
        assert!(matches!(
            read_logo(root, "big.png"),
            Err(LogoError::Problem(LogoProblem::TooLarge(_)))
        ));
        let just = [PNG, &vec![0u8; MAX_LOGO_BYTES as usize - PNG.len()]].concat();
        std::fs::write(root.join("just.png"), just).unwrap();
        assert_eq!(read_logo(root, "just.png").unwrap().0, LogoKind::Png);
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::fs::write(outside.path().join("x.svg"), "<svg/>").unwrap();
            std::os::unix::fs::symlink(outside.path().join("x.svg"), root.join("link.svg"))
                .unwrap();
            assert!(matches!(
                read_logo(root, "link.svg"),
                Err(LogoError::Outside(Some(_)))
            ));
            std::os::unix::fs::symlink(root.join("gone.svg"), root.join("broken.svg")).unwrap();
            assert!(matches!(
                read_logo(root, "broken.svg"),
                Err(LogoError::Problem(LogoProblem::BrokenLink))
            ));
        }
    }

    #[test]
    fn only_web_addresses_are_links() {
        for ok in [
            "https://example.org",
            "http://example.org/a?b=c#d",
            "HTTPS://EXAMPLE.ORG",
        ] {
            assert!(is_web_address(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//example.org",
            "https://example.org/\"onmouseover=\"x",
            "https://example.org/<script>",
            "https://exa mple.org",
            "ftp://example.org",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn character_references_are_decoded() {
        assert_eq!(decode("&#106;a&#x76;a&amp;&lt;"), "java&<");
        assert_eq!(decode("a & b"), "a & b");
        assert_eq!(decode("&#xD800;x"), "&#xD800;x");
    }
}
