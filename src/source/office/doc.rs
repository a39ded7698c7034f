//! Legacy Word (`.doc`, the binary format of Word 97–2003): read by the
//! `antiword` tool (Debian package `antiword`), which prints the text as
//! UTF-8. A missing tool is a clear per-file error, never a silent skip.

use std::io::Write;
use std::process::{Command, Stdio};

use super::{Format, OfficeError, RawDocument};

/// The tool that reads `.doc` files.
pub const TOOL: &str = "antiword";

/// Reads a `.doc` file with [`TOOL`].
pub fn read(bytes: &[u8]) -> Result<RawDocument, OfficeError> {
    read_with(TOOL, bytes)
}

/// Reads a `.doc` file with the given antiword binary.
pub fn read_with(tool: &str, bytes: &[u8]) -> Result<RawDocument, OfficeError> {
    let mut child = Command::new(tool)
        .args(["-m", "UTF-8.txt", "-w", "0", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            OfficeError(if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "legacy Word (.doc) files are read with {tool}, which is not installed \
                     (Debian: apt-get install antiword)"
                )
            } else {
                format!("cannot run {tool}: {e}")
            })
        })?;
    let mut stdin = child.stdin.take();
    let input = bytes.to_vec();
    // Written on a thread of its own: antiword may print before it has
    // read everything.
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            let _ = stdin.write_all(&input);
        }
    });
    let output = child
        .wait_with_output()
        .map_err(|e| OfficeError(format!("{tool} failed: {e}")))?;
    let _ = writer.join();
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        let why = why.lines().next().unwrap_or("").trim();
        return Err(OfficeError(format!(
            "{tool} cannot read this file ({}): {why}",
            output.status
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.lines().map(table_row).collect::<Vec<_>>().join("\n"))
        .map(|p| p.trim_end().to_string())
        .filter(|p| !p.trim().is_empty())
        .collect();
    let pages = if pages.is_empty() {
        vec![String::new()]
    } else {
        pages
    };
    Ok(RawDocument {
        format: Format::Doc,
        warnings: if pages.iter().all(|p| p.trim().is_empty()) {
            vec!["the document has no text".into()]
        } else {
            Vec::new()
        },
        pages,
        paged: false,
        links: Vec::new(),
    })
}

/// antiword prints a table row as `|Rat    |18.04.2023 |Entscheidung |`;
/// like the other readers, cells are kept tab-separated on one line.
/// Other lines are left as they are.
fn table_row(line: &str) -> String {
    let trimmed = line.trim();
    if trimmed.len() < 2 || !trimmed.starts_with('|') || !trimmed.ends_with('|') {
        return line.to_string();
    }
    trimmed[1..trimmed.len() - 1]
        .split('|')
        .map(|cell| cell.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn antiword_table_rows_become_tab_rows() {
        assert_eq!(
            table_row("|Rat          |18.04.2023   |Entscheidung  |"),
            "Rat\t18.04.2023\tEntscheidung"
        );
        assert_eq!(table_row("Der Rat | beschließt"), "Der Rat | beschließt");
        assert_eq!(table_row("|"), "|");
    }

    #[test]
    fn a_missing_tool_is_a_clear_error() {
        let err = read_with("ratsindex-no-such-antiword", b"\xd0\xcf\x11\xe0").unwrap_err();
        assert!(err.0.contains("not installed"), "{}", err.0);
        assert!(err.0.contains("apt-get install antiword"));
    }
}
