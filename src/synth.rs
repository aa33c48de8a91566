//! A deterministic generator of project pages in the real format, for
//! benchmarks and scale tests (`esf-browse gen-corpus`). Nothing large is
//! committed: corpora are made on demand from a seed.

use std::fs;
use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;

use crate::model::page::page_text::page_text;
use crate::model::page::parse::{KNOWN_REGIONS, SECTION_HEADINGS};
use crate::model::page::project::{Date, ExtraField, Layout, ListKind, Project, Section};

/// SplitMix64: small, fast, and the same numbers on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `range` (half-open).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound.max(1) as u64) as usize
    }

    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: [&str; 96] = [
    "projektet",
    "arbetsmarknaden",
    "kompetensutveckling",
    "deltagarna",
    "samverkan",
    "kommunen",
    "arbetsförmedlingen",
    "utbildning",
    "ungdomar",
    "långtidsarbetslösa",
    "metoder",
    "insatser",
    "näringslivet",
    "arbetsgivare",
    "målgruppen",
    "jämställdhet",
    "tillgänglighet",
    "individer",
    "och",
    "att",
    "för",
    "med",
    "som",
    "till",
    "av",
    "på",
    "i",
    "en",
    "ett",
    "det",
    "är",
    "har",
    "kommer",
    "ska",
    "genom",
    "inom",
    "under",
    "mellan",
    "vilket",
    "samt",
    "även",
    "både",
    "lokala",
    "regionala",
    "nationella",
    "nya",
    "hållbart",
    "arbetsliv",
    "praktik",
    "handledning",
    "vägledning",
    "studier",
    "anställning",
    "försörjning",
    "utveckla",
    "stärka",
    "öka",
    "minska",
    "skapa",
    "erbjuda",
    "genomföra",
    "utvärdera",
    "sprida",
    "resultat",
    "erfarenheter",
    "modell",
    "organisationen",
    "personalen",
    "chefer",
    "medarbetare",
    "företag",
    "föreningar",
    "skolan",
    "socialtjänsten",
    "Försäkringskassan",
    "samordningsförbund",
    "nätverk",
    "mentorskap",
    "språkstöd",
    "validering",
    "yrkesutbildning",
    "arbetsträning",
    "coachning",
    "utanförskap",
    "integration",
    "funktionsnedsättning",
    "kvinnor",
    "män",
    "unga",
    "äldre",
    "nyanlända",
    "glesbygd",
    "landsbygd",
    "tätort",
    "framtiden",
    "behov",
];

const TITLE_WORDS: [&str; 40] = [
    "Kompetens",
    "Framtid",
    "Vägen",
    "Arbete",
    "Steget",
    "Kraftsamling",
    "Nya",
    "Möjligheter",
    "Lärande",
    "Hälsa",
    "Jobb",
    "Unga",
    "Växa",
    "Bron",
    "Nätverket",
    "Resurs",
    "Utveckling",
    "Mångfald",
    "Start",
    "Kliv",
    "Ökad",
    "Delaktighet",
    "Samverkan",
    "Företagsamhet",
    "Lyft",
    "Ådalen",
    "Älvdalen",
    "Östersund",
    "Härjedalen",
    "Bergslagen",
    "Norrland",
    "Skåne",
    "Gotland",
    "Värmland",
    "Dalarna",
    "Småland",
    "Göteborg",
    "Malmö",
    "Umeå",
    "Luleå",
];

const KOMMUNER: [&str; 40] = [
    "Avesta",
    "Borlänge",
    "Falun",
    "Gagnef",
    "Hedemora",
    "Leksand",
    "Ludvika",
    "Mora",
    "Rättvik",
    "Säter",
    "Östersund",
    "Härjedalen",
    "Umeå",
    "Luleå",
    "Kiruna",
    "Gävle",
    "Sandviken",
    "Söderhamn",
    "Karlstad",
    "Arvika",
    "Örebro",
    "Västerås",
    "Uppsala",
    "Enköping",
    "Norrköping",
    "Linköping",
    "Stockholm",
    "Södertälje",
    "Göteborg",
    "Borås",
    "Trollhättan",
    "Malmö",
    "Lund",
    "Helsingborg",
    "Kristianstad",
    "Växjö",
    "Kalmar",
    "Jönköping",
    "Visby",
    "Älvdalen",
];

const ORGANISATIONS: [&str; 12] = [
    "Arbetsförmedlingen",
    "Försäkringskassan",
    "Socialförvaltningen",
    "Folkhögskolan",
    "Samordningsförbundet",
    "Region Dalarna",
    "Företagarna",
    "LO-facken",
    "Vuxenutbildningen",
    "Omsorgsförvaltningen",
    "Resurscentrum",
    "Näringslivskontoret",
];

fn sentence(rng: &mut Rng) -> String {
    let count = rng.between(6, 22);
    let mut words: Vec<&str> = (0..count).map(|_| *rng.pick(&WORDS)).collect();
    let first = words[0];
    let capitalised: String = first
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                c.to_uppercase().next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    words[0] = &capitalised;
    format!("{}.", words.join(" "))
}

