//! Writing outputs safely: a file is written beside its destination and renamed over it, so a
//! reader never sees half a file and a failure leaves the previous version intact.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::diag::Text;
use crate::t;

/// `cannot write `PATH``.
fn cannot_write(path: &Path) -> Text {
    t!(
        es: "no se puede escribir `{path}`",
        en: "cannot write `{path}`",
        path = path.display().to_string(),
    )
}

/// `cannot create `PATH``.
fn cannot_create(path: &Path) -> Text {
    t!(
        es: "no se puede crear `{path}`",
        en: "cannot create `{path}`",
        path = path.display().to_string(),
    )
}

/// `cannot publish `PATH``.
fn cannot_publish(path: &Path) -> Text {
    t!(
        es: "no se puede publicar `{path}`",
        en: "cannot publish `{path}`",
        path = path.display().to_string(),
    )
}

/// `cannot remove `PATH``.
fn cannot_remove(path: &Path) -> Text {
    t!(
        es: "no se puede borrar `{path}`",
        en: "cannot remove `{path}`",
        path = path.display().to_string(),
    )
}

/// `cannot create a folder in `PATH``.
fn cannot_create_folder_in(path: &Path) -> Text {
    t!(
        es: "no se puede crear una carpeta en `{path}`",
        en: "cannot create a folder in `{path}`",
        path = path.display().to_string(),
    )
}

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(anyhow::Error::msg(t!(
            es: "no se puede escribir `{path}`: la carpeta `{dir}` no existe",
            en: "cannot write `{path}`: the folder `{dir}` does not exist",
            path = path.display().to_string(),
            dir = dir.display().to_string(),
        )));
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| {
        t!(
            es: "no se puede crear un archivo temporal en `{dir}`",
            en: "cannot create a temporary file in `{dir}`",
            dir = dir.display().to_string(),
        )
    })?;
    tmp.write_all(bytes).with_context(|| cannot_write(path))?;
    // Published files are for everyone to read (the temporary file starts private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .with_context(|| {
                t!(
                    es: "no se pueden fijar los permisos de `{path}`",
                    en: "cannot set the permissions of `{path}`",
                    path = path.display().to_string(),
                )
            })?;
    }
    tmp.persist(path).with_context(|| {
        t!(
            es: "no se puede reemplazar `{path}`",
            en: "cannot replace `{path}`",
            path = path.display().to_string(),
        )
    })?;
    Ok(())
}

/// The file that marks a folder as made by `mirps build`, so it may be replaced.
pub const MARKER: &str = ".mirps-build";

/// The file a build holds locked in each folder it is moving: its staging folder, and the
/// previous output while it is set aside. A folder beside the output named like a staging
/// folder, holding this file with no lock on it, was left by a run that ended early (killed,
/// out of disk, a failed rename); the next build removes it. A folder without the file, or
/// whose lock is held, is left alone.
const STAGING_LOCK: &str = ".mirps-staging";

/// Publish `files` (paths relative to `out`) as the folder `out`, atomically: everything is
/// written to a new folder beside `out`, which then takes its place. A failure leaves the
/// previous `out` untouched. A folder mirps did not make (no [`MARKER`]) is never replaced.
/// Staging folders that earlier runs left behind are removed first.
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
        return Err(anyhow::Error::msg(t!(
            es: "mirps no reemplaza `{out}`: esa carpeta no la hizo `mirps build` (no tiene el archivo {marker}); bórrela o publique en otra carpeta con `--out`",
            en: "refusing to replace `{out}`: it was not made by `mirps build` (it has no {marker} file); remove it or build with `--out` elsewhere",
            out = out.display().to_string(),
            marker = MARKER,
        )));
    }
    std::fs::create_dir_all(&parent).with_context(|| cannot_create(&parent))?;
    remove_stale(&parent, &name);
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)
        .with_context(|| cannot_create_folder_in(&parent))?;
    let _staging_lock = hold(staging.path())?;
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
        std::fs::create_dir_all(dir).with_context(|| cannot_create(dir))?;
    }
    files.par_iter().try_for_each(|(relative, bytes)| {
        let path = staging.path().join(relative);
        std::fs::write(&path, bytes).with_context(|| cannot_write(&path))
    })?;
    let marker = staging.path().join(MARKER);
    std::fs::write(
        &marker,
        "Esta carpeta la hizo `mirps build`; mirps la reemplaza en la próxima publicación.\n\
         This folder was made by `mirps build`; mirps replaces it on the next build.\n",
    )
    .with_context(|| cannot_write(&marker))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755))
            .with_context(|| {
                t!(
                    es: "no se pueden fijar los permisos de `{path}`",
                    en: "cannot set the permissions of `{path}`",
                    path = staging.path().display().to_string(),
                )
            })?;
    }
    let staged = staging.keep();
    // The lock files travel with the folders; the published one drops its own.
    let unlock = |dir: &Path| {
        let _ = std::fs::remove_file(dir.join(STAGING_LOCK));
    };
    if out.exists() {
        // Held before the previous output moves aside, so no other build takes it for stale.
        let _previous_lock = hold(out)?;
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)
            .with_context(|| cannot_create_folder_in(&parent))?
            .keep();
        std::fs::remove_dir(&old).with_context(|| cannot_remove(&old))?;
        std::fs::rename(out, &old).with_context(|| {
            t!(
                es: "no se puede apartar la versión anterior de `{path}`",
                en: "cannot move the previous `{path}` aside",
                path = out.display().to_string(),
            )
        })?;
        if let Err(e) = std::fs::rename(&staged, out) {
            // Put the previous output back before reporting.
            if std::fs::rename(&old, out).is_ok() {
                unlock(out);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e).with_context(|| cannot_publish(out));
        }
        unlock(out);
        match std::fs::remove_dir_all(&old) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| cannot_remove(&old));
            }
            _ => {}
        }
    } else {
        std::fs::rename(&staged, out).with_context(|| cannot_publish(out))?;
        unlock(out);
    }
    Ok(())
}

