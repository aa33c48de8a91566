//! Invented pages of every form the project bank has served (FORMAT.md):
//! layout A (2007–2013) with each kind of notice above the title, layout B
//! for 2014–2020 and ESF+ 2021–2027, the old site's 2014–2020 form, a page
//! cut short and two files that are not pages (`tests/data/forms/`).
//!
//! Every expected value below was read off the fixture by hand. All names,
//! organisations, addresses, e-mail addresses, numbers and texts in the
//! fixtures are made up; the phone numbers are in the ranges Sweden keeps
//! for fiction.

use std::fs;
use std::path::{Path, PathBuf};

use esf_browse::model::page::parse::parse_page_bytes;
use esf_browse::model::{Facet, Layout, PageError, Project, Store, load_paths};

const TILLGANGLIGHET: &str = "Tillgänglighet för personer med funktionsnedsättning";

/// Every fixture that is a complete project page.
const COMPLETE_PAGES: [&str; 14] = [
    "old_plain.txt",
    "old_stang_webinar.txt",
    "old_stang_driftstopp.txt",
    "old_html_title.txt",
    "old_covid.txt",
    "old_no_notice.txt",
    "old_crlf_bom.txt",
    "old_cp1252.txt",
    "new_2021_full.txt",
    "new_2021_no_cookie_reordered.txt",
    "new_2014.txt",
    "new_2014_no_diarienummer.txt",
    "new_2014_react_eu.txt",
    "oldsite_2014.txt",
];

/// Fixtures that are not project pages.
const NOT_PAGES: [&str; 2] = ["flattened.txt", "not_a_page.txt"];

fn forms_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/forms")
}

fn parse(name: &str) -> Result<Project, PageError> {
    let path = forms_dir().join(name);
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let id = name
        .strip_suffix(".txt")
        .expect("fixture names end in .txt");
    parse_page_bytes(id, &path, &bytes)
}

fn page(name: &str) -> Project {
    parse(name).unwrap_or_else(|e| panic!("{name} refused: {e}"))
}

fn headings(p: &Project) -> Vec<&str> {
    p.sections.iter().map(|s| s.heading.as_str()).collect()
}

fn date(d: Option<esf_browse::model::Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// The value of an extra field, found by its label (with or without the
/// page's trailing colon).
fn extra<'a>(p: &'a Project, label: &str) -> Option<&'a str> {
    p.extra_fields
        .iter()
        .find(|f| f.label.trim().trim_end_matches(':').trim_end() == label)
        .map(|f| f.value.as_str())
}

/// Where an extra field stands among the extra fields.
fn extra_position(p: &Project, label: &str) -> usize {
    p.extra_fields
        .iter()
        .position(|f| f.label.trim().trim_end_matches(':').trim_end() == label)
        .unwrap_or_else(|| panic!("{label} not kept: {:?}", p.extra_fields))
}

/// Collapses every run of whitespace to one space.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a careful reader reads off a page.
struct Expect {
    layout: Layout,
    title: &'static str,
    region: &'static str,
    grant: Option<u64>,
    budget: Option<u64>,
    start: &'static str,
    end: &'static str,
    owner: Option<&'static str>,
    registration_number: Option<&'static str>,
    /// Berörd fond, as written (`None` when the page does not name it).
    fund: Option<&'static str>,
    /// The fund as written, else inferred from the programme period.
    fund_name: &'static str,
    period: &'static str,
    sections: &'static [&'static str],
}