fn paragraph(rng: &mut Rng, bytes: usize) -> String {
    let mut text = String::new();
    while text.len() < bytes {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&sentence(rng));
    }
    text
}

fn section_text(rng: &mut Rng, bytes: usize) -> String {
    let mut paragraphs = Vec::new();
    let mut written = 0;
    while written < bytes {
        let size = rng.between(200, 1600).min(bytes - written + 40);
        let paragraph = if rng.chance(10) {
            (0..rng.between(2, 5))
                .map(|_| format!("- {}", sentence(rng)))
                .collect::<Vec<_>>()
                .join("\n")
        } else if rng.chance(4) {
            "KOMPETENSUTVECKLING".to_string()
        } else {
            paragraph(rng, size)
        };
        written += paragraph.len() + 2;
        paragraphs.push(paragraph);
    }
    paragraphs.join("\n\n")
}

fn name_list(rng: &mut Rng, pool: &[&str], max: usize) -> Vec<String> {
    (0..rng.between(0, max))
        .map(|_| rng.pick(pool).to_string())
        .collect()
}

/// 4–16 KB of text in the usual sections, now and then one missing.
fn sections(rng: &mut Rng) -> Vec<Section> {
    let section_bytes = rng.between(4_000, 16_000);
    let mut headings: Vec<&str> = SECTION_HEADINGS[..8].to_vec();
    headings.retain(|_| !rng.chance(12));
    let per_section = section_bytes / headings.len().max(1);
    headings
        .iter()
        .map(|heading| Section {
            heading: heading.to_string(),
            text: section_text(rng, per_section),
        })
        .collect()
}

