# Attaching a document by choosing a title; the titles on its page
document-attach-choose-hint = Optional: the process, the survey (its results) or the idea (its answer) the document belongs to.
document-attach-none = not attached
document-attach-group-process = Participation processes
document-attach-group-survey = Surveys
document-attach-group-idea = Ideas
document-subject-kind-process = Participation process
document-subject-kind-survey = Survey
document-subject-kind-idea = Answer to the idea
