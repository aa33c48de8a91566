//! Writing a file so that it is either whole or untouched: to a fresh
//! temporary file beside it (a name no other file has), flushed and synced,
//! then renamed over it. A failure anywhere leaves the old file as it was
//! and no temporary file behind.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

/// Writes `target` with what `write` produces.
pub fn write_atomically(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let shown = target.display();
    let directory = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .with_context(|| format!("{shown} names no file"))?;
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A new file is made as any other program makes one: read-write for
    // all, less what the umask takes away (tempfile's own default is
    // private, and the mode survives the rename).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // The temporary file's own name is no business of the user's: the
    // error names the file they asked for, and why.
    let mut temporary = builder.tempfile_in(directory).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "its folder does not exist",
            std::io::ErrorKind::PermissionDenied => "no permission to create a file in its folder",
            _ => "cannot create a file in its folder",
        };
        anyhow::anyhow!("cannot write {shown}: {why}")
    })?;
    // An existing file keeps the permissions it had.
    if let Ok(metadata) = std::fs::metadata(target) {
        let _ = temporary.as_file().set_permissions(metadata.permissions());
    }
    {
        let mut buffered = std::io::BufWriter::new(temporary.as_file_mut());
        write(&mut buffered)
            .and_then(|()| buffered.flush())
            .with_context(|| format!("cannot write {shown}; it was left as it was"))?;
    }
    temporary
        .as_file()
        .sync_all()
        .with_context(|| format!("cannot write {shown}; it was left as it was"))?;
    temporary
        .persist(target)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace {shown}; it was left as it was"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("esf-save-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_replaces_the_file_whole() {
        let dir = scratch("whole");
        let target = dir.join("marks.txt");
        std::fs::write(&target, "old\n").unwrap();
        write_atomically(&target, |w: &mut dyn Write| w.write_all(b"new\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
        assert_eq!(entries(&dir), ["marks.txt"]);
    }

    #[test]
    fn an_error_midway_leaves_the_old_file_and_no_temporary_one() {
        let dir = scratch("midway");
        let target = dir.join("export.csv");
        std::fs::write(&target, "old,file\n").unwrap();
        let error = write_atomically(&target, |w: &mut dyn Write| {
            w.write_all(b"half a")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(format!("{error:#}").contains("left as it was"), "{error:#}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old,file\n");
        assert_eq!(entries(&dir), ["export.csv"]);
    }

    #[test]
    fn a_folder_that_cannot_hold_files_is_an_error_not_a_loss() {
        let dir = scratch("nofolder");
        let not_a_folder = dir.join("plain-file");
        std::fs::write(&not_a_folder, "x").unwrap();
        let error = write_atomically(&not_a_folder.join("marks.txt"), |w: &mut dyn Write| {
            w.write_all(b"x")
        })
        .unwrap_err();
        assert!(format!("{error:#}").contains("cannot write"), "{error:#}");
        assert_eq!(std::fs::read_to_string(&not_a_folder).unwrap(), "x");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_follows_the_umask_and_an_old_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("modes");
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        // What this process makes a new file with, whatever its umask.
        let probe = dir.join("probe");
        std::fs::write(&probe, "").unwrap();
        let usual = mode(&probe);
        let fresh = dir.join("export.csv");
        write_atomically(&fresh, |w: &mut dyn Write| w.write_all(b"a\n")).unwrap();
        assert_eq!(mode(&fresh), usual, "a new file is made as any other");
        let kept = dir.join("marks.txt");
        std::fs::write(&kept, "old\n").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&kept, |w: &mut dyn Write| w.write_all(b"new\n")).unwrap();
        assert_eq!(mode(&kept), 0o640);
    }

    #[test]
    fn files_named_like_temporary_ones_are_never_touched() {
        let dir = scratch("names");
        let target = dir.join("notes.txt");
        for name in ["notes.tmp", ".notes.txt.tmp", ".notes.txt.x.tmp"] {
            std::fs::write(dir.join(name), "mine").unwrap();
        }
        write_atomically(&target, |w: &mut dyn Write| w.write_all(b"marks\n")).unwrap();
        for name in ["notes.tmp", ".notes.txt.tmp", ".notes.txt.x.tmp"] {
            assert_eq!(
                std::fs::read_to_string(dir.join(name)).unwrap(),
                "mine",
                "{name}"
            );
        }
    }
}