/// A title of one to eight words.
fn title(rng: &mut Rng) -> String {
    let title_words = rng.between(1, 8);
    (0..title_words)
        .map(|_| *rng.pick(&TITLE_WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The form of page and the project's dates. The bank's mix: the old
/// layout for 2007–2013, the newer pages for 2014–2027, a few of the old
/// site's 2014–2020 pages.
fn layout_and_dates(rng: &mut Rng) -> (Layout, u16, Option<Date>, Option<Date>) {
    let layout = match rng.below(10) {
        0..=5 => Layout::Old,
        6..=8 => Layout::New,
        _ => Layout::OldSite,
    };
    let start_year = match layout {
        Layout::Old => rng.between(2007, 2013),
        Layout::New => rng.between(2014, 2026),
        Layout::OldSite => rng.between(2014, 2018),
    } as u16;
    let start = Date::new(
        start_year,
        rng.between(1, 12) as u8,
        rng.between(1, 28) as u8,
    );
    let end = Date::new(
        start_year + rng.between(0, 3) as u16,
        rng.between(1, 12) as u8,
        rng.between(1, 28) as u8,
    );
    (layout, start_year, start, end)
}

/// One generated project, the same for the same `seed` and `number`.
pub fn project(seed: u64, number: usize) -> Project {
    let mut rng = Rng::new(seed ^ (number as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let title = title(&mut rng);
    let (layout, start_year, start, end) = layout_and_dates(&mut rng);
    let grant = rng.between(200, 30_000) as u64 * 1_000 + rng.below(1000) as u64;
    let sections = sections(&mut rng);
    let missing = |rng: &mut Rng| rng.chance(5);
    let project = Project {
        id: String::new(),
        source: Default::default(),
        title,
        program_area: (!missing(&mut rng)).then(|| {
            rng.pick(&[
                "Programområde 1 Kompetensförsörjning",
                "Programområde 2 Ökat arbetskraftsutbud",
            ])
            .to_string()
        }),
        phase: (!missing(&mut rng))
            .then(|| rng.pick(&["Förprojektering", "Genomförande"]).to_string()),
        owner: (!rng.chance(15)).then(|| rng.pick(&ORGANISATIONS).to_string()),
        contact_name: (!missing(&mut rng)).then(|| format!("Person {}", rng.below(5000))),
        email: (!missing(&mut rng)).then(|| format!("kontakt{}@example.se", rng.below(5000))),
        phone: (!missing(&mut rng)).then(|| {
            format!(
                "0{}-{} {}",
                rng.between(8, 980),
                rng.between(10, 99),
                rng.between(100, 999)
            )
        }),
        esf_grant_sek: (!missing(&mut rng)).then_some(grant),
        total_budget_sek: (!missing(&mut rng)).then_some(grant * rng.between(1, 4) as u64),
        period_start: start,
        period_end: end.filter(|e| Some(*e) >= start),
        region: (!missing(&mut rng)).then(|| rng.pick(&KNOWN_REGIONS[..9]).to_string()),
        sections,
        co_financiers: name_list(&mut rng, &ORGANISATIONS, 5),
        partners: name_list(&mut rng, &ORGANISATIONS, 7),
        participants: name_list(&mut rng, &ORGANISATIONS, 4),
        municipalities: name_list(&mut rng, &KOMMUNER, 12),
        ..Project::default()
    };
    match layout {
        Layout::Old => project,
        _ => newer_form(project, layout, start_year, &mut rng),
    }
}

/// The project as a newer page (or the old site's 2014–2020 page) has it:
/// a registration number and the newer fields, no phase or phone, and for
/// the newer pages an untitled description first and no bullet lists.
fn newer_form(mut project: Project, layout: Layout, start_year: u16, rng: &mut Rng) -> Project {
    let esf_plus = start_year >= 2021;
    project.layout = layout;
    project.phase = None;
    project.phone = None;
    project.registration_number = Some(if esf_plus {
        format!(
            "{}-{:03}-S{:02}",
            start_year % 100,
            rng.below(1000),
            rng.between(1, 9)
        )
    } else {
        format!("{start_year}/{:05}", rng.below(100_000))
    });
    project.program_area = Some(match (layout, esf_plus) {
        (Layout::OldSite, _) => rng
            .pick(&[
                "1.1 Kompetensförsörjning",
                "2.1 Ökade övergångar till arbete",
            ])
            .to_string(),
        (_, true) => rng.pick(&["A", "B", "C", "D"]).to_string(),
        (_, false) => rng.between(1, 7).to_string(),
    });
    project.specific_objective = Some(if esf_plus {
        format!("{}{}", rng.pick(&["A", "B", "C"]), rng.between(1, 4))
    } else {
        format!("{}.{}", rng.between(1, 3), rng.between(1, 3))
    });
    project.fund = esf_plus.then(|| "ESF+".to_string());
    project.planned_participants = Some(rng.between(10, 900) as u64);
    project.co_financing_rate = Some(format!("{}%", rng.pick(&[40, 50, 60, 85])));
    project.nuts2 = esf_plus.then(|| format!("SE{}", rng.pick(&[11, 12, 21, 22, 23, 31, 32, 33])));
    project.extra_fields.push(ExtraField {
        label: "Stödmottagare ort".to_string(),
        value: rng.pick(&KOMMUNER).to_string(),
    });
    if layout == Layout::New {
        if let Some(first) = project.sections.first_mut() {
            first.heading.clear();
        }
        for kind in ListKind::ALL {
            project.list_mut(kind).clear();
        }
    }
    project
}

/// The page text of generated project `number`, sometimes with CRLF line
/// ends or a byte-order mark, as real collections have.
pub fn page(seed: u64, number: usize) -> Vec<u8> {
    let project = project(seed, number);
    let text = page_text(&project);
    let variant = (seed ^ number as u64).wrapping_mul(0x9E37_79B9) % 20;
    match variant {
        0 => text.replace('\n', "\r\n").into_bytes(),
        1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        _ => text.into_bytes(),
    }
}

/// The file name of generated page `number`.
pub fn file_name(seed: u64, number: usize) -> String {
    let mut rng = Rng::new(seed.wrapping_add(number as u64));
    format!("{number:06}_{:016x}.txt", rng.next_u64())
}

/// Writes `count` pages into `dir` (created if needed); returns the bytes written.
pub fn write_corpus(dir: &Path, count: usize, seed: u64) -> anyhow::Result<u64> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    (0..count)
        .into_par_iter()
        .map(|number| {
            let path = dir.join(file_name(seed, number));
            let bytes = page(seed, number);
            fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
            Ok(bytes.len() as u64)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::parse::parse_page_bytes;

    #[test]
    fn generation_is_deterministic_and_parses_back() {
        assert_eq!(page(7, 3), page(7, 3));
        assert_ne!(page(7, 3), page(7, 4));
        for number in 0..40 {
            let expected = project(11, number);
            let parsed = parse_page_bytes("x", Path::new("x"), &page(11, number)).unwrap();
            assert_eq!(parsed.title, expected.title);
            assert_eq!(parsed.sections, expected.sections, "page {number}");
            assert_eq!(parsed.municipalities, expected.municipalities);
            assert_eq!(parsed.esf_grant_sek, expected.esf_grant_sek);
            assert_eq!(parsed.period_start, expected.period_start);
            assert_eq!(parsed.layout, expected.layout);
            assert_eq!(parsed.registration_number, expected.registration_number);
        }
        let layouts: Vec<Layout> = (0..40).map(|n| project(11, n).layout).collect();
        for layout in [Layout::Old, Layout::New, Layout::OldSite] {
            assert!(layouts.contains(&layout), "{layout:?} generated");
        }
    }

    #[test]
    fn pages_carry_four_to_sixteen_kilobytes_of_sections() {
        for number in 0..20 {
            let p = project(5, number);
            let bytes: usize = p.sections.iter().map(|s| s.text.len()).sum();
            assert!((3_000..=20_000).contains(&bytes), "{bytes}");
        }
    }
}
