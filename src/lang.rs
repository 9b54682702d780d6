//! The languages mirps speaks to its users, and how the one for this run is chosen.
//!
//! Every message a user reads (diagnostics, summaries, operational errors, report tables) is
//! written in Spanish and English. The language is chosen by `--lang`, else by the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first one set), else by the framework's first language,
//! else Spanish, the MIRPS's first language.

use std::sync::atomic::{AtomicU8, Ordering};

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    /// Spanish (español).
    #[default]
    Es,
    /// English.
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The language's code, as in `mirps.toml` (`es`, `en`).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// The language of a code or locale name: `es`, `es-MX`, `es_GT.UTF-8`, `en_US@euro`.
    /// `C`, `POSIX` and languages mirps does not speak give `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let language = tag
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match language.as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the locale asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is
    /// set and not empty decides, as POSIX orders them. A locale in another language (or `C`, as
    /// on many CI machines) asks for none.
    pub fn from_env() -> Option<Lang> {
        Self::from_locale(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any source of variables (for tests).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::from_tag(&value))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A language's name in the reader's language ("inglés" / "English"), for messages; a code
/// mirps has no name for is written as it is.
pub fn language_name(code: &str) -> crate::diag::Text {
    use crate::t;
    match code {
        "es" => t!(es: "español", en: "Spanish"),
        "en" => t!(es: "inglés", en: "English"),
        "fr" => t!(es: "francés", en: "French"),
        "pt" => t!(es: "portugués", en: "Portuguese"),
        other => crate::diag::Text::verbatim(other),
    }
}

/// The language of this run's messages, for the texts printed through `Display` (operational
/// errors). Emitters take the language as a parameter instead.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Set the language of this run (the command line does it once it knows).
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The language of this run: Spanish until the command line sets another.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Es,
    }
}

/// The language the user asked for (`--lang`, else the locale), once the command line has read
/// it: 0 none, 1 Spanish, 2 English.
static ASKED: AtomicU8 = AtomicU8::new(0);

/// Record the language asked for, and speak it from now on (Spanish if none was asked for,
/// until the framework's first language is known).
pub fn ask(asked: Option<Lang>) {
    ASKED.store(asked.map_or(0, |l| l as u8 + 1), Ordering::Relaxed);
    set(asked.unwrap_or_default());
}

/// The language of a run on a framework whose first language is `first`: the one asked for,
/// else that first language when mirps speaks it, else Spanish. It becomes the current one.
pub fn for_framework(first: &str) -> Lang {
    let lang = match ASKED.load(Ordering::Relaxed) {
        1 => Lang::Es,
        2 => Lang::En,
        _ => Lang::from_tag(first).unwrap_or_default(),
    };
    set(lang);
    lang
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_locale_names() {
        assert_eq!(Lang::from_tag("es_GT.UTF-8"), Some(Lang::Es));
        assert_eq!(Lang::from_tag("es-MX"), Some(Lang::Es));
        assert_eq!(Lang::from_tag("en_US@euro"), Some(Lang::En));
        assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
        assert_eq!(Lang::from_tag("C.UTF-8"), None);
        assert_eq!(Lang::from_tag("fr_FR.UTF-8"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn the_first_locale_variable_set_decides() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_locale(env(&[("LANG", "es_ES.UTF-8")])),
            Some(Lang::Es)
        );
        assert_eq!(
            Lang::from_locale(env(&[("LANG", "es_ES.UTF-8"), ("LC_ALL", "en_GB.UTF-8")])),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "es_HN.UTF-8")])),
            Some(Lang::Es)
        );
        // A locale in another language is not passed over for the next variable.
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "fr_FR.UTF-8"), ("LANG", "es_ES.UTF-8")])),
            None
        );
        assert_eq!(Lang::from_locale(env(&[])), None);
    }
}
