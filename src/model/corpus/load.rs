//! Files and directories -> `Corpus`: finds `*.txt` pages recursively, reads
//! and parses them in parallel, and collects a problem per file that could
//! not be loaded. Only ever reads: nothing is written into a corpus.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::model::corpus::copies::{CopyKey, Merger, copy_key, merge_all};
use crate::model::corpus::store::Store;
use crate::model::page::error::PageError;
use crate::model::page::parse::parse_page_bytes;
use crate::model::page::project::{Project, Source};
use crate::model::search::text_index::TextIndex;

/// Why a pipe, socket or device is not read.
const NOT_REGULAR: &str = "not a regular file (a pipe, socket or device)";

/// No real project page comes near this; larger files are refused unread.
pub const MAX_PAGE_BYTES: u64 = 16_000_000;

/// The five sample pages shipped inside the binary.
const BUNDLED: [(&str, &[u8]); 5] = [
    (
        "000_d9d2908fd1222df0.txt",
        include_bytes!("../../../assets/000_d9d2908fd1222df0.txt"),
    ),
    (
        "001_a16e8f42b249ee6d.txt",
        include_bytes!("../../../assets/001_a16e8f42b249ee6d.txt"),
    ),
    (
        "002_311de50e972e0bd9.txt",
        include_bytes!("../../../assets/002_311de50e972e0bd9.txt"),
    ),
    (
        "003_4fa9901c3272370e.txt",
        include_bytes!("../../../assets/003_4fa9901c3272370e.txt"),
    ),
    (
        "004_f0ab1a065d6c06f1.txt",
        include_bytes!("../../../assets/004_f0ab1a065d6c06f1.txt"),
    ),
];

/// The bytes of a bundled sample page, by the source path its project has.
pub fn bundled_page(source: &Path) -> Option<&'static [u8]> {
    let name = source.strip_prefix("assets").ok()?.to_str()?;
    BUNDLED
        .iter()
        .find(|(bundled, _)| *bundled == name)
        .map(|(_, bytes)| *bytes)
}

/// A file that did not become a project, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    pub path: PathBuf,
    pub error: PageError,
}

/// Everything one load produced.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    pub store: Store,
    /// Files that could not be loaded, in path order.
    pub problems: Vec<LoadProblem>,
    /// Projects saved in more than one file, merged into one (see
    /// `copies`): each project's id and its files.
    pub duplicates: Vec<(String, Vec<PathBuf>)>,
    /// Page files found (loaded or not).
    pub files_seen: usize,
    pub bytes_read: u64,
    /// Which project each page merged so far belongs to (for `absorb`).
    pub merger: Merger,
}

/// How far a load has come; reported while loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub files_done: usize,
    pub files_total: usize,
    pub bytes_read: u64,
}

/// The bundled sample corpus.
pub fn load_bundled() -> Corpus {
    let results = BUNDLED
        .iter()
        .map(|(name, bytes)| {
            let path = Path::new("assets").join(name);
            let id = file_id(&path);
            (
                path.clone(),
                parse_page_bytes(&id, &path, bytes).map(|p| with_source(p, &id, &path)),
                bytes.len() as u64,
            )
        })
        .collect();
    let mut corpus = assemble(results);
    let store = std::mem::take(&mut corpus.store);
    let index = TextIndex::build(store.projects());
    corpus.store = store.with_text_index(index);
    corpus
}

/// Part of a load: the pages parsed since the last batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    pub projects: Vec<Project>,
    /// Each project's copy key, worked out by the loader as it parsed
    /// (on all cores); when it does not match `projects`, they are worked
    /// out as the batch is absorbed.
    pub keys: Vec<Option<CopyKey>>,
    pub problems: Vec<LoadProblem>,
    pub bytes_read: u64,
    /// Where the whole load stands after this batch.
    pub progress: Progress,
}

