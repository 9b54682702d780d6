//! The framework's boundary: what mirps may read, and where it may write.
//!
//! Chapters come from many authors, and CI runs mirps on pull requests from anyone, so a path in
//! the framework is not trusted to stay in it.
//!
//! - **Reading.** A file is read only when it resolves, links followed, to a regular file inside
//!   its boundary: the framework's root folder (or, outside any framework, the folder mirps runs
//!   in). A link out of it, a link to nothing, a named pipe or a device is refused
//!   ([`check_readable`]); a chapter refused this way is a diagnostic, never read.
//! - **Writing.** No output lands on an input ([`Inputs`]): an output folder may not be, hold or
//!   lie inside an input folder (chapters, templates, schemas, editions), nor be or hold the
//!   framework's root; an output file may not be an input file or lie inside an input folder.
//!   Whatever markers a folder holds, this is checked first.

use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use crate::config::Config;
use crate::diag::Text;
use crate::source::Sources;
use crate::t;

/// Why a path is not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// It resolves outside the boundary; `target` is where its link points, as written.
    Outside { target: PathBuf },
    /// It is a link to nothing.
    Dangling,
    /// It is a link to a folder that holds it (it would be read forever).
    Loop,
    /// It is not a regular file: `what` says what it is (a named pipe).
    NotAFile { what: FileKind },
}

/// What a path that is not a regular file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    NamedPipe,
    Socket,
    Device,
    Folder,
    File,
    /// It exists but cannot be resolved (no permission to look at it).
    Unreadable,
    /// Anything else that is not a regular file.
    Other,
}

impl FileKind {
    /// In words, to follow "it is" (`a named pipe`, `una tubería con nombre`).
    pub fn text(self) -> Text {
        match self {
            FileKind::NamedPipe => t!(es: "una tubería con nombre (FIFO)", en: "a named pipe"),
            FileKind::Socket => t!(es: "un socket", en: "a socket"),
            FileKind::Device => t!(es: "un dispositivo", en: "a device"),
            FileKind::Folder => t!(es: "una carpeta", en: "a folder"),
            FileKind::File => t!(es: "un archivo", en: "a file"),
            FileKind::Unreadable => t!(es: "ilegible", en: "unreadable"),
            FileKind::Other => t!(es: "algo que no es un archivo común", en: "not a regular file"),
        }
    }
}

/// In the language of the run.
impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text().fmt(f)
    }
}

impl From<FileKind> for crate::diag::text::Arg {
    fn from(kind: FileKind) -> Self {
        kind.text().into()
    }
}

/// The place a file must resolve into to be read: `root` when the file lies in it, else `start`
/// (where mirps runs) when it lies there, else the folder that holds the file (a file named on
/// the command line from elsewhere). Compared after resolving `.` and `..` in the written path.
pub fn boundary_for(file: &Path, root: Option<&Path>, start: &Path) -> PathBuf {
    let file = normalize(file);
    for dir in root.into_iter().chain([start]) {
        let dir = normalize(dir);
        if file.starts_with(&dir) {
            return dir;
        }
    }
    file.parent()
        .map_or_else(|| file.clone(), Path::to_path_buf)
}

/// Whether `path` may be read: it resolves to a regular file inside `boundary`. Returns the
/// resolved path.
pub fn check_readable(boundary: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Err(Refusal::Dangling);
    };
    let resolved = match std::fs::canonicalize(path) {
        Ok(resolved) => resolved,
        Err(_) if meta.file_type().is_symlink() => return Err(Refusal::Dangling),
        Err(_) => {
            return Err(Refusal::NotAFile {
                what: FileKind::Unreadable,
            });
        }
    };
    let boundary = std::fs::canonicalize(boundary).unwrap_or_else(|_| boundary.to_path_buf());
    if !resolved.starts_with(&boundary) {
        return Err(outside(path, resolved));
    }
    match std::fs::metadata(&resolved) {
        Ok(meta) if meta.is_file() => Ok(resolved),
        Ok(meta) => Err(Refusal::NotAFile {
            what: file_kind(&meta.file_type()),
        }),
        Err(_) => Err(Refusal::Dangling),
    }
}

