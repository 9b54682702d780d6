//! The test builder: a fixture framework copied into a temporary folder, and a runner for the
//! real `mirps` executable with a time limit (so a hang fails the test instead of blocking CI).

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The longest a run may take before the test fails. Generous: this is a hang guard on a debug
/// build, not a performance measurement (that is the benchmark's job).
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// The repository root (the shipped framework).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `examples/errors`.
pub fn examples_dir() -> PathBuf {
    repo().join("examples/errors")
}

/// A framework (or any folder) in a temporary directory, removed when dropped.
pub struct Framework {
    dir: TempDir,
}

impl Framework {
    /// An empty temporary folder (outside any framework: the system temp dir has no mirps.toml).
    pub fn empty() -> Framework {
        let dir = tempfile::Builder::new()
            .prefix("mirps-test-")
            .tempdir()
            .expect("create a temporary folder");
        assert!(
            !dir.path()
                .ancestors()
                .any(|d| d.join("mirps.toml").is_file()),
            "the temporary folder {} is inside a framework; set TMPDIR elsewhere",
            dir.path().display()
        );
        Framework { dir }
    }

    /// A copy of the fixture folder `fixture` (relative to the repository root).
    pub fn from(fixture: &str) -> Framework {
        let framework = Framework::empty();
        let source = repo().join(fixture);
        assert!(source.is_dir(), "no fixture folder {}", source.display());
        copy_dir(&source, framework.path());
        framework
    }

    /// A copy of the shipped framework (`mirps.toml` and every chapter).
    pub fn shipped() -> Framework {
        let framework = Framework::empty();
        std::fs::copy(
            repo().join("mirps.toml"),
            framework.path().join("mirps.toml"),
        )
        .expect("copy mirps.toml");
        copy_dir(&repo().join("chapters"), &framework.path().join("chapters"));
        framework
    }

    /// A copy of `examples/errors/<code>`.
    pub fn example(code: &str) -> Framework {
        Framework::from(&format!("examples/errors/{code}"))
    }

    /// The clean one-chapter framework of `tests/fixtures/minimal`.
    pub fn minimal() -> Framework {
        Framework::from("tests/fixtures/minimal")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write (or overwrite) a file, creating its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Framework {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        self
    }

    /// `mirps -C <dir> validate --color never ARGS…`, run from inside the folder.
    pub fn validate(&self, args: &[&str]) -> Run {
        let dir = self.path().to_str().expect("temporary path is UTF-8");
        let mut all = vec!["-C", dir, "validate", "--color", "never"];
        all.extend_from_slice(args);
        run_in(self.path(), &all)
    }

    /// [`Framework::validate`] with extra environment variables (`LANG`, say).
    pub fn validate_in_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let dir = self.path().to_str().expect("temporary path is UTF-8");
        let mut all = vec!["-C", dir, "validate", "--color", "never"];
        all.extend_from_slice(args);
        run_in_env(self.path(), &all, env)
    }

