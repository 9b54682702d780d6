//! The built-in templates and assets, embedded in the binary, each overridable by a file of the
//! same name in the framework's own templates folder (`[paths] templates`), like zola's builtins.

use anyhow::{Context, Result};
use std::collections::BTreeMap;

use crate::diag::Text;
use crate::guard::Overrides;
use crate::t;

/// Every built-in template and asset: (name, contents).
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("chapter.html", include_str!("../../templates/chapter.html")),
    ("plan.html", include_str!("../../templates/plan.html")),
    (
        "cooperation.html",
        include_str!("../../templates/cooperation.html"),
    ),
    (
        "commitments.html",
        include_str!("../../templates/commitments.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    ("print.html", include_str!("../../templates/print.html")),
    ("root.html", include_str!("../../templates/root.html")),
    ("mirps.md", include_str!("../../templates/mirps.md")),
    (
        "mirps-pdf.typ",
        include_str!("../../templates/mirps-pdf.typ"),
    ),
    ("i18n.toml", include_str!("../../templates/i18n.toml")),
    (
        "assets/style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    (
        "assets/app.js",
        include_str!("../../templates/assets/app.js"),
    ),
    (
        "assets/favicon.svg",
        include_str!("../../templates/assets/favicon.svg"),
    ),
];

/// The templates of a build: built-ins with the framework's overrides applied.
pub struct Templates {
    pub files: BTreeMap<&'static str, String>,
}

impl Templates {
    /// The built-ins, each replaced by `overrides/<name>` when that file exists.
    pub fn load(overrides: Option<&Overrides>) -> Result<Templates> {
        let mut files = BTreeMap::new();
        for (name, text) in BUILTIN {
            let text = match overrides {
                Some(dir) => dir
                    .read(name)
                    .with_context(|| {
                        t!(
                            es: "no se puede leer la plantilla {name}",
                            en: "cannot read the template {name}",
                            name = *name,
                        )
                    })?
                    .unwrap_or_else(|| (*text).to_string()),
                None => (*text).to_string(),
            };
            files.insert(*name, text);
        }
        Ok(Templates { files })
    }

    pub fn get(&self, name: &str) -> &str {
        self.files.get(name).map_or("", String::as_str)
    }

    /// The HTML and Markdown templates, compiled. Template errors name the file and position.
    pub fn tera(&self) -> Result<tera::Tera> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        let templates: Vec<(&str, &str)> = self
            .files
            .iter()
            .filter(|(name, _)| name.ends_with(".html") || name.ends_with(".md"))
            .map(|(name, text)| (*name, text.as_str()))
            .collect();
        tera.add_raw_templates(templates)
            // Tera's own words.
            .map_err(|e| anyhow::Error::msg(Text::verbatim(error_chain(&e))))?;
        tera.register_filter("md", markdown_filter);
        Ok(tera)
    }

    /// The UI labels of `lang` (falling back to English, then to the first language defined).
    pub fn labels(&self, lang: &str) -> Result<BTreeMap<String, String>> {
        let all: BTreeMap<String, BTreeMap<String, String>> = toml::from_str(self.get("i18n.toml"))
            .with_context(|| {
                t!(
                    es: "templates/i18n.toml no es válido",
                    en: "templates/i18n.toml is not valid",
                )
            })?;
        let mut labels = all.get("en").cloned().unwrap_or_default();
        if let Some(own) = all.get(lang) {
            labels.extend(own.clone());
        }
        Ok(labels)
    }
}

/// HTML escaping for templates: the five characters that matter, and nothing else (Tera's
/// default also turns `/` into `&#x2F;`, which makes every link unreadable).
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `{{ text | md }}` escapes plain text for the Markdown document.
fn markdown_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(s) => s.clone(),
        tera::Value::Null => String::new(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(super::text::escape_markdown(&text)))
}

/// A Tera error with its causes, which hold the template name and the position.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
