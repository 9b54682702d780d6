//! Every path of the build and every href of the site, every anchor of the Markdown document
//! and of the PDF: made here and nowhere else, so a page that moves moves everywhere at once.
//!
//! Paths of the build are relative to the output folder (`es/html/index.html`); site paths are
//! relative to a language's HTML root (`national/gtm.html`); hrefs are relative to the page
//! they are written on ([`Page::href`]), so the site works from `file://` and under any base path.

/// The build's own root page: it sends a reader to the default language.
pub const ROOT_INDEX: &str = "index.html";
/// The published data (every language's): the framework as JSON and the commitments as CSV.
pub const DATA_JSON: &str = "data/mirps.json";
pub const DATA_CSV: &str = "data/commitments.csv";

/// Pages and assets of a language's site, relative to its HTML root.
pub const INDEX: &str = "index.html";
pub const COMMITMENTS: &str = "commitments.html";
pub const SEARCH: &str = "search.html";
pub const PRINT: &str = "print.html";
pub const SEARCH_INDEX: &str = "assets/search.js";
pub const STYLE: &str = "assets/style.css";
pub const SCRIPT: &str = "assets/app.js";
pub const FAVICON: &str = "assets/favicon.svg";

/// From any item page (`national/`, `regional/`, `cooperation/`) to the HTML root.
pub const ITEM_ROOT: &str = "../";

/// The folder of a language's site in the build: `es/html`.
pub fn html_dir(lang: &str) -> String {
    format!("{lang}/html")
}

/// A language's Markdown document in the build: `es/mirps.md`.
pub fn markdown(lang: &str) -> String {
    format!("{lang}/mirps.md")
}

/// A language's PDF in the build: `es/mirps.pdf`.
pub fn pdf(lang: &str) -> String {
    format!("{lang}/mirps.pdf")
}

/// The Typst source of a language's PDF in the build: `es/mirps.typ`.
pub fn typst(lang: &str) -> String {
    format!("{lang}/mirps.typ")
}

/// The name of a code in a path: `GTM` → `gtm`. Codes are checked ids (letters, digits,
/// hyphens); anything else is dropped, so no code can make a path leave its folder.
pub fn slug(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A State's national chapter: `national/gtm.html`.
pub fn chapter(state: &str) -> String {
    format!("national/{}.html", slug(state))
}

/// An organization's plan: `regional/unhcr.html`.
pub fn plan(organization: &str) -> String {
    format!("regional/{}.html", slug(organization))
}

/// A cooperating State's or partner's support: `cooperation/esp.html`.
pub fn cooperation(contributor: &str) -> String {
    format!("cooperation/{}.html", slug(contributor))
}

/// A place in a page: `national/gtm.html#GTM-1.3`.
pub fn at(page: &str, anchor: &str) -> String {
    format!("{page}#{anchor}")
}

/// A logo of the framework, copied into the site: `assets/logo-1.svg`.
pub fn logo(name: &str) -> String {
    format!("assets/{name}")
}

/// Anchors: the same ids in the Markdown document, the print page and the PDF.
pub mod anchor {
    pub const FOREWORD: &str = "foreword";
    pub const SUMMARY: &str = "executive-summary";
    pub const OVERVIEW: &str = "overview";
    pub const NATIONAL: &str = "national";
    pub const REGIONAL: &str = "regional";
    pub const COOPERATION: &str = "cooperation";
    pub const ANNEXES: &str = "annexes";
    pub const ACRONYMS: &str = "acronyms";

    /// The narrative's parts on a page (`chapter_body`, `plan_body` and `coop_body` of
    /// `templates/macros.html`): `#summary`, `#context`, `#section-N` (from 1).
    pub const SUMMARY_PART: &str = "summary";
    pub const CONTEXT_PART: &str = "context";
    pub fn section(n: usize) -> String {
        format!("section-{n}")
    }

    /// A pillar's part of a chapter page: `pillar-reception-admission`.
    pub fn pillar(pillar: &str) -> String {
        format!("pillar-{pillar}")
    }

    /// A State's chapter in the single document: `chapter-GTM`.
    pub fn chapter(state: &str) -> String {
        format!("chapter-{state}")
    }

    /// An organization's plan in the single document: `plan-UNHCR`.
    pub fn plan(organization: &str) -> String {
        format!("plan-{organization}")
    }

    /// A contributor's support in the single document: `contributor-ESP` (a State may also
    /// be a contributor: the prefixes keep them apart).
    pub fn contributor(contributor: &str) -> String {
        format!("contributor-{contributor}")
    }

    /// A pillar of a State's chapter in the single document: `pillar-GTM-reception-admission`.
    pub fn chapter_pillar(state: &str, pillar: &str) -> String {
        format!("pillar-{state}-{pillar}")
    }

    /// The parts of the single document, by name (for its templates).
    #[derive(Clone, Debug, serde::Serialize)]
    pub struct Parts {
        pub foreword: &'static str,
        pub summary: &'static str,
        pub overview: &'static str,
        pub national: &'static str,
        pub regional: &'static str,
        pub cooperation: &'static str,
        pub annexes: &'static str,
        pub acronyms: &'static str,
    }

    pub const PARTS: Parts = Parts {
        foreword: FOREWORD,
        summary: SUMMARY,
        overview: OVERVIEW,
        national: NATIONAL,
        regional: REGIONAL,
        cooperation: COOPERATION,
        annexes: ANNEXES,
        acronyms: ACRONYMS,
    };

    /// A commitment, programme or pledge: its id (`GTM-1.3`).
    pub fn item(id: &str) -> String {
        id.to_string()
    }
}

/// A page of a language's site, for hrefs written on it.
#[derive(Clone, Copy, Debug)]
pub struct Page<'a> {
    /// Relative to the HTML root: `index.html`, `national/gtm.html`.
    pub path: &'a str,
}

