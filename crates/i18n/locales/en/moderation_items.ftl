# Reports of items other than comments
report-statement-link = Report this statement
idea-hidden-title = Hidden idea
report-idea-link = Report this idea
# The kind of a reported statement, as the queue names it.
opinion-statement = Statement of an opinion map
