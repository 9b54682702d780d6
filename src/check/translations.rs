//! Missing translations: every localized text should exist in every configured language.
//! A plain string counts as written in the document's `language`.

use super::{Ctx, diags};
use crate::model::{Document, Localized};

pub fn check(doc: &Document, ctx: &mut Ctx<'_>) {
    // With a broken mirps.toml the languages are the defaults, not the framework's: stay quiet.
    if !ctx.config.valid {
        return;
    }
    let doc_lang = doc.language();
    // Pointers are built only for texts that lack a translation: most have them all.
    let mut field = |text: &Localized, pointer: &dyn Fn() -> String| {
        missing(text, doc_lang, pointer, ctx);
    };
    field(doc.name(), &|| "/name".into());
    match doc {
        Document::National(d) => {
            field(&d.summary, &|| "/summary".into());
            if let Some(c) = &d.context {
                field(c, &|| "/context".into());
            }
            for (i, s) in d.sections.iter().enumerate() {
                field(&s.title, &|| format!("/sections/{i}/title"));
                field(&s.body, &|| format!("/sections/{i}/body"));
            }
            for (i, inst) in d.institutions.iter().enumerate() {
                field(&inst.name, &|| format!("/institutions/{i}/name"));
            }
            for (i, c) in d.commitments.iter().enumerate() {
                field(&c.title, &|| format!("/commitments/{i}/title"));
                if let Some(t) = &c.description {
                    field(t, &|| format!("/commitments/{i}/description"));
                }
                for (j, ind) in c.indicators.iter().enumerate() {
                    field(&ind.description, &|| {
                        format!("/commitments/{i}/indicators/{j}/description")
                    });
                }
                for (j, p) in c.progress.iter().enumerate() {
                    if let Some(t) = &p.summary {
                        field(t, &|| format!("/commitments/{i}/progress/{j}/summary"));
                    }
                    if let Some(t) = &p.challenges {
                        field(t, &|| format!("/commitments/{i}/progress/{j}/challenges"));
                    }
                }
            }
        }
        Document::Regional(d) => {
            field(&d.summary, &|| "/summary".into());
            for (i, p) in d.programmes.iter().enumerate() {
                field(&p.title, &|| format!("/programmes/{i}/title"));
                if let Some(t) = &p.description {
                    field(t, &|| format!("/programmes/{i}/description"));
                }
            }
        }
        Document::Cooperation(d) => {
            if let Some(s) = &d.summary {
                field(s, &|| "/summary".into());
            }
            for (i, p) in d.pledges.iter().enumerate() {
                field(&p.title, &|| format!("/pledges/{i}/title"));
                if let Some(t) = &p.description {
                    field(t, &|| format!("/pledges/{i}/description"));
                }
            }
        }
    }
}

fn missing(text: &Localized, doc_lang: &str, pointer: &dyn Fn() -> String, ctx: &mut Ctx<'_>) {
    let languages = &ctx.config.languages;
    if languages
        .iter()
        .all(|lang| text.get(lang, doc_lang).is_some())
    {
        return;
    }
    let missing: Vec<&str> = languages
        .iter()
        .map(String::as_str)
        .filter(|lang| text.get(lang, doc_lang).is_none())
        .collect();
    let pointer = pointer();
    let field = pointer.rsplit('/').next().unwrap_or_default();
    ctx.push(diags::missing_translation(
        ctx.at(&pointer),
        field,
        &missing,
    ));
}
