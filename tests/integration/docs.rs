//! The documentation holds together, so that a clone reads whole:
//!
//! - every relative link of README.md, ARCHITECTURE.md and the Markdown files under
//!   `docs/` and `benches/` leads to a file of the repository, and an `#anchor` to a
//!   heading of that file;
//! - no document points outside the repository (no link climbs above its root, no
//!   mention of `../shared`);
//! - every section of the model that the code cites ("docs/model.md §N") exists;
//! - the complete example of the scenario format is the file the scenario reader's
//!   own tests read.
//!
//! Markdown is read with a few plain rules, std only: fenced code blocks and inline
//! code are not prose, and a heading's anchor is made as GitHub makes it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The document whose sections the code cites, relative to the repository's root.
const MODEL: &str = "docs/model.md";

/// The repository's root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository, read as text; `None` when it is not UTF-8 (a binary
/// fixture) or cannot be read.
fn read(path: &Path) -> Option<String> {
    String::from_utf8(fs::read(path).ok()?).ok()
}

/// The path of `path` relative to the root, with `/` separators, for messages.
fn shown(path: &Path) -> String {
    let relative = path.strip_prefix(root()).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file under `dir` whose name ends with one of `extensions`, recursively, in
/// name order; nothing when `dir` does not exist.
fn files_under(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, extensions, out);
        } else if path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| extensions.contains(&x))
        {
            out.push(path);
        }
    }
}

/// The documents whose links are checked.
fn documents() -> Vec<PathBuf> {
    let mut out = vec![root().join("README.md"), root().join("ARCHITECTURE.md")];
    files_under(&root().join("docs"), &["md"], &mut out);
    files_under(&root().join("benches"), &["md"], &mut out);
    out
}

/// The lines of a Markdown text, with those of fenced code blocks blank (so that line
/// numbers hold).
fn outside_fences(text: &str) -> Vec<&str> {
    let mut fence: Option<String> = None;
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let marker: String = trimmed
                .chars()
                .take_while(|&c| c == '`' || c == '~')
                .collect();
            match &fence {
                Some(open) => {
                    if trimmed.starts_with(open.as_str()) && trimmed.trim_end() == marker {
                        fence = None;
                    }
                    ""
                }
                None if marker.len() >= 3 => {
                    fence = Some(marker);
                    ""
                }
                None => line,
            }
        })
        .collect()
}

/// The prose of a Markdown text, line by line: no fenced code blocks, no inline code
/// spans.
fn prose(text: &str) -> Vec<String> {
    outside_fences(text)
        .into_iter()
        .map(without_inline_code)
        .collect()
}

/// A line without its inline code spans: a run of backticks up to the next run of the
/// same length.
fn without_inline_code(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('`') {
        out.push_str(&rest[..open]);
        let ticks = rest[open..].chars().take_while(|&c| c == '`').count();
        let after = &rest[open + ticks..];
        let closing = "`".repeat(ticks);
        match after.find(&closing) {
            Some(close) => rest = &after[close + ticks..],
            None => {
                // An unmatched run is literal text.
                out.push_str(&rest[open..open + ticks]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A link of a document.
#[derive(Debug, PartialEq)]
struct Link {
    /// Line of the document, from 1.
    line: usize,
    /// The target as written: `docs/model.md#3-requests-and-triage`, `#anchor`, a URL.
    target: String,
}

impl Link {
    /// Whether the link leaves the repository on purpose: a URL or a mail address.
    fn is_external(&self) -> bool {
        self.target.contains("://") || self.target.starts_with("mailto:")
    }
}

/// The links of a Markdown text: inline ones, `[text](target)` and `![alt](target)`,
/// and reference definitions, `[name]: target`.
fn links(text: &str) -> Vec<Link> {
    let mut out = Vec::new();
    for (i, line) in prose(text).iter().enumerate() {
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find([')', ' ']).unwrap_or(after.len());
            let target = after[..end].trim_matches(['<', '>']);
            if !target.is_empty() {
                out.push(Link {
                    line: i + 1,
                    target: target.to_string(),
                });
            }
            rest = &after[end..];
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            if let Some(at) = trimmed.find("]: ") {
                let target = trimmed[at + 3..].split_whitespace().next().unwrap_or("");
                out.push(Link {
                    line: i + 1,
                    target: target.trim_matches(['<', '>']).to_string(),
                });
            }
        }
    }
    out
}

/// A heading's anchor as GitHub makes it: lower case, spaces to hyphens, letters,
/// digits, `-` and `_` kept, everything else dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The anchors of a Markdown text's headings; a repeated heading's anchor gets `-1`,
/// `-2` … as on GitHub.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in outside_fences(text) {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let base = slug(line[hashes..].trim_end_matches(['#', ' ']));
        let mut anchor = base.clone();
        let mut n = 0;
        while out.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        out.insert(anchor);
    }
    out
}

/// Where a relative link of `document` leads: the file, relative to the root (`/`
/// separators), and the anchor if any. `Err` when its path climbs above the root.
fn resolve(document: &Path, target: &str) -> Result<(String, Option<String>), String> {
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (target, None),
    };
    let own = shown(document);
    if path.is_empty() {
        return Ok((own, anchor));
    }
    if path.starts_with('/') {
        return Err(
            "an absolute path: it names a file of one machine, not of the repository".into(),
        );
    }
    let mut parts: Vec<&str> = own.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("it climbs above the repository's root".into());
                }
            }
            _ => parts.push(part),
        }
    }
    Ok((parts.join("/"), anchor))
}

