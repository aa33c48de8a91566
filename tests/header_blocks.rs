//! Header blocks of every form (issue 23): the newer pages' labels told by
//! their shape, the region from a NUTS-2 code, and old-layout pages whose
//! title reads like a header field. Every name, number and text in the
//! pages below is invented.

use std::path::Path;

use esf_browse::model::page::field::Field;
use esf_browse::model::page::parse::parse_page;
use esf_browse::model::{PageError, Project};
use proptest::prelude::*;
use proptest::sample::select;

fn parse(text: &str) -> Result<Project, PageError> {
    parse_page("sida", Path::new("sida.txt"), text)
}

fn page(text: &str) -> Project {
    parse(text).unwrap_or_else(|e| panic!("refused: {e}\n{text}"))
}

/// The value of an extra field, by its label.
fn extra<'a>(p: &'a Project, label: &str) -> Option<&'a str> {
    p.extra_fields
        .iter()
        .find(|f| f.label == label)
        .map(|f| f.value.as_str())
}

/// An old-layout page: `title` above a header (double-spaced when asked)
/// and two sections.
fn old_page(above: &str, title: &str, double_spaced: bool) -> String {
    let header = [
        "ProgramområdeProgramområde 2 Ökat arbetskraftsutbud",
        "ProjektfasGenomförande",
        "ProjektägareLinnebo kommun",
        "KontaktpersonAstrid Exempelsson",
        "Beviljat ESF-stöd2 345 000 kr",
        "Projektperiod2010-01-01 till 2012-06-30",
        "RegionÖstra Mellansverige",
        "In English",
    ];
    let joint = if double_spaced { "\n\n" } else { "\n" };
    format!(
        "{above}{title}\n\n{}\n\nSammanfattning\n\nLinnebo hjälper unga till jobb.\n\nBakgrund\n\nMånga unga i Linnebo saknar arbete.\n",
        header.join(joint)
    )
}

fn assert_old_header(p: &Project) {
    assert_eq!(p.phase.as_deref(), Some("Genomförande"));
    assert_eq!(p.owner.as_deref(), Some("Linnebo kommun"));
    assert_eq!(p.esf_grant_sek, Some(2_345_000));
    assert_eq!(p.region.as_deref(), Some("Östra Mellansverige"));
    let headings: Vec<_> = p.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, ["Sammanfattning", "Bakgrund"]);
}

/// Notices and chrome that may stand above an old-layout title.
const ABOVE: [&str; 5] = [
    "",
    "Logotyp på utskrifter\n\n",
    "Stäng\nPlanerat driftstopp i ansökningssystemet 2024-05-02 kl. 18.00\n\nLogotyp på utskrifter\n\n",
    "Logotyp på utskrifter\n\nStäng\n\nPlanerat driftstopp i ansökningssystemet\nSöndag 2024-05-12 kl. 08.00–14.00 går det inte att logga in.\n\n",
    "Linnebo lyfter - esf.se\n\nLogotyp på utskrifter\n\nUppdaterad information med anledning av covid-19\n\n",
];

#[test]
fn an_old_title_that_reads_like_a_field_is_the_title_when_a_blank_line_sets_it_apart() {
    for title in [
        "ProjektfasGenomförande i tre steg",
        "Projektägare Linnebo i samverkan",
        "RegionStockholm växer",
        "Region i förändring",
        "KontaktpersonNätverket",
    ] {
        for above in ABOVE {
            for double_spaced in [false, true] {
                let text = old_page(above, title, double_spaced);
                let p = page(&text);
                assert_eq!(p.title, title, "{text}");
                assert_old_header(&p);
                assert!(
                    !p.warnings.iter().any(|w| w.contains("repeated field")),
                    "{text}\n{:?}",
                    p.warnings
                );
            }
        }
    }
}

#[test]
fn a_line_reading_like_a_field_under_another_title_is_a_field() {
    // A title above, a blank line, then an owner line set apart from the
    // rest of the header: the owner, not the title.
    let text = old_page("", "Linnebo lyfter", false).replace("ProjektägareLinnebo kommun\n", "");
    let text = text.replace(
        "Linnebo lyfter\n\n",
        "Linnebo lyfter\n\nProjektägareLinnebo kommun\n\n",
    );
    let p = page(&text);
    assert_eq!(p.title, "Linnebo lyfter");
    assert_old_header(&p);
}

