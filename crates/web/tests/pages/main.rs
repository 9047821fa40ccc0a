//! The web crate's integration tests, as one binary: each module is a feature.

mod accounts;
mod admin;
mod admin_users;
mod cache;
mod discussions;
mod document_links;
mod documents;
mod home_search;
mod ideas;
mod ideas_edit;
mod jobs;
mod listener_gaps;
mod marks;
mod member_pages;
mod navigation;
mod platform;
mod privacy;
mod processes;
mod security;
mod server;
mod survey_anonymity;
mod survey_once;
mod survey_results;
mod surveys;
mod translations;
mod trust;