fn check(name: &str, e: Expect) -> Project {
    let p = page(name);
    assert_eq!(p.layout, e.layout, "{name}: layout");
    assert_eq!(p.title, e.title, "{name}: title");
    assert_eq!(p.region.as_deref(), Some(e.region), "{name}: region");
    assert_eq!(p.esf_grant_sek, e.grant, "{name}: ESF grant");
    assert_eq!(p.total_budget_sek, e.budget, "{name}: total budget");
    assert_eq!(
        date(p.period_start).as_deref(),
        Some(e.start),
        "{name}: start"
    );
    assert_eq!(date(p.period_end).as_deref(), Some(e.end), "{name}: end");
    assert_eq!(p.owner.as_deref(), e.owner, "{name}: owner");
    assert_eq!(
        p.registration_number.as_deref(),
        e.registration_number,
        "{name}: registration number"
    );
    assert_eq!(p.fund.as_deref(), e.fund, "{name}: fund as written");
    assert_eq!(p.fund_name(), Some(e.fund_name), "{name}: fund name");
    assert_eq!(p.programme_period(), Some(e.period), "{name}: period");
    assert_eq!(headings(&p), e.sections, "{name}: section headings");
    p
}

// ---------------------------------------------------------------------------
// Layout A (2007–2013), each kind of chrome above the title

#[test]
fn old_plain_reads_as_written() {
    check(
        "old_plain.txt",
        Expect {
            layout: Layout::Old,
            title: "Yrkesbron Tallmora",
            region: "Mellersta Norrland",
            grant: Some(1_126_379),
            budget: Some(2_480_150),
            start: "2012-02-01",
            end: "2014-03-31",
            owner: None,
            registration_number: None,
            fund: None,
            fund_name: "ESF",
            period: "2007–2013",
            sections: &["Sammanfattning", "Bakgrund", "Syfte", "Målsättning"],
        },
    );
}

#[test]
fn old_plain_reads_the_glued_contact_fields_and_municipalities() {
    let p = page("old_plain.txt");
    assert_eq!(
        p.program_area.as_deref(),
        Some("Programområde 2 Ökat arbetskraftsutbud")
    );
    assert_eq!(p.phase.as_deref(), Some("Genomförande"));
    assert_eq!(p.contact_name.as_deref(), Some("Ingrid Vallmo"));
    assert_eq!(
        p.email.as_deref(),
        Some("ingrid.vallmo@tallmora.example.org")
    );
    assert_eq!(p.phone.as_deref(), Some("070-174 06 42"));
    assert_eq!(p.municipalities, ["Tallmora", "Ljungsälva"]);
    assert!(p.extra_fields.is_empty(), "{:?}", p.extra_fields);
}

#[test]
fn old_plain_section_text_is_the_paragraphs_under_the_heading() {
    let p = page("old_plain.txt");
    let bakgrund = &p.section("Bakgrund").unwrap().text;
    assert!(bakgrund.starts_with("Tallmora är en liten kommun"));
    assert!(bakgrund.ends_with("svårt att rekrytera personal."));
    assert_eq!(bakgrund.matches("\n\n").count(), 1);
}

#[test]
fn stang_and_a_webinar_notice_above_the_title_are_chrome() {
    let p = check(
        "old_stang_webinar.txt",
        Expect {
            layout: Layout::Old,
            title: "Steg in i arbetslivet",
            region: "Norra Mellansverige",
            grant: Some(3_204_500),
            budget: Some(6_409_000),
            start: "2011-09-01",
            end: "2013-08-31",
            owner: Some("Granbergs folkhögskola"),
            registration_number: None,
            fund: None,
            fund_name: "ESF",
            period: "2007–2013",
            sections: &[
                "Sammanfattning",
                "Bakgrund",
                "Syfte",
                "Målsättning",
                "Jämställdhetsintegrering",
            ],
        },
    );
    assert_eq!(p.phone.as_deref(), Some("031-390 06 15"));
    assert_eq!(
        p.partners,
        [
            "Granbergs folkhögskola",
            "Vård- och omsorgscollege Granberg"
        ]
    );
    assert_eq!(p.municipalities, ["Granberg", "Norrhyttan", "Stensjö bruk"]);
    for s in &p.sections {
        assert!(!s.text.contains("ebbinari"), "notice in {}", s.heading);
    }
}

