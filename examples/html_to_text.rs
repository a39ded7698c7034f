//! Prints what the HTML reader makes of a page: the text the extractors
//! read, then the attachment links. For checking a portal's pages by eye.
//!
//! ```sh
//! cargo run --example html_to_text -- page.html
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        match ratsindex::source::html::read(&bytes) {
            Ok(doc) => {
                for page in &doc.pages {
                    println!("{page}");
                }
                for link in &doc.links {
                    println!("[link] {} <{}>", link.name, link.url);
                }
                for warning in &doc.warnings {
                    eprintln!("{path}: warning: {warning}");
                }
            }
            Err(e) => {
                eprintln!("{path}: html: {e}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
