# Reports of items other than comments
report-statement-link = Report this statement
idea-hidden-title = Hidden idea
report-idea-link = Report this idea
