//! A deterministic generator of project pages in the real format, for
//! benchmarks and scale tests (`esf-browse gen-corpus`). Nothing large is
//! committed: corpora are made on demand from a seed.

use std::fs;
use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;

use crate::model::parse::{KNOWN_REGIONS, SECTION_HEADINGS};
use crate::model::project::{Date, Project, Section};
use crate::model::write::page_text;

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

/// One generated project, the same for the same `seed` and `number`.
pub fn project(seed: u64, number: usize) -> Project {
    let mut rng = Rng::new(seed ^ (number as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let title_words = rng.between(1, 8);
    let title = (0..title_words)
        .map(|_| *rng.pick(&TITLE_WORDS))
        .collect::<Vec<_>>()
        .join(" ");
    let start_year = rng.between(2007, 2020) as u16;
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
    let grant = rng.between(200, 30_000) as u64 * 1_000 + rng.below(1000) as u64;
    let section_bytes = rng.between(4_000, 16_000);
    let mut headings: Vec<&str> = SECTION_HEADINGS[..8].to_vec();
    headings.retain(|_| !rng.chance(12));
    let per_section = section_bytes / headings.len().max(1);
    let sections = headings
        .iter()
        .map(|heading| Section {
            heading: heading.to_string(),
            text: section_text(&mut rng, per_section),
        })
        .collect();
    let missing = |rng: &mut Rng| rng.chance(5);
    Project {
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
    }
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
    use crate::model::parse::parse_page_bytes;

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
