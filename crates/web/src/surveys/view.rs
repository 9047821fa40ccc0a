//! View models of surveys and questions for the templates.
