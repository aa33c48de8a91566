//! Bad input, built in a temporary directory at test time: loading never
//! panics or hangs, good pages still load, and every bad file gets a
//! `LoadProblem` naming its path and a clear reason.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{
    SAMPLES, essence, noise, sample_text, utf16be_with_bom, utf16le_with_bom, windows_1252,
    write_file,
};
use esf_browse::model::corpus::load::{MAX_PAGE_BYTES, read_page};
use esf_browse::model::page::parse::parse_page;
use esf_browse::model::{Corpus, PageError, Project, load_paths};

const HEADER: &str = "Logotyp på utskrifter\n\n{TITLE}\n\n\
ProgramområdeProgramområde 2 Ökat arbetskraftsutbud\n\
ProjektfasGenomförande\n\
Projektägaresaknas\n\
Beviljat ESF-stöd1 000 kr\n\
Projektperiod2010-01-01 till 2011-12-31\n\
RegionStockholm\n\
In English\n\n";

fn header(title: &str) -> String {
    HEADER.replace("{TITLE}", title)
}

fn load(dir: &Path) -> Corpus {
    let calls = AtomicUsize::new(0);
    let corpus = load_paths(&[dir.to_path_buf()], &|_| {
        calls.fetch_add(1, Ordering::Relaxed);
    });
    assert!(corpus.files_seen >= corpus.store.len() + corpus.problems.len());
    corpus
}

/// The page with this id as it was read on its own (copies of one sample
/// are merged in the corpus: the project answers to each of their ids).
fn project(corpus: &Corpus, id: &str) -> Project {
    let index = corpus
        .store
        .find_id(id)
        .unwrap_or_else(|_| panic!("{id} did not load: {:#?}", corpus.problems));
    let merged = corpus.store.project(index);
    let source = merged
        .sources
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("{id} is not among {:?}", merged.sources));
    read_page(&source.path).unwrap().0
}

fn problems(corpus: &Corpus) -> BTreeMap<PathBuf, PageError> {
    corpus
        .problems
        .iter()
        .map(|p| (p.path.clone(), p.error.clone()))
        .collect()
}

fn sample(index: usize) -> Project {
    let text = sample_text(SAMPLES[index]);
    parse_page("x", Path::new("x"), &text).unwrap()
}

/// Runs `f` on another thread and fails if it takes longer than `limit`
/// (a loader that opens a pipe would wait forever).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(limit)
        .expect("loading did not finish in time (or panicked)")
}

/// Whether this process can read a file whose permissions forbid it (root).
fn permissions_are_bypassed(path: &Path) -> bool {
    fs::read(path).is_ok()
}