#[test]
fn stang_and_a_service_stop_notice_above_the_title_are_chrome() {
    let p = check(
        "old_stang_driftstopp.txt",
        Expect {
            layout: Layout::Old,
            title: "Nya spår - mentorer i Söderort",
            region: "Stockholm",
            grant: Some(2_750_000),
            budget: Some(5_512_340),
            start: "2010-01-04",
            end: "2012-12-31",
            owner: Some("Föreningen Vägskälet"),
            registration_number: None,
            fund: None,
            fund_name: "ESF",
            period: "2007–2013",
            sections: &["Sammanfattning", "Bakgrund", "Målsättning", TILLGANGLIGHET],
        },
    );
    assert_eq!(p.contact_name.as_deref(), Some("Samir Haddad Lind"));
    assert_eq!(p.phone.as_deref(), Some("08-465 004 27"));
    assert_eq!(
        p.co_financiers,
        ["Arbetsförmedlingen Söderort", "Föreningen Vägskälet"]
    );
    assert_eq!(p.municipalities, ["Stockholm"]);
}

#[test]
fn an_html_title_line_before_the_logo_line_is_not_the_title() {
    let p = check(
        "old_html_title.txt",
        Expect {
            layout: Layout::Old,
            title: "Kompetenslyft Ljungsälva",
            region: "Västsverige",
            grant: Some(412_800),
            budget: Some(412_800),
            start: "2008-10-01",
            end: "2009-03-31",
            owner: Some("Ljungsälva Verkstäder AB"),
            registration_number: None,
            fund: None,
            fund_name: "ESF",
            period: "2007–2013",
            sections: &["Sammanfattning", "Bakgrund", "Syfte", "Målsättning"],
        },
    );
    assert_eq!(p.phase.as_deref(), Some("Förprojektering"));
    assert_eq!(p.participants, ["Ljungsälva Verkstäder AB"]);
    assert_eq!(p.municipalities, ["Ljungsälva"]);
}

#[test]
fn old_covid_notice_page_reads_as_written() {
    let p = check(
        "old_covid.txt",
        Expect {
            layout: Layout::Old,
            title: "Hantverkslyftet",
            region: "Småland och öarna",
            grant: Some(987_650),
            budget: Some(1_975_300),
            start: "2009-08-17",
            end: "2011-06-30",
            owner: Some("Hantverkarnas ekonomiska förening i Källmora"),
            registration_number: None,
            fund: None,
            fund_name: "ESF",
            period: "2007–2013",
            sections: &[
                "Sammanfattning",
                "Bakgrund",
                "Syfte",
                "Målsättning",
                "Förväntade mätbara effekter",
            ],
        },
    );
    assert_eq!(p.phone.as_deref(), Some("070-1740688"));
    assert_eq!(
        p.participants,
        [
            "Glasbruket i Källmora HB",
            "Källmora Keramik",
            "Smedjan i Ödmora"
        ]
    );
    assert_eq!(p.municipalities, ["Källmora"]);
}

#[test]
fn old_page_with_only_the_logo_line_above_the_title_reads_as_written() {
    let p = check(
        "old_no_notice.txt",
        Expect {
            layout: Layout::Old,
            title: "VÄGVAL 2.0",
            region: "Östra Mellansverige",
            grant: Some(6_120_000),
            budget: Some(14_300_500),
            start: "2012-05-01",
            end: "2014-04-30",
            owner: Some("Arbetsmarknadsenheten"),
            registration_number: None,
            fund: None,
            fund_name: "ESF",
            period: "2007–2013",
            sections: &[
                "Sammanfattning",
                "Bakgrund",
                "Målsättning",
                "Jämställdhetsintegrering",
            ],
        },
    );
    assert_eq!(
        p.co_financiers,
        [
            "Arbetsförmedlingen Ekbyhamn",
            "Ekbyhamns kommun",
            "Ekbyhamns kommun"
        ]
    );
    assert_eq!(p.municipalities, ["Ekbyhamn"]);
}

