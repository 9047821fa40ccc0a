# Start page, search, site settings, numbers and CSV exports.

## CSV exports: the file with the other separator.
csv-other-separator = { $what } (separated by semicolons)

## Search
search-kind-survey = Survey
search-filter-label = Results by type
search-filter-all = All ({ $count })
search-filter-process = Processes ({ $count })
search-filter-idea = Ideas ({ $count })
search-filter-survey = Surveys ({ $count })
search-filter-document = Documents ({ $count })
search-filter-comment = Comments ({ $count })

## Site settings (administration)
admin-settings-title = Site settings
admin-settings-intro = Every page's name, logo and colours, the start page's texts and the links in the footer.
site-settings-name = Site name
site-settings-name-hint = Shown at the top and in the title of every page. Leave empty for "mitreden". At most 60 characters.
site-settings-logo = Logo
site-settings-logo-current = Current logo
site-settings-remove-logo = Remove the logo
site-settings-logo-file = Image file
site-settings-logo-hint = JPEG, PNG or WebP, at most 10 MB. Shown at the top of every page next to the name, about 40 pixels high.
site-settings-save = Save settings
flash-site-settings-saved = The settings have been saved.
error-site-name-too-long = The name is too long: at most 60 characters.

## Start page
home-stage-open = Take part now
home-stage-soon = Coming soon
home-stage-done = Results and evaluation
home-stage-empty-open = There is nothing open to take part in at the moment.
home-stage-empty-soon = No further participation is announced.
home-stage-empty-done = No results yet.
home-figures-title = Participation in figures
home-figures-processes = Participation processes
home-figures-contributions = Comments and ideas
home-figures-answers = Answers from the administration
timing-open = Take part now
timing-soon = Participation starts soon
timing-done = Participation ended
card-days-left = { $days ->
        [0] last day
        [one] 1 day left
       *[other] { $days } days left
    }
card-open-until = until { $date }
card-phase-day = Day { $day } of { $days } of the participation phase
card-participation-from = Participation from { $date }
card-idea-count = { $count ->
        [0] no ideas yet
        [one] one idea
       *[other] { $count } ideas
    }
card-supports-of-top = (the most supported idea here has { $top })
