//! An upload as the idea form reads it (multipart fields, up to three
//! pictures) and a picture as every upload form checks it: type from the
//! content, size limits, decoding and re-encoding. Nothing may panic, and a
//! picture that passes comes out as JPEG within the large size.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the path, so that one corpus reaches both.
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    if which % 2 == 0 {
        if let Some(u) = web::fuzzing::idea_upload(rest) {
            for (slot, size) in u.pictures {
                assert!((1..=3).contains(&slot), "slot {slot}");
                assert!(size.is_none_or(|n| n > 0 && n <= web::fuzzing::MAX_PICTURE_BYTES));
            }
            assert!(u.fields.len() <= 9);
        }
    } else if let Ok(p) = web::fuzzing::picture(rest) {
        assert!(p.width <= 1600 && p.height <= 900, "{}x{}", p.width, p.height);
        assert!(p.large.starts_with(&[0xFF, 0xD8]) && p.small.starts_with(&[0xFF, 0xD8]));
    }
});
