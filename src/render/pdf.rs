//! The PDF: the generated Typst source (see [`super::typ`]) compiled in-process by the Typst
//! compiler, embedded as a library.
//!
//! The compiler sees a closed world, [`PdfWorld`]: the generated source (`/mirps.typ`), the
//! template it imports (`/mirps-pdf.typ`, built-in or the framework's override) and the fonts
//! embedded in the binary. Any other file, package or path is refused, so neither content nor a
//! template can read the file system or the network. The date is fixed (the framework's data
//! cut-off date), so the same input gives the same PDF bytes. A compiler error (a broken
//! override template) becomes an error naming the file, line and column, with a snippet.
//!
//! Memory: Typst keeps every laid-out page in its caches until told otherwise, which made a
//! PDF of 2,000 pages take 7 GB. [`compile`] runs the layout passes itself and frees what a
//! pass leaves behind (see [`typeset`]), and frees the caches before the PDF is written and
//! after; [`memory_needed`] estimates what typesetting a source takes, [`memory_available`]
//! what the machine has, so a PDF that cannot fit is refused before it starts.

use std::sync::{Arc, LazyLock, Mutex};

use crate::diag::Text;
use crate::t;
use anyhow::Result;
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use typst::comemo::{self, Track};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic, SourceResult, Warned};
use typst::ecow::{EcoVec, eco_format, eco_vec};
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{
    Bytes, Datetime, Duration, Output, Smart, StyleChain, Target, TargetElem,
};
use typst::introspection::{EmptyIntrospector, Introspector, MAX_ITERS};
use typst::syntax::{
    DiagSpan, DiagSpanKind, FileId, RootedPath, Source, Span, VirtualPath, VirtualRoot,
};
use typst::text::{Font, FontBook};
use typst::utils::{LazyHash, Protected};
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::{PagedDocument, PagedIntrospector};

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
    /// Files the template may read (the framework's logos, checked): (path, bytes).
    pub files: &'a [(String, Vec<u8>)],
}

/// The compiler's whole world: two sources and the embedded fonts, nothing else.
struct PdfWorld {
    main_id: FileId,
    main_text: String,
    /// The generated source parsed, when it is. Only evaluation needs its syntax tree, which
    /// is large (dropping it saved 135 MB of the 2.9 GB peak for 5,000 commitments), so it is
    /// dropped once the source is evaluated ([`PdfWorld::forget_main_tree`]) and parsed again
    /// only if asked for later (to point at an error in it). Parsing the same text gives the
    /// same tree and spans.
    main: Mutex<Option<Source>>,
    template: Source,
    today: Option<Datetime>,
    /// The logos: the only files besides the two sources.
    files: Vec<(FileId, Bytes)>,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed, valid virtual path");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

impl PdfWorld {
    fn new(input: &Input<'_>) -> PdfWorld {
        let (y, m, d) = input.today;
        PdfWorld {
            main_id: file_id(MAIN),
            main_text: input.source.clone(),
            main: Mutex::new(None),
            template: Source::new(file_id(TEMPLATE), input.template.to_string()),
            today: Datetime::from_ymd(y, m, d),
            files: input
                .files
                .iter()
                .filter_map(|(path, bytes)| {
                    let vpath = VirtualPath::new(path).ok()?;
                    let id = FileId::new(RootedPath::new(VirtualRoot::Project, vpath));
                    Some((id, Bytes::new(bytes.clone())))
                })
                .collect(),
        }
    }

    fn lookup(&self, id: FileId) -> FileResult<Source> {
        if id == self.main_id {
            let mut main = self
                .main
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            Ok(main
                .get_or_insert_with(|| Source::new(self.main_id, self.main_text.clone()))
                .clone())
        } else if id == self.template.id() {
            Ok(self.template.clone())
        } else {
            // Nothing else exists: no file of the framework or the system, no package (nothing
            // is downloaded or read from a package cache).
            Err(FileError::AccessDenied)
        }
    }