/// Whether the folder `dir` may be entered while discovering files: it resolves inside
/// `boundary`.
pub fn check_folder(boundary: &Path, dir: &Path) -> Result<(), Refusal> {
    let resolved = std::fs::canonicalize(dir).map_err(|_| Refusal::Dangling)?;
    let boundary = std::fs::canonicalize(boundary).unwrap_or_else(|_| boundary.to_path_buf());
    if resolved.starts_with(&boundary) {
        Ok(())
    } else {
        Err(outside(dir, resolved))
    }
}

/// The refusal of `path`, which resolves to `resolved` outside its boundary: named by the link's
/// own text when `path` is a link (stable from run to run, unlike `/proc/self` resolved).
fn outside(path: &Path, resolved: PathBuf) -> Refusal {
    Refusal::Outside {
        target: std::fs::read_link(path).unwrap_or(resolved),
    }
}

/// What a file that is not a regular file is ([`FileKind::text`] puts it into words).
pub fn file_kind(kind: &std::fs::FileType) -> FileKind {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return FileKind::NamedPipe;
        }
        if kind.is_socket() {
            return FileKind::Socket;
        }
        if kind.is_block_device() || kind.is_char_device() {
            return FileKind::Device;
        }
    }
    if kind.is_dir() {
        FileKind::Folder
    } else if kind.is_file() {
        FileKind::File
    } else {
        FileKind::Other
    }
}

/// Read a file of the framework's own configuration (an override template or schema) that must
/// lie inside `root`; a link out of it is an error of the run.
pub fn read_inside(root: &Path, path: &Path) -> Result<String> {
    match check_readable(root, path) {
        Ok(resolved) => std::fs::read_to_string(&resolved).map_err(|e| {
            anyhow::Error::msg(t!(
                es: "no se puede leer `{path}`: {error}",
                en: "cannot read `{path}`: {error}",
                path = path.display().to_string(),
                error = e.to_string(),
            ))
        }),
        Err(refusal) => Err(anyhow::Error::msg(t!(
            es: "mirps no lee `{path}`: {reason}",
            en: "refusing to read `{path}`: {reason}",
            path = path.display().to_string(),
            reason = describe(&refusal),
        ))),
    }
}

/// A folder of files that replace built-in ones (templates, schemas): it lies inside the
/// framework, and each of its files is read only if it resolves inside the framework too.
#[derive(Clone, Debug)]
pub struct Overrides {
    root: PathBuf,
    dir: PathBuf,
}

impl Overrides {
    /// The override folder `dir` of the framework at `root`; refused when it lies outside.
    pub fn new(root: &Path, dir: &Path) -> Result<Overrides> {
        if dir.exists()
            && let Err(refusal) = check_folder(root, dir)
        {
            return Err(anyhow::Error::msg(t!(
                es: "mirps no lee la carpeta `{path}`: {reason}",
                en: "refusing to read the folder `{path}`: {reason}",
                path = dir.display().to_string(),
                reason = describe(&refusal),
            )));
        }
        Ok(Overrides {
            root: root.to_path_buf(),
            dir: dir.to_path_buf(),
        })
    }

    /// Where the override of `name` would be.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The override of `name`, when the folder has one.
    pub fn read(&self, name: &str) -> Result<Option<String>> {
        let path = self.path(name);
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        read_inside(&self.root, &path).map(Some)
    }
}

/// A refusal in words, after the path: "it is a link to `/etc`, outside the framework".
pub fn describe(refusal: &Refusal) -> Text {
    match refusal {
        Refusal::Outside { target } => t!(
            es: "es un enlace simbólico a `{target}`, fuera del marco; mirps solo lee archivos que están dentro de él",
            en: "it is a link to `{target}`, outside the framework; mirps reads only files inside it",
            target = target.display().to_string(),
        ),
        Refusal::Dangling => t!(
            es: "es un enlace simbólico a un archivo que no existe",
            en: "it is a link to a file that does not exist",
        ),
        Refusal::Loop => t!(
            es: "es un enlace simbólico que da vueltas en círculo (apunta a sí mismo o a una carpeta que lo contiene)",
            en: "it is a link that leads round in a circle (to itself, or to a folder that holds it)",
        ),
        Refusal::NotAFile { what } => t!(
            es: "es {what}, no un archivo común",
            en: "it is {what}, not a regular file",
            what = *what,
        ),
    }
}

