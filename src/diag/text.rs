//! Texts written in every language of the interface, with named placeholders.
//!
//! A [`Text`] is built where a diagnostic is made, by [`t!`](crate::t), from its Spanish and
//! English templates and the values of its placeholders; it is put into words only when it is
//! printed, in the language the reader asked for. The templates of one text must have the same
//! placeholders, and every value given must be used: [`check`] verifies both when the program is
//! compiled, so a text cannot lack a language or lose a value in one of them.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::lang::Lang;

/// A text in every language of the interface.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Text {
    /// Templates in each language, and the values of their placeholders.
    Words {
        es: &'static str,
        en: &'static str,
        args: Vec<(&'static str, Arg)>,
    },
    /// A text that is the same in every language: a value quoted from the framework, or the
    /// message of a component that speaks only one (a PDF compiler error).
    Verbatim(Box<str>),
    /// A text read at run time in each language (a schema's description), without placeholders.
    Pair { es: Box<str>, en: Box<str> },
}

/// The value of a placeholder.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    /// Written as it is (a key, an id, a number).
    Plain(Box<str>),
    /// Put into words in the reader's language too.
    Text(Text),
    /// `` `a`, `b` or `c` `` (`` `a`, `b` o `c` ``).
    OneOf(Box<[Box<str>]>),
    /// `` `a`, `b` and `c` `` (`` `a`, `b` y `c` ``).
    AllOf(Box<[Box<str>]>),
    /// A text shared by many diagnostics (the keys allowed in a mapping).
    Shared(Arc<Text>),
}

impl Text {
    /// No words: a label that only points.
    pub const EMPTY: Text = Text::Words {
        es: "",
        en: "",
        args: Vec::new(),
    };

    /// Templates without placeholders; [`t!`](crate::t) builds texts with them.
    pub fn new(es: &'static str, en: &'static str) -> Text {
        Text::Words {
            es,
            en,
            args: Vec::new(),
        }
    }

    /// The same words in every language.
    pub fn verbatim(text: impl Into<Box<str>>) -> Text {
        Text::Verbatim(text.into())
    }

    /// Words read at run time in each language (no placeholders are filled in).
    pub fn pair(es: impl Into<Box<str>>, en: impl Into<Box<str>>) -> Text {
        Text::Pair {
            es: es.into(),
            en: en.into(),
        }
    }

    /// Give a placeholder its value.
    pub fn arg(self, name: &'static str, value: impl Into<Arg>) -> Text {
        match self {
            Text::Words { es, en, mut args } => {
                args.push((name, value.into()));
                Text::Words { es, en, args }
            }
            verbatim => verbatim,
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Text::Words { es, en, .. } => es.is_empty() && en.is_empty(),
            Text::Verbatim(text) => text.is_empty(),
            Text::Pair { es, en } => es.is_empty() && en.is_empty(),
        }
    }

    /// The text in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write(lang, &mut out);
        out
    }

    /// The template in `lang`, as written (for the catalogue in the documentation).
    pub fn template(&self, lang: Lang) -> &str {
        match self {
            Text::Words { es, en, .. } => match lang {
                Lang::Es => es,
                Lang::En => en,
            },
            Text::Verbatim(text) => text,
            Text::Pair { es, en } => match lang {
                Lang::Es => es,
                Lang::En => en,
            },
        }
    }

    fn write(&self, lang: Lang, out: &mut String) {
        let args = match self {
            Text::Words { args, .. } => args,
            Text::Verbatim(_) | Text::Pair { .. } => {
                out.push_str(self.template(lang));
                return;
            }
        };
        let mut rest = self.template(lang);
        while let Some(at) = rest.find(['{', '}']) {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            if rest[at..].starts_with("{{") || rest[at..].starts_with("}}") {
                out.push_str(&rest[at..at + 1]);
                rest = &after[1..];
                continue;
            }
            let Some(end) = after.find('}').filter(|_| rest.as_bytes()[at] == b'{') else {
                // Not a placeholder ([`check`] refuses such templates): written as it is.
                out.push_str(&rest[at..at + 1]);
                rest = after;
                continue;
            };
            let name = &after[..end];
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => value.write(lang, out),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
    }
}