#[test]
fn a_directory_of_bad_files_loads_what_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);

    // Good pages.
    fs::copy(common::sample_path(SAMPLES[0]), d("good_000.txt")).unwrap();
    fs::copy(common::sample_path(SAMPLES[3]), d("good_003.txt")).unwrap();
    fs::copy(common::sample_path(SAMPLES[2]), d("UPPER.TXT")).unwrap();

    // Not pages at all.
    write_file(&dir, "empty.txt", b"");
    write_file(&dir, "whitespace.txt", " \n\t\n  \r\n\u{a0}\n");
    let random = noise(8192, 42);
    assert!(![[0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB]].contains(&[random[0], random[1]]));
    write_file(&dir, "random.txt", &random);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x5c\x72\xa8\x66\0\0\x20\0IDAT\x78\x9c".to_vec();
    png.extend(noise(8192, 7));
    write_file(&dir, "image.png.txt", &png);
    let mut random_utf16 = vec![0xFF, 0xFE];
    random_utf16.extend(noise(4096, 99));
    write_file(&dir, "random_with_bom.txt", &random_utf16);
    write_file(&dir, "notes.md", noise(100, 1)); // not *.txt: ignored

    // Too large: a sparse file one byte over the limit.
    let huge = fs::File::create(d("huge.txt")).unwrap();
    huge.set_len(MAX_PAGE_BYTES + 1).unwrap();
    drop(huge);

    // Big but within the limit.
    let mut long_section = header("Lång sektion") + "Bakgrund\n\n";
    for i in 0..100_000 {
        long_section.push_str(&format!("Rad {i} i en mycket lång sektion.\n"));
    }
    write_file(&dir, "long_section.txt", &long_section);
    let long_line = "ö".repeat(500_000); // 1 MB of UTF-8
    write_file(
        &dir,
        "long_line.txt",
        header("Lång rad") + "Syfte\n\n" + &long_line + "\n",
    );

    // Other encodings and line ends.
    write_file(&dir, "cp1252.txt", windows_1252(&sample_text(SAMPLES[1])));
    write_file(&dir,
        "latin1.txt",
        b"Logotyp p\xe5 utskrifter\n\nS\xf6derhamns \xe4ventyr\n\nRegionNorra Mellansverige\nIn English\n\nSyfte\n\nAtt \xf6ka \xc5sas \xe4ngslan.\n",
    );
    write_file(
        &dir,
        "utf16le.txt",
        utf16le_with_bom(&sample_text(SAMPLES[4])),
    );
    write_file(
        &dir,
        "utf16be.txt",
        utf16be_with_bom(&sample_text(SAMPLES[4]).replace('\n', "\r\n")),
    );
    let no_bom: Vec<u8> = sample_text(SAMPLES[4])
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write_file(&dir, "utf16_no_bom.txt", no_bom);
    write_file(
        &dir,
        "crlf.txt",
        sample_text(SAMPLES[2]).replace('\n', "\r\n"),
    );
    write_file(&dir, "cr.txt", sample_text(SAMPLES[2]).replace('\n', "\r"));

    // NUL bytes: a few in a page, or everywhere.
    let few_nuls = sample_text(SAMPLES[0]).replacen("Det lokala", "Det\0lo\0kala\0", 1);
    write_file(&dir, "nul_few.txt", &few_nuls);
    let many_nuls: String = sample_text(SAMPLES[0])
        .chars()
        .enumerate()
        .flat_map(|(i, c)| if i % 10 == 0 { vec![c, '\0'] } else { vec![c] })
        .collect();
    write_file(&dir, "nul_many.txt", many_nuls);

    // Text, but not (complete) pages.
    write_file(
        &dir,
        "title_only.txt",
        "Logotyp på utskrifter\n\nEn ensam titel\n",
    );
    write_file(
        &dir,
        "no_title.txt",
        "ProjektfasGenomförande\nRegionStockholm\n",
    );
    write_file(
        &dir,
        "prose.txt",
        "Inköpslista\n\nMjölk, ägg och smör.\nKaffe.\n",
    );
    write_file(&dir, "header_only.txt", header("Bara huvud"));

    // File system oddities.
    let locked = write_file(&dir, "unreadable.txt", sample_text(SAMPLES[1]));
    let mut perms = fs::metadata(&locked).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    fs::set_permissions(&locked, perms).unwrap();
    std::os::unix::fs::symlink(d("missing-target.txt"), d("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(d("self.txt"), d("self.txt")).unwrap();
    fs::create_dir(d("x.txt")).unwrap();
    fs::create_dir_all(d("loop/a")).unwrap();
    fs::create_dir_all(d("loop/b")).unwrap();
    std::os::unix::fs::symlink("../b", d("loop/a/to_b")).unwrap();
    std::os::unix::fs::symlink("../a", d("loop/b/to_a")).unwrap();
    fs::copy(common::sample_path(SAMPLES[4]), d("loop/b/inner.txt")).unwrap();
    let fifo_made = std::process::Command::new("mkfifo")
        .arg(d("pipe.txt"))
        .status()
        .is_ok_and(|s| s.success());

    let root = dir.path().to_path_buf();
    let corpus = within(Duration::from_secs(60), move || load(&root));
    let problems = problems(&corpus);

    // Good pages still load, whatever their encoding or line ends.
    let p = project(&corpus, "good_000");
    assert_eq!(essence(&p), essence(&sample(0)));
    assert!(p.warnings.is_empty());
    assert_eq!(essence(&project(&corpus, "good_003")), essence(&sample(3)));
    assert_eq!(essence(&project(&corpus, "UPPER")), essence(&sample(2)));
    let p = project(&corpus, "cp1252");
    assert_eq!(essence(&p), essence(&sample(1)));
    assert_eq!(p.title, "Kraftsamling Härjedalen");
    assert!(p.warnings[0].contains("Windows-1252"), "{:?}", p.warnings);
    let p = project(&corpus, "latin1");
    assert_eq!(p.title, "Söderhamns äventyr");
    assert_eq!(p.sections[0].text, "Att öka Åsas ängslan.");
    assert!(p.warnings[0].contains("Windows-1252"));
    for id in ["utf16le", "utf16be"] {
        let p = project(&corpus, id);
        assert_eq!(essence(&p), essence(&sample(4)), "{id}");
        assert!(p.warnings[0].contains("UTF-16"), "{id}: {:?}", p.warnings);
    }
    assert_eq!(essence(&project(&corpus, "crlf")), essence(&sample(2)));
    assert_eq!(essence(&project(&corpus, "cr")), essence(&sample(2)));
    let p = project(&corpus, "nul_few");
    let sammanfattning = &p.section("Sammanfattning").unwrap().text;
    assert!(sammanfattning.starts_with("Det␀lo␀kala␀ kooperativet"));
    assert!(!p.sections.iter().any(|s| s.text.contains('\0')));
    assert!(p.warnings.iter().any(|w| w.contains("control")));
    let p = project(&corpus, "long_section");
    assert_eq!(p.sections.len(), 1);
    let text = &p.sections[0].text;
    assert_eq!(text.lines().count(), 100_000);
    assert!(text.starts_with("Rad 0 i en mycket lång sektion.\nRad 1 "));
    assert!(text.ends_with("Rad 99999 i en mycket lång sektion."));
    let p = project(&corpus, "long_line");
    assert_eq!(p.sections[0].text, long_line);
    let p = project(&corpus, "header_only");
    assert_eq!(p.title, "Bara huvud");
    assert!(p.sections.is_empty());
    assert_eq!(p.region.as_deref(), Some("Stockholm"));
    assert!(p.warnings.iter().any(|w| w.contains("no sections")));
    // The symlink loop: the page behind it is found exactly once.
    let p = project(&corpus, "inner");
    assert_eq!(essence(&p), essence(&sample(4)));
    let inner = corpus
        .store
        .projects()
        .iter()
        .flat_map(|p| &p.sources)
        .filter(|s| s.path.ends_with("inner.txt"))
        .count();
    assert_eq!(inner, 1, "the page behind the loop is read once");

    // The UTF-16 file without a byte-order mark is either read right or refused.
    match corpus.store.find_id("utf16_no_bom") {
        Ok(i) => assert_eq!(essence(corpus.store.project(i)), essence(&sample(4))),
        Err(_) => assert_eq!(
            problems.get(&d("utf16_no_bom.txt")),
            Some(&PageError::Binary)
        ),
    }

    // Every bad file is a problem with its path and reason.
    let expect = |name: &str, check: &dyn Fn(&PageError) -> bool, words: &str| {
        let error = problems
            .get(&d(name))
            .unwrap_or_else(|| panic!("no problem for {name}: {problems:#?}"));
        assert!(check(error), "{name}: {error:?}");
        let message = error.to_string();
        assert!(message.contains(words), "{name}: {message:?}");
    };
    expect("empty.txt", &|e| *e == PageError::Empty, "empty file");
    expect("whitespace.txt", &|e| *e == PageError::Empty, "empty file");
    expect("random.txt", &|e| *e == PageError::Binary, "binary data");
    expect("image.png.txt", &|e| *e == PageError::Binary, "binary data");
    expect("nul_many.txt", &|e| *e == PageError::Binary, "binary data");
    expect(
        "random_with_bom.txt",
        &|e| matches!(e, PageError::Binary | PageError::NotAPage(_)),
        "",
    );
    expect(
        "huge.txt",
        &|e| {
            *e == PageError::TooLarge {
                bytes: MAX_PAGE_BYTES + 1,
                limit: MAX_PAGE_BYTES,
            }
        },
        "too large",
    );
    expect(
        "title_only.txt",
        &|e| matches!(e, PageError::NotAPage(why) if why.contains("no header fields")),
        "not a project page",
    );
    expect(
        "no_title.txt",
        &|e| matches!(e, PageError::NotAPage(why) if why.contains("no title")),
        "not a project page",
    );
    expect(
        "prose.txt",
        &|e| matches!(e, PageError::NotAPage(_)),
        "not a project page",
    );
    expect(
        "dangling.txt",
        &|e| matches!(e, PageError::Unreadable(why) if why.contains("dangling")),
        "cannot read",
    );
    expect(
        "self.txt",
        &|e| matches!(e, PageError::Unreadable(_)),
        "cannot read",
    );
    if permissions_are_bypassed(&d("unreadable.txt")) {
        // Running as root: the file is read like any other.
        assert_eq!(
            essence(&project(&corpus, "unreadable")),
            essence(&sample(1))
        );
    } else {
        expect(
            "unreadable.txt",
            &|e| matches!(e, PageError::Unreadable(why) if why.contains("permission denied")),
            "cannot read",
        );
    }
    if fifo_made {
        expect(
            "pipe.txt",
            &|e| matches!(e, PageError::Unreadable(why) if why.contains("not a regular file")),
            "cannot read",
        );
        // Named on the command line rather than found in a directory: the
        // same answer, without waiting for a writer.
        let pipe = d("pipe.txt");
        let named = within(Duration::from_secs(20), move || {
            esf_browse::model::load_paths(&[pipe], &|_| {})
        });
        assert_eq!(named.store.len(), 0);
        assert!(
            matches!(&named.problems[0].error, PageError::Unreadable(why) if why.contains("not a regular file"))
        );
    }

    // A directory named x.txt is walked, not read; other names are ignored.
    assert!(!problems.keys().any(|p| p.starts_with(d("x.txt"))));
    assert!(!problems.contains_key(&d("notes.md")));
    assert!(corpus.store.find_id("x").is_err());
    assert!(corpus.store.find_id("notes").is_err());

    // Nothing else went wrong, and everything is accounted for.
    let root = usize::from(permissions_are_bypassed(&d("unreadable.txt")));
    let good = usize::from(corpus.store.find_id("utf16_no_bom").is_ok());
    // Pages read: every file that loaded, copies of one sample included
    // (they are merged into one project each).
    let ids: Vec<&str> = corpus
        .store
        .projects()
        .iter()
        .flat_map(|p| p.sources.iter().map(|s| s.id.as_str()))
        .collect();
    assert_eq!(ids.len(), 14 + root + good, "{ids:?}");
    let bad = 12 + (1 - root) + usize::from(fifo_made) + (1 - good);
    assert_eq!(corpus.problems.len(), bad, "{problems:#?}");
    assert_eq!(corpus.files_seen, ids.len() + corpus.problems.len());
    // Problems come sorted by path, each under the corpus directory.
    assert!(corpus.problems.windows(2).all(|w| w[0].path < w[1].path));
    assert!(
        corpus
            .problems
            .iter()
            .all(|p| p.path.starts_with(dir.path()))
    );

    // Restore permissions so that the directory can be cleaned up anywhere.
    let mut perms = fs::metadata(&locked).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o644);
    fs::set_permissions(&locked, perms).unwrap();
}