impl Batch {
    /// Appends a later batch to this one.
    pub fn merge(&mut self, mut later: Batch) {
        if self.keys.len() == self.projects.len() && later.keys.len() == later.projects.len() {
            self.keys.append(&mut later.keys);
        } else {
            self.keys.clear();
        }
        self.projects.append(&mut later.projects);
        self.problems.append(&mut later.problems);
        self.bytes_read += later.bytes_read;
        self.progress = later.progress;
    }

    /// Each project's copy key: the loader's, else worked out now.
    fn copy_keys(&mut self) -> Vec<Option<CopyKey>> {
        if self.keys.len() == self.projects.len() {
            std::mem::take(&mut self.keys)
        } else {
            self.projects.iter().map(copy_key).collect()
        }
    }
}

/// The first batch is small so that a browser shows pages at once; later
/// ones double up to this many files.
const FIRST_BATCH: usize = 256;
const LARGEST_BATCH: usize = 16_384;

/// Loads pages from files and directories (recursively, `*.txt`).
pub fn load_paths(paths: &[PathBuf], progress: &(dyn Fn(Progress) + Sync)) -> Corpus {
    let mut corpus = Corpus::default();
    let mut projects = Vec::new();
    load_batched(paths, usize::MAX, progress, &mut |mut batch| {
        projects.append(&mut batch.projects);
        corpus.problems.append(&mut batch.problems);
        corpus.bytes_read += batch.bytes_read;
    });
    corpus.store = Store::new(merge_all(projects));
    corpus.finish();
    corpus
}

/// Loads pages in batches, handing each to `on_batch` as soon as it is
/// parsed; `progress` hears of every file.
pub fn load_in_batches(
    paths: &[PathBuf],
    progress: &(dyn Fn(Progress) + Sync),
    on_batch: &mut dyn FnMut(Batch),
) {
    load_batched(paths, FIRST_BATCH, progress, on_batch);
}

/// A file read: its path, its project or why not, its size, and the
/// project's copy key.
type Parsed = (PathBuf, Result<Project, PageError>, u64, Option<CopyKey>);

/// Batches start at `first_batch` files and double up to `LARGEST_BATCH`
/// (a first batch of `usize::MAX` makes the whole load one batch).
fn load_batched(
    paths: &[PathBuf],
    first_batch: usize,
    progress: &(dyn Fn(Progress) + Sync),
    on_batch: &mut dyn FnMut(Batch),
) {
    let (files, mut pending_problems) = find_pages(paths);
    let ids = file_ids(&files);
    let total = files.len();
    let done = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    let mut start = 0usize;
    let mut size = first_batch;
    loop {
        let end = start.saturating_add(size).min(files.len());
        let results: Vec<Parsed> = files[start..end]
            .par_iter()
            .zip(&ids[start..end])
            .map(|(path, id)| {
                let result = read_page_as(path, id);
                let size = result.as_ref().map_or(0, |(_, size)| *size);
                let bytes_read = bytes.fetch_add(size, Ordering::Relaxed) + size;
                let files_done = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(Progress {
                    files_done,
                    files_total: total,
                    bytes_read,
                });
                let key = result
                    .as_ref()
                    .ok()
                    .and_then(|(project, _)| copy_key(project));
                (path.clone(), result.map(|(project, _)| project), size, key)
            })
            .collect();
        let progress = Progress {
            files_done: end,
            files_total: total,
            bytes_read: bytes.load(Ordering::Relaxed),
        };
        on_batch(batch_of(
            results,
            std::mem::take(&mut pending_problems),
            progress,
        ));
        if end >= files.len() {
            return;
        }
        start = end;
        size = size.saturating_mul(2).min(LARGEST_BATCH.max(first_batch));
    }
}

/// The files read, as a batch (after `problems` found before).
fn batch_of(results: Vec<Parsed>, problems: Vec<LoadProblem>, progress: Progress) -> Batch {
    let mut batch = Batch {
        problems,
        progress,
        ..Batch::default()
    };
    for (path, result, size, key) in results {
        batch.bytes_read += size;
        match result {
            Ok(project) => {
                batch.projects.push(project);
                batch.keys.push(key);
            }
            Err(error) => batch.problems.push(LoadProblem { path, error }),
        }
    }
    batch
}

