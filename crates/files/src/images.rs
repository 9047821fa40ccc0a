//! Uploaded pictures: the type is taken from the content, never from the name;
//! every picture is decoded and re-encoded (which also drops metadata such as
//! GPS positions) in a large and a small size.

use std::io::Cursor;

use image::{DynamicImage, ImageError, ImageFormat, ImageReader, Limits};

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
const LARGE: (u32, u32) = (1600, 900);
const SMALL: (u32, u32) = (480, 270);
/// Beyond this a picture is refused before decoding (a 6000 x 4000 photo fits).
const MAX_PIXELS: u64 = 24_000_000;
/// What a picture may take once decoded: a few hundred kilobytes of PNG can
/// unpack to gigabytes, so the decoder refuses anything larger before it
/// allocates. 24 megapixels of 8-bit RGBA fit, or 12 of 16-bit RGBA.
pub const MAX_DECODED_BYTES: u64 = 96 * 1024 * 1024;
/// What a picture's check may take; a picture within the limits takes well
/// under a second.
const TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

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

/// `img` scaled down to fit `(w, h)`. A large reduction averages the pixels
/// in integers straight into the small picture; the Lanczos filter would
/// first build a floating-point copy as wide as the original (of a 6000
/// pixel wide photo, 86 MB). Only reductions by less than half, of pictures
/// at most twice the size, take the finer filter.
fn scaled(img: &DynamicImage, (w, h): (u32, u32)) -> DynamicImage {
    if img.width() <= w && img.height() <= h {
        img.clone()
    } else if img.width() >= 2 * w || img.height() >= 2 * h {
        img.thumbnail(w, h)
    } else {
        img.resize(w, h, image::imageops::FilterType::Lanczos3)
    }
}

/// JPEG of `img` as it is; transparent parts (logos) on white, as JPEG has
/// no transparency and dropping it would show whatever colour they hold.
fn jpeg(img: &DynamicImage) -> Result<Vec<u8>, ImageProblem> {
    let rgb = if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        let mut flat = image::RgbImage::new(rgba.width(), rgba.height());
        for (from, to) in rgba.pixels().zip(flat.pixels_mut()) {
            let a = u32::from(from[3]);
            for c in 0..3 {
                to[c] = ((u32::from(from[c]) * a + 255 * (255 - a)) / 255) as u8;
            }
        }
        DynamicImage::ImageRgb8(flat)
    } else {
        DynamicImage::ImageRgb8(img.to_rgb8())
    };
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    rgb.write_with_encoder(enc)
        .map_err(|_| ImageProblem::Unreadable)?;
    Ok(out)
}

/// Checks and converts an upload off the async threads, taking one of the
/// turns for heavy work (`crate::bounded`).
pub async fn process(bytes: Vec<u8>) -> Result<Processed, ImageProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(ImageProblem::TooLarge);
    }
    match crate::bounded(TIME_LIMIT, move || convert(&bytes)).await {
        Ok(r) => r,
        Err(crate::Cut::TooSlow) => Err(ImageProblem::TooLarge),
        Err(crate::Cut::Failed) => Err(ImageProblem::Unreadable),
    }
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
    let reader = || {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        let mut limits = Limits::default();
        limits.max_alloc = Some(MAX_DECODED_BYTES);
        reader.limits(limits);
        reader
    };
    let (w, h) = reader()
        .into_dimensions()
        .map_err(|_| ImageProblem::Unreadable)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ImageProblem::TooLarge);
    }
    // The decoder reserves the decoded size against the limit before it
    // allocates, so a picture too large in bytes costs nothing to refuse.
    let img = reader().decode().map_err(|e| match e {
        ImageError::Limits(_) => ImageProblem::TooLarge,
        _ => ImageProblem::Unreadable,
    })?;
    let large = scaled(&img, LARGE);
    drop(img);
    let small = scaled(&large, SMALL);
    Ok(Processed {
        width: large.width(),
        height: large.height(),
        large: jpeg(&large)?,
        small: jpeg(&small)?,
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
    async fn a_picture_is_limited_by_its_decoded_bytes() {
        // 230 KB of PNG that would decode to 238 MB: refused before decoding.
        let bomb = crate::testing::png_bomb(6300, 6300);
        assert!(bomb.len() < 400 * 1024);
        assert_eq!(process(bomb).await.err(), Some(ImageProblem::TooLarge));
        // Few pixels, but too many bytes each (16-bit RGB, 54 MB per 3000 x 3000
        // is fine; 4500 x 4500 is 122 MB).
        assert_eq!(
            process(crate::testing::png_bomb(4500, 4500)).await.err(),
            Some(ImageProblem::TooLarge)
        );
        let p = process(crate::testing::png_bomb(3000, 3000)).await.unwrap();
        assert_eq!((p.width, p.height), (900, 900));
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
