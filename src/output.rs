//! Writing outputs safely: a file is written beside its destination and renamed over it, so a
//! reader never sees half a file and a failure leaves the previous version intact.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write `{}`: the folder `{}` does not exist",
            path.display(),
            dir.display()
        );
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    // Published files are for everyone to read (the temporary file starts private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("cannot set the permissions of `{}`", path.display()))?;
    }
    tmp.persist(path)
        .with_context(|| format!("cannot replace `{}`", path.display()))?;
    Ok(())
}

/// The file that marks a folder as made by `mirps build`, so it may be replaced.
pub const MARKER: &str = ".mirps-build";

/// Publish `files` (paths relative to `out`) as the folder `out`, atomically: everything is
/// written to a new folder beside `out`, which then takes its place. A failure leaves the
/// previous `out` untouched. A folder mirps did not make (no [`MARKER`]) is never replaced.
pub fn publish_dir(out: &Path, files: &[(std::path::PathBuf, Vec<u8>)]) -> Result<()> {
    let parent = match out.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "build".into());
    if out.exists() && !out.join(MARKER).is_file() {
        anyhow::bail!(
            "refusing to replace `{}`: it was not made by `mirps build` (it has no {MARKER} file); remove it or build with `--out` elsewhere",
            out.display()
        );
    }
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create `{}`", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)
        .with_context(|| format!("cannot create a folder in `{}`", parent.display()))?;
    // Folders first, then the files in parallel (a big site is gigabytes of pages).
    let dirs: std::collections::BTreeSet<_> = files
        .iter()
        .filter_map(|(relative, _)| {
            staging
                .path()
                .join(relative)
                .parent()
                .map(Path::to_path_buf)
        })
        .collect();
    for dir in &dirs {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    files.par_iter().try_for_each(|(relative, bytes)| {
        let path = staging.path().join(relative);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write `{}`", path.display()))
    })?;
    std::fs::write(
        staging.path().join(MARKER),
        "This folder was made by `mirps build`; mirps replaces it on the next build.\n",
    )?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755))?;
    }
    let staged = staging.keep();
    if out.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)?
            .keep();
        std::fs::remove_dir(&old)?;
        std::fs::rename(out, &old)
            .with_context(|| format!("cannot move the previous `{}` aside", out.display()))?;
        if let Err(e) = std::fs::rename(&staged, out) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&old, out);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e).with_context(|| format!("cannot publish `{}`", out.display()));
        }
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove `{}`", old.display()))?;
    } else {
        std::fs::rename(&staged, out)
            .with_context(|| format!("cannot publish `{}`", out.display()))?;
    }
    Ok(())
}