#[test]
fn old_page_pseudo_headings_stay_inside_bakgrund() {
    let p = page("old_no_notice.txt");
    let bakgrund = &p.section("Bakgrund").unwrap().text;
    assert!(bakgrund.lines().any(|l| l == "Under kartläggningsfasen:"));
    assert!(bakgrund.lines().any(|l| l == "UTBILDNINGSINSATSER"));
    assert!(bakgrund.ends_with("parallellt med praktik."));
}

#[test]
fn old_page_with_crlf_and_a_bom_reads_as_written() {
    let p = check(
        "old_crlf_bom.txt",
        Expect {
            layout: Layout::Old,
            title: "Lärlingsvägen",
            region: "Övre Norrland",
            grant: Some(2_045_000),
            budget: Some(4_090_000),
            start: "2010-03-01",
            end: "2012-02-29",
            owner: Some("Fjällbränna kommun"),
            registration_number: None,
            fund: None,
            fund_name: "ESF",
            period: "2007–2013",
            sections: &["Sammanfattning", "Bakgrund", "Syfte", "Målsättning"],
        },
    );
    assert_eq!(p.contact_name.as_deref(), Some("Åsa Nordfjäll"));
    assert_eq!(p.phone.as_deref(), Some("070 - 174 06 99"));
    assert_eq!(p.municipalities, ["Fjällbränna", "Malmvik"]);
}

#[test]
fn old_page_with_crlf_leaves_no_carriage_return_or_bom_anywhere() {
    let p = page("old_crlf_bom.txt");
    let mut texts = vec![p.title.as_str()];
    texts.extend(
        [&p.owner, &p.contact_name, &p.email, &p.phone, &p.region]
            .into_iter()
            .flatten()
            .map(String::as_str),
    );
    texts.extend(p.sections.iter().map(|s| s.text.as_str()));
    texts.extend(p.municipalities.iter().map(String::as_str));
    for text in texts {
        assert!(
            !text.contains('\r') && !text.contains('\u{feff}'),
            "{text:?}"
        );
    }
}

#[test]
fn old_page_in_windows_1252_reads_as_written() {
    let p = check(
        "old_cp1252.txt",
        Expect {
            layout: Layout::Old,
            title: "Språkväxeln – svenska på jobbet",
            region: "Sydsverige",
            grant: Some(1_830_200),
            budget: Some(3_660_400),
            start: "2011-01-10",
            end: "2012-12-21",
            owner: Some("Studieförbundet Ekbacken"),
            registration_number: None,
            fund: None,
            fund_name: "ESF",
            period: "2007–2013",
            sections: &["Sammanfattning", "Bakgrund", "Målsättning", TILLGANGLIGHET],
        },
    );
    assert_eq!(p.contact_name.as_deref(), Some("Mirja Öhrvall"));
    assert!(
        p.section("Bakgrund")
            .unwrap()
            .text
            .contains("”det största enskilda hindret”")
    );
    assert_eq!(
        p.partners,
        ["Ekbackens charkuteri AB", "Söderslätts bageri"]
    );
}

// ---------------------------------------------------------------------------
// Layout B, ESF+ 2021–2027

#[test]
fn new_2021_page_with_cookie_notice_reads_as_written() {
    check(
        "new_2021_full.txt",
        Expect {
            layout: Layout::New,
            title: "Framtidsverkstan Fjällbränna",
            region: "Övre Norrland",
            grant: None,
            budget: None,
            start: "2024-01-15",
            end: "2026-06-30",
            owner: Some("FJÄLLBRÄNNA KOMMUN"),
            registration_number: Some("23-123-S04"),
            fund: Some("ESF+"),
            fund_name: "ESF+",
            period: "2021–2027",
            sections: &[""],
        },
    );
}

