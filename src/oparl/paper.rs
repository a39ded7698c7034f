//! One OParl Paper object, typed and resolved against the dump's tables:
//! committee names through organisations, consultation dates through
//! meetings, the responsible unit's name through `underDirectionOf`.

use serde_json::Value;

use super::dump::{day, list, text, texts, Dump};
use super::model::{ConsultationInfo, FileInfo};
use crate::record::Consultation;

/// What the metadata says about a paper.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MetaPaper {
    /// `id`.
    pub id: String,
    /// `deleted: true`.
    pub deleted: bool,
    /// `body` URL.
    pub body: Option<String>,
    /// `name`.
    pub title: Option<String>,
    /// `reference`.
    pub reference: Option<String>,
    /// `date` (only if it is a valid `YYYY-MM-DD`).
    pub date: Option<String>,
    /// `paperType`.
    pub paper_type: Option<String>,
    /// `created`, `modified`, `web`.
    pub created: Option<String>,
    /// See [`MetaPaper::created`].
    pub modified: Option<String>,
    /// See [`MetaPaper::created`].
    pub web: Option<String>,
    /// `mainFile`, then `auxiliaryFile`.
    pub files: Vec<FileInfo>,
    /// The File objects' own `text` (OParl's extracted text), parallel to
    /// [`MetaPaper::files`]: used where no content file is in the dump.
    pub inline_texts: Vec<Option<String>>,
    /// The consultations, resolved, with their OParl side.
    pub consultations: Vec<(Consultation, ConsultationInfo)>,
    /// Names of the `underDirectionOf` units that resolve to a name.
    pub units: Vec<String>,
    /// `underDirectionOf`, `relatedPaper`, `superordinatedPaper`,
    /// `subordinatedPaper` URLs.
    pub under_direction_of: Vec<String>,
    /// See [`MetaPaper::under_direction_of`].
    pub related_paper: Vec<String>,
    /// See [`MetaPaper::under_direction_of`].
    pub superordinated_paper: Vec<String>,
    /// See [`MetaPaper::under_direction_of`].
    pub subordinated_paper: Vec<String>,
    /// What could not be resolved ("meeting …/6236 is not in the dump").
    pub notes: Vec<String>,
}

/// The role that means "no role".
const NO_ROLE: &str = "unbekannt";

impl MetaPaper {
    /// Reads a Paper object; `None` if it has no `id`.
    pub fn resolve(object: &Value, dump: &Dump) -> Option<MetaPaper> {
        let id = text(object, "id")?;
        let mut paper = MetaPaper {
            deleted: object.get("deleted").and_then(Value::as_bool) == Some(true),
            body: text(object, "body"),
            title: text(object, "name"),
            reference: text(object, "reference"),
            date: text(object, "date").and_then(|d| day(&d).filter(|_| d.len() == 10)),
            paper_type: text(object, "paperType"),
            created: text(object, "created"),
            modified: text(object, "modified"),
            web: text(object, "web"),
            under_direction_of: texts(object, "underDirectionOf"),
            related_paper: texts(object, "relatedPaper"),
            superordinated_paper: texts(object, "superordinatedPaper"),
            subordinated_paper: texts(object, "subordinatedPaper"),
            id,
            ..MetaPaper::default()
        };
        let main = object.get("mainFile").into_iter();
        for (n, file) in main.chain(list(object, "auxiliaryFile")).enumerate() {
            let Some(info) = file_info(file) else {
                continue;
            };
            let is_main = n == 0 && object.get("mainFile").is_some();
            paper.files.push(FileInfo {
                main: is_main,
                ..info
            });
            paper.inline_texts.push(text(file, "text"));
        }
        for unit in &paper.under_direction_of {
            match dump.organizations.get(unit).and_then(|o| o.name.clone()) {
                Some(name) => paper.units.push(name),
                None => paper
                    .notes
                    .push(format!("organisation {unit} is not in the dump")),
            }
        }
        for object in list(object, "consultation") {
            let consultation = paper.consultation(object, dump);
            paper.consultations.push(consultation);
        }
        Some(paper)
    }

