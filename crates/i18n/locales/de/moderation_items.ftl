# Reports of items other than comments
report-statement-link = Aussage melden
idea-hidden-title = Ausgeblendete Idee
report-idea-link = Idee melden
