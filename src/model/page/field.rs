//! The header fields of a project, listed once: each field's labels as the
//! pages write them, what kind of value it holds, and where it lives in a
//! `Project`. The parser, the detail layout, full-text search, copy merging,
//! the CSV export and the page writer all loop over `Field::ALL`, so adding
//! a field is one entry here (and one CSV column at the end).

use crate::model::page::project::{Date, Project};

/// A header field of the model, whatever the form of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    RegistrationNumber,
    /// `Namn:`: the project's name, which is its title.
    Name,
    ProgramArea,
    SpecificObjective,
    Fund,
    Phase,
    Owner,
    OwnerOrgNumber,
    ContactName,
    Email,
    Phone,
    EsfGrant,
    TotalBudget,
    Period,
    StartDate,
    EndDate,
    Region,
    PlannedParticipants,
    ParticipantCount,
    CoFinancingRate,
    InterventionType,
    Nuts2,
}

impl Field {
    /// The old layout's fields (labels glued to values), in page order.
    pub const OLD_LAYOUT: [Field; 10] = [
        Field::ProgramArea,
        Field::Phase,
        Field::Owner,
        Field::ContactName,
        Field::Email,
        Field::Phone,
        Field::EsfGrant,
        Field::TotalBudget,
        Field::Period,
        Field::Region,
    ];

    /// Every field.
    pub const ALL: [Field; 22] = [
        Field::RegistrationNumber,
        Field::Name,
        Field::ProgramArea,
        Field::SpecificObjective,
        Field::Fund,
        Field::Phase,
        Field::Owner,
        Field::OwnerOrgNumber,
        Field::ContactName,
        Field::Email,
        Field::Phone,
        Field::EsfGrant,
        Field::TotalBudget,
        Field::Period,
        Field::StartDate,
        Field::EndDate,
        Field::Region,
        Field::PlannedParticipants,
        Field::ParticipantCount,
        Field::CoFinancingRate,
        Field::InterventionType,
        Field::Nuts2,
    ];

