# Dashboard, accountability, site colours, start-page texts and footer links.

## Site settings: colours, start page, footer links
site-settings-colors = Colours
site-settings-colors-hint = As a hex value such as #0b4f8a. Leave empty for the built-in colours. Every text colour needs a contrast of at least 4.5:1 with its background (WCAG 2.1 AA), and the primary and accent colours with the white page as well, since links use them.
site-settings-color-primary = Primary colour
site-settings-color-primary-hint = Header, buttons and links. Built in: #0b4f8a.
site-settings-color-primary-text = Text on the primary colour
site-settings-color-text-hint = Built in: #ffffff (white).
site-settings-color-accent = Accent colour
site-settings-color-accent-hint = Buttons and links under the mouse pointer. Built in: #083a66.
site-settings-color-accent-text = Text on the accent colour
site-settings-home = Start page
site-settings-home-heading = Start page heading
site-settings-home-heading-hint = Leave empty for the built-in heading. At most 120 characters.
site-settings-home-lead = Start page introduction
site-settings-home-lead-hint = One paragraph below the heading. Leave empty for the built-in text. At most 600 characters.
site-settings-links = Links in the footer
site-settings-portal-url = The city's e-government portal
site-settings-services-url = The city's online services
site-settings-link-hint = A full address starting with https://. Leave empty not to show the link.
error-color-invalid = This is not a colour: please give a hex value such as #0b4f8a.
error-color-contrast-text = Too little contrast: text on this colour needs at least 4.5:1. Choose a darker background or a better text colour.
error-color-contrast-page = Too light: links in this colour would have less than 4.5:1 contrast on the white page. Choose a darker colour.
error-site-link-invalid = Please give a full address starting with https://.
error-site-text-too-long = The text is too long.
footer-city-label = The city's services
footer-portal = E-government portal
footer-services = Online services

## Dashboard
nav-dashboard = Dashboard
dashboard-title = Dashboard
dashboard-scope-platform = The whole platform: every published process.
dashboard-scope-department = The published processes of { $name }.
dashboard-scope-process = The process “{ $name }”.
dashboard-to-process = To the process
dashboard-back = Back to the dashboard
dashboard-choose-department = Department
dashboard-all-departments = All departments
dashboard-show = Show
dashboard-figure-activity = Participation per week
dashboard-figure-status = Ideas by status
dashboard-figure-departments = Ideas by responsible department
dashboard-figure-answer-times = Time to the official answer
dashboard-figure-most-discussed = Most discussed
dashboard-series-participants = Participants
dashboard-series-comments = Comments
dashboard-series-ideas = Ideas
dashboard-series-supports = Supports
dashboard-series-responses = Survey responses
dashboard-series-votes = Votes on statements
dashboard-series-desc = { $what } per week from the week of { $first } to the week of { $last }, at most { $max } in one week. The table holds the figures.
dashboard-week = Week of
dashboard-count = Number
dashboard-status = Status
dashboard-department = Department
dashboard-answer-time = Time
dashboard-kind = Kind
dashboard-title-column = Title
dashboard-comments = Comments
dashboard-kind-process = Process
dashboard-kind-idea = Idea
dashboard-comments-count = { $count ->
    [one] one comment
   *[other] { $count } comments
}
dashboard-days-range = { $from } to { $to } days
dashboard-days-more = { $from } days or more
dashboard-median = A median of { $days ->
    [one] one day
   *[other] { $days } days
} from submission to the first official answer ({ $count ->
    [one] one answered idea
   *[other] { $count } answered ideas
}).
dashboard-csv = Download { $what } as CSV
dashboard-empty = No participation yet.
dashboard-no-ideas = No ideas yet.
dashboard-no-answers = No idea has had an official answer yet.
dashboard-no-comments = No comments yet.
