//! # Synthetic council papers for tests and benchmarks
//!
//! ```text
//! cargo run --release --example gen_corpus -- OUT_DIR COUNT [SEED] [--format text|pdf|mixed]
//! ```
//!
//! writes COUNT distinct papers (about 8 KB of German text each) into
//! body-named folders below OUT_DIR (`OUT_DIR/erfurt/…`,
//! `OUT_DIR/Landtag NRW/…`), and `OUT_DIR/manifest.jsonl`: one line per
//! paper with the fields it was generated with (path, body, reference,
//! title, paper_type, date, public, committees, format). The same SEED
//! gives the same bytes.
//!
//! Seven layout families, written the way the real systems print them:
//! Erfurt-style Drucksache, ALLRIS Beschlussvorlage, SessionNet Vorlage,
//! Fraktion Antrag, Anfrage, Mitteilungsvorlage, Landtag Kleine Anfrage.
//! PDFs are plain lopdf documents (Helvetica, WinAnsiEncoding, several
//! pages). `--format mixed` (the default) makes every fifth paper a PDF.
//!
//! Tests include this file as a module to build small corpora.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

// ---
// # Command line

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut format = Formats::Mixed;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--format" {
            format = match iter.next().map(String::as_str) {
                Some("text") => Formats::Text,
                Some("pdf") => Formats::Pdf,
                Some("mixed") => Formats::Mixed,
                other => usage(&format!("unknown --format {other:?}")),
            };
        } else {
            positional.push(arg.clone());
        }
    }
    let (out, count, seed) = match positional.as_slice() {
        [out, count] => (out, count, "1"),
        [out, count, seed] => (out, count, seed.as_str()),
        _ => usage("expected OUT_DIR COUNT [SEED]"),
    };
    let count: usize = count
        .parse()
        .unwrap_or_else(|_| usage("COUNT must be a number"));
    let seed: u64 = seed
        .parse()
        .unwrap_or_else(|_| usage("SEED must be a number"));
    match generate(Path::new(out), count, seed, format) {
        Ok(papers) => eprintln!("gen_corpus: wrote {} papers to {out}", papers.len()),
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::exit(1);
        }
    }
}

fn usage(problem: &str) -> ! {
    eprintln!(
        "gen_corpus: {problem}\nusage: gen_corpus OUT_DIR COUNT [SEED] [--format text|pdf|mixed]"
    );
    std::process::exit(2)
}

// ---
// # What is generated

/// Which files to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formats {
    /// Text files only.
    Text,
    /// PDFs only.
    Pdf,
    /// Every fifth paper a PDF.
    Mixed,
}

/// One generated paper and the fields it was made with (as printed in it;
/// `body` is what `--body-from-dir` derives from the folder, which the
/// text may not name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// Path relative to OUT_DIR.
    pub path: String,
    /// The body, as `--body-from-dir` derives it from the folder.
    pub body: String,
    /// The paper's number as printed, without its label.
    pub reference: String,
    /// The subject line.
    pub title: String,
    /// The paper type as printed.
    pub paper_type: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `true` öffentlich, `false` nichtöffentlich, `None` where the layout
    /// does not print it (Antrag, Landtag).
    pub public: Option<bool>,
    /// Beratungsfolge committees in order.
    pub committees: Vec<String>,
    /// `text` or `pdf`.
    pub format: &'static str,
    /// The layout family.
    pub family: &'static str,
}

