//! Files and directories -> `Corpus`: finds `*.txt` pages recursively, reads
//! and parses them in parallel, and collects a problem per file that could
//! not be loaded. Only ever reads: nothing is written into a corpus.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::error::PageError;
use super::parse::parse_page_bytes;
use super::project::Project;
use super::store::Store;
use super::text_index::TextIndex;

/// Why a pipe, socket or device is not read.
const NOT_REGULAR: &str = "not a regular file (a pipe, socket or device)";

/// No real project page comes near this; larger files are refused unread.
pub const MAX_PAGE_BYTES: u64 = 16_000_000;

/// The five sample pages shipped inside the binary.
const BUNDLED: [(&str, &[u8]); 5] = [
    (
        "000_d9d2908fd1222df0.txt",
        include_bytes!("../../assets/000_d9d2908fd1222df0.txt"),
    ),
    (
        "001_a16e8f42b249ee6d.txt",
        include_bytes!("../../assets/001_a16e8f42b249ee6d.txt"),
    ),
    (
        "002_311de50e972e0bd9.txt",
        include_bytes!("../../assets/002_311de50e972e0bd9.txt"),
    ),
    (
        "003_4fa9901c3272370e.txt",
        include_bytes!("../../assets/003_4fa9901c3272370e.txt"),
    ),
    (
        "004_f0ab1a065d6c06f1.txt",
        include_bytes!("../../assets/004_f0ab1a065d6c06f1.txt"),
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
    /// Projects saved in more than one file — the same registration
    /// number, or the same file id — by that key (all files are kept).
    pub duplicates: Vec<(String, Vec<PathBuf>)>,
    /// Page files found (loaded or not).
    pub files_seen: usize,
    pub bytes_read: u64,
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
            (
                path.clone(),
                parse_page_bytes(&file_id(&path), &path, bytes),
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
    pub problems: Vec<LoadProblem>,
    pub bytes_read: u64,
    /// Where the whole load stands after this batch.
    pub progress: Progress,
}

impl Batch {
    /// Appends a later batch to this one.
    pub fn merge(&mut self, mut later: Batch) {
        self.projects.append(&mut later.projects);
        self.problems.append(&mut later.problems);
        self.bytes_read += later.bytes_read;
        self.progress = later.progress;
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
    corpus.store = Store::new(projects);
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

/// Batches start at `first_batch` files and double up to `LARGEST_BATCH`
/// (a first batch of `usize::MAX` makes the whole load one batch).
fn load_batched(
    paths: &[PathBuf],
    first_batch: usize,
    progress: &(dyn Fn(Progress) + Sync),
    on_batch: &mut dyn FnMut(Batch),
) {
    let (files, mut pending_problems) = find_pages(paths);
    let total = files.len();
    let done = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    let mut start = 0usize;
    let mut size = first_batch;
    loop {
        let end = start.saturating_add(size).min(files.len());
        let results: Vec<(PathBuf, Result<Project, PageError>, u64)> = files[start..end]
            .par_iter()
            .map(|path| {
                let result = read_page(path);
                let size = result.as_ref().map_or(0, |(_, size)| *size);
                let bytes_read = bytes.fetch_add(size, Ordering::Relaxed) + size;
                let files_done = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(Progress {
                    files_done,
                    files_total: total,
                    bytes_read,
                });
                (path.clone(), result.map(|(project, _)| project), size)
            })
            .collect();
        let mut batch = Batch {
            problems: std::mem::take(&mut pending_problems),
            progress: Progress {
                files_done: end,
                files_total: total,
                bytes_read: bytes.load(Ordering::Relaxed),
            },
            ..Batch::default()
        };
        for (path, result, size) in results {
            batch.bytes_read += size;
            match result {
                Ok(project) => batch.projects.push(project),
                Err(error) => batch.problems.push(LoadProblem { path, error }),
            }
        }
        on_batch(batch);
        if end >= files.len() {
            return;
        }
        start = end;
        size = size.saturating_mul(2).min(LARGEST_BATCH.max(first_batch));
    }
}

impl Corpus {
    /// Adds a batch's projects (rebuilding the indices) and problems.
    pub fn absorb(&mut self, mut batch: Batch) {
        // An index of the first projects stays valid: it covers a run of
        // projects from the first.
        let (mut projects, index) = std::mem::take(&mut self.store).into_parts();
        projects.append(&mut batch.projects);
        self.store = Store::new(projects).with_text_index(index);
        self.problems.append(&mut batch.problems);
        self.bytes_read += batch.bytes_read;
        self.files_seen = self.store.len() + self.problems.len();
    }

    /// After the last batch: the count of files, problems in path order,
    /// projects saved twice found.
    pub fn finish(&mut self) {
        self.files_seen = self.store.len() + self.problems.len();
        self.problems.sort_by(|a, b| a.path.cmp(&b.path));
        let projects = self.store.projects();
        let key = |index: u32| projects[index as usize].mark_key();
        let mut by_key: Vec<u32> = (0..projects.len() as u32).collect();
        by_key.par_sort_unstable_by_key(|&index| (key(index), index));
        self.duplicates = by_key
            .chunk_by(|&a, &b| key(a) == key(b))
            .filter(|same| same.len() > 1)
            .map(|same| {
                let paths = same
                    .iter()
                    .map(|&index| projects[index as usize].source.clone())
                    .collect();
                (key(same[0]).to_string(), paths)
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
    corpus.store = Store::new(projects);
    corpus.finish();
    corpus
}

/// A project's id: its file's stem, made printable (a file name may hold
/// escape sequences; an id is printed by `list`, `show` and the browser).
fn file_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned());
    super::format::printable(&stem)
}

/// Reads and parses one file; returns the project and its size in bytes.
pub fn read_page(path: &Path) -> Result<(Project, u64), PageError> {
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
    parse_page_bytes(&file_id(path), path, &bytes).map(|project| (project, size))
}

fn describe_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file (or a dangling symbolic link)".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

/// Expands the given paths into page files, in a stable order. Directories
/// are walked recursively, following links but never the same one twice.
pub fn find_pages(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut visited, &mut files, &mut problems),
            Ok(_) => files.push(path.clone()),
            Err(e) => problems.push(LoadProblem {
                path: path.clone(),
                error: PageError::Unreadable(describe_io(&e)),
            }),
        }
    }
    (files, problems)
}

fn is_page_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
}

fn walk(
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<LoadProblem>,
) {
    let Ok(canonical) = fs::canonicalize(dir) else {
        return;
    };
    if !visited.insert(canonical) {
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(LoadProblem {
                path: dir.to_path_buf(),
                error: PageError::Unreadable(describe_io(&e)),
            });
            return;
        }
    };
    // The entry's own type needs no extra system call; only links are
    // followed with a `stat`.
    let mut paths: Vec<(PathBuf, Option<fs::FileType>)> = entries
        .filter_map(|e| e.ok())
        .map(|e| (e.path(), e.file_type().ok().filter(|t| !t.is_symlink())))
        .collect();
    paths.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (path, file_type) in paths {
        if let Some(file_type) = file_type {
            if file_type.is_file() {
                if is_page_name(&path) {
                    files.push(path);
                }
                continue;
            }
            if !file_type.is_dir() && !is_page_name(&path) {
                continue;
            }
        }
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, visited, files, problems),
            Ok(meta) if is_page_name(&path) && meta.is_file() => files.push(path),
            // Opening a pipe would wait for a writer forever; devices and
            // sockets are not pages either.
            Ok(_) if is_page_name(&path) => problems.push(LoadProblem {
                path,
                error: PageError::Unreadable(NOT_REGULAR.into()),
            }),
            Ok(_) => {}
            Err(e) if is_page_name(&path) => problems.push(LoadProblem {
                path,
                error: PageError::Unreadable(describe_io(&e)),
            }),
            Err(_) => {}
        }
    }
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
