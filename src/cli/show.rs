//! `esf-browse show ID`: one project as readable, wrapped text.

use crate::model::format::printable_path;
use std::io::Write;
use std::process::ExitCode;

use super::args::ShowArgs;
use super::{load_reporting, output_width, print_error};
use crate::model::document::layout;

pub fn run(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let corpus = load_reporting(&args.paths);
    let store = &corpus.store;
    let index = match store.find_id(&args.id) {
        Ok(index) => index,
        Err(candidates) if candidates.is_empty() => {
            print_error(format_args!("no project with id {:?}", args.id));
            return Ok(ExitCode::FAILURE);
        }
        Err(candidates) => {
            let ids: Vec<&str> = candidates
                .iter()
                .take(10)
                .map(|&i| store.project(i).id.as_str())
                .collect();
            print_error(format_args!(
                "{:?} matches several projects: {}",
                args.id,
                ids.join(", ")
            ));
            return Ok(ExitCode::FAILURE);
        }
    };
    let project = store.project(index);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, project)?;
        writeln!(out)?;
    } else {
        for line in layout(project, output_width()).lines {
            writeln!(out, "{}", line.text)?;
        }
        writeln!(out)?;
        writeln!(out, "Källa  {}", printable_path(&project.source))?;
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
