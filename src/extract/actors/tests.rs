//! Tests of the actor rules: one per class of actor, the noise that
//! stays out, and the linear-time guarantee.
use super::*;

fn actors(text: &str) -> Vec<(String, ActorKind)> {
    ActorRules::new(&Rules::builtin())
        .unwrap()
        .find(&Text::from_str_pages(text))
        .into_iter()
        .map(|f| (f.value.name, f.value.kind))
        .collect()
}

fn names(text: &str) -> Vec<String> {
    actors(text).into_iter().map(|(n, _)| n).collect()
}

/// Actors of `text` ("name (Kind)", joined by "|") given field values
/// found at the first mention of each.
fn with_fields(text: &str, fields: &[(&str, ActorKind)]) -> String {
    let fields: Vec<FieldActor<'_>> = fields
        .iter()
        .map(|&(name, kind)| {
            let at = text.find(name).unwrap();
            FieldActor {
                name,
                kind,
                span: at..at + name.len(),
            }
        })
        .collect();
    let found = ActorRules::new(&Rules::builtin())
        .unwrap()
        .find_with_fields(&Text::from_str_pages(text), &fields);
    let found = found
        .iter()
        .map(|f| format!("{} ({:?})", f.value.name, f.value.kind));
    found.collect::<Vec<_>>().join("|")
}

#[test]
fn field_values_join_the_actors_they_name() {
    use ActorKind::{Committee, Office, Person};
    // A letterhead unit and a wrapped committee that no pattern reads
    // whole; the abbreviated unit is one actor with its spelled-out
    // mention, the shorter committee mention is the whole one.
    let text = "FB 7 Kultur und Sport\nDatum: 01.02.2024\n\
                Fachausschuss Bauen, Umwelt, Straßen und Friedhofswesen\n\
                Der Fachbereich 7 Kultur und Sport berichtet dem Fachausschuss Bauen, Umwelt.\n";
    let committee = "Fachausschuss Bauen, Umwelt, Straßen und Friedhofswesen";
    let fields = [
        ("FB 7 Kultur und Sport", Office),
        (committee, Committee),
        ("Datum", Office),
    ];
    assert_eq!(
        with_fields(text, &fields),
        format!("Fachbereich 7 Kultur und Sport (Office)|{committee} (Committee)")
    );
    // A department listing units is no unit; a unit noun alone is the
    // numbered unit ending with it.
    let text = "Verantwortlich:\nDez. 3 und 6 / SuS i.B.m.\n";
    let found = with_fields(text, &[("Dez. 3 und 6 / SuS i.B.m.", Office)]);
    assert_eq!(found, "Dez. 3 (Office)|Dez. 6 (Office)");
    let text = "Amt 40 - Schulverwaltungsamt\nDas Schulverwaltungsamt prüft.\n";
    let found = with_fields(text, &[("Amt 40 - Schulverwaltungsamt", Office)]);
    assert_eq!(found, "Amt 40 - Schulverwaltungsamt (Office)");
    // An author is a person only when the line names one.
    let text = "Bearbeiter: Erika Mustermann\nFraktion im Rat\n";
    let found = with_fields(
        text,
        &[("Erika Mustermann", Person), ("Fraktion im Rat", Person)],
    );
    assert_eq!(found, "Erika Mustermann (Person)");
}

