//! What a change touches, named so that everything kept in memory (rendered
//! pages, sessions, counted survey results) can be dropped exactly when what it
//! was made from changes. Commands report tags; caches are keyed by them; the
//! text form travels between instances.

use std::fmt;
use std::str::FromStr;

/// One thing that pages and other kept results depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tag {
    /// Everything: every kept page and result depends on it.
    All,
    /// Lists of processes: the start page, lists, the archive, their feeds.
    Lists,
    /// Search results.
    Search,
    /// Pages that list or show documents.
    Documents,
    /// A process and everything shown on its page (its discussion, ideas, surveys).
    Process(i64),
    /// An idea's page, its discussion and versions.
    Idea(i64),
    /// A survey: its pages, counted results and published report.
    Survey(i64),
    /// An opinion map: its map page (groups, statements) as last computed.
    OpinionMap(i64),
    /// The vote counts of an opinion map's statements, which change with every
    /// vote (the map page shows the stored computation instead, so votes leave
    /// it be); the open data API lists them.
    OpinionVotes(i64),
    /// A person: their account, sessions and marks (what they wrote,
    /// supported, reacted to, follow).
    User(i64),
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::All => f.write_str("*"),
            Tag::Lists => f.write_str("lists"),
            Tag::Search => f.write_str("search"),
            Tag::Documents => f.write_str("documents"),
            Tag::Process(id) => write!(f, "process:{id}"),
            Tag::Idea(id) => write!(f, "idea:{id}"),
            Tag::Survey(id) => write!(f, "survey:{id}"),
            Tag::OpinionMap(id) => write!(f, "opinion:{id}"),
            Tag::OpinionVotes(id) => write!(f, "votes:{id}"),
            Tag::User(id) => write!(f, "user:{id}"),
        }
    }
}

/// A tag's text that names no tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTag(pub String);

impl FromStr for Tag {
    type Err = UnknownTag;
    fn from_str(s: &str) -> Result<Tag, UnknownTag> {
        let unknown = || UnknownTag(s.to_owned());
        Ok(match s {
            "*" => Tag::All,
            "lists" => Tag::Lists,
            "search" => Tag::Search,
            "documents" => Tag::Documents,
            _ => {
                let (kind, id) = s.split_once(':').ok_or_else(unknown)?;
                let id: i64 = id.parse().map_err(|_| unknown())?;
                match kind {
                    "process" => Tag::Process(id),
                    "idea" => Tag::Idea(id),
                    "survey" => Tag::Survey(id),
                    "opinion" => Tag::OpinionMap(id),
                    "votes" => Tag::OpinionVotes(id),
                    "user" => Tag::User(id),
                    _ => return Err(unknown()),
                }
            }
        })
    }
}

/// The text form of several tags, as one line (for NOTIFY).
pub fn join(tags: &[Tag]) -> String {
    let mut out = String::new();
    for (i, t) in tags.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&t.to_string());
    }
    out
}

/// Tags from their text form; unknown words (from a newer instance during an
/// upgrade) become `All`, so nothing stale survives them.
pub fn parse_line(line: &str) -> Vec<Tag> {
    line.split_whitespace()
        .map(|w| w.parse().unwrap_or(Tag::All))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_survive_their_text_form() {
        let tags = [
            Tag::All,
            Tag::Lists,
            Tag::Search,
            Tag::Documents,
            Tag::Process(5),
            Tag::Idea(-1),
            Tag::Survey(7),
            Tag::OpinionMap(3),
            Tag::OpinionVotes(4),
            Tag::User(9),
        ];
        assert_eq!(parse_line(&join(&tags)), tags);
        assert_eq!(join(&[Tag::Process(5), Tag::Lists]), "process:5 lists");
    }

    #[test]
    fn unknown_words_clear_everything() {
        assert_eq!(parse_line("process:x poll:3"), vec![Tag::All, Tag::All]);
        assert!("".parse::<Tag>().is_err());
    }
}