#[test]
fn new_2021_page_reads_every_esf_plus_field() {
    let p = page("new_2021_full.txt");
    assert_eq!(p.owner_org_number.as_deref(), Some("2120003141"));
    assert_eq!(p.program_area.as_deref(), Some("B"));
    assert_eq!(p.specific_objective.as_deref(), Some("B1"));
    assert_eq!(p.co_financing_rate.as_deref(), Some("40%"));
    assert_eq!(p.nuts2.as_deref(), Some("SE33"));
    assert_eq!(p.intervention_type.as_deref(), Some("138"));
    assert_eq!(p.participant_count, Some(180));
    assert_eq!(p.planned_participants, None);
}

#[test]
fn new_2021_labels_without_a_model_field_are_kept_in_page_order() {
    let p = page("new_2021_full.txt");
    let kept = [
        ("Land som berörs", "Sverige"),
        ("Program CCI", "2021SE05SFPR001"),
        ("Sekundärtema - Motverka barnfattigdom", "Nej"),
        ("Stödmottagare postnr", ""),
        ("Stödmottagare ort", "Fjällbränna"),
        ("Insats av strategisk betydelse", "Nej"),
    ];
    for (label, value) in kept {
        assert_eq!(
            extra(&p, label),
            Some(value),
            "{label}: {:?}",
            p.extra_fields
        );
    }
    let positions: Vec<usize> = kept.iter().map(|(l, _)| extra_position(&p, l)).collect();
    assert!(
        positions.is_sorted(),
        "not in page order: {:?}",
        p.extra_fields
    );
}

#[test]
fn new_2021_description_is_one_untitled_section_without_the_cookie_notice() {
    let p = page("new_2021_full.txt");
    let text = &p.sections[0].text;
    assert!(text.starts_with("Framtidsverkstan Fjällbränna ska ge unga"));
    assert!(text.ends_with("när de lämnar verkstaden."));
    assert!(text.contains("Insatserna består av:"));
    assert!(normalise(text).contains("i samarbete med ungdomarna själva,"));
    for p_text in [p.title.as_str(), text.as_str()] {
        assert!(!p_text.contains("kakor") && !p_text.contains("Lär dig mer"));
    }
}

#[test]
fn new_2021_description_line_ending_in_a_colon_is_not_a_field() {
    let p = page("new_2021_full.txt");
    assert_eq!(extra(&p, "Insatserna består av"), None);
    assert!(
        p.extra_fields.iter().all(|f| !f.value.starts_with("- ")),
        "{:?}",
        p.extra_fields
    );
}

#[test]
fn new_2021_page_without_cookie_notice_and_reordered_reads_as_written() {
    check(
        "new_2021_no_cookie_reordered.txt",
        Expect {
            layout: Layout::New,
            title: "Vägen in - språk och arbete för nyanlända",
            region: "ESF Nationellt",
            grant: None,
            budget: None,
            start: "2023-09-01",
            end: "2026-08-31",
            owner: Some("STIFTELSEN LUNDMORA LÄRCENTRUM"),
            registration_number: Some("23-045-S02"),
            fund: Some("ESF+"),
            fund_name: "ESF+",
            period: "2021–2027",
            sections: &["", "Bakgrund", "Målsättning"],
        },
    );
}

#[test]
fn new_2021_reordered_page_reads_its_fields_and_empty_values() {
    let p = page("new_2021_no_cookie_reordered.txt");
    assert_eq!(p.owner_org_number.as_deref(), Some("8020004711"));
    assert_eq!(p.program_area.as_deref(), Some("A"));
    assert_eq!(p.specific_objective.as_deref(), Some("A2A"));
    assert_eq!(p.participant_count, Some(350));
    assert_eq!(p.intervention_type.as_deref(), Some("146"));
    assert_eq!(p.co_financing_rate.as_deref(), Some("50%"));
    // Two labels in a row without values, then a label with one.
    assert_eq!(p.nuts2.as_deref().unwrap_or(""), "");
    assert_eq!(extra(&p, "Stödmottagare postnr"), Some(""));
    assert_eq!(extra(&p, "Land som berörs"), Some("Sverige"));
    assert_eq!(extra(&p, "Stödmottagare ort"), Some("Lundmora"));
}

