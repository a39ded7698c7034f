//! `ratsindex serve` in headless Chromium, driven over WebDriver
//! (chromedriver): search a stemmed word, click a facet, open a paper,
//! pick a field and see its evidence marked, on a laptop-sized and a
//! phone-sized window; hostile text stays text. Screenshots are checked
//! (the marked words must show in their colour) and kept in
//! `$CARGO_TARGET_TMPDIR/serve-screenshots/` to look at.
//!
//! Needs Debian's `chromium` and `chromium-driver`; skips loudly without
//! them, except in CI (`CI=true`), where that is a failure.

use std::path::PathBuf;

use super::webdriver::{find_tools, Driver, Session};
use super::{fixture_index, in_ci, Server, HOSTILE_ID, HOSTILE_TITLE};

/// The colour of `<mark>` in the stylesheet (#ffe066).
const MARK_RGB: [u8; 3] = [0xff, 0xe0, 0x66];

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Decodes a PNG; returns (width, height, RGB pixels).
fn pixels(png_bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("PNG size")];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    let channels = info.color_type.samples();
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let rgb = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, rgb)
}

/// Share of pixels in the mark colour.
fn mark_share(png_bytes: &[u8]) -> f64 {
    let (_, _, rgb) = pixels(png_bytes);
    let near = |p: &[u8; 3]| {
        p.iter()
            .zip(MARK_RGB)
            .all(|(a, b)| (*a as i32 - b as i32).abs() <= 10)
    };
    rgb.iter().filter(|p| near(p)).count() as f64 / rgb.len().max(1) as f64
}

