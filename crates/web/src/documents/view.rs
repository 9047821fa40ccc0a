//! What templates see of a document: texts ready to show, links, sizes in the
//! reader's language.

use db::documents::{Document, Version};
use serde::Serialize;

use crate::dates;

#[derive(Serialize)]
pub struct DocumentView {
    pub id: i64,
    pub title: String,
    /// The description's paragraphs (split at blank lines).
    pub description: Vec<String>,
    pub doc_type: &'static str,
    pub language: String,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub department: String,
    pub file_type: &'static str,
    pub size: String,
    pub pages: Option<i32>,
    pub version: i32,
    pub url: String,
    pub download: String,
    pub preview: Option<String>,
    pub withdrawn: bool,
}

#[derive(Serialize)]
pub struct VersionView {
    pub version: i32,
    pub file_type: &'static str,
    pub size: String,
    pub pages: Option<i32>,
    pub filename: String,
    pub created: String,
    pub created_iso: String,
    pub download: String,
}

/// A byte count as people read it: "820 KB", "1,4 MB" in German.
pub fn human_size(bytes: i64, lang: &str) -> String {
    let b = bytes.max(0) as f64;
    let (v, unit) = if b < 1000.0 {
        return format!("{bytes} B");
    } else if b < 1_000_000.0 {
        (b / 1000.0, "KB")
    } else if b < 1_000_000_000.0 {
        (b / 1_000_000.0, "MB")
    } else {
        (b / 1_000_000_000.0, "GB")
    };
    let s = if v < 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    };
    let s = if lang == "de" { s.replace('.', ",") } else { s };
    format!("{s} {unit}")
}

pub fn document(d: &Document, lang: &str) -> DocumentView {
    DocumentView {
        id: d.id,
        title: d.title.clone(),
        description: d
            .description
            .split("\n\n")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect(),
        doc_type: d.doc_type.as_str(),
        language: d.language.clone(),
        date: d.doc_date.map(|x| dates::date(x, lang)),
        date_iso: d.doc_date.map(|x| x.format("%Y-%m-%d").to_string()),
        department: d.department_name.clone(),
        file_type: d.file.file_kind.label(),
        size: human_size(d.file.size, lang),
        pages: d.file.page_count,
        version: d.file.version,
        url: format!("/documents/{}", d.id),
        download: format!("/documents/{}/download", d.id),
        preview: d
            .file
            .has_preview
            .then(|| format!("/documents/{}/preview.png?v={}", d.id, d.file.version)),
        withdrawn: d.withdrawn_at.is_some(),
    }
}

pub fn documents(ds: &[Document], lang: &str) -> Vec<DocumentView> {
    ds.iter().map(|d| document(d, lang)).collect()
}

pub fn version(doc_id: i64, v: &Version, lang: &str) -> VersionView {
    VersionView {
        version: v.version,
        file_type: v.file_kind.label(),
        size: human_size(v.size, lang),
        pages: v.page_count,
        filename: v.filename.clone(),
        created: dates::datetime(v.created_at, lang),
        created_iso: v.created_at.to_rfc3339(),
        download: format!("/documents/{doc_id}/versions/{}/download", v.version),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(512, "de"), "512 B");
        assert_eq!(human_size(1_400_000, "de"), "1,4 MB");
        assert_eq!(human_size(1_400_000, "en"), "1.4 MB");
        assert_eq!(human_size(820_000, "en"), "820 KB");
    }
}