/// The section numbers cited as `"{document} §N"` in a text, with their lines (from
/// 1). A range `§3–§5` (or `§3–5`) cites each section in it, a list `§3, §5` or
/// `§3 and §5` each one.
fn citations(text: &str, document: &str) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find(document) {
            rest = &rest[at + document.len()..];
            let mut cursor = match rest.strip_prefix(" §") {
                Some(after) => after,
                None => continue,
            };
            let mut previous: Option<u32> = None;
            loop {
                let digits: String = cursor.chars().take_while(char::is_ascii_digit).collect();
                let Ok(n) = digits.parse::<u32>() else { break };
                cursor = &cursor[digits.len()..];
                match previous.take() {
                    Some(from) => out.extend((from..=n).map(|k| (i + 1, k))),
                    None => out.push((i + 1, n)),
                }
                if let Some(after) = ["–§", "-§", "–", "-"]
                    .iter()
                    .find_map(|sep| cursor.strip_prefix(sep))
                {
                    // The end of a range: its start is pushed with the end.
                    previous = out.pop().map(|(_, k)| k);
                    cursor = after;
                } else if let Some(after) = [", §", " and §"]
                    .iter()
                    .find_map(|sep| cursor.strip_prefix(sep))
                {
                    cursor = after;
                } else {
                    break;
                }
            }
            if let Some(from) = previous {
                // A dangling range (`§3–` at the end of a line) still cites its start.
                out.push((i + 1, from));
            }
        }
    }
    out
}

/// The numbered sections of the model, `## N. Title`, in document order.
fn model_sections() -> Vec<u32> {
    let text = read(&root().join(MODEL)).unwrap_or_else(|| panic!("cannot read {MODEL}"));
    prose(&text)
        .iter()
        .filter_map(|line| line.strip_prefix("## "))
        .filter_map(|title| title.split_once(". "))
        .filter_map(|(number, _)| number.parse().ok())
        .collect()
}

