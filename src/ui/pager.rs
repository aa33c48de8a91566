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

/// `sh -c '<pager> "$@"' esf-browse <file>`: the pager's own words split
/// by the shell, the file passed as one argument whatever it contains.
pub fn command(pager: &str, file: &Path) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{pager} \"$@\""))
        .arg("esf-browse")
        .arg(file);
    command
}

/// Shows `source` (or, for a bundled page, `bundled`'s bytes) in the pager;
/// says what went wrong, if anything did.
pub fn show(
    host: &mut impl Host,
    source: &Path,
    bundled: Option<&[u8]>,
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
    let status = host
        .lend_terminal(&mut command(&pager, file))
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
