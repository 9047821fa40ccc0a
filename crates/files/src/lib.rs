//! Heavy file handling behind small interfaces, in a crate of its own so that a
//! change elsewhere never recompiles it: what an uploaded document is (PDF,
//! office formats), pictures checked and re-encoded, and small PDFs written.

pub mod documents;
pub mod images;
pub mod pdf_writer;