#[test]
fn relative_links_lead_to_files_and_headings_of_the_repository() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for document in documents() {
        let text = read(&document).unwrap_or_else(|| panic!("cannot read {}", shown(&document)));
        for link in links(&text).iter().filter(|l| !l.is_external()) {
            checked += 1;
            let at = format!("{}:{}: ({})", shown(&document), link.line, link.target);
            let (file, anchor) = match resolve(&document, &link.target) {
                Ok(found) => found,
                Err(why) => {
                    broken.push(format!("{at}: {why}"));
                    continue;
                }
            };
            let path = root().join(&file);
            if !path.exists() {
                broken.push(format!("{at}: no file {file} in the repository"));
                continue;
            }
            let Some(anchor) = anchor else { continue };
            if !file.ends_with(".md") {
                broken.push(format!(
                    "{at}: an anchor into {file}, which has no headings"
                ));
                continue;
            }
            let target = read(&path).unwrap_or_default();
            if !anchors(&target).contains(&anchor) {
                broken.push(format!(
                    "{at}: {file} has no heading whose anchor is #{anchor}"
                ));
            }
        }
    }
    assert!(
        checked > 0,
        "no relative link found: is the link reader broken?"
    );
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn no_document_points_outside_the_repository() {
    let mut outside = Vec::new();
    for document in documents() {
        let text = read(&document).unwrap_or_else(|| panic!("cannot read {}", shown(&document)));
        for (i, line) in text.lines().enumerate() {
            if line.contains("../shared") {
                outside.push(format!(
                    "{}:{}: mentions ../shared, which a clone does not have",
                    shown(&document),
                    i + 1
                ));
            }
        }
        for link in links(&text).iter().filter(|l| !l.is_external()) {
            if let Err(why) = resolve(&document, &link.target) {
                outside.push(format!(
                    "{}:{}: ({}): {why}",
                    shown(&document),
                    link.line,
                    link.target
                ));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "links outside the repository:\n{}",
        outside.join("\n")
    );
}

#[test]
fn the_model_is_numbered_one_section_after_another() {
    let sections = model_sections();
    let expected: Vec<u32> = (1..=sections.len() as u32).collect();
    assert!(
        !sections.is_empty(),
        "{MODEL} has no `## N. Title` sections"
    );
    assert_eq!(
        sections, expected,
        "{MODEL}: sections must be numbered 1, 2, 3 … in order, so that citations stay apt"
    );
}

#[test]
fn every_cited_section_of_the_model_exists() {
    let sections: BTreeSet<u32> = model_sections().into_iter().collect();
    let mut files = vec![root().join("README.md"), root().join("ARCHITECTURE.md")];
    for dir in ["src", "tests", "benches", "scenarios", "docs"] {
        files_under(&root().join(dir), &["rs", "md", "py", "toml"], &mut files);
    }
    let mut missing = Vec::new();
    for file in &files {
        let Some(text) = read(file) else { continue };
        for (line, n) in citations(&text, MODEL) {
            if !sections.contains(&n) {
                missing.push(format!(
                    "{}:{line}: cites {MODEL} §{n}, which does not exist",
                    shown(file)
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{MODEL} has sections {sections:?}, yet:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_complete_example_is_the_file_the_reader_is_tested_on() {
    let format = read(&root().join("docs/scenario-format.md")).expect("docs/scenario-format.md");
    let section = format
        .split_once("## A complete example")
        .map(|(_, after)| after)
        .expect("docs/scenario-format.md has a section `## A complete example`");
    let block = section
        .split_once("```toml\n")
        .and_then(|(_, after)| after.split_once("```"))
        .map(|(block, _)| block)
        .expect("a ```toml block in the complete example");
    let file = "src/scenario/model_example.toml";
    let tested = read(&root().join(file)).unwrap_or_else(|| panic!("cannot read {file}"));
    assert_eq!(
        block.trim_end(),
        tested.trim_end(),
        "the complete example of docs/scenario-format.md differs from {file}, which the \
         scenario reader's tests read: make them the same"
    );
}

// ----- the readers above, on texts whose answers are known -----

#[test]
fn anchors_are_made_as_github_makes_them() {
    assert_eq!(
        slug("9. People, duties and dispatch"),
        "9-people-duties-and-dispatch"
    );
    assert_eq!(slug("`trials.csv`"), "trialscsv");
    assert_eq!(slug("Fields and defaults"), "fields-and-defaults");
    let text = "# Title\n## Notes\n```\n## not a heading\n```\n## Notes\n";
    let found: Vec<String> = anchors(text).into_iter().collect();
    assert_eq!(found, ["notes", "notes-1", "title"]);
}

#[test]
fn links_are_read_from_prose_only() {
    let text = "See [the model](docs/model.md#1-time) and [x](https://example.org).\n\
                `[not](a-link.md)` and\n\
                ```\n[nor](this.md)\n```\n\
                [ref]: ARCHITECTURE.md\n";
    let found = links(text);
    let targets: Vec<(usize, &str)> = found.iter().map(|l| (l.line, l.target.as_str())).collect();
    assert_eq!(
        targets,
        [
            (1, "docs/model.md#1-time"),
            (1, "https://example.org"),
            (6, "ARCHITECTURE.md")
        ]
    );
    assert!(found[1].is_external());
}

#[test]
fn links_resolve_from_their_document_and_never_above_the_root() {
    let doc = root().join("docs/outputs.md");
    assert_eq!(
        resolve(&doc, "model.md#12-what-is-measured"),
        Ok((
            "docs/model.md".to_string(),
            Some("12-what-is-measured".to_string())
        ))
    );
    assert_eq!(
        resolve(&doc, "../README.md"),
        Ok(("README.md".to_string(), None))
    );
    assert_eq!(
        resolve(&doc, "#running-orgsim"),
        Ok((
            "docs/outputs.md".to_string(),
            Some("running-orgsim".to_string())
        ))
    );
    assert!(resolve(&doc, "../../shared/MODEL.md").is_err());
    assert!(resolve(&root().join("README.md"), "../shared/MODEL.md").is_err());
}

#[test]
fn citations_are_read_with_their_ranges_and_lists() {
    let text = "//! see guide.md §3\n\
                // guide.md §4–§6 and guide.md §7, §9 and §11\n\
                // guide.md §N is a placeholder, guide.md alone cites nothing\n";
    assert_eq!(
        citations(text, "guide.md"),
        [(1, 3), (2, 4), (2, 5), (2, 6), (2, 7), (2, 9), (2, 11)]
    );
}
