//! docs/validate.md lists every code with its meaning and the message of its example, in Spanish
//! and English, as the binary writes them. The tables are made from the binary's own output;
//! `MIRPS_UPDATE_DOCS=1 cargo test --test cli catalogue` rewrites them after a message changes.

use mirps::diag::Code;
use mirps::lang::Lang;

use super::support::{Framework, parse_short, repo};

const BEGIN: &str = "<!-- codes: made by tests/cli/catalogue.rs -->\n";
const END: &str = "<!-- end of codes -->\n";

/// A table cell: no line break, and `|` cannot end it.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The messages of `code`'s example in `lang`, one per diagnostic.
fn messages(code: &str, lang: &str) -> Vec<String> {
    let folder = repo().join("examples/errors").join(code);
    let extra = std::fs::read_to_string(folder.join("args")).unwrap_or_default();
    let mut args = vec!["--format", "short", "--lang", lang];
    args.extend(extra.split_whitespace());
    let run = Framework::example(code).validate(&args);
    run.assert_no_crash();
    run.stdout
        .lines()
        .map(|line| parse_short(line).message.to_string())
        .collect()
}

/// The tables of docs/validate.md as they must be.
fn tables() -> String {
    let mut out = String::from(BEGIN);
    out.push_str("\n| Code | Severity | Meaning | Significado |\n|---|---|---|---|\n");
    for code in Code::ALL {
        out.push_str(&format!(
            "| <a id=\"{0}\"></a>`{0}` | {1} | {2} | {3} |\n",
            code.as_str(),
            code.default_severity().as_str(),
            cell(code.description(Lang::En)),
            cell(code.description(Lang::Es)),
        ));
    }
    out.push_str(
        "\nThe message each example of `examples/errors/` gets, in both languages \
         (`mirps validate --lang en` and `--lang es`):\n\n\
         | Code | Message | Mensaje |\n|---|---|---|\n",
    );
    for code in Code::ALL {
        let (en, es) = (messages(code.as_str(), "en"), messages(code.as_str(), "es"));
        for (en, es) in en.iter().zip(&es) {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                code.as_str(),
                cell(en),
                cell(es)
            ));
        }
    }
    out.push('\n');
    out.push_str(END);
    out
}

#[test]
fn docs_list_every_code_and_message_in_both_languages() {
    let path = repo().join("docs/validate.md");
    let docs = std::fs::read_to_string(&path).unwrap();
    let (Some(start), Some(end)) = (docs.find(BEGIN), docs.find(END)) else {
        panic!("docs/validate.md has no tables between {BEGIN:?} and {END:?}");
    };
    let expected = tables();
    let current = &docs[start..end + END.len()];
    if current != expected && std::env::var_os("MIRPS_UPDATE_DOCS").is_some() {
        let updated = format!("{}{expected}{}", &docs[..start], &docs[end + END.len()..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        current == expected,
        "docs/validate.md's tables of codes are out of date: \
         run `MIRPS_UPDATE_DOCS=1 cargo test --test cli catalogue` and review the change"
    );
}