#[test]
fn new_2021_reordered_page_untitled_first_section_then_headings() {
    let p = page("new_2021_no_cookie_reordered.txt");
    assert!(
        p.sections[0]
            .text
            .starts_with("Vägen in är ett nationellt projekt")
    );
    assert!(
        p.sections[0]
            .text
            .ends_with("nyligen har kommit till Sverige.")
    );
    let bakgrund = &p.section("Bakgrund").unwrap().text;
    assert!(bakgrund.ends_with("används på en arbetsplats."));
    assert_eq!(bakgrund.matches("\n\n").count(), 1);
    assert!(
        p.section("Målsättning")
            .unwrap()
            .text
            .starts_with("Minst 350 deltagare")
    );
}

// ---------------------------------------------------------------------------
// Layout B, 2014–2020

#[test]
fn new_2014_page_reads_as_written() {
    check(
        "new_2014.txt",
        Expect {
            layout: Layout::New,
            title: "Digital kompetens i Källmora",
            region: "Småland och Öarna",
            grant: Some(2_205_000),
            budget: Some(4_410_000),
            start: "2019-12-01",
            end: "2022-12-31",
            owner: Some("KÄLLMORA KOMMUN"),
            registration_number: Some("2018/00321"),
            fund: None,
            fund_name: "ESF",
            period: "2014–2020",
            sections: &["Bakgrund", "Syfte", "Målsättning"],
        },
    );
}

#[test]
fn new_2014_page_reads_contact_and_programme_fields() {
    let p = page("new_2014.txt");
    assert_eq!(p.planned_participants, Some(85));
    assert_eq!(p.participant_count, None);
    // Follows an empty `Utvärderingsrapporter:`.
    assert_eq!(p.contact_name.as_deref(), Some("Elsa Rönnqvist"));
    let email = p.email.as_deref().unwrap_or_default();
    assert!(
        email.eq_ignore_ascii_case("elsa.ronnqvist@kallmora.example.org"),
        "{email}"
    );
    assert_eq!(p.program_area.as_deref(), Some("1"));
    assert_eq!(p.specific_objective.as_deref(), Some("1.1"));
    assert_eq!(p.co_financing_rate.as_deref(), Some("50%"));
    assert_eq!(p.intervention_type.as_deref(), Some("117"));
}

#[test]
fn new_2014_unknown_labels_are_extra_fields_in_page_order() {
    let p = page("new_2014.txt");
    assert_eq!(extra(&p, "Total Kostnader"), Some("3 982 517"));
    assert_eq!(extra(&p, "Utvärderingsrapporter"), Some(""));
    assert!(extra_position(&p, "Total Kostnader") < extra_position(&p, "Utvärderingsrapporter"));
}

#[test]
fn new_2014_beneficiary_address_is_kept_as_extra_fields() {
    let p = page("new_2014.txt");
    assert_eq!(extra(&p, "Stödmottagare postnr"), Some("123 45"));
    assert_eq!(extra(&p, "Stödmottagarens address"), Some("Kvarngatan 4"));
}

#[test]
fn new_2014_page_without_diarienummer_reads_as_written() {
    check(
        "new_2014_no_diarienummer.txt",
        Expect {
            layout: Layout::New,
            title: "Hälsa och arbete i Bergsmora",
            region: "Norra Mellansverige",
            grant: Some(6_300_000),
            budget: Some(12_600_000),
            start: "2016-09-01",
            end: "2019-08-31",
            owner: Some("Samordningsförbundet Bergsmora"),
            registration_number: Some("2016/00777"),
            fund: None,
            fund_name: "ESF",
            period: "2014–2020",
            sections: &[""],
        },
    );
}