    /// Drop the generated source's syntax tree (see [`PdfWorld::main`]).
    fn forget_main_tree(&self) {
        *self
            .main
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
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
        self.main_id
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.lookup(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some((_, bytes)) = self.files.iter().find(|(file, _)| *file == id) {
            return Ok(bytes.clone());
        }
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
///
/// Typst's caches are global: they are emptied on the way (see [`typeset`]) and on return, so
/// compile one document at a time — two at once would each throw away what the other needs
/// (the result stays the same, only slower) and would need memory for both. [`compile_all`]
/// compiles several together when they are small.
pub fn compile(input: &Input<'_>) -> Result<(Vec<u8>, Vec<String>)> {
    let world = PdfWorld::new(input);
    let result = compile_in(&world, input, Freeing::AsItGoes);
    // The next document shares next to nothing with this one: give its memory back now.
    comemo::evict(0);
    result
}

/// When to free Typst's caches while a document is typeset.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Freeing {
    /// After each layout pass and before the PDF is written: one document at a time.
    AsItGoes,
    /// Only once every document of a batch is done: documents typeset side by side, which
    /// would otherwise empty each other's caches.
    AtTheEnd,
}

/// Most memory a batch of PDFs may be estimated to need and still be typeset side by side:
/// beyond it, one after the other (see [`compile_all`]).
const SIDE_BY_SIDE_LIMIT: u64 = 2 << 30;

/// Compile several documents (the languages of a build) into PDF bytes, each as [`compile`]
/// does, in the order given. Small ones are typeset side by side, which uses both cores of a
/// small machine (the shipped framework's two PDFs: about 0.7 s instead of 1.8 s); large ones
/// one after the other with their caches freed as they go, so the memory needed is that of the
/// largest alone (5 GB instead of 10 to 14 for 10,000 commitments in two languages). Side by side
/// when the estimates of all together ([`memory_needed`], plus the caches kept to the end) stay
/// under [`SIDE_BY_SIDE_LIMIT`] and under half the memory available.
pub fn compile_all(inputs: &[Input<'_>]) -> Vec<Result<(Vec<u8>, Vec<String>)>> {
    use rayon::prelude::*;
    let together: u64 = inputs
        .iter()
        .map(|input| memory_needed(input.source.len()))
        .sum();
    let available = memory_available().ok().flatten().map(|a| a.bytes);
    let side_by_side = inputs.len() > 1
        && 2 * together <= SIDE_BY_SIDE_LIMIT
        && available.is_none_or(|bytes| 2 * together <= bytes);
    if !side_by_side {
        return inputs.iter().map(compile).collect();
    }
    let results = inputs
        .par_iter()
        .map(|input| compile_in(&PdfWorld::new(input), input, Freeing::AtTheEnd))
        .collect();
    comemo::evict(0);
    results
}

fn compile_in(
    world: &PdfWorld,
    input: &Input<'_>,
    freeing: Freeing,
) -> Result<(Vec<u8>, Vec<String>)> {
    let Warned { output, warnings } = typeset(world, freeing);
    let warnings: Vec<String> = warnings
        .iter()
        .map(|w| report(world, input, std::slice::from_ref(w)))
        .collect();
    let document = output.map_err(|errors| {
        anyhow::Error::msg(t!(
            es: "la plantilla del PDF no se pudo componer:\n{report}",
            en: "the PDF template failed to typeset:\n{report}",
            report = Text::verbatim(report(world, input, &errors)),
        ))
    })?;
    // The pages are laid out; what only the caches hold (layouts of the last pass that did not
    // end up on a page, the evaluated source) would sit beside the PDF while it is written.
    if freeing == Freeing::AsItGoes {
        comemo::evict(0);
    }
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(input.ident.clone()),
        creator: Smart::Custom(Some(format!("mirps {}", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
        anyhow::Error::msg(t!(
            es: "no se pudo escribir el PDF:\n{report}",
            en: "the PDF could not be written:\n{report}",
            report = Text::verbatim(report(world, input, &errors)),
        ))
    })?;
    Ok((pdf, warnings))
}

/// Evaluate the source, then lay it out until what the layout asks about itself (page numbers,
/// link targets, counters) stops changing: the passes of `typst::compile`, with the same
/// diagnostics and the same document, holding less memory.
///
/// `typst::compile` keeps the document of every pass until the last, and its caches keep every
/// layout of every pass. A large framework takes three passes, and the second lays out again
/// most of what the first did — every paragraph holding a link, since a link's target and the
/// page its alternative text names come from the pass before — so the first pass's layouts,
/// cached, are mostly dead weight by the end. Here a pass's document is dropped once its
/// introspector (where every element landed: all the next pass needs) is taken, and after each
/// pass the layouts it did not use, the earlier passes', are evicted. Emptying the caches
/// altogether between passes would save more, but the later passes do reuse much of the first:
/// that took 37 % more instructions (emptied after the first pass) or 93 % more (after every
/// pass). Measurements: `docs/benchmarks.md`, "The PDF".
fn typeset(world: &PdfWorld, freeing: Freeing) -> Warned<SourceResult<PagedDocument>> {
    let mut sink = Sink::new();
    let output = typeset_passes(world, &mut sink, freeing).map_err(deduplicate);
    Warned {
        output,
        warnings: sink.warnings(),
    }
}

fn typeset_passes(
    pdf_world: &PdfWorld,
    sink: &mut Sink,
    freeing: Freeing,
) -> SourceResult<PagedDocument> {
    let world = (pdf_world as &dyn World).track();
    let traced = Traced::default();
    let traced = traced.track();
    let library = world.library();
    let base = StyleChain::new(&library.styles);
    let target = TargetElem::target.set(Target::Paged).wrap();
    let styles = base.chain(&target);
    let main = world.source(world.main()).map_err(|error| {
        eco_vec![SourceDiagnostic::error(
            Span::detached(),
            eco_format!("{error}")
        )]
    })?;
    let content = typst_eval::eval(
        world,
        library,
        traced,
        sink.track_mut(),
        Route::default().track(),
        &main,
    )?
    .content();
    drop(main);
    pdf_world.forget_main_tree();

    // The introspector of every pass so far: the last one guides the next pass, and all of them
    // explain a layout that does not settle.
    let mut history: Vec<Arc<PagedIntrospector>> = Vec::new();
    let empty = EmptyIntrospector;
    let document = loop {
        let constraint = comemo::Constraint::new();
        let mut subsink = Sink::new();
        let document = {
            let introspector: &dyn Introspector = match history.last() {
                Some(last) => last.as_ref(),
                None => &empty,
            };
            let mut engine = Engine {
                library,
                world,
                introspector: Protected::new(introspector.track_with(&constraint)),
                traced,
                sink: subsink.track_mut(),
                route: Route::default(),
            };
            PagedDocument::create(&mut engine, &content, styles)?
        };
        if constraint.validate(Output::introspector(&document)) {
            sink.extend_from_sink(subsink);
            break document;
        }
        if history.len() == MAX_ITERS - 1 {
            let mut introspectors = [&empty as &dyn Introspector; MAX_ITERS + 1];
            for (slot, earlier) in introspectors[1..].iter_mut().zip(&history) {
                *slot = earlier.as_ref();
            }
            introspectors[MAX_ITERS] = Output::introspector(&document);
            let warnings =
                typst::introspection::analyze(world, introspectors, subsink.introspections());
            sink.extend_from_sink(subsink);
            for warning in warnings {
                sink.warn(warning);
            }
            break document;
        }
        history.push(document.introspector().clone());
        drop(document);
        // What the pass just done did not use — layouts of the passes before it — the next one
        // would hardly use either (if it did, it would lay them out again: same result).
        if freeing == Freeing::AsItGoes {
            comemo::evict(1);
        }
    };
    let delayed = sink.delayed();
    if !delayed.is_empty() {
        return Err(delayed);
    }
    Ok(document)
}

/// The same error reported twice (say, from two passes) is reported once, as `typst::compile`
/// does.
fn deduplicate(mut errors: EcoVec<SourceDiagnostic>) -> EcoVec<SourceDiagnostic> {
    let mut seen = std::collections::HashSet::new();
    errors.retain(|error| seen.insert(typst::utils::hash128(&(&error.span, &error.message))));
    errors
}

/// About how much memory typesetting a Typst source of `source_len` bytes takes, in bytes: what
/// the process grows by, from just before typesetting to its peak.
///
/// Calibrated on the synthetic frameworks of `scripts/gen-framework.py` (1,000 to 10,000
/// commitments, 2.5 to 25 MB of source, 223 to 2,161 pages a language, chapters of 100 to 500
/// commitments), measuring the memory just before typesetting and the peak: the growth was 189
/// to 218 bytes per byte of source, and 122 MiB for the shipped framework's 0.24 MB. The
/// estimate, 128 MiB and 225 bytes a byte, is above every one of them: by 11 to 28 % from
/// 1,000 commitments up, by 48 % for the shipped framework. `scripts/bench-pdf.sh` measures it
/// again (see `docs/benchmarks.md`, "The PDF").
pub fn memory_needed(source_len: usize) -> u64 {
    BASE_NEEDED + source_len as u64 * NEEDED_PER_SOURCE_BYTE
}

/// What typesetting needs whatever the size: the compiler's library, fonts and threads.
const BASE_NEEDED: u64 = 128 << 20;
/// What it needs per byte of source: the evaluated data, and the layouts of two passes.
const NEEDED_PER_SOURCE_BYTE: u64 = 225;

/// Refuse, before it starts, to typeset a source of `source_len` bytes (the language `lang`) that
/// would not fit in the memory available: an error that says what is needed, what is
/// available and what to do instead.
pub fn check_memory(lang: &str, source_len: usize) -> Result<()> {
    let Some(available) = memory_available()? else {
        return Ok(());
    };
    let needed = memory_needed(source_len);
    if needed <= available.bytes {
        return Ok(());
    }
    Err(anyhow::Error::msg(t!(
        es: "el PDF no cabría en la memoria: componerlo necesita unos {needed} (según los \
             {source} MB del código fuente Typst de `{lang}`, el idioma más largo), y la memoria \
             disponible es de {available} ({from}).\n\
             No se compuso nada y la carpeta de salida no cambió. Deje fuera el PDF \
             (`mirps build --format md --format html --format data`) o hágalo donde haya más \
             memoria libre; si lo hace aparte, un idioma por vez (`mirps build --format pdf \
             --lang {lang}`), dispone además de la memoria que ocuparían las otras salidas. Si la memoria \
             disponible está mal calculada, indíquela con MIRPS_PDF_MEMORY (por ejemplo, \
             MIRPS_PDF_MEMORY=8G).",
        en: "the PDF would not fit in memory: typesetting it needs about {needed} (estimated from the \
             {source} MB Typst source of `{lang}`, the largest language), and the memory available \
             is {available} ({from}).\n\
             Nothing was typeset and the output folder is unchanged. Leave the PDF out \
             (`mirps build --format md --format html --format data`) or make it where more \
             memory is free; made alone, one language per run (`mirps build --format pdf --lang \
             {lang}`), it also has the memory the other outputs would take. If the memory \
             available is misjudged, state it with MIRPS_PDF_MEMORY (for example \
             MIRPS_PDF_MEMORY=8G).",
        needed = amount(needed),
        source = format!("{:.1}", source_len as f64 / 1e6),
        lang = lang,
        available = amount(available.bytes),
        from = available.from,
    )))
}

/// An amount of memory for people: GiB with a decimal, or whole MiB below 1 GiB.
fn amount(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
    } else {
        format!("{} MiB", bytes.div_ceil(1 << 20))
    }
}

/// Memory this process may still use, and where the figure comes from.
pub struct Available {
    pub bytes: u64,
    pub from: Text,
}

/// The memory this process may still take: `MIRPS_PDF_MEMORY` when set (an amount such as
/// `6G` or `4096M`; K, M, G and T are powers of 1024), else the memory the kernel reports
/// available (`MemAvailable` of `/proc/meminfo`), or the room left under the memory limit of
/// the process's control group if that is less. `None` when neither can be read (not Linux):
/// the PDF is then made without a check.
pub fn memory_available() -> Result<Option<Available>> {
    if let Some(stated) = std::env::var_os("MIRPS_PDF_MEMORY").filter(|v| !v.is_empty()) {
        let text = stated.to_string_lossy();
        let bytes = parse_amount(&text).ok_or_else(|| {
            anyhow::Error::msg(t!(
                es: "MIRPS_PDF_MEMORY=`{text}` no es una cantidad de memoria (escríbala como 6G, \
                     4096M o 6442450944)",
                en: "MIRPS_PDF_MEMORY=`{text}` is not an amount of memory (write it like 6G, 4096M \
                     or 6442450944)",
                text = text.as_ref(),
            ))
        })?;
        return Ok(Some(Available {
            bytes,
            from: t!(es: "indicada con MIRPS_PDF_MEMORY", en: "stated by MIRPS_PDF_MEMORY"),
        }));
    }
    let meminfo = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| meminfo_available(&text))
        .map(|bytes| Available {
            bytes,
            from: t!(
                es: "MemAvailable de /proc/meminfo",
                en: "MemAvailable of /proc/meminfo",
            ),
        });
    let cgroup = cgroup_room().map(|(bytes, file)| Available {
        bytes,
        from: t!(
            es: "lo que queda bajo el límite del grupo de control (cgroup) de este proceso, {file}",
            en: "what is left under the limit of this process's control group, {file}",
            file = file,
        ),
    });
    Ok(match (meminfo, cgroup) {
        (Some(m), Some(c)) => Some(if c.bytes < m.bytes { c } else { m }),
        (m, c) => m.or(c),
    })
}

/// An amount of memory: a number, optionally with a fraction, and a unit (K, M, G or T, powers
/// of 1024, optionally followed by `B` or `iB`; none means bytes).
fn parse_amount(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b'))
        .unwrap_or(&unit);
    let scale = match unit {
        "" => 1u64,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => return None,
    };
    let bytes = number * scale as f64;
    (bytes.is_finite() && bytes < u64::MAX as f64).then_some(bytes as u64)
}

/// `MemAvailable` of `/proc/meminfo`, in bytes.
fn meminfo_available(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line
        .trim_start_matches("MemAvailable:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// The room left under the tightest memory limit of this process's control group or of one
/// of its ancestors (cgroup v2 `memory.max`, v1 `memory.limit_in_bytes`), counting reclaimable
/// file cache as free; with the file that sets the limit. `None` when no limit is set.
fn cgroup_room() -> Option<(u64, String)> {
    let membership = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let mut best: Option<(u64, String)> = None;
    for line in membership.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (root, limit, usage, inactive) = if controllers.is_empty() {
            (
                "/sys/fs/cgroup",
                "memory.max",
                "memory.current",
                "inactive_file",
            )
        } else if controllers.split(',').any(|c| c == "memory") {
            (
                "/sys/fs/cgroup/memory",
                "memory.limit_in_bytes",
                "memory.usage_in_bytes",
                "total_inactive_file",
            )
        } else {
            continue;
        };
        for dir in std::path::Path::new(path.trim_start_matches('/')).ancestors() {
            let dir = std::path::Path::new(root).join(dir);
            let read = |file: &str| std::fs::read_to_string(dir.join(file)).ok();
            let number = |text: String| text.trim().parse::<u64>().ok();
            // No limit is "max" in v2 and a number near 2^63 in v1.
            let Some(max) = read(limit).and_then(number).filter(|&max| max < 1 << 60) else {
                continue;
            };
            let used = read(usage).and_then(number).unwrap_or(0);
            let cache = read("memory.stat")
                .and_then(|stat| {
                    stat.lines().find_map(|line| {
                        let (key, value) = line.split_once(' ')?;
                        (key == inactive).then(|| value.trim().parse::<u64>().ok())?
                    })
                })
                .unwrap_or(0);
            let room = max.saturating_sub(used.saturating_sub(cache));
            if best.as_ref().is_none_or(|(least, _)| room < *least) {
                best = Some((room, dir.join(limit).display().to_string()));
            }
        }
    }
    best
}

/// Typst diagnostics as plain text: `file:line:col: message` with a snippet, like the
/// validator's human output, plus the compiler's hints.
fn report(world: &PdfWorld, input: &Input<'_>, diagnostics: &[SourceDiagnostic]) -> String {
    let mut files = SimpleFiles::new();
    let main = files.add(
        t!(es: "{main} (generado)", en: "{main} (generated)", main = MAIN).to_string(),
        world.main_text.clone(),
    );
    let template = files.add(
        input.template_name.clone(),
        world.template.text().to_string(),
    );
    let file_of = |id: FileId| {
        if id == world.main_id {
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
                    let text = &world.main_text;
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
        // Hints about the typst command line (`--root`, `--font-path`) do not apply here.
        for hint in diagnostic.hints.iter().filter(|h| !h.v.contains("--")) {
            match locate(hint.span) {
                Some((file, range)) => {
                    labels.push(Label::secondary(file, range).with_message(hint.v.to_string()))
                }
                None => notes.push(
                    t!(
                        es: "sugerencia: {hint}",
                        en: "hint: {hint}",
                        hint = Text::verbatim(hint.v.as_str()),
                    )
                    .to_string(),
                ),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_of_memory_are_read_in_powers_of_1024() {
        assert_eq!(parse_amount("6G"), Some(6 << 30));
        assert_eq!(parse_amount(" 6 GiB "), Some(6 << 30));
        assert_eq!(parse_amount("6gb"), Some(6 << 30));
        assert_eq!(parse_amount("4096M"), Some(4 << 30));
        assert_eq!(parse_amount("1.5T"), Some(3 << 39));
        assert_eq!(parse_amount("512k"), Some(512 << 10));
        assert_eq!(parse_amount("6442450944"), Some(6 << 30));
        for wrong in ["", "G", "lots", "6X", "-1G", "6 G B", "1e9"] {
            assert_eq!(parse_amount(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn mem_available_is_read_from_meminfo() {
        let meminfo = "MemTotal:       24683584 kB\nMemFree:        19000000 kB\n\
                       MemAvailable:   23846952 kB\n";
        assert_eq!(meminfo_available(meminfo), Some(23846952 * 1024));
        assert_eq!(meminfo_available("MemTotal: 1 kB\n"), None);
    }

    #[test]
    fn a_larger_source_needs_more_memory() {
        assert!(memory_needed(0) > 0);
        assert!(memory_needed(25_000_000) > memory_needed(5_000_000));
    }

    #[test]
    fn amounts_are_shown_in_mib_or_gib() {
        assert_eq!(amount(1 << 20), "1 MiB");
        assert_eq!(amount(300 << 20), "300 MiB");
        assert_eq!(amount(5 << 30), "5.0 GiB");
        assert_eq!(amount((11 << 30) / 2), "5.5 GiB");
    }
}
