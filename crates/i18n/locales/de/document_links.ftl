# Attaching a document by choosing a title; the titles on its page
document-attach-choose-hint = Optional: das Verfahren, die Umfrage (ihre Ergebnisse) oder die Idee (ihre Antwort), zu der das Dokument gehört.
document-attach-none = keine Zuordnung
document-attach-group-process = Beteiligungsverfahren
document-attach-group-survey = Umfragen
document-attach-group-idea = Ideen
document-subject-kind-process = Beteiligungsverfahren
document-subject-kind-survey = Umfrage
document-subject-kind-idea = Antwort auf die Idee