    /// The label as the pages write it (the first of `labels`).
    pub fn label(self) -> &'static str {
        self.labels()[0]
    }

    /// Every spelling of the label seen on pages.
    pub fn labels(self) -> &'static [&'static str] {
        match self {
            Field::RegistrationNumber => &["Diarienummer", "Projektnummer"],
            Field::Name => &["Namn", "Name", "Projektnamn"],
            Field::ProgramArea => &["Programområde"],
            Field::SpecificObjective => &["Specifikt mål"],
            Field::Fund => &["Berörd fond", "Fond"],
            Field::Phase => &["Projektfas"],
            Field::Owner => &["Projektägare"],
            Field::OwnerOrgNumber => &[
                "Projektägare organisationsnummer",
                "Organisationsnummer",
                "Projektägare org.nr.",
                "Projektägare orgnr",
                "Org.nr.",
                "Orgnr",
            ],
            Field::ContactName => &["Kontaktperson"],
            Field::Email => &["E-post", "E-postadress", "Epost"],
            Field::Phone => &["Telefonnummer", "Telefon"],
            Field::EsfGrant => &["Beviljat ESF-stöd", "Beviljat ESF+-stöd", "Beviljat stöd"],
            Field::TotalBudget => &["Total projektbudget"],
            Field::Period => &["Projektperiod"],
            Field::StartDate => &["Startdatum"],
            Field::EndDate => &["Slutdatum"],
            Field::Region => &["Region"],
            Field::PlannedParticipants => &["Planerat antal deltagare"],
            Field::ParticipantCount => &["Antal deltagare"],
            Field::CoFinancingRate => &["Unionens medfinansieringsgrad", "Medfinansieringsgrad"],
            Field::InterventionType => &["Interventionstyp"],
            Field::Nuts2 => &["NUTS-2 kod", "NUTS-2-kod", "NUTS2-kod", "NUTS-2", "NUTS2"],
        }
    }

    /// What kind of value the field holds.
    pub fn kind(self) -> FieldKind {
        match self {
            Field::EsfGrant | Field::TotalBudget => FieldKind::Amount,
            Field::PlannedParticipants | Field::ParticipantCount => FieldKind::Count,
            Field::Period => FieldKind::Period,
            Field::StartDate | Field::EndDate => FieldKind::Date,
            _ => FieldKind::Text,
        }
    }

    /// Whether the detail pane and `show` list the field in the header.
    /// `Namn` is the title; the start and end dates are shown as the period.
    pub fn in_header(self) -> bool {
        !matches!(self, Field::Name | Field::StartDate | Field::EndDate)
    }

    /// The project's value of the field, if the page gave one.
    pub fn value(self, project: &Project) -> Option<FieldValue<'_>> {
        let p = project;
        match self.kind() {
            FieldKind::Text => self.text(p).map(FieldValue::Text),
            FieldKind::Amount | FieldKind::Count => self.number(p).map(FieldValue::Number),
            FieldKind::Period => (p.period_start.is_some() || p.period_end.is_some())
                .then_some(FieldValue::Period(p.period_start, p.period_end)),
            FieldKind::Date => match self {
                Field::StartDate => p.period_start,
                _ => p.period_end,
            }
            .map(FieldValue::Date),
        }
    }

    /// A text field's value (`Namn`: the title); `None` for other kinds.
    pub fn text(self, project: &Project) -> Option<&str> {
        if self == Field::Name {
            return Some(project.title.as_str());
        }
        let p = project;
        match self {
            Field::RegistrationNumber => &p.registration_number,
            Field::ProgramArea => &p.program_area,
            Field::SpecificObjective => &p.specific_objective,
            Field::Fund => &p.fund,
            Field::Phase => &p.phase,
            Field::Owner => &p.owner,
            Field::OwnerOrgNumber => &p.owner_org_number,
            Field::ContactName => &p.contact_name,
            Field::Email => &p.email,
            Field::Phone => &p.phone,
            Field::Region => &p.region,
            Field::CoFinancingRate => &p.co_financing_rate,
            Field::InterventionType => &p.intervention_type,
            Field::Nuts2 => &p.nuts2,
            _ => return None,
        }
        .as_deref()
    }

    /// Where a text field's value is kept (not `Namn`, which is the
    /// title); `None` for other kinds.
    pub fn text_mut(self, project: &mut Project) -> Option<&mut Option<String>> {
        let p = project;
        Some(match self {
            Field::RegistrationNumber => &mut p.registration_number,
            Field::ProgramArea => &mut p.program_area,
            Field::SpecificObjective => &mut p.specific_objective,
            Field::Fund => &mut p.fund,
            Field::Phase => &mut p.phase,
            Field::Owner => &mut p.owner,
            Field::OwnerOrgNumber => &mut p.owner_org_number,
            Field::ContactName => &mut p.contact_name,
            Field::Email => &mut p.email,
            Field::Phone => &mut p.phone,
            Field::Region => &mut p.region,
            Field::CoFinancingRate => &mut p.co_financing_rate,
            Field::InterventionType => &mut p.intervention_type,
            Field::Nuts2 => &mut p.nuts2,
            _ => return None,
        })
    }

    /// An amount's or a count's value; `None` for other kinds.
    pub fn number(self, project: &Project) -> Option<u64> {
        match self {
            Field::EsfGrant => project.esf_grant_sek,
            Field::TotalBudget => project.total_budget_sek,
            Field::PlannedParticipants => project.planned_participants,
            Field::ParticipantCount => project.participant_count,
            _ => None,
        }
    }

    /// Where an amount or a count is kept; `None` for other kinds.
    pub fn number_mut(self, project: &mut Project) -> Option<&mut Option<u64>> {
        let p = project;
        Some(match self {
            Field::EsfGrant => &mut p.esf_grant_sek,
            Field::TotalBudget => &mut p.total_budget_sek,
            Field::PlannedParticipants => &mut p.planned_participants,
            Field::ParticipantCount => &mut p.participant_count,
            _ => return None,
        })
    }

    /// Where a date is kept (the start or the end); `None` for other kinds.
    pub fn date_mut(self, project: &mut Project) -> Option<&mut Option<Date>> {
        match self {
            Field::StartDate => Some(&mut project.period_start),
            Field::EndDate => Some(&mut project.period_end),
            _ => None,
        }
    }
}

/// The kinds of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Kept as the page writes it.
    Text,
    /// Whole kronor.
    Amount,
    /// A number of people.
    Count,
    /// The start and end dates together (`Projektperiod`).
    Period,
    /// One of the dates.
    Date,
}

/// A field's value, typed; how it reads is up to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'p> {
    Text(&'p str),
    Number(u64),
    Period(Option<Date>, Option<Date>),
    Date(Date),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_listed_once_and_has_a_place_in_a_project() {
        let mut project = Project::default();
        for (i, field) in Field::ALL.into_iter().enumerate() {
            assert!(!Field::ALL[..i].contains(&field), "{field:?} twice");
            let placed = match field.kind() {
                FieldKind::Text => field == Field::Name || field.text_mut(&mut project).is_some(),
                FieldKind::Amount | FieldKind::Count => field.number_mut(&mut project).is_some(),
                FieldKind::Period | FieldKind::Date => true,
            };
            assert!(placed, "{field:?} has no place");
        }
    }

    #[test]
    fn a_value_set_through_its_place_is_read_back() {
        let mut project = Project::default();
        for field in Field::ALL {
            if let Some(slot) = field.text_mut(&mut project) {
                *slot = Some(field.label().to_string());
            }
            if let Some(slot) = field.number_mut(&mut project) {
                *slot = Some(field.label().len() as u64);
            }
        }
        for field in Field::ALL {
            match field.value(&project) {
                Some(FieldValue::Text(text)) if field != Field::Name => {
                    assert_eq!(text, field.label())
                }
                Some(FieldValue::Number(n)) => assert_eq!(n, field.label().len() as u64),
                None => {
                    assert!(field.kind() != FieldKind::Amount && field.kind() != FieldKind::Count)
                }
                _ => {}
            }
        }
    }
}