impl Corpus {
    /// Adds a batch's projects and problems: the store grows by the new
    /// projects, and copies of those it holds are merged into them (see
    /// `Store::extend`, `Store::merge_copies`); its indices are not built
    /// again.
    pub fn absorb(&mut self, mut batch: Batch) {
        if self.store.is_empty() {
            // A fresh corpus, or one loaded whole: what it holds is known.
            self.merger = Merger::default();
        }
        let earlier = self.store.len();
        let mut later = Vec::with_capacity(batch.projects.len());
        let mut copies_of_earlier = Vec::new();
        let keys = batch.copy_keys();
        for (page, key) in batch.projects.drain(..).zip(keys) {
            if let Some(copy) = self.merger.add_after(earlier, &mut later, page, key) {
                copies_of_earlier.push(copy);
            }
        }
        self.store.extend(later);
        self.store.merge_copies(copies_of_earlier);
        self.problems.append(&mut batch.problems);
        self.bytes_read += batch.bytes_read;
        self.files_seen = self.files_read();
    }

    /// Files read so far: every page of every project (copies included)
    /// and every file that could not be loaded.
    fn files_read(&self) -> usize {
        let pages: usize = self.store.projects().iter().map(Project::copies).sum();
        pages + self.problems.len()
    }

    /// After the last batch: the count of files, problems in path order,
    /// the projects that were saved in more than one file.
    pub fn finish(&mut self) {
        self.store.complete();
        self.files_seen = self.files_read();
        self.problems.sort_by(|a, b| a.path.cmp(&b.path));
        self.duplicates = self
            .store
            .projects()
            .iter()
            .filter(|project| project.sources.len() > 1)
            .map(|project| {
                let paths = project.sources.iter().map(|s| s.path.clone()).collect();
                (project.mark_key().to_string(), paths)
            })
            .collect();
    }
}

fn assemble(results: Vec<(PathBuf, Result<Project, PageError>, u64)>) -> Corpus {
    let mut corpus = Corpus::default();
    let mut projects = Vec::new();
    for (path, result, size) in results {
        corpus.bytes_read += size;
        match result {
            Ok(project) => projects.push(project),
            Err(error) => corpus.problems.push(LoadProblem { path, error }),
        }
    }
    corpus.store = Store::new(merge_all(projects));
    corpus.finish();
    corpus
}

/// The project read from `path`, knowing it as `id`.
fn with_source(mut project: Project, id: &str, path: &Path) -> Project {
    project.sources = vec![Source {
        id: id.to_string(),
        path: path.to_path_buf(),
    }];
    project
}

/// Each file's id in the corpus: its stem where no other file has that
/// stem, else the shortest run of its last folders and stem that no other
/// file with that stem shares (`a/page`, `b/page`). Stable across runs:
/// it depends on the paths alone.
pub fn file_ids(files: &[PathBuf]) -> Vec<String> {
    let mut ids: Vec<String> = files.iter().map(|f| file_id(f)).collect();
    // Most stems are unique: count first, allocate only for clashes.
    let mut count: std::collections::HashMap<&str, u32> =
        std::collections::HashMap::with_capacity(ids.len());
    for id in &ids {
        *count.entry(id.as_str()).or_default() += 1;
    }
    let mut clashes: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for (index, id) in ids.iter().enumerate() {
        if count[id.as_str()] > 1 {
            clashes.entry(id.clone()).or_default().push(index);
        }
    }
    drop(count);
    for same in clashes.into_values() {
        let named = distinguishing_names(&same.iter().map(|&i| &files[i]).collect::<Vec<_>>());
        for (&index, name) in same.iter().zip(named) {
            ids[index] = name;
        }
    }
    ids
}

