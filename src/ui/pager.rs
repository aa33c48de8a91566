//! Opening a page's source file in the user's pager: `$PAGER`, else
//! `less`, run through `sh` as git does so `PAGER="less -R"` works. A page
//! of the bundled samples is first copied to a temporary file.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::Context;

use super::commands::Host;

/// The pager the user chose, or `less`.
pub fn program() -> String {
    std::env::var("PAGER")
        .ok()
        .filter(|pager| !pager.trim().is_empty())
        .unwrap_or_else(|| "less".to_string())
}

/// `sh -c '<pager> "$@"' esf-browse [<start>] <file>`: the pager's own
/// words split by the shell, the start (`+12g/lokala arbetsmarknaden`) and
/// the file passed as arguments of their own whatever they contain.
pub fn command(pager: &str, file: &Path, start: Option<&str>) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{pager} \"$@\""))
        .arg("esf-browse");
    command.args(start).arg(file);
    command
}

/// Where find in page stands, for the pager to open there: the find's
/// words and the current match with the page's text around it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagerSpot {
    pub query: String,
    pub before: String,
    pub matched: String,
    pub after: String,
}

/// How much text around a match tells its place in the file.
const CONTEXT: usize = 80;

impl PagerSpot {
    /// The match `start..end` of `text`, found by `query`.
    pub fn new(query: &str, text: &str, start: usize, end: usize) -> PagerSpot {
        let before: String = text[..start].chars().rev().take(CONTEXT).collect();
        PagerSpot {
            query: query.to_string(),
            before: before.chars().rev().collect(),
            matched: text[start..end].to_string(),
            after: text[end..].chars().take(CONTEXT).collect(),
        }
    }

    /// Where in the file's text (`file`) the match is: the occurrence of
    /// the query with the most of the match's surroundings around it, as
    /// (line from 1, the match as written up to the line's end).
    pub fn locate(&self, file: &str) -> Option<(usize, String)> {
        let query = crate::model::query::text::TextQuery::parse(&self.query);
        let (start, end) = query
            .matches_in(file)
            .into_iter()
            .rev()
            .max_by_key(|&(start, end)| self.likeness(file, start, end))?;
        let line = 1 + file[..start].matches('\n').count();
        let shown = file[start..end].split(['\n', '\r']).next().unwrap_or("");
        Some((line, shown.to_string()))
    }

    /// How many characters around `start..end` of `file` agree with the
    /// match's surroundings (any white space agrees with any).
    fn likeness(&self, file: &str, start: usize, end: usize) -> usize {
        let same = |a: char, b: char| a == b || (a.is_whitespace() && b.is_whitespace());
        let agree = |ours: &mut dyn Iterator<Item = char>,
                     theirs: &mut dyn Iterator<Item = char>| {
            ours.zip(theirs).take_while(|&(a, b)| same(a, b)).count()
        };
        let after = agree(&mut self.after.chars(), &mut file[end..].chars());
        let before = agree(
            &mut self.before.chars().rev(),
            &mut file[..start].chars().rev(),
        );
        let matched = usize::from(file[start..end] == self.matched);
        after + before + matched
    }
}

/// What `less` is told to start with to show the match: its line, then a
/// search for it as written (which marks it), the pattern's regular
/// expression characters escaped. `None` for other pagers.
pub fn less_start(pager: &str, line: usize, shown: &str) -> Option<String> {
    let program = pager.split_whitespace().next()?;
    if Path::new(program).file_name()? != "less" {
        return None;
    }
    let mut pattern = String::new();
    for c in shown.chars().filter(|c| !c.is_control()) {
        if "\\^$.|?*+()[]{}".contains(c) {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    if pattern.trim().is_empty() {
        return Some(format!("+{line}g"));
    }
    Some(format!("+{line}g/{pattern}"))
}

/// Shows `source` (or, for a bundled page, `bundled`'s bytes) in the pager,
/// at `spot` if given and the pager can start there; says what went wrong,
/// if anything did.
pub fn show(
    host: &mut impl Host,
    source: &Path,
    bundled: Option<&[u8]>,
    spot: Option<&PagerSpot>,
) -> anyhow::Result<Option<String>> {
    let copy;
    let file = match bundled {
        Some(bytes) => {
            let mut temporary = tempfile::Builder::new()
                .prefix("esf-browse-")
                .suffix(".txt")
                .tempfile()
                .context("cannot make a temporary copy of the sample page")?;
            temporary
                .write_all(bytes)
                .context("cannot make a temporary copy of the sample page")?;
            copy = temporary;
            copy.path()
        }
        None => source,
    };
    if !file.is_file() {
        return Ok(Some(format!(
            "{} is no longer there",
            crate::model::page::format::printable_path(source)
        )));
    }
    let pager = program();
    let start = spot.and_then(|spot| start_at(&pager, file, spot));
    let status = host
        .lend_terminal(&mut command(&pager, file, start.as_deref()))
        .with_context(|| format!("cannot run the pager `{pager}`"))?;
    Ok(match status.code() {
        Some(0) | None => None,
        // The shell's answer when the command is not there.
        Some(127) => Some(format!(
            "the pager `{pager}` was not found: set $PAGER to one"
        )),
        Some(code) => Some(format!("the pager `{pager}` ended with status {code}")),
    })
}

/// The pager's start at `spot` in `file`, if the file can be read, holds
/// it, and the pager is one that can start there.
pub fn start_at(pager: &str, file: &Path, spot: &PagerSpot) -> Option<String> {
    let bytes = std::fs::read(file).ok()?;
    let text = crate::model::page::decode::decode(&bytes).ok()?;
    let (line, shown) = spot.locate(&text.text)?;
    less_start(pager, line, &shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn less_is_told_the_line_and_the_match_escaped_other_pagers_nothing() {
        assert_eq!(
            less_start("/usr/bin/less -R", 12, "kr. (2019/00446) [a]*"),
            Some(r"+12g/kr\. \(2019/00446\) \[a\]\*".to_string())
        );
        assert_eq!(less_start("less", 3, "a\u{1b}b"), Some("+3g/ab".into()));
        assert_eq!(less_start("more", 3, "ord"), None);
        assert_eq!(less_start("lesser", 3, "ord"), None);
    }

    #[test]
    fn the_match_is_found_in_the_file_by_what_surrounds_it() {
        let file = "Titel\nDen lokala arbetsmarknaden.\nMer om den lokala\narbetsmarknaden idag.\n";
        let text = "Mer om den lokala arbetsmarknaden idag.";
        let start = text.find("lokala").unwrap();
        let end = text.find(" idag").unwrap();
        let spot = PagerSpot::new("\"lokala arbetsmarknaden\"", text, start, end);
        assert_eq!(spot.locate(file), Some((3, "lokala".to_string())));
        let first = PagerSpot::new("lokala", "Den lokala arbetsmarknaden.", 4, 10);
        assert_eq!(first.locate(file), Some((2, "lokala".to_string())));
    }
}