/// The cases of `tests/data/actor_cases.tsv`: each text names (or never
/// names) an actor.
#[test]
fn actor_cases_from_the_table() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = std::fs::read_to_string(root.join("tests/data/actor_cases.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.splitn(3, '\t').collect())
        .collect();
    assert!(rows.len() > 100, "{}", rows.len());
    for row in rows {
        let [kind, name, text] = row[..] else {
            panic!("not kind, name and text: {row:?}");
        };
        let text = text.replace("\\n", "\n").replace("\\t", "\t");
        let found = actors(&text);
        let kind_name = |k: &ActorKind| serde_json::to_value(k).unwrap();
        let listed = |(n, k): &(String, ActorKind)| n == name && kind_name(k) == kind;
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        match (kind, name) {
            ("only", _) => assert_eq!(names.join("|"), name, "from {text:?}"),
            ("none", "*") => assert!(found.is_empty(), "{found:?} from {text:?}"),
            ("none", _) => assert!(!found.iter().any(|(n, _)| n == name), "{name} in {found:?}"),
            _ => assert!(
                found.iter().any(listed),
                "{name} ({kind}) not in {found:?} from {text:?}"
            ),
        }
    }
}

#[test]
fn cued_patterns_match_as_a_whole_text_search_does() {
    let r = ActorRules::new(&Rules::builtin()).unwrap();
    let texts = [
        "Das Ordnungs- und\n\n \t\nBürgeramt und das Stadtplanungsamtes.\nAmt",
        "Ordnungs- und\u{c}Bürgeramt\nBau- und Umweltausschusses\nStadtrat\u{c}Beirat",
        "amt\nXamt Heimstiftung KFLS-Stiftung Energiegenossenschaften\n\nBeiratBeirat\n",
        "Der Haupt- und Finanzausschuss, der Jugendhilfeausschuss und der Ältestenrat\n",
        "",
        "\n\n",
        "Gesamtamt Ämter-\nAmt amtamt Deutschen Bundestages Rat der Stadt",
        "FB 7 und Fachbereich 7\nDez. II, Amt für Umwelt; Referat für Bau\nSPD-Fraktion,              Fraktion der CDU, GRÜNE\nHerr Dr. Meier, gez. Müller\nLandkreis Kassel e. V. GmbH",
        "Ortsbeirat Nord\u{c}Ortsbeiratsitzung Polizeipräsidium Karlsruhe\tUniversität\n",
        "Fraktion DIE\n  LINKE\nMit freundlichen Grüßen\nUnterzeichnet von:\nGesamtschulen und Kitas",
    ];
    let cued: Vec<&Cued> = r.classes.iter().map(|c| &c.cued).collect();
    assert!(cued.iter().all(|c| c.bit.is_some()));
    let mut matched = 0;
    for text in texts {
        let mut lines = Lines::new(text);
        lines.cued = r.cues.lines(text, &lines);
        for &c in &cued {
            let whole: Vec<_> = c
                .pattern
                .get()
                .unwrap()
                .find_iter(text)
                .map(|m| m.range())
                .collect();
            let found: Vec<_> = c
                .find_iter(text, &lines)
                .iter()
                .map(|m| m.range())
                .collect();
            assert_eq!(found, whole, "{:?} in {text:?}", c.pattern.as_str());
            matched += found.len();
        }
    }
    assert!(matched > 30, "{matched}");
}

#[test]
fn spaces_normalised_whether_tidy_or_not() {
    for (text, want) in [
        ("Amt für Migration", "Amt für Migration"),
        ("", ""),
        (" Amt  für\tMigration ", "Amt für Migration"),
        ("Jugend , Soziales,Kultur", "Jugend, Soziales,Kultur"),
        ("Amt\u{a0}für", "Amt für"),
        ("Ämter ,", "Ämter,"),
    ] {
        assert_eq!(normalise_space(text), want, "{text:?}");
    }
}

#[test]
fn words_broken_at_a_line_end_are_joined_and_spans_mapped_back() {
    let text =
        "Die Ge-\nmeinde Lindenhagen ehrt. Das Land Baden-\n  Württemberg. Kultur-\nund Sport. \
                Beschluss-\nRat\t30.09.";
    let joined = Joined::new(text);
    assert_eq!(
        joined.text,
        "Die Gemeinde Lindenhagen ehrt. Das Land Baden-Württemberg. Kultur- und Sport. \
         Beschluss-\nRat\t30.09."
    );
    for (original, at) in [(0, 0), (4, 4), (8, 6), (text.len(), joined.text.len())] {
        assert_eq!(joined.original(at), original);
        assert_eq!(joined.joined(original), at);
    }
    let found = ActorRules::new(&Rules::builtin())
        .unwrap()
        .find(&Text::from_str_pages(text));
    let gemeinde = found
        .iter()
        .find(|f| f.value.name == "Gemeinde Lindenhagen")
        .unwrap();
    assert_eq!(
        &text[gemeinde.evidence.span.clone()],
        "Ge-\nmeinde Lindenhagen"
    );
    let land = found
        .iter()
        .find(|f| f.value.name == "Land Baden-Württemberg");
    assert_eq!(land.map(|f| f.value.kind), Some(ActorKind::PublicBody));
}

#[test]
fn user_rules_add_organisations() {
    let mut rules = Rules::builtin();
    let dir = std::env::temp_dir().join(format!("ratsindex-act-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("rules.toml");
    std::fs::write(&file, "organization_names = [\"Marburger Tafel\"]\n").unwrap();
    rules.extend_from_file(&file).unwrap();
    let r = ActorRules::new(&rules).unwrap();
    let found = r.find(&Text::from_str_pages("mit der Marburger Tafel."));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].value.name, "Marburger Tafel");
    std::fs::remove_dir_all(&dir).ok();
}

// See: issue 21. General evidence, one test per class of the issue.

#[test]
fn non_actors_from_the_fixtures_are_never_emitted() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let list = std::fs::read_to_string(root.join("tests/data/non_actors.txt")).unwrap();
    let not_actors: Vec<&str> = list.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(not_actors.len() > 50, "{}", not_actors.len());
    // Each in a sentence of its own and in a table row, then every fixture.
    let mut texts: Vec<String> = not_actors
        .iter()
        .map(|w| format!("Deshalb {w} prüfen.\n{w}\t25.03.2025\t{w}:\n"))
        .collect();
    let fixtures = root.join("fixtures/text");
    texts.extend(
        std::fs::read_dir(&fixtures)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path()).ok()),
    );
    assert!(texts.len() > not_actors.len() + 10);
    // Prose and a form made of them names no actor at all.
    let prose = "Beratungsfolge\tSitzungstermin\tStand\tAbstimmung\nGremium Termin TOP ö nö\n\
                 Datum: 25. März 2025\nBegründung:\nEinstimmig bei einer Enthaltung lt. Beschlussvorschlag\n\
                 Deshalb beantragen wir, in der Schützenstraße und der Weingartner Straße zu prüfen \
                 (§ 28 GeschO, SGB XI, NKlimaG). Hiermit bitten wir die Verwaltung und den Ausschuss, \
                 Fraktionen und Gremien. Zudem sind Betreiber zu hören. Darüber hinaus: Planstraße A, \
                 Marktplatz 1, im Oktober. Die Grundschule, der Winterdienst, das Landesheimgesetz.";
    assert!(names(prose).is_empty(), "{:?}", names(prose));
    for text in &texts {
        let found = names(text);
        let noise: Vec<_> = found
            .iter()
            .filter(|n| not_actors.contains(&n.as_str()))
            .collect();
        assert!(noise.is_empty(), "{noise:?} from {text:?}");
    }
}

