//! A very small PDF writer: pages of wrapped text in Helvetica, for the demo's
//! publications and for tests. No images, no compression, Latin-1 text only.

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 64.0;
const LINE: f32 = 15.0;
const WRAP_CHARS: usize = 88;

/// A character in the PDF's WinAnsi encoding (Latin-1 covers German), escaped
/// for a literal string.
fn encode(s: &str, out: &mut Vec<u8>) {
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                out.push(c as u8);
            }
            '–' | '—' => out.push(b'-'),
            '„' | '“' | '”' => out.push(b'"'),
            c if (c as u32) < 0x20 => out.push(b' '),
            c if (c as u32) < 0x100 => out.push(c as u32 as u8),
            _ => out.push(b'?'),
        }
    }
}

fn wrap(paragraph: &str) -> Vec<String> {
    let mut lines = vec![];
    let mut line = String::new();
    for word in paragraph.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WRAP_CHARS {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn page_content(title: &str, heading: &str, text: &str, number: usize, of: usize) -> Vec<u8> {
    let mut c: Vec<u8> = vec![];
    let mut y = PAGE_H - MARGIN;
    let line = |c: &mut Vec<u8>, font: &str, size: f32, y: f32, s: &str| {
        c.extend_from_slice(format!("BT /{font} {size} Tf {MARGIN} {y} Td (").as_bytes());
        encode(s, c);
        c.extend_from_slice(b") Tj ET\n");
    };
    line(&mut c, "F1", 9.0, y, title);
    y -= 36.0;
    line(&mut c, "F2", 18.0, y, heading);
    y -= 30.0;
    for para in text.split("\n\n") {
        for l in wrap(para) {
            if y < MARGIN + LINE {
                break;
            }
            line(&mut c, "F1", 11.0, y, &l);
            y -= LINE;
        }
        y -= LINE / 2.0;
    }
    line(&mut c, "F1", 9.0, MARGIN / 2.0, &format!("{number} / {of}"));
    c
}

/// A PDF with one page per `(heading, text)`; paragraphs are separated by blank lines.
pub fn simple_pdf(title: &str, pages: &[(&str, &str)]) -> Vec<u8> {
    let n = pages.len().max(1);
    // Objects: 1 catalog, 2 pages, 3 font, 4 bold font, 5 info, then per page
    // a page object and its content stream.
    let mut objects: Vec<Vec<u8>> = vec![];
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    let mut info = b"<< /Producer (mitreden) /Title (".to_vec();
    encode(title, &mut info);
    info.extend_from_slice(b") >>");
    objects.push(info);
    let empty = [("", "")];
    let pages: &[(&str, &str)] = if pages.is_empty() { &empty } else { pages };
    for (i, (heading, text)) in pages.iter().enumerate() {
        let content = page_content(title, heading, text, i + 1, n);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                7 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(&content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_pdfs_open_count_and_read() {
        let pdf = simple_pdf(
            "Leitfaden",
            &[
                ("Einleitung", "Soziale Medien (Facebook) in der Verwaltung."),
                ("Größe", "Zweite Seite über Bürgerbeteiligung."),
            ],
        );
        let Ok(a) = crate::documents::pdf(pdf) else {
            panic!("a PDF")
        };
        assert_eq!(a.page_count, Some(2));
        assert!(a.text.contains("Verwaltung"), "{}", a.text);
        assert!(a.text.contains("Bürgerbeteiligung"), "{}", a.text);
        let png = a.preview.expect("preview");
        assert!(png.starts_with(b"\x89PNG"));
    }
}
