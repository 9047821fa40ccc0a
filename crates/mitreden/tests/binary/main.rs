//! The binary's integration tests, as one test binary.

mod backup;
mod cli;
