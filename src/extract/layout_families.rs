//! Unit tests per layout family: one small synthetic paper for each kind of
//! header the field extractors must read without rules for its template
//! (vendor letterheads, portal pages, letter-spaced Word templates,
//! municipal, county, district and city layouts). The papers are written
//! for the family, not copied from one city's file.

use super::extract_for_test;

/// Checks the number, type and title read from `text`.
fn check(text: &str, reference: Option<&str>, paper_type: Option<&str>, title: Option<&str>) {
    let got = extract_for_test(text);
    assert_eq!(got.reference.as_deref(), reference, "reference of {text:?}");
    assert_eq!(got.paper_type.as_deref(), paper_type, "type of {text:?}");
    assert_eq!(got.title.as_deref(), title, "title of {text:?}");
}

/// Vendor letterheads with the type and number in a second column, "Betreff:" above its wrapped value.
#[test]
fn letterhead_columns_and_a_label_above_its_value() {
    check(
        "Stadt Musterstadt\t\tBeschlussvorlage\nFachbereich Stadtplanung\t\tDrucksachen-Nr.: 0815/2024\n\t\tDatum: 12.03.2024\n\nBetreff:\nSanierung der Grundschule\nAm Markt\n\nBeratungsfolge:\nGremium\tDatum\tZuständigkeit\nBauausschuss\t01.04.2024\tVorberatung\nRat\t15.04.2024\tEntscheidung\n\nBeschlussvorschlag:\nDer Rat beschließt.\n",
        Some("0815/2024"),
        Some("Beschlussvorlage"),
        Some("Sanierung der Grundschule Am Markt"),
    );
}

/// Letter-spaced type, labels and values (old Word templates).
#[test]
fn letter_spaced_headers() {
    check(
        "B E S C H L U S S V O R L A G E\n\nV o r l a g e n - N r . :  2024/123\n\nB e t r e f f :  Neubau der Feuerwache Nord\n\nSachverhalt:\nText.\n",
        Some("2024/123"),
        Some("Beschlussvorlage"),
        Some("Neubau der Feuerwache Nord"),
    );
}

/// A RIS portal page: number in the heading line, type behind "Vorlage-Art:".
#[test]
fn portal_detail_page_with_labels() {
    check(
        "Vorlage - VO/2024/0456\n\nBetreff: Radweg an der Hauptstraße\nStatus: öffentlich\nVorlage-Art: Mitteilungsvorlage\nFederführend: Tiefbauamt\n\nBeratungsfolge:\nDatum Gremium Zuständigkeit\n04.05.2024 Verkehrsausschuss Kenntnisnahme\n",
        Some("VO/2024/0456"),
        Some("Mitteilungsvorlage"),
        Some("Radweg an der Hauptstraße"),
    );
}

/// A small municipality: type and number on one line, "Gegenstand:".
#[test]
fn type_line_with_number_and_gegenstand() {
    check(
        "Gemeinde Beispielhausen\nDer Bürgermeister\n\nSitzungsvorlage Nr. 24/2024\n\nöffentlich\n\nGegenstand: Erlass einer Hundesteuersatzung\n\nBeratungsfolge\tSitzungstermin\tTOP\nGemeinderat\t23.05.2024\t5\n\nBeschlussvorschlag:\nDer Gemeinderat beschließt die Satzung.\n",
        Some("24/2024"),
        Some("Sitzungsvorlage"),
        Some("Erlass einer Hundesteuersatzung"),
    );
}

/// A city that prints the subject above the type line and a deciding meeting below it.
#[test]
fn title_above_the_type_and_a_decision_line_below() {
    check(
        "Landeshauptstadt Musterstadt\nReferat für Mobilität\n\nVerbesserung der Radwege im Norden\n\nSitzungsvorlage Nr. 20-26 / V 01234\n\nBeschluss des Mobilitätsausschusses vom 12.06.2024 (SB)\nÖffentliche Sitzung\n\nI. Vortrag der Referentin\nText.\n",
        Some("20-26 / V 01234"),
        Some("Sitzungsvorlage"),
        Some("Verbesserung der Radwege im Norden"),
    );
}

/// A district assembly: number with the term numeral, the motion after its type.
#[test]
fn district_assembly_motion() {
    check(
        "Bezirksamt Mitte\nBezirksverordnetenversammlung\n\nDrucksache DS/1234/V\n\nAntrag\nder Fraktion Bündnis 90/Die Grünen\n\nTempo 30 in der Beispielstraße\n\nDie BVV möge beschließen:\nDas Bezirksamt wird ersucht, ...\n",
        Some("DS/1234/V"),
        Some("Antrag"),
        Some("Tempo 30 in der Beispielstraße"),
    );
}

/// A county: a generic "Vorlage" with its number, "Titel:".
#[test]
fn generic_type_and_title_label() {
    check(
        "Kreis Musterland\nDer Landrat\n\nVorlage 2024/0123\nfür den Kreistag\nDatum: 01.02.2024\n\nTitel: Neuordnung des ÖPNV im Kreis\n\nBeratungsfolge:\n1. Kreisausschuss 12.02.2024 Vorberatung\n2. Kreistag 26.02.2024 Entscheidung\n",
        Some("2024/0123"),
        Some("Vorlage"),
        Some("Neuordnung des ÖPNV im Kreis"),
    );
}

/// A Magistrat template: labelled number, subject alone after the header block.
#[test]
fn magistrate_template_with_a_bare_subject() {
    check(
        "Stadt Beispiel - Der Magistrat\nMagistratsvorlage\nVorlagen-Nr.: M 45/2024\nDatum: 05.03.2024\nDezernat II\n\nErrichtung einer Kita am Park\n\nBeschlussempfehlung:\nDie Stadtverordnetenversammlung beschließt...\n",
        Some("M 45/2024"),
        Some("Magistratsvorlage"),
        Some("Errichtung einer Kita am Park"),
    );
}

/// Header lines built from tricky pieces (multi-byte letters at the edges
/// of slices, tabs, colons, dashes, digits, labels, stacked values) never
/// make an extractor panic. Deterministic: a small linear congruential
/// generator picks the pieces.
#[test]
fn no_panic_on_lines_of_tricky_pieces() {
    const PIECES: &[&str] = &[
        "Vorlage Nr.:",
        "Gremium:",
        "Termin:",
        "TOP:",
        "Dienststelle:",
        "Ortsverwaltung",
        "ä",
        "ß-",
        "Ö",
        "-",
        "–",
        ":",
        "\t",
        "  ",
        "12.03.2024",
        "2024/0815",
        "DHH/2025/1",
        "vom",
        "hier:",
        "Antrag",
        "ANTRAG",
        "Beschlussvorlage –",
        "Offenlage",
        "a)",
        "x",
        "☒",
        "☐",
        "öffentlich",
        "Sitzung des",
        "Gemein-",
        "derates",
        "Herrn",
        "12345 Ort",
        "Stadtrat",
        "(SPD)",
        "SPD-Fraktion",
        "und die",
        "Gedruckt",
        "Seite 2",
        "B e t r e f f",
        "Zu Punkt 1 der T.O.:",
        "Abbildung 1:",
        "€",
        "𝔘",
        "\u{c}",
        "Sehr geehrte",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    for _ in 0..400 {
        let mut text = String::new();
        for _ in 0..next(30) + 1 {
            for _ in 0..next(5) + 1 {
                text.push_str(PIECES[next(PIECES.len())]);
                if next(3) > 0 {
                    text.push(' ');
                }
            }
            text.push('\n');
        }
        let _ = extract_for_test(&text);
    }
}