#[test]
fn an_uncertain_title_loads_with_a_warning() {
    let p = page(&old_page(
        "Logotyp på utskrifter\n\n",
        "ProjektfasGenomförande i tre steg",
        false,
    ));
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("title reads like a header field")),
        "{:?}",
        p.warnings
    );
    // A plain title says nothing.
    let p = page(&old_page("", "Linnebo lyfter", false));
    assert_eq!(p.title, "Linnebo lyfter");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn an_old_header_without_any_title_loads_titled_by_the_file_name() {
    let text = old_page("", "", false);
    let text = text.trim_start();
    let p = page(text);
    assert_eq!(p.title, "sida");
    assert!(
        p.warnings.iter().any(|w| w.contains("no title")),
        "{:?}",
        p.warnings
    );
    assert_eq!(
        p.program_area.as_deref(),
        Some("Programområde 2 Ökat arbetskraftsutbud")
    );
    assert_old_header(&p);
}

// ---------------------------------------------------------------------------
// Layout B: labels by their shape

/// An ESF+ page as one real save spells it: `Fond:`, `Programperiod:`,
/// `Projektägare org.nr.:`, `Stödmottagarens …:`, no `Namn:`, no `Region:`.
const ESF_PLUS_OTHER_SPELLINGS: &str = "information (1)
Cookies

Vi använder kakor för att webbplatsen ska fungera.

Lär dig mer

25-204-S07 - Broar till vårdyrken

Land som berörs:
Sverige
Fond:
ESF+
Diarienummer:
25-204-S07
Projektägare org.nr.:
2120009876
Projektägare:
HAGMARKS KOMMUN
Programperiod:
2021-2027
Program CCI:
2021SE05SFPR001
Startdatum:
2025-03-01
Slutdatum:
2027-08-31
Unionens medfinansieringsgrad:
40%
Programområde:
A
Specifikt mål:
A2A
Sekundärtema - Motverka barnfattigdom:
Nej
NUTS-2 kod:
SE11
Stödmottagarens postnummer:
123 45
Stödmottagarens ort:
Hagmark
Stödmottagarens land:
Sverige
Interventionstyp:
134
Planerat antal deltagare:
75
Insats av strategisk betydelse:
Nej
Projektnummer:
25-204-S07

Broar till vårdyrken ger nyanlända vuxna en väg in i vården.

Under mobiliseringsfasen:
- kartlägger vi deltagarnas erfarenheter,
- knyter vi kontakter med arbetsgivare.

Projektet pågår i drygt två år.
";

#[test]
fn an_esf_plus_page_with_other_spellings_reads_every_field() {
    let p = page(ESF_PLUS_OTHER_SPELLINGS);
    assert_eq!(p.title, "Broar till vårdyrken");
    assert_eq!(p.registration_number.as_deref(), Some("25-204-S07"));
    assert_eq!(p.owner_org_number.as_deref(), Some("2120009876"));
    assert_eq!(p.owner.as_deref(), Some("HAGMARKS KOMMUN"));
    assert_eq!(p.fund.as_deref(), Some("ESF+"));
    assert_eq!(p.programme_period(), Some("2021–2027"));
    assert_eq!(
        p.period_start.map(|d| d.to_string()).as_deref(),
        Some("2025-03-01")
    );
    assert_eq!(
        p.period_end.map(|d| d.to_string()).as_deref(),
        Some("2027-08-31")
    );
    assert_eq!(p.co_financing_rate.as_deref(), Some("40%"));
    assert_eq!(p.program_area.as_deref(), Some("A"));
    assert_eq!(p.specific_objective.as_deref(), Some("A2A"));
    assert_eq!(p.nuts2.as_deref(), Some("SE11"));
    assert_eq!(p.intervention_type.as_deref(), Some("134"));
    assert_eq!(p.planned_participants, Some(75));
    assert_eq!(extra(&p, "Land som berörs"), Some("Sverige"));
    assert_eq!(extra(&p, "Programperiod"), Some("2021-2027"));
    assert_eq!(extra(&p, "Program CCI"), Some("2021SE05SFPR001"));
    assert_eq!(
        extra(&p, "Sekundärtema - Motverka barnfattigdom"),
        Some("Nej")
    );
    // The beneficiary's place under the labels other saves use.
    assert_eq!(extra(&p, "Stödmottagare postnr"), Some("123 45"));
    assert_eq!(extra(&p, "Stödmottagare ort"), Some("Hagmark"));
    assert_eq!(extra(&p, "Stödmottagare land"), Some("Sverige"));
    assert_eq!(extra(&p, "Insats av strategisk betydelse"), Some("Nej"));
    assert_eq!(p.extra_fields.len(), 8, "{:?}", p.extra_fields);
    // No Region: the NUTS-2 code names it, and the page says so.
    assert_eq!(p.region.as_deref(), Some("Stockholm"));
    assert_eq!(p.region_name(), Some("Stockholm"));
    assert!(
        p.warnings
            .iter()
            .any(|w| w == "region Stockholm derived from NUTS-2 code SE11"),
        "{:?}",
        p.warnings
    );
    // The description is whole, its colon line included.
    assert_eq!(p.sections.len(), 1, "{:?}", p.sections);
    assert_eq!(p.sections[0].heading, "");
    assert_eq!(
        p.sections[0].text,
        "Broar till vårdyrken ger nyanlända vuxna en väg in i vården.\n\n\
         Under mobiliseringsfasen:\n- kartlägger vi deltagarnas erfarenheter,\n\
         - knyter vi kontakter med arbetsgivare.\n\nProjektet pågår i drygt två år."
    );
}