/// For files that share a stem: the shortest run of last folders and stem
/// that tells each apart. Names a path cannot tell apart (`a/x.txt`,
/// `a/x.TXT`) get `~2`, `~3` after the first.
fn distinguishing_names(paths: &[&PathBuf]) -> Vec<String> {
    let parts: Vec<Vec<String>> = paths.iter().map(|path| id_parts(path)).collect();
    let longest = parts.iter().map(Vec::len).max().unwrap_or(1);
    let named = |depth: usize| -> Vec<String> {
        parts
            .iter()
            .map(|p| p[p.len().saturating_sub(depth)..].join("/"))
            .collect()
    };
    let mut depth = 2;
    while depth < longest {
        let names = named(depth);
        let unique: HashSet<&String> = names.iter().collect();
        if unique.len() == names.len() {
            break;
        }
        depth += 1;
    }
    let mut taken: HashSet<String> = HashSet::new();
    named(depth)
        .into_iter()
        .map(|name| {
            let mut candidate = name.clone();
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{name}~{n}");
                n += 1;
            }
            candidate
        })
        .collect()
}

/// A path's folders and its file stem, each made printable.
fn id_parts(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = path
        .parent()
        .into_iter()
        .flat_map(|parent| parent.components())
        .filter_map(|c| match c {
            std::path::Component::Normal(name) => Some(crate::model::page::format::printable(
                &name.to_string_lossy(),
            )),
            _ => None,
        })
        .collect();
    parts.push(file_id(path));
    parts
}

/// A project's id: its file's stem, made printable (a file name may hold
/// escape sequences; an id is printed by `list`, `show` and the browser).
fn file_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned());
    crate::model::page::format::printable(&stem)
}

/// Reads and parses one file; returns the project and its size in bytes.
pub fn read_page(path: &Path) -> Result<(Project, u64), PageError> {
    read_page_as(path, &file_id(path))
}

/// Reads and parses one file known in its corpus as `id`.
fn read_page_as(path: &Path, id: &str) -> Result<(Project, u64), PageError> {
    let unreadable = |e: std::io::Error| PageError::Unreadable(describe_io(&e));
    let metadata = fs::metadata(path).map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(PageError::Unreadable("is a directory".into()));
    }
    // Opening a FIFO would wait for a writer forever; devices never end.
    if !metadata.is_file() {
        return Err(PageError::Unreadable(NOT_REGULAR.into()));
    }
    if metadata.len() > MAX_PAGE_BYTES {
        return Err(PageError::TooLarge {
            bytes: metadata.len(),
            limit: MAX_PAGE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    fs::File::open(path)
        .and_then(|file| file.take(MAX_PAGE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return Err(PageError::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_PAGE_BYTES,
        });
    }
    let size = bytes.len() as u64;
    parse_page_bytes(id, path, &bytes).map(|project| (with_source(project, id, path), size))
}

fn describe_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file (or a dangling symbolic link)".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

/// Which file a path reaches, as its canonical path: the same file
/// through a folder, by name or through a link has one.
type FileIdentity = PathBuf;

/// The canonical path of a file named or linked to (one system call).
fn identity_of(path: &Path) -> Option<FileIdentity> {
    fs::canonicalize(path).ok()
}

/// Expands the given paths into page files, in a stable order. Directories
/// are walked recursively, following links but never the same one twice;
/// a file reached twice (through a folder and by name, through a link) is
/// listed once, where it was first reached.
pub fn find_pages(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadProblem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut visited, &mut found, &mut problems),
            Ok(_) => found.push((path.clone(), identity_of(path))),
            Err(e) => problems.push(LoadProblem {
                path: path.clone(),
                error: PageError::Unreadable(describe_io(&e)),
            }),
        }
    }
    let mut seen = HashSet::new();
    let files = found
        .into_iter()
        .filter(|(_, identity)| identity.as_ref().is_none_or(|id| seen.insert(id.clone())))
        .map(|(path, _)| path)
        .collect();
    (files, problems)
}

fn is_page_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
}

/// A file found in a folder: its path and, where known without another
/// system call, its identity.
type Found = (PathBuf, Option<FileIdentity>);

