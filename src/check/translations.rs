//! Missing translations: every localized text should exist in every configured language.
//! A plain string counts as written in the document's `language`.

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::{Document, Localized};

pub fn check(doc: &Document, ctx: &mut Ctx<'_>) {
    let mut texts: Vec<(String, &Localized)> = vec![("/name".into(), doc.name())];
    match doc {
        Document::National(d) => {
            texts.push(("/summary".into(), &d.summary));
            if let Some(c) = &d.context {
                texts.push(("/context".into(), c));
            }
            for (i, s) in d.sections.iter().enumerate() {
                texts.push((format!("/sections/{i}/title"), &s.title));
                texts.push((format!("/sections/{i}/body"), &s.body));
            }
            for (i, inst) in d.institutions.iter().enumerate() {
                texts.push((format!("/institutions/{i}/name"), &inst.name));
            }
            for (i, c) in d.commitments.iter().enumerate() {
                let at = format!("/commitments/{i}");
                texts.push((format!("{at}/title"), &c.title));
                if let Some(t) = &c.description {
                    texts.push((format!("{at}/description"), t));
                }
                for (j, ind) in c.indicators.iter().enumerate() {
                    texts.push((format!("{at}/indicators/{j}/description"), &ind.description));
                }
                for (j, p) in c.progress.iter().enumerate() {
                    if let Some(t) = &p.summary {
                        texts.push((format!("{at}/progress/{j}/summary"), t));
                    }
                    if let Some(t) = &p.challenges {
                        texts.push((format!("{at}/progress/{j}/challenges"), t));
                    }
                }
            }
        }
        Document::Regional(d) => {
            texts.push(("/summary".into(), &d.summary));
            for (i, p) in d.programmes.iter().enumerate() {
                texts.push((format!("/programmes/{i}/title"), &p.title));
                if let Some(t) = &p.description {
                    texts.push((format!("/programmes/{i}/description"), t));
                }
            }
        }
        Document::Cooperation(d) => {
            if let Some(s) = &d.summary {
                texts.push(("/summary".into(), s));
            }
            for (i, p) in d.pledges.iter().enumerate() {
                texts.push((format!("/pledges/{i}/title"), &p.title));
                if let Some(t) = &p.description {
                    texts.push((format!("/pledges/{i}/description"), t));
                }
            }
        }
    }
    let doc_lang = doc.language();
    for (pointer, text) in texts {
        let missing: Vec<&str> = ctx
            .config
            .languages
            .iter()
            .map(String::as_str)
            .filter(|lang| text.get(lang, doc_lang).is_none())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let names: Vec<String> = missing.iter().map(|l| language_name(l)).collect();
        let field = pointer.rsplit('/').next().unwrap_or_default();
        let example = missing
            .iter()
            .map(|l| format!("{l}: …"))
            .collect::<Vec<_>>()
            .join(", ");
        ctx.push(
            Diagnostic::new(
                Code::MissingTranslation,
                format!("`{field}` has no {} text", names.join(" or ")),
            )
            .at(
                ctx.file,
                ctx.span(&pointer),
                format!("missing {}", missing.join(", ")),
            )
            .help(format!(
                "write it as a map of translations, adding {example}"
            )),
        );
    }
}

/// The English name of a language code, for messages.
pub fn language_name(code: &str) -> String {
    match code {
        "es" => "Spanish (`es`)".into(),
        "en" => "English (`en`)".into(),
        "fr" => "French (`fr`)".into(),
        "pt" => "Portuguese (`pt`)".into(),
        other => format!("`{other}`"),
    }
}
