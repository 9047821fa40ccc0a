# Survey results, exports and the published results page.
results-title = Results: { $title }
results-report-title = Results of the survey “{ $title }”
results-responses = { $count ->
    [one] 1 response
   *[other] { $count } responses
}
results-invitations = { $invited } invitations sent, { $used } of them answered.
results-answered = { $count ->
    [one] 1 person answered this question.
   *[other] { $count } people answered this question.
}
results-chart-desc = { $count } answers.
results-table-caption = Figures for { $code }
results-col-answer = Answer
results-col-count = Count
results-col-percent = Share
results-col-total = Total
results-col-range = Range
results-col-mean-rank = Mean rank
results-col-ranked = Ratings
results-mean = Mean
results-median = Median
results-min = Minimum
results-max = Maximum
results-other = Other
results-other-texts = Answers given under “Other”
results-all-texts = Read all { $count } answers
results-no-answers = No answers yet.
results-deleted = deleted
results-texts-title = Free-text answers of the survey { $title }
results-texts-count = { $count ->
    [one] 1 answer
   *[other] { $count } answers
}
results-pages = Pages
results-previous = Previous page
results-next = Next page
results-page-of = Page { $page } of { $pages }
results-export-csv = All answers as CSV
results-export-xlsx = All answers as an Excel file (with codebook)
results-export-json = All answers as JSON (with codebook)
results-export-codebook = Codebook as CSV
results-filter-heading = Filter results
results-filter-label = Only answers of people who chose:
results-filter-none = All answers
results-filter-apply = Apply filter
results-filter-clear = Clear filter
results-filtered = Filtered by “{ $filter }”: { $count } of { $total } responses.
results-as-of-newer = As of { $time }: { $counted ->
    [one] 1 response
   *[other] { $counted } responses
} counted. { $newer ->
    [one] 1 more response has
   *[other] { $newer } more responses have
} arrived since; the results are being counted again. Reload the page in a moment.
results-as-of-changed = As of { $time }: { $counted ->
    [one] 1 response
   *[other] { $counted } responses
} counted. The survey has changed since; the results are being counted again. Reload the page in a moment.
results-error-filter = Please choose one of the answers offered.
results-cross-heading = Cross-tabulation
results-cross-a = Rows: question
results-cross-b = Columns: question
results-cross-choose = Choose a question
results-cross-show = Show cross-tabulation
results-cross-caption = Cross-tabulation { $a } × { $b }: count (share of the row)
results-cross-hint = Counted are the people who answered both questions; with multiple choice every chosen combination counts.
results-error-cross = Please choose a choice question.
results-publication-link = Publish results
results-publication-title = Publish results: { $title }
results-publication-hint = These questions appear with charts on the public results page. Free-text answers are never published.
results-intro-hint = Markdown: **bold**, *italic*, lists with “-”, links.
results-is-published = The results are published
results-not-published = The results are not published yet
results-report-link = view the public page
results-preview-link = view a preview
results-preview = Preview: this page is not published yet.
results-publish = Publish
results-save = Save
results-withdraw = Withdraw publication
results-error-no-questions = Please choose at least one question.
results-error-intro-too-long = The introduction is too long.
label-report_questions = Questions on the results page
label-report_intro = Introduction
flash-results-published = The results are published.
flash-results-withdrawn = The publication is withdrawn.
flash-results-saved = Saved.
