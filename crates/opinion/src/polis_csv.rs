//! Reads Pol.is's public export format (compdemocracy/openData): a tiny RFC 4180 reader is
//! enough and keeps the crate free of dependencies. The caller does the file I/O.

use std::collections::BTreeMap;

use crate::matrix::Conversation;
use crate::{ParticipantId, StatementId};

/// Splits CSV text into records; quoted fields may hold commas, doubled quotes and newlines.
pub fn parse(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            if ch == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(ch);
            }
            continue;
        }
        match ch {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(ch),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError(pub String);

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CsvError {}

fn header_index(header: &[String], name: &str) -> Result<usize, CsvError> {
    header
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| CsvError(format!("column {name} missing")))
}

fn num<T: std::str::FromStr>(s: &str, what: &str) -> Result<T, CsvError> {
    s.trim()
        .parse()
        .map_err(|_| CsvError(format!("{what}: not a number: {s:?}")))
}

/// One row of participants-votes.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct ParticipantRow {
    pub participant: ParticipantId,
    pub group: Option<usize>,
    /// (statement, vote) for every non-empty cell, in column order.
    pub votes: Vec<(StatementId, i8)>,
}

/// participants-votes.csv: the final matrix with Pol.is's group id per participant.
pub fn participants_votes(text: &str) -> Result<Vec<ParticipantRow>, CsvError> {
    let mut recs = parse(text).into_iter();
    let header = recs.next().ok_or_else(|| CsvError("empty file".into()))?;
    let p = header_index(&header, "participant")?;
    let g = header_index(&header, "group-id")?;
    let first = header_index(&header, "n-disagree")? + 1;
    let cols: Vec<StatementId> = header[first..]
        .iter()
        .map(|h| num(h, "comment id"))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for r in recs {
        if r.len() == 1 && r[0].is_empty() {
            continue;
        }
        let participant = num(&r[p], "participant")?;
        let group = match r.get(g).map(|s| s.trim()) {
            None | Some("") => None,
            Some(s) => Some(num(s, "group-id")?),
        };
        let mut votes = Vec::new();
        for (i, &s) in cols.iter().enumerate() {
            match r.get(first + i).map(|x| x.trim()) {
                None | Some("") => {}
                Some(x) => votes.push((s, num::<i8>(x, "vote")?.signum())),
            }
        }
        out.push(ParticipantRow {
            participant,
            group,
            votes,
        });
    }
    Ok(out)
}

/// votes.csv events, sorted by timestamp (stable, so equal timestamps keep file order).
pub fn votes(text: &str) -> Result<Vec<(u64, ParticipantId, StatementId, i8)>, CsvError> {
    let mut recs = parse(text).into_iter();
    let header = recs.next().ok_or_else(|| CsvError("empty file".into()))?;
    let t = header_index(&header, "timestamp")?;
    let c = header_index(&header, "comment-id")?;
    let v = header_index(&header, "voter-id")?;
    let x = header_index(&header, "vote")?;
    let mut out = Vec::new();
    for r in recs {
        if r.len() < 4 {
            continue;
        }
        out.push((
            num(&r[t], "timestamp")?,
            num(&r[v], "voter-id")?,
            num(&r[c], "comment-id")?,
            num::<i8>(&r[x], "vote")?.signum(),
        ));
    }
    out.sort_by_key(|e| e.0);
    Ok(out)
}

/// comments.csv: the moderation state per comment (-1 moderated out).
pub fn moderation(text: &str) -> Result<BTreeMap<StatementId, i8>, CsvError> {
    let mut recs = parse(text).into_iter();
    let header = recs.next().ok_or_else(|| CsvError("empty file".into()))?;
    let c = header_index(&header, "comment-id")?;
    let m = header_index(&header, "moderated")?;
    let mut out = BTreeMap::new();
    for r in recs {
        if r.len() <= m.max(c) {
            continue;
        }
        out.insert(num(&r[c], "comment-id")?, num(&r[m], "moderated")?);
    }
    Ok(out)
}

/// A conversation from participants-votes.csv (row order as time order) and comments.csv.
pub fn conversation_from_matrix(
    rows: &[ParticipantRow],
    moderation: &BTreeMap<StatementId, i8>,
) -> Conversation {
    let mut conv = Conversation::new();
    for r in rows {
        for &(s, v) in &r.votes {
            conv.push(r.participant, s, v);
        }
    }
    conv.moderated_out = moderation
        .iter()
        .filter(|(_, m)| **m == -1)
        .map(|(s, _)| *s)
        .collect();
    conv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opinion_csv_quotes_and_newlines() {
        let r = parse("a,b\n1,\"x, \"\"y\"\"\nz\"\r\n2,\n");
        assert_eq!(
            r,
            vec![vec!["a", "b"], vec!["1", "x, \"y\"\nz"], vec!["2", ""]]
        );
        let pv = participants_votes("participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,3\n5,1,0,2,1,0,1,0\n6,,0,1,0,1,,-1\n").unwrap();
        assert_eq!(pv[0].group, Some(1));
        assert_eq!(pv[1].votes, vec![(3, -1)]);
        assert!(participants_votes("participant,group-id,n-disagree,0\nx,,,\n").is_err());
    }
}
