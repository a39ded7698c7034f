//! Prints the glyphs the PDF reader places on one page: a debugging aid
//! for layout problems. `cargo run --example pdf_glyphs -- FILE PAGE`.

use ratsindex::source::pdf::{content, Budget, PdfLimits};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(page)) = (args.get(1), args.get(2)) else {
        anyhow::bail!("usage: pdf_glyphs FILE PAGE");
    };
    let page: u32 = page.parse()?;
    let doc = lopdf::Document::load(path)?;
    let id = *doc
        .get_pages()
        .get(&page)
        .ok_or_else(|| anyhow::anyhow!("no page {page}"))?;
    let limits = PdfLimits::default();
    let mut budget = Budget::new(&limits);
    let mut warnings = Vec::new();
    let glyphs = content::page_glyphs(
        &doc,
        id,
        &mut content::Cache::default(),
        &mut budget,
        &mut warnings,
    )?;
    for g in &glyphs.glyphs {
        println!(
            "{:8.2} {:8.2} w{:6.2} s{:5.2} {:?} {:?}",
            g.x,
            g.y,
            g.width,
            g.size,
            g.dir,
            glyphs.text_of(g)
        );
    }
    eprintln!(
        "{} glyphs, {} unmapped, {} images, warnings: {warnings:?}",
        glyphs.glyphs.len(),
        glyphs.unmapped,
        glyphs.images
    );
    Ok(())
}