/// Walks a folder with `walkdir`, following links, in name order. A folder
/// reached again (through a link) is not walked twice; a link back to a
/// folder being walked ends there. Unreadable folders, and pages that
/// cannot be opened or are not regular files, are problems.
fn walk(
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<Found>,
    problems: &mut Vec<LoadProblem>,
) {
    let mut entries = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    // The canonical path of the folder being walked, to name a plain file's
    // identity without a system call of its own.
    let mut folders: Vec<PathBuf> = Vec::new();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                walk_error(error, problems);
                continue;
            }
        };
        let path = entry.path();
        let file_type = entry.file_type();
        if file_type.is_dir() {
            folders.truncate(entry.depth());
            let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            if !visited.insert(canonical.clone()) {
                entries.skip_current_dir();
                continue;
            }
            folders.push(canonical);
        } else if !is_page_name(path) {
        } else if file_type.is_file() {
            let identity = match (entry.path_is_symlink(), folders.get(entry.depth() - 1)) {
                (false, Some(folder)) => Some(folder.join(entry.file_name())),
                _ => identity_of(path),
            };
            files.push((entry.into_path(), identity));
        } else {
            // Opening a pipe would wait for a writer forever; devices and
            // sockets are not pages either.
            problems.push(LoadProblem {
                path: entry.into_path(),
                error: PageError::Unreadable(NOT_REGULAR.into()),
            });
        }
    }
}

/// What a walk could not read: an unreadable folder, or a page behind a
/// dangling or looping link, is a problem; a link back to a folder being
/// walked is not (what it leads to is read already), nor is anything else
/// that is not a page.
fn walk_error(error: walkdir::Error, problems: &mut Vec<LoadProblem>) {
    if error.loop_ancestor().is_some() {
        return;
    }
    let Some(path) = error.path().map(Path::to_path_buf) else {
        return;
    };
    let is_folder = fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_dir());
    if !is_folder && !is_page_name(&path) {
        return;
    }
    let reason = match error.io_error() {
        Some(io) => describe_io(io),
        None => error.to_string(),
    };
    problems.push(LoadProblem {
        path,
        error: PageError::Unreadable(reason),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_corpus_loads_whole() {
        let corpus = load_bundled();
        assert_eq!(corpus.store.len(), 5);
        assert!(corpus.problems.is_empty());
        assert_eq!(corpus.store.project(0).id, "000_d9d2908fd1222df0");
    }

    #[cfg(unix)]
    #[test]
    fn the_walk_follows_links_and_skips_what_is_not_a_page() {
        let dir = std::env::temp_dir().join(format!("esf-load-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::create_dir_all(dir.join("elsewhere")).unwrap();
        fs::write(dir.join("a.txt"), "page").unwrap();
        fs::write(dir.join("B.TXT"), "page").unwrap();
        fs::write(dir.join("notes.md"), "not a page").unwrap();
        fs::write(dir.join("sub/c.txt"), "page").unwrap();
        fs::write(dir.join("elsewhere/d.txt"), "page").unwrap();
        std::os::unix::fs::symlink(dir.join("a.txt"), dir.join("sub/link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("sub/linked-dir")).unwrap();
        let (files, problems) = find_pages(&[dir.join("B.TXT"), dir.join("sub")]);
        let names: Vec<PathBuf> = files
            .iter()
            .map(|f| f.strip_prefix(&dir).unwrap().to_path_buf())
            .collect();
        let _ = fs::remove_dir_all(&dir);
        assert!(problems.is_empty(), "{problems:?}");
        let expected = ["B.TXT", "sub/c.txt", "sub/link.txt", "sub/linked-dir/d.txt"];
        assert_eq!(names, expected.map(PathBuf::from));
    }

    #[cfg(unix)]
    #[test]
    fn special_files_in_a_directory_are_problems_not_reads() {
        // A socket stands in for a named pipe, which `read_page` would wait
        // on forever: neither is opened, both are reported.
        let dir = std::env::temp_dir().join(format!("esf-load-special-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let socket = dir.join("sock.txt");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let (files, problems) = find_pages(std::slice::from_ref(&dir));
        let _ = fs::remove_dir_all(&dir);
        assert!(files.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, socket);
        assert!(
            matches!(&problems[0].error, PageError::Unreadable(why) if why.contains("not a regular file"))
        );
    }
}
