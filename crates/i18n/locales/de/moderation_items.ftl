# Reports of items other than comments
report-statement-link = Aussage melden
idea-hidden-title = Ausgeblendete Idee
report-idea-link = Idee melden
# The kind of a reported statement, as the queue names it.
opinion-statement = Aussage einer Meinungslandkarte