impl Arg {
    /// `a, b or c` with each item between backquotes.
    pub fn one_of<S: AsRef<str>>(items: &[S]) -> Arg {
        Arg::OneOf(items.iter().map(|i| i.as_ref().into()).collect())
    }

    /// `a, b and c` with each item between backquotes.
    pub fn all_of<S: AsRef<str>>(items: &[S]) -> Arg {
        Arg::AllOf(items.iter().map(|i| i.as_ref().into()).collect())
    }

    fn write(&self, lang: Lang, out: &mut String) {
        match self {
            Arg::Plain(text) => out.push_str(text),
            Arg::Text(text) => text.write(lang, out),
            Arg::Shared(text) => text.write(lang, out),
            Arg::OneOf(items) => list(items, lang, "or", "o", out),
            Arg::AllOf(items) => list(items, lang, "and", "y", out),
        }
    }
}

fn list(items: &[Box<str>], lang: Lang, en: &str, es: &str, out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            if i + 1 == items.len() {
                // Spanish writes «u» before a word starting with an o sound.
                let word = match lang {
                    Lang::En => en,
                    Lang::Es if es == "o" && starts_with_o(item) => "u",
                    Lang::Es => es,
                };
                let _ = write!(out, " {word} ");
            } else {
                out.push_str(", ");
            }
        }
        out.push('`');
        out.push_str(item);
        out.push('`');
    }
}

fn starts_with_o(word: &str) -> bool {
    matches!(word.chars().next(), Some('o' | 'O' | 'ó' | 'Ó'))
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Plain(text.into())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Plain(text.into())
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Plain(text.as_str().into())
    }
}

impl From<Box<str>> for Arg {
    fn from(text: Box<str>) -> Arg {
        Arg::Plain(text)
    }
}

impl From<Text> for Arg {
    fn from(text: Text) -> Arg {
        Arg::Text(text)
    }
}

impl From<Arc<Text>> for Arg {
    fn from(text: Arc<Text>) -> Arg {
        Arg::Shared(text)
    }
}

macro_rules! numbers_as_args {
    ($($t:ty),*) => {
        $(impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Plain(n.to_string().into())
            }
        })*
    };
}
numbers_as_args!(usize, u64, u32, u16, i64, i32, char);

/// Printed in the language of the run ([`crate::lang::current`]): for operational errors, which
/// travel as `anyhow` errors to the one place that prints them.
impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(crate::lang::current()))
    }
}

/// A text in Spanish and English: `t!(es: "… {key} …", en: "… {key} …", key = value)`.
///
/// The templates are checked when the program is compiled: both must be written, with the same
/// placeholders, each given a value, and `{{`/`}}` for a brace.
#[macro_export]
macro_rules! t {
    (es: $es:literal, en: $en:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        const _: () = $crate::diag::text::check($es, $en, &[$(stringify!($name)),*]);
        $crate::diag::Text::new($es, $en)$(.arg(stringify!($name), $value))*
    }};
}

/// Refuse (at compile time, from [`t!`](crate::t)) templates that lack a language, differ in
/// their placeholders, use a placeholder given no value, or are given a value they do not use.
pub const fn check(es: &str, en: &str, names: &[&str]) {
    assert!(
        es.is_empty() == en.is_empty(),
        "a text is written in one language only"
    );
    placeholders_are_named(es.as_bytes(), names);
    placeholders_are_named(en.as_bytes(), names);
    let mut i = 0;
    while i < names.len() {
        assert!(
            mentions(es.as_bytes(), names[i].as_bytes()),
            "a value is not used in the Spanish text"
        );
        assert!(
            mentions(en.as_bytes(), names[i].as_bytes()),
            "a value is not used in the English text"
        );
        i += 1;
    }
}