    /// One consultation, resolved.
    fn consultation(&mut self, object: &Value, dump: &Dump) -> (Consultation, ConsultationInfo) {
        let info = ConsultationInfo {
            id: text(object, "id"),
            meeting: text(object, "meeting"),
            agenda_item: text(object, "agendaItem"),
            organization: texts(object, "organization"),
            authoritative: object.get("authoritative").and_then(Value::as_bool),
            role: text(object, "role"),
            created: text(object, "created"),
            modified: text(object, "modified"),
            meeting_name: None,
        };
        let committee = info
            .organization
            .iter()
            .find_map(|o| dump.organizations.get(o).and_then(|o| o.name.clone()));
        let meeting = info.meeting.as_ref().and_then(|m| {
            let found = dump.meetings.get(m);
            if found.is_none() {
                self.notes.push(format!("meeting {m} is not in the dump"));
            }
            found
        });
        let meeting_name = meeting
            .and_then(|m| m.name.as_deref())
            .map(meeting_name)
            .filter(|n| !n.is_empty());
        if committee.is_none() {
            self.notes.push(format!(
                "the organisation of consultation {} is not in the dump",
                info.id.as_deref().unwrap_or("(without id)")
            ));
        }
        let public = info
            .agenda_item
            .as_ref()
            .and_then(|a| dump.agenda_items.get(a).copied().flatten());
        let consultation = Consultation {
            // An organisation not in the dump: the meeting's name says
            // which body it is, else its URL does.
            committee: committee
                .clone()
                .or_else(|| meeting_name.clone())
                .or_else(|| info.organization.first().cloned())
                .unwrap_or_default(),
            date: meeting.and_then(|m| m.date.clone()),
            public,
            role: info
                .role
                .clone()
                .filter(|r| !r.eq_ignore_ascii_case(NO_ROLE)),
        };
        let info = ConsultationInfo {
            meeting_name: meeting_name.filter(|n| Some(n) != committee.as_ref()),
            ..info
        };
        (consultation, info)
    }
}

/// A File object (embedded), if it has an id.
fn file_info(object: &Value) -> Option<FileInfo> {
    Some(FileInfo {
        id: text(object, "id")?,
        name: text(object, "name"),
        file_name: text(object, "fileName"),
        mime_type: text(object, "mimeType"),
        date: text(object, "date"),
        access_url: text(object, "accessUrl"),
        download_url: text(object, "downloadUrl"),
        created: text(object, "created"),
        modified: text(object, "modified"),
        main: false,
        has_text: false,
    })
}

/// A meeting's name without "(öffentlich/nicht öffentlich)" and the like.
pub fn meeting_name(name: &str) -> String {
    let mut name = name.trim();
    while let Some(open) = name.rfind('(') {
        let tail = name[open..].to_lowercase();
        if name.ends_with(')') && tail.contains("öffentlich") {
            name = name[..open].trim_end();
        } else {
            break;
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oparl::dump::{Meeting, Organization};

    #[test]
    fn meeting_names_lose_their_publicity_suffix() {
        assert_eq!(
            meeting_name("Gemeinderat (öffentlich/nicht öffentlich)"),
            "Gemeinderat"
        );
        assert_eq!(
            meeting_name("Bauausschuss (nichtöffentlich)"),
            "Bauausschuss"
        );
        assert_eq!(meeting_name("Rat (Sondersitzung)"), "Rat (Sondersitzung)");
    }

    #[test]
    fn consultations_resolve_through_organisations_and_meetings() {
        let mut dump = Dump::default();
        dump.organizations.insert(
            "o/1".into(),
            Organization {
                name: Some("Haupt- und Finanzausschuss".into()),
                short_name: None,
            },
        );
        dump.meetings.insert(
            "m/1".into(),
            Meeting {
                name: Some("Hauptausschuss (öffentlich)".into()),
                date: Some("2019-05-07".into()),
            },
        );
        dump.agenda_items.insert("a/1".into(), Some(true));
        let paper = serde_json::json!({
            "id": "p/1", "type": "https://schema.oparl.org/1.1/Paper",
            "date": "2019-04-01T00:00:00+02:00",
            "consultation": [
                {"id": "c/1", "meeting": "m/1", "agendaItem": "a/1",
                 "organization": ["o/1"], "role": "Vorberatung"},
                {"id": "c/2", "meeting": "m/9", "organization": ["o/1"],
                 "role": "unbekannt"},
                {"id": "c/3", "organization": ["o/7"], "role": 5}
            ]
        });
        let paper = MetaPaper::resolve(&paper, &dump).unwrap();
        assert_eq!(paper.date, None, "a date-time is not a Paper date");
        let c = &paper.consultations;
        assert_eq!(c[0].0.committee, "Haupt- und Finanzausschuss");
        assert_eq!(c[0].0.date.as_deref(), Some("2019-05-07"));
        assert_eq!(c[0].0.public, Some(true));
        assert_eq!(c[0].0.role.as_deref(), Some("Vorberatung"));
        assert_eq!(c[0].1.meeting_name.as_deref(), Some("Hauptausschuss"));
        assert_eq!(c[1].0.date, None);
        assert_eq!(c[1].0.role, None);
        assert_eq!(c[1].1.role.as_deref(), Some("unbekannt"));
        assert_eq!(c[2].0.committee, "o/7");
        assert_eq!(paper.notes.len(), 2, "{:?}", paper.notes);
    }
}
