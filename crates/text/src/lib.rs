//! Text processing behind small interfaces: Markdown rendered and sanitized,
//! word diffs as HTML.

pub mod diff;
pub mod markdown;