    /// `mirps -C <dir> ARGS…`, run from inside the folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let dir = self.path().to_str().expect("temporary path is UTF-8");
        let mut all = vec!["-C", dir];
        all.extend_from_slice(args);
        run_in(self.path(), &all)
    }

    /// Every file under the folder with a hash of its bytes, keyed by relative path.
    pub fn fingerprint(&self) -> BTreeMap<PathBuf, (u64, u64)> {
        fingerprint(self.path())
    }
}

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` when the process was killed by a signal (an abort, say).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Assert the exit code, showing the output when it differs.
    #[track_caller]
    pub fn assert_code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(expected),
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Assert the run ended normally: no panic, no abort, no stack overflow.
    #[track_caller]
    pub fn assert_no_crash(&self) -> &Run {
        assert!(
            self.code.is_some(),
            "killed by a signal\n--- stderr\n{}",
            self.stderr
        );
        for sign in ["panicked", "overflowed its stack", "RUST_BACKTRACE"] {
            assert!(
                !self.stderr.contains(sign),
                "stderr shows a crash ({sign}):\n{}",
                self.stderr
            );
        }
        self
    }

    /// The codes of the `--format short` lines of stdout, in order.
    pub fn short_codes(&self) -> Vec<String> {
        self.stdout
            .lines()
            .filter_map(|line| {
                let start = line.find('[')? + 1;
                let end = start + line[start..].find("]:")?;
                Some(line[start..end].to_string())
            })
            .collect()
    }
}

/// The environment variables of a CI system that mirps reads.
const CI_VARIABLES: &[&str] = &[
    "GITHUB_WORKSPACE",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_SERVER_URL",
    "GITHUB_REPOSITORY",
    "GITHUB_SHA",
    "MIRPS_DOCS_URL",
];

/// Run the binary with `args` from the working directory `cwd`, within [`TIME_LIMIT`].
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    run_in_env(cwd, args, &[])
}

/// [`run_in`] with extra environment variables.
pub fn run_in_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mirps"));
    // The tests may run in CI: its variables would change the paths mirps prints and make every
    // run write to the job summary. A test sets them itself when it needs them.
    for name in CI_VARIABLES {
        command.env_remove(name);
    }
    // Messages in English unless a test asks for another language (`--lang`, or `LANG` among
    // its variables): the machine's locale does not change what the tests read.
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8");
    command
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE");
    let (code, stdout, stderr) = capture(command, &format!("mirps {args:?}"));
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("mirps prints UTF-8");
    Run {
        code,
        stdout: text(stdout),
        stderr: text(stderr),
    }
}

/// Run `command` within [`TIME_LIMIT`], with stdin closed: its exit code and both outputs.
fn capture(mut command: Command, what: &str) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {what}: {e}"));
    // Drain both pipes while waiting, so a large output cannot block the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the program") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    (
        status.code(),
        stdout.join().unwrap(),
        stderr.join().unwrap(),
    )
}

/// Copy the folder `from` into `to` (links stay links).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            // A link stays a link (fixtures hold links out of the framework on purpose).
            let link = std::fs::read_link(entry.path()).unwrap();
            std::os::unix::fs::symlink(link, &target).unwrap();
        } else if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// (size, hash of the bytes) of every file under `root`, by path relative to `root`.
pub fn fingerprint(root: &Path) -> BTreeMap<PathBuf, (u64, u64)> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                pending.push(path);
            } else {
                // A link is fingerprinted by where it points, not followed.
                let bytes = if kind.is_symlink() {
                    std::fs::read_link(&path)
                        .unwrap()
                        .into_os_string()
                        .into_encoded_bytes()
                } else {
                    std::fs::read(&path).unwrap()
                };
                let mut hasher = DefaultHasher::new();
                hasher.write(&bytes);
                let relative = path.strip_prefix(root).unwrap().to_path_buf();
                files.insert(relative, (bytes.len() as u64, hasher.finish()));
            }
        }
    }
    files
}

/// Run `check` on every item, each on a thread of its own (each spawns `mirps` processes, so the
/// time is spent waiting); a panic in any of them fails the caller.
pub fn each_in_parallel<T: Sync>(items: &[T], check: impl Fn(&T) + Sync) {
    std::thread::scope(|scope| {
        for item in items {
            let check = &check;
            scope.spawn(move || check(item));
        }
    });
}

/// The folder names under `examples/errors`, sorted.
pub fn example_codes() -> Vec<String> {
    let mut codes: Vec<String> = std::fs::read_dir(examples_dir())
        .expect("examples/errors exists")
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    codes.sort();
    codes
}

/// `PATH:LINE:COL: SEVERITY[CODE]: MESSAGE` split into its parts.
pub struct ShortLine<'a> {
    pub path: &'a str,
    pub line: usize,
    pub col: usize,
    pub severity: &'a str,
    pub code: &'a str,
    pub message: &'a str,
}

/// Parse one `--format short` line; panics with the line when it does not have the form.
#[track_caller]
pub fn parse_short(line: &str) -> ShortLine<'_> {
    try_parse_short(line).unwrap_or_else(|| panic!("not a short diagnostic line: {line:?}"))
}

fn try_parse_short(line: &str) -> Option<ShortLine<'_>> {
    let (location, rest) = line.split_once(": ")?;
    let mut parts = location.rsplitn(3, ':');
    let (path, line_no, col) = match (
        parts.next().and_then(|c| c.parse().ok()),
        parts.next().and_then(|l| l.parse().ok()),
        parts.next(),
    ) {
        (Some(col), Some(line_no), Some(path)) => (path, line_no, col),
        // A workbook's cell (`gtm.xlsx:Compromisos!D7`), or a workbook at no cell
        // (`gtm.xlsx`): line and column 0.
        _ => match location.rsplit_once(':') {
            Some((path, cell)) => cell.contains('!').then_some((path, 0, 0))?,
            None => (location, 0, 0),
        },
    };
    let (head, message) = rest.split_once(": ")?;
    let (severity, code) = head.strip_suffix(']')?.split_once('[')?;
    Some(ShortLine {
        path,
        line: line_no,
        col,
        severity,
        code,
        message,
    })
}

/// Run another program (a shell, `man`) within [`TIME_LIMIT`], with stdin closed and both
/// outputs captured, like the runs of `mirps`.
pub fn run_program(command: Command) -> Run {
    let what = format!("{command:?}");
    let (code, stdout, stderr) = capture(command, &what);
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    Run {
        code,
        stdout: text(stdout),
        stderr: text(stderr),
    }
}

/// Whether `program` is an executable file on `PATH` (like `command -v`).
pub fn installed(program: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            std::fs::metadata(dir.join(program))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}