#[test]
fn long_one_line_texts_take_linear_time() {
    // Prose on one line, with form boxes, legal forms and faction
    // hyphens: each scan reads it a bounded number of times. Judged by
    // how the time grows (16x the text: about 16x the time, where a
    // quadratic scan takes 256x), not by a clock limit that a loaded
    // machine breaks. The bound (64x) leaves a factor of 4 for noise both
    // ways, and the best of three runs each damps it: a bound of 10x on 4x
    // the text failed once at load 11.
    let unit = "Der Ordnungsdienst und die Muster GmbH, Ja ☒ Nein ☐, die SPD-Fraktion und \
                der Caritasverband prüfen das Amt für Umwelt und Grün und ";
    let best = |bytes: usize| {
        let text = unit.repeat(bytes / unit.len());
        (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                assert!(!actors(&text).is_empty());
                started.elapsed()
            })
            .min()
            .unwrap()
    };
    let small = best(50_000);
    let large = best(800_000);
    assert!(
        large < small * 64,
        "16x the text took {:.1}x the time ({small:?} → {large:?})",
        large.as_secs_f64() / small.as_secs_f64()
    );
}

#[test]
fn the_byte_test_for_name_cells_never_says_no_where_a_cell_is_name_shaped() {
    // `may_hold_name_cell` guards the signature search: it may let lines
    // through that hold no name, but must never stop one that does.
    let lines = [
        "Dr. Frank Mentrup\tOberbürgermeister",
        "  Martina Braun   Bürgermeisterin",
        "gez.  Ulrike Richter",
        "Stadträtin Ärztin Übel-Meier",
        "1. Mai 2024  Karl Heinz",
        "Ort, Datum   Unterschrift",
        "\tÖzil  \t  ",
        "Zahl 17, Wert 3  x",
        "Der Gemeinderat beschließt, dass …",
        "",
    ];
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text");
    let texts: Vec<String> = std::fs::read_dir(&fixtures)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    let mut checked = 0;
    for line in lines
        .iter()
        .copied()
        .chain(texts.iter().flat_map(|t| t.lines()))
    {
        let shaped = cells(line)
            .iter()
            .any(|(_, _, _, cell)| could_be_name(cell));
        if shaped {
            assert!(may_hold_name_cell(line), "stopped a name line: {line:?}");
        }
        checked += 1;
    }
    assert!(checked > 100, "too few lines checked: {checked}");
    assert!(!may_hold_name_cell("Zahl 17, Wert 3  x"));
    assert!(may_hold_name_cell("17,  Karl Heinz"));
}

#[test]
fn ends_lower_agrees_with_a_lower_case_copy() {
    // Words and endings, each with the empty one.
    let words = "Ausländerbehörde,AUSLÄNDERBEHÖRDE,Straße,STRASSE,İstanbul-Amt,ΟΔΟΣ,Amt,,x";
    let endings = "behörde,amt,straße,asse,i̇stanbul-amt,ος,σ,,x";
    for word in words.split(',') {
        for ending in endings.split(',') {
            assert_eq!(
                text::ends_lower(word, ending),
                word.to_lowercase().ends_with(ending),
                "{word} / {ending}"
            );
        }
    }
}