#[test]
fn both_spellings_of_a_page_read_as_one() {
    let other = page(ESF_PLUS_OTHER_SPELLINGS);
    let usual = page(
        &ESF_PLUS_OTHER_SPELLINGS
            .replace("Fond:", "Berörd fond:")
            .replace("Projektägare org.nr.:", "Projektägare organisationsnummer:")
            .replace("Stödmottagarens postnummer:", "Stödmottagare postnr:")
            .replace("Stödmottagarens ort:", "Stödmottagare ort:")
            .replace("Stödmottagarens land:", "Stödmottagare land:"),
    );
    assert_eq!(usual.owner_org_number, other.owner_org_number);
    assert_eq!(usual.fund, other.fund);
    assert_eq!(usual.extra_fields, other.extra_fields);
    assert_eq!(usual.sections, other.sections);
}

#[test]
fn the_page_own_programme_period_counts() {
    // Without a registration number, fund or dates, only the page's own
    // Programperiod tells the period.
    let text = ESF_PLUS_OTHER_SPELLINGS
        .replace("25-204-S07 - Broar till vårdyrken", "Broar till vårdyrken")
        .replace("Fond:\nESF+\n", "")
        .replace("Diarienummer:\n25-204-S07\n", "")
        .replace("Projektnummer:\n25-204-S07\n", "")
        .replace("Startdatum:\n2025-03-01\nSlutdatum:\n2027-08-31\n", "");
    let p = page(&text);
    assert_eq!(p.registration_number, None);
    assert_eq!(p.fund, None);
    assert_eq!(p.period_start, None);
    assert_eq!(p.programme_period(), Some("2021–2027"));
    assert_eq!(p.fund_name(), Some("ESF+"));
}

#[test]
fn an_unknown_label_with_dots_in_the_middle_of_the_header_ends_nothing() {
    let text = "24-310-S02 - Gröna jobb i Åsby

Diarienummer:
24-310-S02
Projektägare:
ÅSBY FOLKHÖGSKOLA
Beslutat av styrelsen enl. prot. nr.:
2024-04-17 § 12
Namn:
Gröna jobb i Åsby
Region:
Sydsverige
Projektnummer:
24-310-S02

Gröna jobb i Åsby utbildar arbetssökande till trädgårdsarbete.
";
    let p = page(text);
    assert_eq!(p.title, "Gröna jobb i Åsby");
    assert_eq!(p.owner.as_deref(), Some("ÅSBY FOLKHÖGSKOLA"));
    assert_eq!(
        extra(&p, "Beslutat av styrelsen enl. prot. nr."),
        Some("2024-04-17 § 12")
    );
    assert_eq!(p.region.as_deref(), Some("Sydsverige"));
    assert_eq!(p.registration_number.as_deref(), Some("24-310-S02"));
    assert_eq!(p.sections.len(), 1);
    assert_eq!(
        p.sections[0].text,
        "Gröna jobb i Åsby utbildar arbetssökande till trädgårdsarbete."
    );
}