impl Page<'_> {
    /// From this page to the HTML root: `` or `../`.
    pub fn root(&self) -> &'static str {
        if self.path.contains('/') { "../" } else { "" }
    }

    /// An href to `target` (relative to the HTML root) from this page.
    pub fn href(&self, target: &str) -> String {
        format!("{}{target}", self.root())
    }

    /// An href to a path of the build (`data/mirps.json`, `es/mirps.pdf`) from this page: the
    /// HTML root is `<lang>/html/`, two folders below the build's.
    pub fn build_href(&self, build_path: &str) -> String {
        format!("{}../../{build_path}", self.root())
    }

    /// The same page in another language.
    pub fn in_language(&self, lang: &str) -> String {
        self.build_href(&format!("{}/{}", html_dir(lang), self.path))
    }
}

/// A file of a language's site, as a path of the build: `es/html/assets/favicon.svg`.
pub fn site_file(lang: &str, path: &str) -> String {
    format!("{}/{path}", html_dir(lang))
}

/// From the build's root page to a language's home page: `es/html/index.html`.
pub fn home_from_root(lang: &str) -> String {
    site_file(lang, INDEX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_relative_to_the_page() {
        let home = Page { path: INDEX };
        let chapter_page = Page {
            path: &chapter("GTM"),
        };
        assert_eq!(home.href(COMMITMENTS), "commitments.html");
        assert_eq!(chapter_page.href(COMMITMENTS), "../commitments.html");
        assert_eq!(home.build_href(&pdf("es")), "../../es/mirps.pdf");
        assert_eq!(
            chapter_page.build_href(DATA_JSON),
            "../../../data/mirps.json"
        );
        assert_eq!(
            chapter_page.in_language("en"),
            "../../../en/html/national/gtm.html"
        );
        assert_eq!(home_from_root("es"), "es/html/index.html");
    }

    #[test]
    fn a_code_cannot_leave_its_folder() {
        assert_eq!(chapter("../../etc"), "national/etc.html");
        assert_eq!(plan("UN/HCR"), "regional/unhcr.html");
        assert_eq!(slug("GTM"), "gtm");
    }
}
