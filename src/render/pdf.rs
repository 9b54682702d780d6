//! The PDF: the generated Typst source (see [`super::typ`]) compiled in-process by the Typst
//! compiler, embedded as a library.
//!
//! The compiler sees a closed world, [`PdfWorld`]: the generated source (`/mirps.typ`), the
//! template it imports (`/mirps-pdf.typ`, built-in or the framework's override) and the fonts
//! embedded in the binary. Any other file, package or path is refused, so neither content nor a
//! template can read the file system or the network. The date is fixed (the framework's data
//! cut-off date), so the same input gives the same PDF bytes. A compiler error (a broken
//! override template) becomes an error naming the file, line and column, with a snippet.

use std::sync::LazyLock;

use anyhow::Result;
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{DiagSpan, DiagSpanKind, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

/// Virtual path of the generated source, the main file.
pub const MAIN: &str = "mirps.typ";
/// Virtual path of the template the generated source imports.
pub const TEMPLATE: &str = "mirps-pdf.typ";

/// The fonts of the template, embedded: only the faces it uses (see `templates/fonts/`).
const FONT_FILES: &[&[u8]] = &[
    include_bytes!("../../templates/fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../../templates/fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../../templates/fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../../templates/fonts/Inter-Regular.otf"),
    include_bytes!("../../templates/fonts/Inter-SemiBold.otf"),
];

/// The parsed fonts and their book, shared by every compilation.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// The standard library, without any optional feature.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// What one PDF is made from.
pub struct Input<'a> {
    /// The generated source (`mirps.typ`).
    pub source: String,
    /// The template's text.
    pub template: &'a str,
    /// How errors name the template: its path when overridden, else `templates/mirps-pdf.typ
    /// (built in)`.
    pub template_name: String,
    /// The date `datetime.today()` returns: the data cut-off date.
    pub today: (i32, u8, u8),
    /// A stable identifier of the document (the PDF's `/ID` is derived from it).
    pub ident: String,
}

/// The compiler's whole world: two sources and the embedded fonts, nothing else.
struct PdfWorld {
    main: Source,
    template: Source,
    today: Option<Datetime>,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed, valid virtual path");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

impl PdfWorld {
    fn new(input: &Input<'_>) -> PdfWorld {
        let (y, m, d) = input.today;
        PdfWorld {
            main: Source::new(file_id(MAIN), input.source.clone()),
            template: Source::new(file_id(TEMPLATE), input.template.to_string()),
            today: Datetime::from_ymd(y, m, d),
        }
    }

    fn lookup(&self, id: FileId) -> FileResult<&Source> {
        if id == self.main.id() {
            Ok(&self.main)
        } else if id == self.template.id() {
            Ok(&self.template)
        } else {
            // Nothing else exists: no file of the framework or the system, no package (nothing
            // is downloaded or read from a package cache).
            Err(FileError::AccessDenied)
        }
    }
}

impl World for PdfWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.lookup(id).cloned()
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.lookup(id)
            .map(|source| Bytes::from_string(source.clone()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

/// Compile the generated source into PDF bytes. Warnings of the compiler are returned as text
/// (one per line); errors become an error with positions and snippets.
pub fn compile(input: &Input<'_>) -> Result<(Vec<u8>, Vec<String>)> {
    let world = PdfWorld::new(input);
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let warnings: Vec<String> = warnings
        .iter()
        .map(|w| report(&world, input, std::slice::from_ref(w)))
        .collect();
    let document = output.map_err(|errors| {
        anyhow::anyhow!(
            "the PDF template failed to typeset:\n{}",
            report(&world, input, &errors)
        )
    })?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(input.ident.clone()),
        creator: Smart::Custom(Some(format!("mirps {}", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
        anyhow::anyhow!(
            "the PDF could not be written:\n{}",
            report(&world, input, &errors)
        )
    })?;
    Ok((pdf, warnings))
}

/// Typst diagnostics as plain text: `file:line:col: message` with a snippet, like the
/// validator's human output, plus the compiler's hints.
fn report(world: &PdfWorld, input: &Input<'_>, diagnostics: &[SourceDiagnostic]) -> String {
    let mut files = SimpleFiles::new();
    let main = files.add(format!("{MAIN} (generated)"), world.main.text().to_string());
    let template = files.add(
        input.template_name.clone(),
        world.template.text().to_string(),
    );
    let file_of = |id: FileId| {
        if id == world.main.id() {
            Some(main)
        } else if id == world.template.id() {
            Some(template)
        } else {
            None
        }
    };
    let mut buffer = term::termcolor::Buffer::no_color();
    let config = term::Config::default();
    for diagnostic in diagnostics {
        let severity = match diagnostic.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut labels = Vec::new();
        let locate = |span: DiagSpan| match span.get() {
            DiagSpanKind::Detached => None,
            DiagSpanKind::Number { id, .. } | DiagSpanKind::Range { id, .. } => {
                let file = file_of(id)?;
                let mut range = world.range(span)?;
                if file == main {
                    // The call of `report` spans all the data: show its first line only.
                    let text = world.main.text();
                    let line_end = text
                        .get(range.start..)
                        .and_then(|rest| rest.find('\n'))
                        .map_or(text.len(), |n| range.start + n);
                    range.end = range.end.min(line_end);
                }
                Some((file, range))
            }
        };
        if let Some((file, range)) = locate(diagnostic.span) {
            labels.push(Label::primary(file, range));
        }
        for point in &diagnostic.trace {
            if let Some((file, range)) = locate(point.span.into()) {
                labels.push(Label::secondary(file, range).with_message(point.v.to_string()));
            }
        }
        let mut notes = Vec::new();
        for hint in &diagnostic.hints {
            match locate(hint.span) {
                Some((file, range)) => {
                    labels.push(Label::secondary(file, range).with_message(hint.v.to_string()))
                }
                None => notes.push(format!("hint: {}", hint.v)),
            }
        }
        let rendered = Diagnostic::new(severity)
            .with_message(diagnostic.message.to_string())
            .with_labels(labels)
            .with_notes(notes);
        if term::emit_to_write_style(&mut buffer, &config, &files, &rendered).is_err() {
            let line = format!("error: {}\n", diagnostic.message);
            let _ = std::io::Write::write_all(&mut buffer, line.as_bytes());
        }
    }
    String::from_utf8_lossy(buffer.as_slice())
        .trim_end()
        .to_string()
}
