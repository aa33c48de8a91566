//! Shared by the page targets: every string of a parsed project must be
//! free of characters that would drive a terminal.

use esf_browse::model::project::Source;
use esf_browse::model::{ExtraField, Project, Section};

pub fn is_terminal_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn check(what: &str, s: &str) {
    assert!(
        !s.chars().any(is_terminal_control),
        "control character in {what}: {s:?}"
    );
}

fn check_path(what: &str, path: &std::path::Path) {
    check(what, &path.to_string_lossy());
}

/// Checks every string field of the model. The destructuring names each
/// field, so a field added to `Project` fails to compile here until it
/// is checked.
pub fn assert_clean(p: &Project) {
    let Project {
        id,
        source,
        layout: _,
        title,
        registration_number,
        program_area,
        specific_objective,
        fund,
        phase,
        owner,
        owner_org_number,
        contact_name,
        email,
        phone,
        esf_grant_sek: _,
        total_budget_sek: _,
        period_start: _,
        period_end: _,
        region,
        planned_participants: _,
        participant_count: _,
        co_financing_rate,
        intervention_type,
        nuts2,
        extra_fields,
        sections,
        co_financiers,
        partners,
        participants,
        municipalities,
        warnings,
        sources,
    } = p;
    check("id", id);
    check_path("source", source);
    check("title", title);
    for (what, value) in [
        ("registration number", registration_number),
        ("program area", program_area),
        ("specific objective", specific_objective),
        ("fund", fund),
        ("phase", phase),
        ("owner", owner),
        ("org number", owner_org_number),
        ("contact", contact_name),
        ("email", email),
        ("phone", phone),
        ("region", region),
        ("co-financing rate", co_financing_rate),
        ("intervention type", intervention_type),
        ("NUTS-2", nuts2),
    ] {
        if let Some(value) = value {
            check(what, value);
        }
    }
    for ExtraField { label, value } in extra_fields {
        check("extra field label", label);
        check("extra field value", value);
    }
    for Section { heading, text } in sections {
        check("heading", heading);
        assert!(
            !text.chars().any(|c| c != '\n' && is_terminal_control(c)),
            "control character in section text: {text:?}"
        );
    }
    for (what, list) in [
        ("co-financier", co_financiers),
        ("partner", partners),
        ("participant", participants),
        ("municipality", municipalities),
        ("warning", warnings),
    ] {
        for item in list {
            check(what, item);
        }
    }
    for Source { id, path } in sources {
        check("source id", id);
        check_path("source path", path);
    }
}