#[test]
fn a_file_at_the_size_limit_is_read_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Zeros (sparse): read in full, then refused as binary, not as too large.
    let file = fs::File::create(dir.path().join("zeros.txt")).unwrap();
    file.set_len(MAX_PAGE_BYTES).unwrap();
    drop(file);
    assert_eq!(
        read_page(&dir.path().join("zeros.txt")).unwrap_err(),
        PageError::Binary
    );
    let file = fs::File::create(dir.path().join("over.txt")).unwrap();
    file.set_len(MAX_PAGE_BYTES + 1).unwrap();
    drop(file);
    let error = read_page(&dir.path().join("over.txt")).unwrap_err();
    assert!(matches!(error, PageError::TooLarge { bytes, .. } if bytes == MAX_PAGE_BYTES + 1));
    assert!(error.to_string().contains("too large"));
}

#[test]
fn symlink_loops_between_directories_end() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("a/deeper")).unwrap();
    fs::create_dir_all(dir.path().join("b")).unwrap();
    std::os::unix::fs::symlink("../../b", dir.path().join("a/deeper/up")).unwrap();
    std::os::unix::fs::symlink("../a", dir.path().join("b/to_a")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("b/here")).unwrap();
    fs::copy(
        common::sample_path(SAMPLES[1]),
        dir.path().join("a/deeper/one.txt"),
    )
    .unwrap();
    fs::copy(
        common::sample_path(SAMPLES[2]),
        dir.path().join("b/two.txt"),
    )
    .unwrap();
    let paths = vec![
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().to_path_buf(),
    ];
    let corpus = within(Duration::from_secs(20), move || load_paths(&paths, &|_| {}));
    let mut ids: Vec<&str> = corpus
        .store
        .projects()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    ids.sort();
    assert_eq!(ids, ["one", "two"]);
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
}