/// The inputs of a run, which no output may touch.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// The framework's root (holding `mirps.toml`).
    root: Option<PathBuf>,
    /// Folders whose every file is an input: chapters, templates, schemas, editions.
    folders: Vec<PathBuf>,
    /// Files read: `mirps.toml`, every chapter and file named on the command line.
    files: Vec<PathBuf>,
}

impl Inputs {
    /// The inputs of a framework whose files in `sources` were read.
    pub fn of(config: &Config, sources: &Sources) -> Inputs {
        let root = &config.root;
        let has_root = root.join(crate::config::FILE_NAME).is_file();
        let mut folders = vec![config.chapters_dir(), root.join("editions")];
        folders.extend(config.paths.templates.iter().map(|t| root.join(t)));
        folders.extend(config.paths.schemas.iter().map(|s| root.join(s)));
        Inputs {
            root: has_root.then(|| resolve(root)),
            folders: folders.iter().map(|f| resolve(f)).collect(),
            files: sources.iter().map(|(_, f)| resolve(&f.path)).collect(),
        }
    }

    /// Refuse an output folder that is, holds or lies inside an input folder, or that is or
    /// holds the framework's root or an input file.
    pub fn check_output_dir(&self, out: &Path) -> Result<()> {
        let target = resolve(out);
        let out_text = out.display().to_string();
        if let Some(root) = &self.root
            && root.starts_with(&target)
        {
            let relation = if *root == target {
                t!(es: "es", en: "is")
            } else {
                t!(es: "contiene", en: "holds")
            };
            return Err(anyhow::Error::msg(t!(
                es: "mirps no publica en `{out}`: {relation} el marco (`{root}`), cuyos archivos la publicación reemplazaría; elija una carpeta de salida propia, como `build`",
                en: "refusing to build into `{out}`: it {relation} the framework (`{root}`), whose files the build would replace; choose an output folder of its own, such as `build`",
                out = &out_text,
                relation = relation,
                root = root.display().to_string(),
            )));
        }
        for folder in &self.folders {
            // A folder of inputs that is the root itself (`chapters = "."`) holds the output
            // folder too; the root's own rule and the input files' rule keep it safe.
            let inside = target.starts_with(folder) && self.root.as_ref() != Some(folder);
            if folder.starts_with(&target) || inside {
                let relation = if *folder == target {
                    t!(es: "es", en: "is")
                } else if folder.starts_with(&target) {
                    t!(es: "contiene", en: "holds")
                } else {
                    t!(es: "está dentro de", en: "lies inside")
                };
                return Err(anyhow::Error::msg(t!(
                    es: "mirps no publica en `{out}`: {relation} `{folder}`, que guarda los archivos de entrada del marco; elija una carpeta de salida propia, como `build`",
                    en: "refusing to build into `{out}`: it {relation} `{folder}`, which holds the framework's inputs; choose an output folder of its own, such as `build`",
                    out = &out_text,
                    relation = relation,
                    folder = folder.display().to_string(),
                )));
            }
        }
        if let Some(file) = self.files.iter().find(|f| f.starts_with(&target)) {
            return Err(anyhow::Error::msg(t!(
                es: "mirps no publica en `{out}`: contiene `{file}`, un archivo de entrada del marco",
                en: "refusing to build into `{out}`: it holds `{file}`, an input of the framework",
                out = &out_text,
                file = file.display().to_string(),
            )));
        }
        Ok(())
    }

    /// Refuse an output file that is an input file, lies inside an input folder, or is the
    /// framework's root.
    pub fn check_output_file(&self, out: &Path) -> Result<()> {
        let target = resolve(out);
        let out_text = out.display().to_string();
        if self.files.contains(&target) || self.root.as_ref() == Some(&target) {
            return Err(anyhow::Error::msg(t!(
                es: "mirps no escribe en `{out}`: es un archivo de entrada del marco, y mirps nunca sobrescribe esos archivos; escriba en otro archivo",
                en: "refusing to write `{out}`: it is an input of the framework, which mirps never overwrites; write to another file",
                out = &out_text,
            )));
        }
        if let Some(folder) = self
            .folders
            .iter()
            .find(|f| target.starts_with(f) && self.root.as_ref() != Some(*f))
        {
            return Err(anyhow::Error::msg(t!(
                es: "mirps no escribe en `{out}`: está dentro de `{folder}`, que guarda los archivos de entrada del marco; escriba en otra carpeta",
                en: "refusing to write `{out}`: it lies inside `{folder}`, which holds the framework's inputs; write to another folder",
                out = &out_text,
                folder = folder.display().to_string(),
            )));
        }
        Ok(())
    }
}

