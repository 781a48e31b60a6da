//! What every family of commands shares: the outcome a command ends with, Symfony's ways of
//! printing (its error block, the `--output` formats), the keys by which `run` tells the
//! commands more in `env`, and the check of a command's required arguments.

use crate::php::Php;

use super::args::Args;

/// What a command printed and how it ended.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// Whether the command changed the instance (the pause-after-effect knob waits then).
    pub changed: bool,
}

impl Outcome {
    pub(super) fn out(&mut self, line: impl AsRef<str>) {
        self.stdout.push_str(&undecorated(line.as_ref()));
        self.stdout.push('\n');
    }
    pub(super) fn err(&mut self, line: impl AsRef<str>) {
        self.stderr.push_str(&undecorated(line.as_ref()));
        self.stderr.push('\n');
    }
    /// Fails with `line`: a command's own message (`<error>…</error>`, `<info>…`) goes to
    /// standard output, as commands write it with `$output->writeln` (§8b.2); anything else
    /// (an uncaught exception, Symfony's error block, the wrapper's words) to standard error.
    pub(super) fn fail(mut self, code: i32, line: impl AsRef<str>) -> Outcome {
        let line = line.as_ref();
        if line.starts_with('<') {
            self.out(line);
        } else {
            self.err(line);
        }
        self.code = code;
        self
    }
}

/// Symfony's style tags, which an output that is not a terminal prints without.
fn undecorated(s: &str) -> String {
    let mut out = s.to_string();
    for tag in ["info", "error", "comment", "question"] {
        out = out
            .replace(&format!("<{tag}>"), "")
            .replace(&format!("</{tag}>"), "");
    }
    out
}

/// Where `run` finds the rest of standard input (after the secrets block), for the commands
/// that read it (`config:import`).
pub const STDIN: &str = "\u{0}stdin";

/// Where `run` tells the commands that the office server is out of reach (the `office_down`
/// knob).
pub(super) const OFFICE_DOWN: &str = "\u{0}office-down";
/// The host's offered apps not installed in its `custom_apps` (comma-separated), as
/// commands see them in `env`.
pub(super) const NOT_INSTALLED: &str = "\u{0}apps-not-installed";
/// The instance's data folder (`datadirectory`), where `files:scan` looks.
pub(super) const DATA_DIR: &str = "\u{0}data-dir";

/// Symfony's error block: blank line, lines padded to the longest + 4, blank line.
pub fn symfony_block(lines: &[&str]) -> String {
    let w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 4;
    let mut s = String::from("\n");
    let pad = |t: &str| format!("  {t}{}", " ".repeat(w - 2 - t.chars().count()));
    s.push_str(&" ".repeat(w));
    s.push('\n');
    for l in lines {
        s.push_str(&pad(l));
        s.push('\n');
    }
    s.push_str(&" ".repeat(w));
    s.push_str("\n\n");
    s
}

/// The failure of a command the stand-in does not know.
pub(super) fn not_defined(o: Outcome, name: &str) -> Outcome {
    o.fail(
        1,
        symfony_block(&[&format!("Command \"{name}\" is not defined.")]),
    )
}

/// The positional argument `$i` of the arguments `$a`, as a `String`; when it is missing,
/// Symfony's "Not enough arguments" block in `$o`, exit 1, and the command returns.
macro_rules! need {
    ($o:ident, $a:expr, $i:expr, $what:expr) => {
        match $a.pos.get($i) {
            Some(v) => v.clone(),
            None => {
                $o.stderr.push_str(&$crate::occ::symfony_block(&[&format!(
                    "Not enough arguments (missing: \"{}\").",
                    $what
                )]));
                $o.code = 1;
                return $o;
            }
        }
    };
}
pub(super) use need;

pub(super) fn plain_lines(o: &mut Outcome, v: &Php, prefix: &str) {
    if let Php::Map(m) = v {
        for (k, x) in m {
            match x {
                Php::Map(_) | Php::List(_) => {
                    o.out(format!("{prefix}{k}:"));
                    plain_lines(o, x, &format!("  {prefix}"));
                }
                Php::Null => o.out(format!("{prefix}{k}")),
                _ => o.out(format!("{prefix}{k}: {}", scalar(x))),
            }
        }
    } else if let Php::List(l) = v {
        for x in l {
            o.out(format!("{prefix}{}", scalar(x)));
        }
    }
}

fn scalar(v: &Php) -> String {
    match v {
        Php::Bool(b) => b.to_string(),
        Php::Int(i) => i.to_string(),
        Php::Float(f) => f.to_string(),
        Php::Str(s) => s.clone(),
        _ => String::new(),
    }
}

/// `Base::writeArrayInOutputFormat`: `  - key: value` lines, or one line of JSON.
pub(super) fn write_array(o: &mut Outcome, args: &Args, v: &Php) {
    match args.opt("output") {
        Some("json") => o.out(v.to_json_plain()),
        Some("json_pretty") => o.out(pretty(v)),
        _ => plain_lines(o, v, "  - "),
    }
}

fn pretty(v: &Php) -> String {
    serde_json::from_str::<serde_json::Value>(&v.to_json_plain())
        .ok()
        .and_then(|j| serde_json::to_string_pretty(&j).ok())
        .unwrap_or_else(|| v.to_json_plain())
}

pub(super) fn plain_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_in_a_padded_block() {
        assert_eq!(
            symfony_block(&["Command \"x\" is not defined."]),
            format!(
                "\n{0}\n  Command \"x\" is not defined.  \n{0}\n\n",
                " ".repeat(31)
            )
        );
    }
}