#[test]
fn a_directory_named_like_a_page() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("x.txt")).unwrap();
    let error = read_page(&dir.path().join("x.txt")).unwrap_err();
    assert!(matches!(&error, PageError::Unreadable(why) if why.contains("directory")));
    // Given as a path, it is walked like any directory.
    fs::copy(
        common::sample_path(SAMPLES[0]),
        dir.path().join("x.txt/inside.txt"),
    )
    .unwrap();
    let corpus = load_paths(&[dir.path().join("x.txt")], &|_| {});
    assert_eq!(corpus.store.len(), 1);
    assert_eq!(corpus.store.project(0).id, "inside");
}

#[test]
fn empty_and_missing_corpora() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = load_paths(&[dir.path().to_path_buf()], &|_| {});
    assert!(corpus.store.is_empty());
    assert!(corpus.problems.is_empty());
    assert_eq!(corpus.files_seen, 0);
    assert_eq!(corpus.bytes_read, 0);

    let corpus = load_paths(&[], &|_| {});
    assert!(corpus.store.is_empty());

    let missing = dir.path().join("no-such-dir");
    let corpus = load_paths(std::slice::from_ref(&missing), &|_| {});
    assert_eq!(corpus.problems.len(), 1);
    assert_eq!(corpus.problems[0].path, missing);
    assert!(
        matches!(&corpus.problems[0].error, PageError::Unreadable(why) if why.contains("no such file"))
    );
}

#[test]
fn a_single_bad_file_given_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write_file(&dir, "empty.txt", b"");
    let corpus = load_paths(std::slice::from_ref(&empty), &|_| {});
    assert_eq!(corpus.files_seen, 1);
    assert_eq!(corpus.problems.len(), 1);
    assert_eq!(corpus.problems[0].path, empty);
    assert_eq!(corpus.problems[0].error, PageError::Empty);
    // A file given by path is read whatever its extension.
    let page = write_file(&dir, "page.html", sample_text(SAMPLES[0]));
    let corpus = load_paths(&[page], &|_| {});
    assert_eq!(corpus.store.len(), 1);
    assert_eq!(corpus.store.project(0).title, "HP3");
}