fn save(name: &str, png: &[u8]) {
    let path = screenshots().join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

/// Whether the page fits the window's width (no sideways scrolling).
fn fits_width(session: &Session) -> bool {
    session.script("return document.documentElement.scrollWidth <= window.innerWidth") == true
}

#[test]
fn search_facet_paper_and_evidence_in_chromium() {
    let Some((chromium, chromedriver)) = find_tools() else {
        if in_ci() {
            panic!("chromium and chromedriver are needed in CI (.ci/run installs them)");
        }
        eprintln!(
            "SKIPPED search_facet_paper_and_evidence_in_chromium: no chromium/chromedriver \
             (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let dir = fixture_index();
    let server = Server::start(dir.path());
    let driver = Driver::start(&chromedriver);
    let profile = tempfile::tempdir().unwrap();
    let laptop = driver.session(&chromium, &profile.path().join("laptop"), 1280, 900);

    // Search a stemmed word form: "Radwegen" finds Radweg, Radwege, Radwegs.
    laptop.go(&server.url("/"));
    let q = laptop.find("#q");
    laptop.type_text(&q, "Radwegen");
    laptop.click(&laptop.find(".searchform button[type=submit]"));
    assert!(laptop.url().contains("q=Radwegen"), "{}", laptop.url());
    // The form keeps the automatic order: a query sorts by relevance.
    assert!(!laptop.url().contains("sort=date"), "{}", laptop.url());
    let total: usize = laptop.text(&laptop.find("#total")).parse().unwrap();
    let titles: Vec<String> = laptop
        .find_all(".hit h2 a")
        .iter()
        .map(|e| laptop.text(e))
        .collect();
    assert_eq!(titles.len(), total.min(20));
    for expected in [
        "Sichere Radwege an Schulen",
        "Beleuchtung des Radwegs am Mühlbach",
    ] {
        assert!(
            titles.iter().any(|t| t == expected),
            "{expected} in {titles:?}"
        );
    }
    let marked: Vec<String> = laptop
        .find_all(".snippet mark")
        .iter()
        .map(|e| laptop.text(e))
        .collect();
    assert!(
        marked
            .iter()
            .any(|m| m != "Radwegen" && m.starts_with("Radweg")),
        "other word forms marked: {marked:?}"
    );
    let shot = laptop.screenshot();
    save("1-search-laptop.png", &shot);
    assert!(
        mark_share(&shot) > 0.0005,
        "marked words visible in the screenshot"
    );
    assert!(fits_width(&laptop));

    // Click a facet: only that body's papers are left.
    laptop.click(&laptop.find_text(".facet a", "Testhausen"));
    assert!(laptop.url().contains("body=Testhausen"), "{}", laptop.url());
    let narrowed: usize = laptop.text(&laptop.find("#total")).parse().unwrap();
    assert!(narrowed > 0 && narrowed < total, "{narrowed} of {total}");
    let bodies: Vec<String> = laptop
        .find_all(".hit .meta .body")
        .iter()
        .map(|e| laptop.text(e))
        .collect();
    assert!(bodies.iter().all(|b| b == "Testhausen"), "{bodies:?}");
    assert!(laptop.text(&laptop.find(".active")).contains("Testhausen"));
    save("2-facet-laptop.png", &laptop.screenshot());

    // Open a paper.
    laptop.click(&laptop.find_text(".hit h2 a", "Beleuchtung des Radwegs"));
    assert!(laptop.url().contains("/paper/"), "{}", laptop.url());
    assert_eq!(
        laptop.text(&laptop.find("h1")),
        "Beleuchtung des Radwegs am Mühlbach"
    );
    let body_field = laptop.find_text(".fields .field", "Körperschaft");
    assert!(laptop.text(&body_field).contains("Testhausen"));
    assert!(
        laptop.find_all("mark").is_empty(),
        "nothing marked before a pick"
    );
    assert!(!laptop.text(&laptop.find(".decision blockquote")).is_empty());

    // Pick the decision proposal: its evidence is marked in the full text.
    let decision = laptop.text(&laptop.find(".decision blockquote"));
    laptop.click(&laptop.find(".decision .evidence"));
    assert!(laptop.url().contains("field=decision_proposal"));
    let mark = laptop.find("mark#evidence");
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let evidence = squash(&laptop.text(&mark));
    let first_words: String = squash(&decision)
        .split(' ')
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        evidence.contains(&first_words),
        "evidence {evidence:?} holds {first_words:?}"
    );
    let class = laptop.attribute(&laptop.find(".decision"), "class");
    assert!(class.unwrap_or_default().contains("picked"));
    let mark_shot = laptop.element_screenshot(&mark);
    save("3-evidence-mark.png", &mark_shot);
    assert!(
        mark_share(&mark_shot) > 0.25,
        "the evidence is shown marked"
    );
    let shot = laptop.screenshot();
    save("3-evidence-laptop.png", &shot);
    assert!(mark_share(&shot) > 0.002, "the marked evidence is in view");

    // Pick the title the same way.
    let title_field = laptop.find(".fields .field:last-child");
    assert!(laptop.text(&title_field).starts_with("Titel"));
    laptop.click(&laptop.find(".fields .field:last-child .evidence"));
    assert!(laptop.url().contains("field=title"));
    assert!(squash(&laptop.text(&laptop.find("mark#evidence"))).contains("Mühlbach"));

    // Hostile text is text: no image, no script, no alert (an open alert
    // would fail every command after it).
    laptop.go(&server.url(&format!("/paper/{HOSTILE_ID}?field=title")));
    assert_eq!(laptop.text(&laptop.find("h1")), HOSTILE_TITLE);
    assert_eq!(laptop.text(&laptop.find("mark#evidence")), HOSTILE_TITLE);
    assert_eq!(laptop.script("return document.images.length"), 0);
    assert_eq!(laptop.script("return document.scripts.length"), 0);
    assert_eq!(
        laptop.script("return document.querySelectorAll('svg,iframe,object,style').length"),
        0
    );
    save("4-hostile-laptop.png", &laptop.screenshot());
    laptop.go(&server.url("/?q=Schadcode"));
    assert!(
        laptop
            .text(&laptop.find(".snippet"))
            .contains("<script>alert(1)</script>")
            || laptop
                .text(&laptop.find(".snippet"))
                .contains("onerror=alert(2)")
    );
    assert_eq!(laptop.script("return document.images.length"), 0);

    // A phone: one column, nothing wider than the screen, facets below.
    let phone = driver.session(&chromium, &profile.path().join("phone"), 390, 844);
    phone.go(&server.url("/?q=Radwegen"));
    assert_eq!(
        phone.script("return window.innerWidth"),
        390,
        "a phone-sized viewport"
    );
    assert!(fits_width(&phone), "search page fits a phone");
    let below = phone.script(
        "return document.querySelector('#facets').getBoundingClientRect().top > \
         document.querySelector('.results').getBoundingClientRect().top",
    );
    assert_eq!(below, true, "facets under the hits on a phone");
    let shot = phone.screenshot();
    save("5-search-phone.png", &shot);
    assert!(mark_share(&shot) > 0.0005);
    phone.click(&phone.find_text(".hit h2 a", "Sichere Radwege"));
    assert!(fits_width(&phone), "paper page fits a phone");
    save("6-paper-phone.png", &phone.screenshot());
    let evidence_paper = laptop_paper_with_tables(&server);
    phone.go(&server.url(&evidence_paper));
    assert!(
        fits_width(&phone),
        "tables fit (or scroll inside their box) on a phone"
    );
    save("7-paper-tables-phone.png", &phone.screenshot());
}

/// A paper with a Beratungsfolge and a finance table, its title picked.
fn laptop_paper_with_tables(server: &Server) -> String {
    format!(
        "/paper/{}?field=finance#evidence",
        super::paper_with_tables(server)
    )
}