impl Expected {
    fn to_json(&self) -> String {
        let committees: Vec<String> = self.committees.iter().map(|c| json_str(c)).collect();
        format!(
            "{{\"path\":{},\"body\":{},\"reference\":{},\"title\":{},\"paper_type\":{},\"date\":{},\"public\":{},\"committees\":[{}],\"format\":\"{}\",\"family\":\"{}\"}}",
            json_str(&self.path),
            json_str(&self.body),
            json_str(&self.reference),
            json_str(&self.title),
            json_str(&self.paper_type),
            json_str(&self.date),
            self.public.map_or("null".to_string(), |p| p.to_string()),
            committees.join(","),
            self.format,
            self.family
        )
    }
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `count` papers below `out` and their manifest.
pub fn generate(
    out: &Path,
    count: usize,
    seed: u64,
    formats: Formats,
) -> io::Result<Vec<Expected>> {
    fs::create_dir_all(out)?;
    let mut manifest = BufWriter::new(fs::File::create(out.join("manifest.jsonl"))?);
    let mut papers = Vec::with_capacity(count.min(1 << 20));
    for i in 0..count {
        let (expected, text) = paper(i, seed, formats);
        let path: PathBuf = out.join(&expected.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        if expected.format == "pdf" {
            fs::write(&path, pdf_bytes(&text)?)?;
        } else {
            fs::write(&path, text.as_bytes())?;
        }
        writeln!(manifest, "{}", expected.to_json())?;
        papers.push(expected);
    }
    manifest.flush()?;
    Ok(papers)
}

// ---
// # A small deterministic random source (SplitMix64)

struct Rng(u64);

impl Rng {
    fn new(seed: u64, i: usize) -> Rng {
        let mut rng = Rng(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

// ---
// # Vocabulary

/// (folder name, body name as `--body-from-dir` gives it)
const CITIES: &[(&str, &str)] = &[
    ("erfurt", "Erfurt"),
    ("marburg", "Marburg"),
    ("jena", "Jena"),
    ("weimar", "Weimar"),
    ("gera", "Gera"),
    ("kassel", "Kassel"),
    ("giessen", "Giessen"),
    ("fulda", "Fulda"),
    ("bad_hersfeld", "Bad Hersfeld"),
    ("halle-saale", "Halle-Saale"),
    ("leipzig", "Leipzig"),
    ("dresden", "Dresden"),
    ("chemnitz", "Chemnitz"),
    ("magdeburg", "Magdeburg"),
    ("potsdam", "Potsdam"),
    ("rostock", "Rostock"),
    ("kiel", "Kiel"),
    ("bremen", "Bremen"),
    ("hannover", "Hannover"),
    ("nordstemmen", "Nordstemmen"),
    ("bielefeld", "Bielefeld"),
    ("muenster", "Muenster"),
    ("bonn", "Bonn"),
    ("koblenz", "Koblenz"),
    ("mainz", "Mainz"),
    ("karlsruhe", "Karlsruhe"),
    ("freiburg", "Freiburg"),
    ("ulm", "Ulm"),
    ("erlangen", "Erlangen"),
    ("regensburg", "Regensburg"),
];

const LANDTAGE: &[(&str, &str)] = &[
    ("Landtag NRW", "Nordrhein-Westfalen"),
    ("Landtag BW", "Baden-Württemberg"),
    ("Landtag Thüringen", "Thüringen"),
    ("Landtag Niedersachsen", "Niedersachsen"),
];

const TOPICS: &[&str] = &[
    "Radverkehrskonzept",
    "Sanierung der Grundschule am Park",
    "Ausbau der Kindertagesbetreuung",
    "Klimaschutzkonzept",
    "Straßenbeleuchtung auf LED",
    "Bebauungsplan Nr. 42 „Am Mühlbach“",
    "Haushaltssatzung",
    "Wohnraumversorgungskonzept",
    "Beteiligung der Migrantenorganisationen",
    "Neubau der Feuerwache Nord",
    "Förderung des Ehrenamts",
    "Digitalisierung der Verwaltung",
    "Parkraumbewirtschaftung in der Innenstadt",
    "Fernwärmeversorgung",
    "Jugendhilfeplanung",
    "Sportstättenentwicklungsplan",
    "Barrierefreiheit an Haltestellen",
    "Stadtbibliothek: Öffnungszeiten",
    "Hochwasserschutz an der Gera",
    "Photovoltaik auf städtischen Dächern",
];

const ACTIONS: &[&str] = &[
    "Sachstand",
    "Fortschreibung",
    "Umsetzung",
    "Vergabe von Planungsleistungen",
    "Bericht der Verwaltung",
    "Änderungsbeschluss",
    "Prüfauftrag",
    "Grundsatzbeschluss",
];

const COMMITTEES: &[&str] = &[
    "Hauptausschuss",
    "Finanzausschuss",
    "Ausschuss für Stadtentwicklung und Umwelt",
    "Bau- und Verkehrsausschuss",
    "Jugendhilfeausschuss",
    "Ausschuss für Soziales, Jugend und Gleichstellung",
    "Kulturausschuss",
    "Ortsteilrat Mitte",
    "Werkausschuss",
];

const DEPARTMENTS: &[&str] = &[
    "Amt für Stadtentwicklung",
    "Tiefbau- und Verkehrsamt",
    "Jugendamt",
    "Kämmerei",
    "Umwelt- und Naturschutzamt",
    "FB 7 Zivilgesellschaft, Stadtentwicklung, Migration und Kultur",
    "Amt für Bildung",
    "Bauamt",
];

const FIRST: &[&str] = &[
    "Anna", "Jonas", "Miriam", "Stefan", "Katrin", "Lukas", "Sabine", "Thomas", "Fatma", "Piotr",
];
const LAST: &[&str] = &[
    "Müller", "Schmidt", "Maaser", "Krüger", "Yilmaz", "Hoffmann", "Weiß", "Nowak", "Becker",
    "Schäfer",
];
const FACTIONS: &[&str] = &[
    "Fraktion BÜNDNIS 90/DIE GRÜNEN",
    "SPD-Fraktion",
    "CDU-Fraktion",
    "Fraktion DIE LINKE",
    "FDP-Fraktion",
    "Fraktion Freie Wähler",
];
const MINISTRIES: &[&str] = &[
    "Ministerium für Verkehr",
    "Ministerium für Umwelt, Klima und Energiewirtschaft",
    "Ministerium für Kultus, Jugend und Sport",
    "Ministerium der Finanzen",
];

const SUBJECTS: &[&str] = &[
    "Die Verwaltung",
    "Der Fachbereich",
    "Die Arbeitsgruppe",
    "Der Stadtrat",
    "Das Gutachten",
    "Die Bürgerbeteiligung",
    "Der Ortsteilrat",
    "Die Projektgruppe",
];
const VERBS: &[&str] = &[
    "hat im vergangenen Jahr geprüft, ob",
    "empfiehlt ausdrücklich, dass",
    "weist darauf hin, dass",
    "hat festgestellt, dass",
    "schlägt vor, dass",
    "geht davon aus, dass",
];
const CLAUSES: &[&str] = &[
    "die Kosten im Rahmen der mittelfristigen Finanzplanung gedeckt werden können",
    "die Maßnahme mit Fördermitteln des Landes finanziert werden kann",
    "die betroffenen Anwohnerinnen und Anwohner frühzeitig beteiligt werden",
    "die Umsetzung in zwei Bauabschnitten erfolgen soll",
    "der Zeitplan wegen fehlender Fachkräfte angepasst werden muss",
    "die Ergebnisse den zuständigen Ausschüssen im 1. Quartal vorgelegt werden",
    "die Verkehrssicherheit für Schulkinder deutlich verbessert wird",
    "die Energiekosten der städtischen Gebäude dauerhaft sinken",
    "eine Evaluation nach drei Jahren vorgesehen ist",
    "die Stellungnahmen der Träger öffentlicher Belange eingearbeitet wurden",
];
const TAILS: &[&str] = &[
    "Weitere Einzelheiten sind der Anlage zu entnehmen.",
    "Dies entspricht dem Beschluss des Stadtrates aus dem Vorjahr.",
    "Die Abstimmung mit den beteiligten Ämtern ist erfolgt.",
    "Ein Zwischenbericht wird nach Abschluss der Planungsphase vorgelegt.",
    "Die Mittel stehen im Haushalt zur Verfügung.",
];

// ---
// # One paper

/// The fields and the text of paper `i`.
pub fn paper(i: usize, seed: u64, formats: Formats) -> (Expected, String) {
    let mut rng = Rng::new(seed, i);
    let family = i % 7;
    let format = match formats {
        Formats::Text => "text",
        Formats::Pdf => "pdf",
        Formats::Mixed if i % 5 == 4 => "pdf",
        Formats::Mixed => "text",
    };
    // Sequence number per family and body keeps numbers distinct.
    let serial = 100 + i / 7;
    let year = 2015 + (rng.below(11) as u32);
    let month = 1 + rng.below(12) as u32;
    let day = 1 + rng.below(28) as u32;
    let date = format!("{year:04}-{month:02}-{day:02}");
    let de_date = format!("{day:02}.{month:02}.{year:04}");
    let public = !rng.chance(15);
    let topic = rng.pick(TOPICS);
    let title = format!("{topic}: {}", rng.pick(ACTIONS));
    let (folder, body) = if family == 6 {
        let (folder, _) = LANDTAGE[rng.below(LANDTAGE.len())];
        (folder, folder)
    } else {
        CITIES[rng.below(CITIES.len())]
    };
    let n_committees = 1 + rng.below(3);
    let mut committees: Vec<String> = Vec::new();
    while committees.len() < n_committees {
        let c = rng.pick(COMMITTEES).to_string();
        if !committees.contains(&c) {
            committees.push(c);
        }
    }
    if family != 4 && family != 6 {
        committees.push(if rng.chance(50) {
            "Stadtrat".to_string()
        } else {
            "Stadtverordnetenversammlung".to_string()
        });
    }
    let person = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    let department = rng.pick(DEPARTMENTS);
    let status = if public {
        "öffentlich"
    } else {
        "nichtöffentlich"
    };
    let yy = year % 100;
    let mut t = String::with_capacity(9 * 1024);
    let (reference, paper_type, family_name) = match family {
        0 => {
            let reference = format!("{serial}/{yy:02}");
            let kind = "Entscheidungsvorlage";
            let _ = write!(
                t,
                "\n\nTitel der Drucksache:\n\n{title}\n\nDrucksache\n\n{reference}\n\nStadtrat\n\n{kind}\n\n{status}\n\nBeratungsfolge\tDatum\tBehandlung\tZuständigkeit\n"
            );
            for (k, c) in committees.iter().enumerate() {
                let role = if k + 1 == committees.len() {
                    "Entscheidung"
                } else {
                    "Vorberatung"
                };
                let _ = writeln!(t, "{c}\t{}\t{status}\t{role}", shifted(&de_date, k));
            }
            let _ = write!(t, "\nBeschlussvorschlag\n\n01\n\n");
            proposal(&mut t, &mut rng, topic);
            let _ = write!(
                t,
                "\n{de_date}, gez. {person}\n\nDatum, Unterschrift\n\nBegründung\n\n"
            );
            (reference, kind, "erfurt")
        }
        1 => {
            let reference = format!("VO/{serial}/{year}");
            let kind = "Beschlussvorlage";
            let _ = write!(
                t,
                "\n\n{kind}\tVorlagen-Nr.: {reference}\n\tStatus: {status}\n\tDatum: {de_date}\n\nDezernat:\tI\nFachdienst:\t{department}\nSachbearbeiter/in:\t{person}\n\nBeratungsfolge:\t\t\nGremium\tZuständigkeit\tSitzung ist\n"
            );
            for (k, c) in committees.iter().enumerate() {
                let role = if k + 1 == committees.len() {
                    "Entscheidung"
                } else {
                    "Kenntnisnahme"
                };
                let _ = writeln!(t, "{c}\t{role}\t{}", capital(status));
            }
            let _ = write!(t, "\n{title}\n\nBeschlussvorschlag:\n\n");
            proposal(&mut t, &mut rng, topic);
            let _ = write!(t, "\nSachverhalt:\n\n");
            (reference, kind, "allris")
        }
        2 => {
            let reference = format!("{}/{year}/{serial:04}", rng.pick(&["BV", "V", "DS"]));
            let kind = "Beschlussvorlage";
            let _ = write!(
                t,
                "Stadt {body}\n\nVorlage - {reference}\n\nBetreff:\n{title}\n\nStatus: {status}\nVorlage-Art: {kind}\nDatum: {de_date}\nFederführend: {department}\nBearbeiter/-in: {person}\n\nBeratungsfolge:\nDatum\tGremium\tZuständigkeit\n"
            );
            for (k, c) in committees.iter().enumerate() {
                let role = if k + 1 == committees.len() {
                    "Entscheidung"
                } else {
                    "Vorberatung"
                };
                let _ = writeln!(t, "{}\t{c}\t{role}", shifted(&de_date, k));
            }
            let _ = write!(t, "\nBeschlussvorschlag:\n");
            proposal(&mut t, &mut rng, topic);
            let _ = write!(t, "\nBegründung:\n");
            (reference, kind, "sessionnet")
        }
        3 => {
            let reference = format!("{serial}/{year}");
            let kind = "Antrag";
            let faction = rng.pick(FACTIONS);
            let _ = write!(
                t,
                "{faction} im Stadtrat {body}\n\n{body}, den {de_date}\n\n{kind}\n\nDrucksache Nr. {reference}\n\nBetreff: {title}\n\nBeratungsfolge:\n"
            );
            for c in &committees {
                let _ = writeln!(t, "{c}");
            }
            let _ = write!(t, "\nDer Stadtrat möge beschließen:\n\n");
            proposal(&mut t, &mut rng, topic);
            let _ = write!(t, "\nBegründung:\n\n");
            (reference, kind, "antrag")
        }
        4 => {
            let reference = format!("{serial}/{yy:02}");
            let kind = "Anfrage";
            let faction = rng.pick(FACTIONS);
            let _ = write!(
                t,
                "{kind}\nder {faction}\n\nDrucksache {reference}\n{status}\nDatum: {de_date}\n\nBetreff: {title}\n\nBeratungsfolge:\n"
            );
            for c in &committees {
                let _ = writeln!(t, "{c}\t{status}");
            }
            let _ = write!(t, "\nWir fragen die Verwaltung:\n\n");
            for q in 1..=4 {
                let _ = writeln!(
                    t,
                    "{q}. Wie bewertet die Verwaltung, ob {}?",
                    rng.pick(CLAUSES)
                );
            }
            let _ = write!(t, "\nBegründung:\n\n");
            (reference, kind, "anfrage")
        }
        5 => {
            let reference = format!("{serial}/{year}");
            let kind = "Mitteilungsvorlage";
            let _ = write!(
                t,
                "Gemeinde {body}\n\n{kind}\nDS {reference}\n\nGremium:\t{}\nDatum:\t{de_date}\nStatus:\t{status}\nFachbereich:\t{department}\n\nBetreff: {title}\n\nBeratungsfolge:\n",
                committees.first().map(String::as_str).unwrap_or("Rat")
            );
            for c in &committees {
                let _ = writeln!(t, "{c}\tKenntnisnahme");
            }
            let _ = write!(t, "\nSachverhalt:\n\n");
            (reference, kind, "mitteilung")
        }
        _ => {
            let land = LANDTAGE
                .iter()
                .find(|(f, _)| *f == folder)
                .map(|(_, l)| *l)
                .unwrap_or("Nordrhein-Westfalen");
            let wp = 16 + (year as usize - 2015) / 5;
            let reference = format!("{wp}/{serial}");
            let kind = "Kleine Anfrage";
            let ministry = rng.pick(MINISTRIES);
            let _ = write!(
                t,
                "Landtag {land}\t{wp}. Wahlperiode\n\nDrucksache {reference}\n{de_date}\n\n{kind}\n\ndes Abgeordneten {person} ({})\n\nund\n\nAntwort\n\ndes {ministry}\n\n{title}\n\nIch frage die Landesregierung:\n\n",
                rng.pick(&["GRÜNE", "SPD", "CDU", "FDP", "AfD", "LINKE"])
            );
            for q in 1..=5 {
                let _ = writeln!(
                    t,
                    "{q}. Inwieweit ist ihr bekannt, dass {}?",
                    rng.pick(CLAUSES)
                );
            }
            let _ = write!(t, "\nAntwort:\n\n");
            (reference, kind, "landtag")
        }
    };
    // Body text up to about 8 KB.
    while t.len() < 8 * 1024 {
        let sentences = 3 + rng.below(4);
        for _ in 0..sentences {
            let _ = write!(
                t,
                "{} {} {}. ",
                rng.pick(SUBJECTS),
                rng.pick(VERBS),
                rng.pick(CLAUSES)
            );
        }
        let _ = write!(t, "{} Im Zusammenhang mit dem Thema {topic} wird auf die Drucksache {}/{yy:02} verwiesen.\n\n", rng.pick(TAILS), 1000 + rng.below(900));
    }
    let _ = writeln!(
        t,
        "Anlagen:\n1. Lageplan\n2. Kostenschätzung\n\n{person}\n{department}"
    );
    let extension = if format == "pdf" { "pdf" } else { "txt" };
    let file_ref: String = reference
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let expected = Expected {
        path: format!("{folder}/{year}/{family_name}_{file_ref}_{i:06}.{extension}"),
        body: body.to_string(),
        reference,
        title,
        paper_type: paper_type.to_string(),
        date,
        public: (family != 3 && family != 6).then_some(public),
        committees,
        format,
        family: family_name,
    };
    (expected, t)
}

fn proposal(t: &mut String, rng: &mut Rng, topic: &str) {
    let _ = writeln!(
        t,
        "Der Stadtrat beschließt die {topic} in der vorgelegten Fassung. Die Verwaltung wird beauftragt, sicherzustellen, dass {}. Die Finanzierung erfolgt über die Haushaltsstelle {}.{}.",
        rng.pick(CLAUSES),
        rng.below(90_000) + 10_000,
        rng.below(9_000) + 1_000
    );
}

/// The date `k` weeks later (days wrap inside the month; good enough for
/// a Beratungsfolge).
fn shifted(de_date: &str, k: usize) -> String {
    let day: usize = de_date.get(..2).and_then(|d| d.parse().ok()).unwrap_or(1);
    let day = (day + 7 * k - 1) % 28 + 1;
    format!("{day:02}{}", de_date.get(2..).unwrap_or(".01.2020"))
}

fn capital(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---
// # PDF writing (lopdf, standard Helvetica, WinAnsiEncoding)

const LINES_PER_PAGE: usize = 64;
const CHARS_PER_LINE: usize = 95;

/// A simple PDF with `text` laid out in lines, several pages.
pub fn pdf_bytes(text: &str) -> io::Result<Vec<u8>> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream, StringFormat};

    let lines = wrap(text);
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids = Vec::new();
    for page in lines.chunks(LINES_PER_PAGE) {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 9.into()]),
            Operation::new("TL", vec![12.into()]),
            Operation::new("Td", vec![50.into(), 800.into()]),
        ];
        for line in page {
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(win_ansi(line), StringFormat::Literal)],
            ));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops }
            .encode()
            .map_err(|e| io::Error::other(e.to_string()))?;
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(Object::from(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|e| io::Error::other(e.to_string()))?;
    Ok(bytes)
}

/// Lines of at most [`CHARS_PER_LINE`] characters; tabs become spaces.
fn wrap(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.lines() {
        let raw = raw.replace('\t', "   ");
        let mut line = String::new();
        for word in raw.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > CHARS_PER_LINE
            {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(line);
    }
    out
}

/// Text in WinAnsiEncoding (Latin-1 plus the quotes and dashes of
/// cp1252); anything else becomes `?`.
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '„' => 0x84,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            '€' => 0x80,
            c if (c as u32) < 0x100 => c as u8,
            _ => b'?',
        })
        .collect()
}
