//! Decompression bombs for the tests and benchmarks, made at run time so that
//! no large file is kept in the repository: small files that unpack to a lot.

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

/// A black 16-bit RGB PNG of `width` x `height`: 6300 x 6300 is about 230 KB
/// and decodes to 238 MB.
pub fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    // 16 bits per channel, RGB, deflate, adaptive filters, no interlacing.
    ihdr.extend_from_slice(&[16, 2, 0, 0, 0]);
    // Each row: its filter byte (none) and six bytes per pixel.
    let row = vec![0u8; 1 + width as usize * 6];
    let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
    for _ in 0..height {
        z.write_all(&row).expect("writing to memory");
    }
    let idat = z.finish().expect("writing to memory");
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A one-page PDF whose page content, a text shown over and over, inflates
/// to about `inflated` bytes (50 MB make a file of about 150 KB).
pub fn pdf_bomb(inflated: usize) -> Vec<u8> {
    let line = b"BT /F1 12 Tf 72 720 Td (Bombe) Tj ET\n";
    let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
    let block = line.repeat(1024);
    let mut written = 0;
    while written < inflated {
        z.write_all(&block).expect("writing to memory");
        written += block.len();
    }
    let content = z.finish().expect("writing to memory");
    pdf(
        b"/Resources << /Font << /F1 5 0 R >> >>",
        &[(b"/Filter /FlateDecode".as_slice(), content.as_slice())],
    )
}

/// A one-page PDF whose small page draws a form of 10 KB `uses` times.
pub fn pdf_form_bomb(uses: usize) -> Vec<u8> {
    let page = b"q /X Do Q\n".repeat(uses);
    let form = b"BT /F1 12 Tf 72 720 Td (Bombe) Tj ET\n".repeat(270);
    pdf(
        b"/Resources << /XObject << /X 6 0 R >> >>",
        &[
            (b"".as_slice(), page.as_slice()),
            (
                b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] \
                  /Resources << /Font << /F1 5 0 R >> >>"
                    .as_slice(),
                form.as_slice(),
            ),
        ],
    )
}

/// A PDF of one page with `resources`, whose content is object 4 and whose
/// further streams are objects 6 and on; object 5 is Helvetica.
fn pdf(resources: &[u8], streams: &[(&[u8], &[u8])]) -> Vec<u8> {
    let stream = |dict: &[u8], data: &[u8]| {
        let mut s = format!("<< /Length {} ", data.len()).into_bytes();
        s.extend_from_slice(dict);
        s.extend_from_slice(b" >>\nstream\n");
        s.extend_from_slice(data);
        s.extend_from_slice(b"\nendstream");
        s
    };
    let mut page =
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ".to_vec();
    page.extend_from_slice(resources);
    page.extend_from_slice(b" >>");
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page,
    ];
    let mut rest = streams.iter();
    if let Some((dict, data)) = rest.next() {
        objects.push(stream(dict, data));
    }
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    objects.extend(rest.map(|(dict, data)| stream(dict, data)));
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for at in &offsets {
        out.extend_from_slice(format!("{at:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A one-page PDF of a few hundred bytes whose page draws a JPEG stream that
/// declares `side` x `side` pixels (its data is no real JPEG).
pub fn pdf_picture_bomb(side: u32) -> Vec<u8> {
    let dict = format!(
        "/Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceRGB \
         /BitsPerComponent 8 /Filter /DCTDecode"
    );
    pdf(
        b"/Resources << /XObject << /X 6 0 R >> >>",
        &[
            (b"".as_slice(), b"q 595 0 0 842 0 0 cm /X Do Q".as_slice()),
            (dict.as_bytes(), b"\xff\xd8\xff\xd9".as_slice()),
        ],
    )
}