/// Every `{name}` of `template` is one of `names`, and every brace is part of one or doubled.
const fn placeholders_are_named(template: &[u8], names: &[&str]) {
    let mut i = 0;
    while i < template.len() {
        if template[i] == b'{' && i + 1 < template.len() && template[i + 1] == b'{' {
            i += 2;
            continue;
        }
        if template[i] == b'}' {
            assert!(
                i + 1 < template.len() && template[i + 1] == b'}',
                "a lone closing brace in a text: double it"
            );
            i += 2;
            continue;
        }
        if template[i] == b'{' {
            let start = i + 1;
            let mut end = start;
            while end < template.len() && template[end] != b'}' {
                end += 1;
            }
            assert!(end < template.len(), "an unclosed brace in a text");
            let mut found = false;
            let mut n = 0;
            while n < names.len() {
                if same(template, start, end, names[n].as_bytes()) {
                    found = true;
                }
                n += 1;
            }
            assert!(found, "a placeholder of a text is given no value");
            i = end + 1;
            continue;
        }
        i += 1;
    }
}

/// Whether `template` has the placeholder `{name}`.
const fn mentions(template: &[u8], name: &[u8]) -> bool {
    let mut i = 0;
    while i < template.len() {
        if template[i] == b'{' && i + 1 < template.len() && template[i + 1] == b'{' {
            i += 2;
            continue;
        }
        if template[i] == b'{' {
            let start = i + 1;
            let mut end = start;
            while end < template.len() && template[end] != b'}' {
                end += 1;
            }
            if same(template, start, end, name) {
                return true;
            }
            i = end;
        }
        i += 1;
    }
    false
}

const fn same(bytes: &[u8], start: usize, end: usize, name: &[u8]) -> bool {
    if end - start != name.len() {
        return false;
    }
    let mut i = 0;
    while i < name.len() {
        if bytes[start + i] != name[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_in_the_reader_language() {
        let text = crate::t!(
            es: "la clave `{key}` no existe; use {allowed}",
            en: "unknown key `{key}`; use {allowed}",
            key = "titulo",
            allowed = Arg::one_of(&["title", "summary", "objectives"]),
        );
        assert_eq!(
            text.render(Lang::Es),
            "la clave `titulo` no existe; use `title`, `summary` u `objectives`"
        );
        assert_eq!(
            text.render(Lang::En),
            "unknown key `titulo`; use `title`, `summary` or `objectives`"
        );
    }

    #[test]
    fn nested_texts_and_braces() {
        let inner = crate::t!(es: "este compromiso", en: "this commitment");
        let text = crate::t!(
            es: "a {what} le falta `{{ es: …, en: … }}`",
            en: "{what} lacks `{{ es: …, en: … }}`",
            what = inner,
        );
        assert_eq!(
            text.render(Lang::Es),
            "a este compromiso le falta `{ es: …, en: … }`"
        );
        assert_eq!(
            text.render(Lang::En),
            "this commitment lacks `{ es: …, en: … }`"
        );
    }

    #[test]
    fn verbatim_text_is_the_same_in_every_language() {
        let text = Text::verbatim("unknown font family: {x}");
        assert_eq!(text.render(Lang::Es), "unknown font family: {x}");
        assert_eq!(text.render(Lang::En), "unknown font family: {x}");
    }

    // The checks `t!` runs at compile time, run here on templates it would refuse.
    fn refused(es: &'static str, en: &'static str, names: &'static [&'static str]) -> bool {
        std::panic::catch_unwind(|| check(es, en, names)).is_err()
    }

    #[test]
    fn refuses_templates_that_differ() {
        assert!(!refused("a {x}", "b {x}", &["x"]));
        assert!(refused("a {x}", "b", &["x"]), "placeholder lost in English");
        assert!(
            refused("a {x}", "b {y}", &["x", "y"]),
            "different placeholders"
        );
        assert!(refused("a", "", &[]), "English missing");
        assert!(refused("a {x}", "b {x}", &[]), "no value given");
        assert!(refused("a", "b", &["x"]), "value given and not used");
        assert!(refused("a }", "b", &[]), "lone brace");
        assert!(refused("a {x", "b {x}", &["x"]), "unclosed brace");
        assert!(!refused("{{x}}", "{{x}}", &[]), "doubled braces are text");
    }
}