#[test]
fn new_2014_empty_contact_does_not_take_the_next_label() {
    let p = page("new_2014_no_diarienummer.txt");
    assert_eq!(p.contact_name.as_deref().unwrap_or(""), "");
    assert_eq!(p.email.as_deref(), Some("info@bergsmora.example.org"));
    assert_eq!(p.planned_participants, Some(150));
    assert_eq!(p.program_area.as_deref(), Some("2"));
    assert_eq!(p.specific_objective.as_deref(), Some("2.1"));
    assert_eq!(p.sections[0].text.matches("\n\n").count(), 1);
}

#[test]
fn react_eu_page_belongs_to_2014_2020_though_it_starts_in_2021() {
    let p = check(
        "new_2014_react_eu.txt",
        Expect {
            layout: Layout::New,
            title: "Omstart efter pandemin i Söderort",
            region: "Stockholm",
            grant: Some(5_000_000),
            budget: Some(5_000_000),
            start: "2021-09-01",
            end: "2023-08-31",
            owner: Some("FÖRENINGEN VÄGSKÄLET"),
            registration_number: Some("2021/00412"),
            fund: Some("React-EU"),
            fund_name: "React-EU",
            period: "2014–2020",
            sections: &[""],
        },
    );
    assert_eq!(p.program_area.as_deref(), Some("7"));
    assert_eq!(p.specific_objective.as_deref(), Some("7.1"));
    assert_eq!(p.co_financing_rate.as_deref(), Some("100%"));
    assert_eq!(p.contact_name.as_deref(), Some("Hedvig Sandström"));
}

#[test]
fn no_layout_b_field_takes_a_label_as_its_value() {
    for name in [
        "new_2021_full.txt",
        "new_2021_no_cookie_reordered.txt",
        "new_2014.txt",
        "new_2014_no_diarienummer.txt",
        "new_2014_react_eu.txt",
    ] {
        let p = page(name);
        let mut values: Vec<&str> = p.extra_fields.iter().map(|f| f.value.as_str()).collect();
        values.extend(
            [
                &p.owner,
                &p.contact_name,
                &p.email,
                &p.region,
                &p.program_area,
                &p.specific_objective,
                &p.nuts2,
                &p.fund,
                &p.registration_number,
                &p.intervention_type,
                &p.co_financing_rate,
                &p.owner_org_number,
            ]
            .into_iter()
            .flatten()
            .map(String::as_str),
        );
        for value in values {
            assert!(!value.trim_end().ends_with(':'), "{name}: {value:?}");
        }
    }
}

// ---------------------------------------------------------------------------
// The old site's 2014–2020 form

#[test]
fn old_site_2014_page_reads_as_written() {
    check(
        "oldsite_2014.txt",
        Expect {
            layout: Layout::OldSite,
            title: "Digitala vägar in",
            region: "Småland & Öarna",
            grant: Some(1_500_000),
            budget: Some(3_000_000),
            start: "2016-08-01",
            end: "2019-03-31",
            owner: Some("Ödmora kommun"),
            registration_number: Some("2017/00123"),
            fund: None,
            fund_name: "ESF",
            period: "2014–2020",
            sections: &[
                "Sammanfattning",
                "Bakgrund",
                "Målsättning",
                "Jämställdhetsintegrering",
            ],
        },
    );
}

#[test]
fn old_site_2014_page_reads_its_other_fields() {
    let p = page("oldsite_2014.txt");
    assert_eq!(p.program_area.as_deref(), Some("1.1 Kompetensförsörjning"));
    assert_eq!(p.planned_participants, Some(240));
    assert_eq!(p.contact_name.as_deref(), Some("Maja Lindkvist"));
    assert_eq!(
        p.email.as_deref(),
        Some("maja.lindkvist@odmora.example.org")
    );
    assert_eq!(
        extra(&p, "Utlysning"),
        Some("Kompetensutveckling för sysselsatta i Småland och öarna 2016")
    );
}

// ---------------------------------------------------------------------------
// Pages cut short, and files that are not pages

