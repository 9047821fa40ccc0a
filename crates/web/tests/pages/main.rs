//! The web crate's integration tests, as one binary: each module is a feature.

mod accounts;
mod admin;
mod cache;
mod discussions;
mod documents;
mod ideas;
mod jobs;
mod listener_gaps;
mod marks;
mod member_pages;
mod opinion;
mod platform;
mod privacy;
mod processes;
mod security;
mod server;
mod survey_anonymity;
mod survey_results;
mod surveys;
mod translations;
