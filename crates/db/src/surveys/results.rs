//! Counting a survey's answers: per question, filtered by one answer, and
//! cross-tabulated; the rows of the exports.
