//! Uploaded pictures: the type is taken from the content, never from the name;
//! every picture is decoded and re-encoded (which also drops metadata such as
//! GPS positions) in a large and a small size.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
const LARGE: (u32, u32) = (1600, 900);
const SMALL: (u32, u32) = (480, 270);
/// Beyond this a picture is refused before decoding: it would take too much memory.
const MAX_PIXELS: u64 = 40_000_000;

pub struct Processed {
    pub width: u32,
    pub height: u32,
    pub large: Vec<u8>,
    pub small: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageProblem {
    TooLarge,
    WrongType,
    Unreadable,
}

impl ImageProblem {
    pub fn key(self) -> &'static str {
        match self {
            ImageProblem::TooLarge => "error-image-too-large",
            ImageProblem::WrongType => "error-image-type",
            ImageProblem::Unreadable => "error-image-unreadable",
        }
    }
}

/// JPEG within `(w, h)`, and the size it came out in.
fn encode(img: &DynamicImage, (w, h): (u32, u32)) -> Result<(Vec<u8>, (u32, u32)), ImageProblem> {
    let scaled = if img.width() > w || img.height() > h {
        img.resize(w, h, image::imageops::FilterType::Lanczos3)
    } else {
        img.clone()
    };
    let size = (scaled.width(), scaled.height());
    let rgb = DynamicImage::ImageRgb8(scaled.to_rgb8());
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    rgb.write_with_encoder(enc)
        .map_err(|_| ImageProblem::Unreadable)?;
    Ok((out, size))
}

/// Checks and converts an upload; runs off the async threads.
pub async fn process(bytes: Vec<u8>) -> Result<Processed, ImageProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(ImageProblem::TooLarge);
    }
    tokio::task::spawn_blocking(move || convert(&bytes))
        .await
        .map_err(|_| ImageProblem::Unreadable)?
}

/// The type from the content, the size limits, then both sizes as JPEG.
pub fn convert(bytes: &[u8]) -> Result<Processed, ImageProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(ImageProblem::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| ImageProblem::WrongType)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(ImageProblem::WrongType);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|_| ImageProblem::Unreadable)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ImageProblem::TooLarge);
    }
    let img =
        image::load_from_memory_with_format(bytes, format).map_err(|_| ImageProblem::Unreadable)?;
    let (large, shown) = encode(&img, LARGE)?;
    let (small, _) = encode(&img, SMALL)?;
    Ok(Processed {
        width: shown.0,
        height: shown.1,
        large,
        small,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::new_rgb8(w, h);
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[tokio::test]
    async fn pictures_are_resized_and_reencoded() {
        let p = process(png(3200, 1800)).await.unwrap();
        assert_eq!((p.width, p.height), (1600, 900));
        assert_eq!(image::guess_format(&p.large).unwrap(), ImageFormat::Jpeg);
        let small = image::load_from_memory(&p.small).unwrap();
        assert_eq!(small.width(), 480);
    }

    #[tokio::test]
    async fn the_content_decides_not_the_name() {
        assert_eq!(
            process(b"%PDF-1.4 not a picture".to_vec()).await.err(),
            Some(ImageProblem::WrongType)
        );
        let mut broken = png(10, 10);
        broken.truncate(40);
        assert_eq!(process(broken).await.err(), Some(ImageProblem::Unreadable));
        assert_eq!(
            process(vec![0u8; MAX_BYTES + 1]).await.err(),
            Some(ImageProblem::TooLarge)
        );
    }
}