/// `path` made absolute, its links resolved as far as it exists and `.` and `..` resolved in
/// the rest, so two spellings of one place compare equal.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let absolute = normalize(&absolute);
    // The longest existing ancestor, resolved; the missing rest appended as written.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = std::fs::canonicalize(existing) {
            let mut out = resolved;
            out.extend(rest.iter().rev());
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// `.` and `..` resolved in the written path (without looking at the disk).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots_in_the_written_path() {
        assert_eq!(normalize(Path::new("/a/b/../c/./d")), Path::new("/a/c/d"));
        assert_eq!(normalize(Path::new("a/../../b")), Path::new("../b"));
    }

    /// A framework whose chapters are its root folder (`chapters = "."`) still builds into
    /// `build/` and exports next to its files, but never over them.
    #[test]
    fn chapters_at_the_root_still_allow_an_output_folder_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::write(root.join("mirps.toml"), "").unwrap();
        std::fs::write(root.join("gtm.yaml"), "").unwrap();
        let inputs = Inputs {
            root: Some(root.clone()),
            folders: vec![root.clone(), root.join("editions")],
            files: vec![root.join("mirps.toml"), root.join("gtm.yaml")],
        };
        assert!(inputs.check_output_dir(&root.join("build")).is_ok());
        assert!(inputs.check_output_file(&root.join("mirps.json")).is_ok());
        assert!(inputs.check_output_dir(&root).is_err());
        assert!(
            inputs
                .check_output_dir(&root.join("editions/2019"))
                .is_err()
        );
        assert!(inputs.check_output_file(&root.join("gtm.yaml")).is_err());
        assert!(
            inputs
                .check_output_file(&root.join("editions/x.json"))
                .is_err()
        );
    }

    #[test]
    fn resolve_appends_the_missing_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let out = resolve(&dir.path().join("x/../y/z"));
        assert_eq!(out, root.join("y/z"));
    }

    #[test]
    fn boundary_is_the_root_then_the_start_then_the_folder() {
        let root = Path::new("/fw");
        let start = Path::new("/fw/chapters");
        assert_eq!(
            boundary_for(Path::new("/fw/chapters/../x.yaml"), Some(root), start),
            Path::new("/fw")
        );
        assert_eq!(
            boundary_for(Path::new("/w/a.yaml"), None, Path::new("/w")),
            Path::new("/w")
        );
        assert_eq!(
            boundary_for(Path::new("/w/../o/a.yaml"), None, Path::new("/w")),
            Path::new("/o")
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_boundary_and_special_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("in");
        std::fs::create_dir(&inside).unwrap();
        std::fs::write(inside.join("a.yaml"), "a: 1").unwrap();
        std::fs::write(dir.path().join("secret.yaml"), "b: 2").unwrap();
        std::os::unix::fs::symlink("a.yaml", inside.join("same.yaml")).unwrap();
        std::os::unix::fs::symlink("../secret.yaml", inside.join("out.yaml")).unwrap();
        std::os::unix::fs::symlink("gone.yaml", inside.join("dangling.yaml")).unwrap();
        std::os::unix::fs::symlink("/dev/null", inside.join("null.yaml")).unwrap();
        assert!(check_readable(&inside, &inside.join("a.yaml")).is_ok());
        assert!(check_readable(&inside, &inside.join("same.yaml")).is_ok());
        assert!(matches!(
            check_readable(&inside, &inside.join("out.yaml")),
            Err(Refusal::Outside { .. })
        ));
        assert_eq!(
            check_readable(&inside, &inside.join("dangling.yaml")),
            Err(Refusal::Dangling)
        );
        assert!(matches!(
            check_readable(&inside, &inside.join("null.yaml")),
            Err(Refusal::Outside { .. })
        ));
        assert_eq!(
            check_readable(Path::new("/dev"), Path::new("/dev/null")),
            Err(Refusal::NotAFile {
                what: FileKind::Device
            })
        );
    }
}
