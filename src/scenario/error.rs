//! Errors of the scenario layer: what went wrong, where, and how to show it.
//!
//! Validation records [`Issue`]s (a byte span, a field path and a message); once a file
//! is done they become [`ScenarioError`]s with a line and column, gathered in one
//! [`FileErrors`]. This module owns the plain one-line-per-error text ([`Display`](std::fmt::Display)) and
//! the friendly report with the source line underlined ([`FileErrors::render`]). It
//! does not decide what is an error: that is `validate`'s job.
//!
//! The report is drawn here rather than by `codespan-reporting`: codespan's rich style
//! puts the location on a second line after `error: message`, while editors and CI logs
//! pick up the greppable compiler form `path:line:col: field: message` first. What
//! remains (a gutter, the line, carets) is a few lines of code, free of colour so it can
//! go to a `String`.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem found during validation, before its position is turned into a line and
/// column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    /// Byte range in the source; `None` for problems of the whole file (unreadable).
    pub span: Option<Range<usize>>,
    /// Dotted path of the field (`work.answer_hours`); empty when no field is concerned.
    pub field: String,
    /// Lowercase sentence naming the thing, the value and what is allowed.
    pub message: String,
}

impl Issue {
    /// A problem at `span` in field `field`.
    pub fn at(span: Range<usize>, field: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            span: Some(span),
            field: field.into(),
            message: message.into(),
        }
    }

    /// A problem of the whole file, with no position.
    pub fn whole_file(message: impl Into<String>) -> Self {
        Issue {
            span: None,
            field: String::new(),
            message: message.into(),
        }
    }
}

/// One error of a scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    /// Dotted path of the offending field (`work.answer_hours`,
    /// `structures[1].people[0].count`); empty for syntax and whole-file errors.
    pub field: String,
    /// Line, counting from 1; 0 when the error has no position (unreadable file).
    pub line: usize,
    /// Column in characters, counting from 1; 0 when the error has no position.
    pub column: usize,
    /// Byte range of the offending text in the file; empty when there is no position.
    pub span: Range<usize>,
    /// What is wrong: a lowercase sentence naming the value and what is allowed.
    pub message: String,
}

/// Every error found in one file, ready to be shown to a person.
#[derive(Debug, Clone)]
pub struct FileErrors {
    /// The file.
    pub path: PathBuf,
    /// The errors, in the order they appear in the file.
    pub errors: Vec<ScenarioError>,
    /// The file's text (lossily decoded), to show the offending lines.
    source: String,
}

impl FileErrors {
    /// Turns issues found in `source` into positioned errors, sorted by position.
    pub(crate) fn new(path: &Path, source: &str, issues: Vec<Issue>) -> Self {
        let mut errors: Vec<ScenarioError> = issues
            .into_iter()
            .map(|issue| {
                let (span, line, column) = match issue.span {
                    Some(span) => {
                        let span = clamp_span(source, span);
                        let (line, column) = line_column(source, span.start);
                        (span, line, column)
                    }
                    None => (0..0, 0, 0),
                };
                ScenarioError {
                    field: issue.field,
                    line,
                    column,
                    span,
                    message: issue.message,
                }
            })
            .collect();
        // The same problem can be found twice (a top-level value is read again for each
        // structure that overrides its table); keep the first.
        let mut unique: Vec<ScenarioError> = Vec::with_capacity(errors.len());
        for e in errors.drain(..) {
            if !unique.contains(&e) {
                unique.push(e);
            }
        }
        errors = unique;
        // Stable: issues at one place keep the order validation found them in.
        errors.sort_by_key(|e| (e.line, e.column));
        FileErrors {
            path: path.to_path_buf(),
            errors,
            source: source.to_string(),
        }
    }

    /// A single error of the whole file (missing, unreadable), with no position.
    pub(crate) fn whole_file(path: &Path, message: impl Into<String>) -> Self {
        FileErrors::new(path, "", vec![Issue::whole_file(message)])
    }

    /// A friendly report for a terminal: each error as `path:line:col: field: message`
    /// followed by its source line with the offending text underlined, then a count.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for error in &self.errors {
            out.push_str(&self.header(error));
            out.push('\n');
            if error.line > 0 {
                out.push_str(&self.snippet(error));
            }
            out.push('\n');
        }
        let n = self.errors.len();
        out.push_str(&format!(
            "{} error{} in {}\n",
            n,
            if n == 1 { "" } else { "s" },
            self.path.display()
        ));
        out
    }

    fn header(&self, error: &ScenarioError) -> String {
        let mut s = format!("{}:", self.path.display());
        if error.line > 0 {
            s.push_str(&format!("{}:{}:", error.line, error.column));
        }
        if !error.field.is_empty() {
            s.push_str(&format!(" {}:", error.field));
        }
        s.push(' ');
        s.push_str(&error.message);
        s
    }

    /// The source line of `error` with a gutter, and carets under its span (to the end
    /// of the line when the span goes on).
    fn snippet(&self, error: &ScenarioError) -> String {
        let start = error.span.start;
        let line_start = self.source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.source[start..]
            .find('\n')
            .map_or(self.source.len(), |i| start + i);
        let text = self.source[line_start..line_end].trim_end_matches('\r');
        let number = error.line.to_string();
        let pad = " ".repeat(number.len());
        // Copy tabs into the indent so the carets line up whatever the tab width.
        let indent: String = self.source[line_start..start]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let end = error.span.end.min(line_end).max(start);
        let width = self.source[start..end].chars().count().max(1);
        format!(
            "{pad} |\n{number} | {text}\n{pad} | {indent}{}\n",
            "^".repeat(width)
        )
    }
}

impl fmt::Display for FileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&self.header(error))?;
        }
        Ok(())
    }
}

impl std::error::Error for FileErrors {}

/// The span moved onto character boundaries inside `source`, so slicing never panics.
fn clamp_span(source: &str, span: Range<usize>) -> Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(source.len());
        while !source.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start);
    let end = floor(span.end).max(start);
    start..end
}

/// Line and column (both from 1, column in characters) of byte `offset`.
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_from_one() {
        let src = "a = 1\nbé = 2\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        // After the two-byte 'é' the column counts one character.
        assert_eq!(line_column(src, 9), (2, 3));
    }

    #[test]
    fn render_underlines_the_span_under_a_compiler_style_header() {
        let src = "[team]\nsquads = 0\n";
        let errors = FileErrors::new(
            Path::new("x.toml"),
            src,
            vec![Issue::at(
                16..17,
                "team.squads",
                "squads must be at least 1, got 0",
            )],
        );
        let report = errors.render();
        assert_eq!(
            report,
            "x.toml:2:10: team.squads: squads must be at least 1, got 0\n  |\n2 | squads = 0\n  |          ^\n\n1 error in x.toml\n"
        );
        assert_eq!(
            errors.to_string(),
            "x.toml:2:10: team.squads: squads must be at least 1, got 0"
        );
    }

    #[test]
    fn whole_file_errors_have_no_position() {
        let e = FileErrors::whole_file(Path::new("gone.toml"), "cannot read the file");
        assert_eq!(e.to_string(), "gone.toml: cannot read the file");
        assert_eq!(e.errors[0].line, 0);
    }

    #[test]
    fn spans_off_char_boundaries_do_not_panic() {
        let e = FileErrors::new(Path::new("x"), "é", vec![Issue::at(1..9, "", "m")]);
        assert_eq!(e.errors[0].span, 0..2);
        let _ = e.render();
    }
}
