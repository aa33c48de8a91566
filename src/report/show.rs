//! What `show ID` prints, locally and over SSH: one project as readable,
//! wrapped text, or as JSON.

use std::io::Write;

use super::Sink;
use crate::command_line::ShowArgs;
use crate::model::Project;
use crate::model::page::document::layout;
use crate::model::page::format::printable_path;

/// Writes the project `args` names (its paths aside) from `store`; returns
/// the exit status.
pub fn write(
    store: &crate::model::Store,
    args: &ShowArgs,
    sink: &mut Sink<'_>,
) -> anyhow::Result<u8> {
    let index = match store.find_id(&args.id) {
        Ok(index) => index,
        Err(candidates) if candidates.is_empty() => match by_title(store, &args.id) {
            Ok(index) => index,
            Err(message) => {
                sink.error(message);
                return Ok(1);
            }
        },
        Err(candidates) => {
            let ids: Vec<&str> = candidates
                .iter()
                .take(10)
                .map(|&i| store.project(i).id.as_str())
                .collect();
            sink.error(format_args!(
                "{:?} matches several projects: {}",
                args.id,
                ids.join(", ")
            ));
            return Ok(1);
        }
    };
    let project = store.project(index);
    let width = sink.width();
    if args.json {
        write_json(sink.out, project)?;
    } else {
        write_text(sink.out, project, width)?;
    }
    Ok(0)
}

fn write_json(out: &mut dyn Write, project: &Project) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, project)?;
    writeln!(out)?;
    Ok(())
}

fn write_text(out: &mut dyn Write, project: &Project, width: usize) -> anyhow::Result<()> {
    for line in layout(project, width).lines {
        writeln!(out, "{}", line.text)?;
    }
    writeln!(out)?;
    writeln!(out, "Källa  {}", printable_path(&project.source))?;
    Ok(())
}

/// The project a title names: the only fuzzy match, the one whose title it
/// is, or the best one when it scores above the rest.
fn by_title(store: &crate::model::Store, query: &str) -> Result<usize, String> {
    use crate::model::{TitleQuery, TitleSearch};
    let hits = TitleSearch::new().run(store, &TitleQuery::new(query));
    let title = |hit: &crate::model::Hit| store.project(hit.index as usize).title.as_str();
    let exact: Vec<crate::model::Hit> = hits
        .iter()
        .filter(|hit| title(hit).eq_ignore_ascii_case(query.trim()))
        .copied()
        .collect();
    match (hits.as_slice(), exact.as_slice()) {
        ([], _) => Err(format!(
            "no project with id, registration number or title {query:?}"
        )),
        ([only], _) | (_, [only]) => Ok(only.index as usize),
        ([first, second, ..], _) if first.score > second.score => Ok(first.index as usize),
        (many, _) => {
            let titles: Vec<String> = many
                .iter()
                .take(8)
                .map(|hit| format!("{} ({})", title(hit), store.project(hit.index as usize).id))
                .collect();
            Err(format!(
                "{query:?} matches several titles: {}",
                titles.join(", ")
            ))
        }
    }
}
