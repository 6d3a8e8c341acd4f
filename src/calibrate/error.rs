//! Errors of calibration: bad exports and options (the user's to fix, exit 2), and
//! failures to write or simulate (exit 1).
//!
//! Every problem of an export is located: the file, then the line of a CSV row or the
//! key of a Jira issue, then the column or JSON field, then a lowercase sentence naming
//! the value and what is allowed. A reader collects every problem of its file rather
//! than stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an export something sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The whole file.
    File,
    /// A line of a CSV file (the header is line 1).
    Line(u64),
    /// A line and column of a JSON file, where it is not valid JSON of the expected shape.
    Position(usize, usize),
    /// A Jira issue, by key (or by its position in `issues` when it has no key).
    Issue(String),
}

/// One located problem of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The export.
    pub file: PathBuf,
    /// Where in it.
    pub place: Place,
    /// The column (CSV) or field path (JSON); empty when none is concerned.
    pub field: String,
    /// What is wrong: a lowercase sentence naming the value and what is allowed.
    pub message: String,
}

impl InputError {
    /// A problem at `place` of `file`.
    pub fn new(
        file: &Path,
        place: Place,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        InputError {
            file: file.to_path_buf(),
            place,
            field: field.into(),
            message: message.into(),
        }
    }

    /// A problem of the whole file.
    pub fn whole(file: &Path, message: impl Into<String>) -> Self {
        InputError::new(file, Place::File, "", message)
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        match &self.place {
            Place::File => write!(f, ":")?,
            Place::Line(line) => write!(f, ":{line}:")?,
            Place::Position(line, column) => write!(f, ":{line}:{column}:")?,
            Place::Issue(key) => write!(f, ": issue {key}:")?,
        }
        if !self.field.is_empty() {
            write!(f, " {}:", self.field)?;
        }
        write!(f, " {}", self.message)
    }
}

/// Every problem found in the exports and options, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

/// How many problems [`InputErrors::render`] lists before summing up the rest.
pub const SHOWN_ERRORS: usize = 20;

impl InputErrors {
    /// Whether there is no problem.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// One line per problem, the first [`SHOWN_ERRORS`] of them, then how many more.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for e in self.0.iter().take(SHOWN_ERRORS) {
            out.push_str(&format!("error: {e}\n"));
        }
        if self.0.len() > SHOWN_ERRORS {
            out.push_str(&format!(
                "… and {} more problems\n",
                self.0.len() - SHOWN_ERRORS
            ));
        }
        out
    }
}

/// Why a calibration stopped.
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// The exports or the options are not usable: the user's to fix.
    #[error("{}", .0.render().trim_end())]
    Input(InputErrors),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// orgsim failed on its own: a written scenario that does not validate, a
    /// simulation that could not start. A bug or the machine, never the input.
    #[error("{0}")]
    Internal(String),
}

impl CalibrateError {
    /// Whether the user's input is at fault (exit code 2) rather than orgsim or the
    /// machine (exit code 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(self, CalibrateError::Input(_))
    }

    /// A single problem of the options or of one file.
    pub fn input(error: InputError) -> Self {
        CalibrateError::Input(InputErrors(vec![error]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_place_and_field() {
        let f = Path::new("x.csv");
        let e = InputError::new(f, Place::Line(14), "column \"Done\"", "bad");
        assert_eq!(e.to_string(), "x.csv:14: column \"Done\": bad");
        let e = InputError::new(f, Place::Issue("AB-1".into()), "fields.created", "bad");
        assert_eq!(e.to_string(), "x.csv: issue AB-1: fields.created: bad");
        assert_eq!(InputError::whole(f, "empty").to_string(), "x.csv: empty");
    }

    #[test]
    fn long_lists_of_problems_are_summed_up() {
        let f = Path::new("x.csv");
        let errors = InputErrors(
            (0..25)
                .map(|i| InputError::new(f, Place::Line(i), "", "bad"))
                .collect(),
        );
        let text = errors.render();
        assert_eq!(text.lines().count(), SHOWN_ERRORS + 1);
        assert!(text.ends_with("… and 5 more problems\n"));
    }
}