#[test]
fn a_page_cut_short_loads_with_a_warning() {
    let p = check(
        "cut_short.txt",
        Expect {
            layout: Layout::Old,
            title: "Gröna jobb i Norrvik",
            region: "Mellersta Norrland",
            grant: Some(2_310_000),
            budget: Some(4_620_000),
            start: "2012-08-01",
            end: "2014-07-31",
            owner: Some("Norrviks kommun"),
            registration_number: None,
            fund: None,
            fund_name: "ESF",
            period: "2007–2013",
            sections: &["Sammanfattning", "Bakgrund"],
        },
    );
    assert!(
        p.section("Bakgrund")
            .unwrap()
            .text
            .ends_with("vilka kompetenser som")
    );
    assert!(
        p.warnings
            .iter()
            .any(|w| w.to_lowercase().contains("cut short")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn complete_pages_are_not_reported_cut_short() {
    for name in COMPLETE_PAGES {
        let p = page(name);
        assert!(
            !p.warnings
                .iter()
                .any(|w| w.to_lowercase().contains("cut short")),
            "{name}: {:?}",
            p.warnings
        );
    }
}

#[test]
fn a_page_flattened_into_one_line_is_refused() {
    assert!(parse("flattened.txt").is_err());
}

#[test]
fn a_shopping_list_is_refused() {
    assert!(parse("not_a_page.txt").is_err());
}

// ---------------------------------------------------------------------------
// The whole directory as one corpus

#[test]
fn the_forms_directory_loads_every_page_and_refuses_the_rest() {
    let corpus = load_paths(&[forms_dir()], &|_| {});
    let mut refused: Vec<String> = corpus
        .problems
        .iter()
        .map(|p| p.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    refused.sort();
    assert_eq!(refused, NOT_PAGES);
    assert_eq!(
        corpus.files_seen,
        COMPLETE_PAGES.len() + 1 + NOT_PAGES.len()
    );
    assert_eq!(corpus.store.len(), COMPLETE_PAGES.len() + 1);
    let cut = corpus.store.find_id("cut_short").expect("cut_short loaded");
    assert!(
        corpus
            .store
            .project(cut)
            .warnings
            .iter()
            .any(|w| w.to_lowercase().contains("cut short"))
    );
}

#[test]
fn region_facet_has_one_value_for_every_spelling_of_smaland_och_oarna() {
    let corpus = load_paths(&[forms_dir()], &|_| {});
    let store = &corpus.store;
    let facet = store.facet(Facet::Region);
    let smaland: Vec<&str> = facet
        .values()
        .iter()
        .map(String::as_str)
        .filter(|v| v.to_lowercase().starts_with("småland"))
        .collect();
    assert_eq!(smaland, ["Småland och öarna"], "{:?}", facet.values());
    // `Småland och öarna`, `Småland och Öarna`, `Småland & Öarna`.
    for id in ["old_covid", "new_2014", "oldsite_2014"] {
        let index = store.find_id(id).unwrap_or_else(|_| panic!("{id}"));
        let ids = facet.ids_of(index);
        assert_eq!(ids.len(), 1, "{id}");
        assert_eq!(facet.values()[ids[0] as usize], "Småland och öarna", "{id}");
    }
}

#[test]
fn fund_facet_holds_each_fund_once() {
    let projects: Vec<Project> = COMPLETE_PAGES.iter().map(|n| page(n)).collect();
    let store = Store::new(projects);
    let mut values = store.facet(Facet::Fund).values().to_vec();
    values.sort();
    assert_eq!(values, ["ESF", "ESF+", "React-EU"]);
}

#[test]
fn programme_period_facet_spans_all_three_periods() {
    let projects: Vec<Project> = COMPLETE_PAGES.iter().map(|n| page(n)).collect();
    let store = Store::new(projects);
    let mut values = store.facet(Facet::ProgrammePeriod).values().to_vec();
    values.sort();
    assert_eq!(values, ["2007–2013", "2014–2020", "2021–2027"]);
}