/// Create (or open) the lock file of `dir` and lock it, waiting for a build that holds it.
fn hold(dir: &Path) -> Result<std::fs::File> {
    let path = dir.join(STAGING_LOCK);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| cannot_create(&path))?;
    file.lock().with_context(|| {
        t!(
            es: "no se puede bloquear `{path}`",
            en: "cannot lock `{path}`",
            path = path.display().to_string(),
        )
    })?;
    Ok(file)
}

/// Remove the staging folders of `name` in `parent` that earlier runs left: named like one,
/// a real folder (not a link), holding the lock file, and nobody holding its lock.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if !prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            continue;
        }
        let dir = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&dir) else {
            continue;
        };
        let is_dir = meta.file_type().is_dir();
        // A run killed right after making its folder left it empty, before its lock file: a
        // minute later no running build can still be about to use it.
        let old = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(60));
        if is_dir && old && std::fs::read_dir(&dir).is_ok_and(|mut e| e.next().is_none()) {
            let _ = std::fs::remove_dir(&dir);
            continue;
        }
        let lock = dir.join(STAGING_LOCK);
        let is_ours = std::fs::symlink_metadata(&lock).is_ok_and(|m| m.file_type().is_file());
        if !is_dir || !is_ours {
            continue;
        }
        let Ok(file) = std::fs::File::open(&lock) else {
            continue;
        };
        if file.try_lock().is_ok() {
            drop(file);
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `kill -9` during a build left its staging folder (up to 187 MB) forever.
    #[test]
    fn staging_folders_left_by_an_earlier_run_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("build");
        let left = dir.path().join(".build.new-left");
        std::fs::create_dir(&left).unwrap();
        std::fs::write(left.join(STAGING_LOCK), "").unwrap();
        std::fs::write(left.join("big.html"), "x".repeat(1000)).unwrap();
        let set_aside = dir.path().join(".build.old-left");
        std::fs::create_dir(&set_aside).unwrap();
        std::fs::write(set_aside.join(STAGING_LOCK), "").unwrap();
        // Another build, still running: its lock is held.
        let live = dir.path().join(".build.new-live");
        std::fs::create_dir(&live).unwrap();
        let held = hold(&live).unwrap();
        // Not made by mirps: no lock file.
        let foreign = dir.path().join(".build.new-notes");
        std::fs::create_dir(&foreign).unwrap();
        // Another output's staging folder.
        let other = dir.path().join(".site.new-left");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join(STAGING_LOCK), "").unwrap();

        publish_dir(&out, &[("a.txt".into(), b"a".to_vec())]).unwrap();
        assert!(!left.exists() && !set_aside.exists());
        assert!(live.exists() && foreign.exists() && other.exists());
        assert!(out.join(MARKER).is_file());
        assert!(
            !out.join(STAGING_LOCK).exists(),
            "the lock file is not published"
        );
        publish_dir(&out, &[("b.txt".into(), b"b".to_vec())]).unwrap();
        assert!(out.join("b.txt").is_file() && !out.join("a.txt").exists());
        assert!(!out.join(STAGING_LOCK).exists());
        drop(held);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 4, "{names:?}");
    }
}