#[test]
fn region_and_nuts2_read_the_region_from_region() {
    let text = ESF_PLUS_OTHER_SPELLINGS.replace(
        "NUTS-2 kod:\nSE11\n",
        "Region:\nSydsverige\nNUTS-2 kod:\nSE11\n",
    );
    let p = page(&text);
    assert_eq!(p.region.as_deref(), Some("Sydsverige"));
    assert_eq!(p.nuts2.as_deref(), Some("SE11"));
    assert!(
        !p.warnings.iter().any(|w| w.contains("NUTS")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn a_national_nuts_code_reads_as_a_national_project() {
    let p = page(&ESF_PLUS_OTHER_SPELLINGS.replace("SE11", "SE0"));
    assert_eq!(p.region_name(), Some("Nationellt"));
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("derived from NUTS-2 code SE0"))
    );
    // A code naming no Swedish region leaves the region empty.
    let p = page(&ESF_PLUS_OTHER_SPELLINGS.replace("SE11", "SE99"));
    assert_eq!(p.region, None);
}

#[test]
fn description_lines_ending_in_a_colon_stay_prose() {
    // After the header and a blank line: short colon lines with a line
    // under each, and no known field after them.
    let text = "24-310-S02 - Gröna jobb i Åsby

Projektägare:
ÅSBY FOLKHÖGSKOLA
Region:
Sydsverige
Projektnummer:
24-310-S02

Under mobiliseringsfasen:
Vi kartlägger vilka arbetsgivare som behöver folk.
Under genomförandet:
Deltagarna går en kurs på tolv veckor.

Målgrupp:
Arbetssökande i Åsby.
";
    let p = page(text);
    assert!(p.extra_fields.is_empty(), "{:?}", p.extra_fields);
    assert_eq!(p.sections.len(), 1);
    assert_eq!(
        p.sections[0].text,
        "Under mobiliseringsfasen:\nVi kartlägger vilka arbetsgivare som behöver folk.\n\
         Under genomförandet:\nDeltagarna går en kurs på tolv veckor.\n\n\
         Målgrupp:\nArbetssökande i Åsby."
    );
}

// ---------------------------------------------------------------------------
// Properties

/// The label of an old-layout field, as a title may start with it.
fn old_label() -> impl Strategy<Value = &'static str> {
    select(Field::OLD_LAYOUT.map(Field::label).to_vec())
}

/// A new-layout header's known fields, label and value.
const KNOWN_FIELDS: [(&str, &str); 6] = [
    ("Diarienummer:", "24-310-S02"),
    ("Projektägare:", "ÅSBY FOLKHÖGSKOLA"),
    ("Namn:", "Gröna jobb i Åsby"),
    ("Startdatum:", "2024-09-01"),
    ("Region:", "Sydsverige"),
    ("Projektnummer:", "24-310-S02"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// An old-layout title that starts with a field's label, glued or
    /// spaced, is the title whatever stands above it and however the page
    /// spaces its lines; the header is read whole.
    #[test]
    fn old_titles_that_start_with_a_label_are_titles(
        label in old_label(),
        space in select(vec!["", " "]),
        rest in "[A-ZÅÄÖa-zåäö][a-zåäö]{0,9}( [a-zåäö]{1,9}){0,3}",
        above in select(ABOVE.to_vec()),
        double_spaced in any::<bool>(),
    ) {
        let title = format!("{label}{space}{rest}");
        let text = old_page(above, &title, double_spaced);
        let p = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&p.title, &title, "{}", text);
        assert_old_header(&p);
    }

    /// A label no page uses, dots and all, anywhere in a newer page's
    /// header ends nothing: every known field after it is read, and the
    /// description (colon lines included) stays whole.
    #[test]
    fn unknown_labels_anywhere_in_the_header_end_nothing(
        at in 0usize..=KNOWN_FIELDS.len(),
        label in "[A-ZÅÄÖ][a-zåäö]{2,9}( [a-zåäö]{1,6}\\.){0,2}( [a-zåäö]{2,8}){0,2}",
        value in prop::option::of("[A-Za-zåäö0-9][a-zåäö0-9 ]{0,12}"),
    ) {
        let mut header: Vec<String> = KNOWN_FIELDS
            .iter()
            .map(|(label, value)| format!("{label}\n{value}"))
            .collect();
        let value = value.unwrap_or_default();
        header.insert(at, format!("{label}:\n{}", value.trim()).trim_end().to_string());
        let description = "Projektet ger arbetssökande praktik.\n\nUnder hösten:\nVi bygger ett växthus.";
        let text = format!("24-310-S02 - Gröna jobb i Åsby\n\n{}\n\n{description}\n", header.join("\n"));
        let p = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(p.region.as_deref(), Some("Sydsverige"), "{}", text);
        prop_assert_eq!(p.owner.as_deref(), Some("ÅSBY FOLKHÖGSKOLA"));
        prop_assert_eq!(p.registration_number.as_deref(), Some("24-310-S02"));
        prop_assert_eq!(p.period_start.map(|d| d.to_string()), Some("2024-09-01".to_string()));
        prop_assert_eq!(p.extra_fields.len(), 1, "{:?}", p.extra_fields);
        prop_assert_eq!(&p.extra_fields[0].value, value.trim());
        prop_assert_eq!(p.sections.len(), 1);
        prop_assert_eq!(p.sections[0].text.as_str(), description);
    }
}
