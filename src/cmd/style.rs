//! Whether output is styled (bold, colour): `--color auto|always|never`
//! and the `NO_COLOR` convention (https://no-color.org), decided once per
//! run.

use std::io::IsTerminal;
use std::sync::OnceLock;

use crate::cli::ColorArg;

static CHOICE: OnceLock<ColorArg> = OnceLock::new();

/// Records the command line's choice; `auto` with `NO_COLOR` set (to
/// anything but the empty string) becomes `never`.
pub fn init(choice: ColorArg) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let choice = match choice {
        ColorArg::Auto if no_color => ColorArg::Never,
        other => other,
    };
    let _ = CHOICE.set(choice);
}

/// Whether stdout gets bold and colour.
pub fn stdout() -> bool {
    match CHOICE.get().copied().unwrap_or(ColorArg::Auto) {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal(),
    }
}

/// `text` in bold when stdout is styled.
pub fn bold(text: &str) -> String {
    if stdout() {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}
