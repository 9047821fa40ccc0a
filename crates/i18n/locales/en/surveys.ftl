# Surveys: builder, answering, results.

survey-heading = Surveys
survey-new = New survey
survey-new-intro = Set the title, welcome text and who may answer. You add the questions next.
survey-create = Create survey
survey-builder-title = Edit survey: { $title }
survey-tools = Survey tools
survey-preview = Preview
survey-preview-note = Preview: this is how participants see the survey. Nothing is saved here.
survey-public-page = Public page
survey-invitations = Invitations
survey-results = Results
survey-edit = Edit survey
survey-settings = Settings
survey-save-settings = Save settings
survey-questions = Questions
survey-no-questions = The survey has no questions yet.
survey-page-n = Page { $n }
survey-page-of = Page { $page } of { $pages }
survey-add-question = Add question
survey-add-question-next = Continue to the question
survey-save-question = Save question
survey-question-edit = Edit question { $code }
survey-question-delete = Delete question { $code }
survey-move-up = Move { $code } up
survey-move-down = Move { $code } down
survey-deleted-questions = Deleted questions (answers stay in results and exports)
survey-delete-confirm = Yes, delete the question
survey-delete-keeps-answers = This survey already has answers. The question will no longer be shown to participants; the stored answers stay in the results and exports.
survey-delete-dependents = These questions are shown only on a condition on this question and will then be shown to everyone: { $codes }
survey-locked-note = There are answers already. You can add questions and choices and correct texts; removing choices or changing a question's type is no longer possible.
survey-locked-question = There are answers already: existing choices keep their code and cannot be removed.
survey-shown-if = only if { $condition }
survey-required = required
survey-other = Other
survey-other-text = Other for { $code }: please specify
survey-response-count = { $count ->
    [0] No answers yet
    [one] One answer
   *[other] { $count } answers
}
survey-invitation-count = { $total } invited, { $used } of them answered
survey-cancel = Cancel
survey-set-published = Publish
survey-set-closed = Close
survey-set-draft = Back to draft
survey-markdown-hint = Markdown: **bold**, *italic*, lists with "-", links as [text](https://…).
survey-page-hint = Questions with the same number share a page.
survey-choices-hint = One choice per line. Existing entries carry their code ("A1: Yes"); new lines without a code get one.
survey-scale-hint = One step per line, from the lowest to the highest.
survey-condition-hint = The question is shown only if a question on an earlier page was answered like this.
survey-condition-none = Always show
survey-scale-default-1 = Strongly disagree
survey-scale-default-2 = Disagree
survey-scale-default-3 = Neither agree nor disagree
survey-scale-default-4 = Agree
survey-scale-default-5 = Strongly agree

survey-kind-single = Single choice
survey-kind-multiple = Multiple choice
survey-kind-likert = Agreement scale (Likert)
survey-kind-matrix = Matrix (rows × scale)
survey-kind-number = Number
survey-kind-text = Free text
survey-kind-ranking = Ranking
survey-kind-date = Date

survey-access-open = Open to everyone
survey-access-open-hint = Anyone can answer, with or without an account.
survey-access-registered = Registered people only
survey-access-registered-hint = One answer per account.
survey-access-invitation = By invitation only (anonymous)
survey-access-invitation-hint = Invitees receive a one-time link by email. Answers are stored without any link to the invitation or the address.
survey-availability-draft = Draft
survey-availability-notyet = Starting soon
survey-availability-open = Running
survey-availability-closed = Closed
survey-dates-range = { $from } to { $until }
survey-dates-until = until { $until }
survey-dates-from = from { $from }

label-survey-title = Survey title
label-welcome = Welcome text
label-end = Text after submitting
label-access = Who may answer?
label-opens_on = Opens on
label-closes_on = Closes on
label-kind = Question type
label-text = Question
label-help = Explanation
label-required = Required question
label-page = Page
label-options = Choices
label-allow_other = Offer "Other" with a text field
label-rows = Rows of the matrix
label-scale = Steps of the scale
label-min = Smallest value
label-max = Largest value
label-integer = Whole numbers only
label-condition = Condition
label-addresses-file = List of email addresses (CSV)
label-addresses-pasted = Or paste addresses

survey-start = Start the survey
survey-next = Next
survey-back = Back
survey-save = Save and continue later
survey-submit = Submit answers
survey-ranking-hint = Give rank 1 to the most important, then 2, 3 … without gaps. You need not rank everything.
survey-rank-none = – no rank –
survey-rank-n = Rank { $n }
survey-number-range = Between { $min } and { $max }.
survey-number-min = At least { $min }.
survey-number-max = At most { $max }.
survey-anonymity-note = Your answers are stored anonymously: without any link to your invitation link, your email address or an account. Nobody, not even an administrator, can see who answered what.
survey-results-link = See the results
survey-note-draft = This survey is a draft, visible only to the staff in charge.
survey-note-not-yet = This survey has not started yet.
survey-note-closed = This survey has closed. Thank you to everyone who took part.
survey-note-invitation-only = Only invitees take part in this survey, through the link in their invitation.
survey-note-answered = You have already answered. Thank you for taking part!
survey-note-empty = This survey has no questions yet.
survey-saved-title = Progress saved
survey-saved-text = Your answers to "{ $title }" are saved.
survey-saved-token = Just open the link from your invitation again later, on any device.
survey-saved-account = Log in again later and open the survey, on any device.
survey-saved-link = Keep this link: it lets you continue later. Whoever has the link sees your answers so far.
survey-continue = Continue now
survey-thanks-title = Thank you!
survey-thanks-text = Your answers to "{ $title }" are saved.
survey-back-to-process = Back to "{ $title }"
survey-token-unknown-title = This link is unknown
survey-token-unknown-text = The link from your invitation is incomplete or belongs to no survey. Please copy all of it from the email.
survey-token-used-title = This link has been used
survey-token-used-text = This invitation link has already been used to answer. Each link is good for one answer; your answer is saved.

survey-invitations-intro = Upload a list of email addresses. Each address receives a one-time link. Answers are stored without any link to the invitation or the address; here you only see how many invitations were used.
survey-invited = Invited
survey-invitations-used = Answered
survey-invitations-unused = Not yet
survey-addresses-hint = CSV or text file, up to { $max } addresses; every cell holding an address is taken, duplicates once.
survey-send-invitations = Send invitations
survey-remind-intro = { $count ->
    [one] One person has not answered yet. A reminder goes only to them, with a new link.
   *[other] { $count } people have not answered yet. Reminders go only to them, each with a new link.
}
survey-send-reminders = Send reminders
survey-rejected-addresses = These entries are not valid addresses and were skipped:

survey-error-title-too-long = The title may be at most 200 characters long.
survey-error-text-too-long = The text may be at most 10,000 characters long.
survey-error-dates = The end must not be before the start.
survey-error-access = Please choose who may answer.
survey-error-access-locked = There are answers already: who may answer can no longer change.
survey-error-kind = Please choose a question type.
survey-error-kind-locked = There are answers already: the question type can no longer change.
survey-error-question-too-long = The question may be at most 1,000 characters long.
survey-error-help-too-long = The explanation may be at most 2,000 characters long.
survey-error-page = Please give a page number from 1 to 50.
survey-error-two-choices = Please give at least two choices, one per line.
survey-error-choice-empty = A line has a code but no text.
survey-error-choice-too-long = A choice may be at most 200 characters long.
survey-error-choice-code-twice = A code appears twice.
survey-error-choice-twice = A choice appears twice.
survey-error-too-many-choices = At most 50 choices.
survey-error-choice-locked = There are answers already: existing choices cannot be removed (you may change their texts).
survey-error-number = Please enter a number, e.g. 12 or 3.5.
survey-error-range = The largest value must be at least the smallest.
survey-error-condition = Please choose a condition from the list.
survey-error-condition-page = The condition must refer to a question on an earlier page.
survey-error-condition-depends = Other questions depend on this one: it must stay on an earlier page than they and remain a choice question.
survey-error-too-many-questions = A survey has at most 200 questions.
survey-error-no-questions = Add at least one question before publishing.
survey-error-has-answers = There are answers already: the survey cannot become a draft again.
survey-error-required = Please answer this question.
survey-error-choice-unknown = This choice does not exist. Please choose again.
survey-error-other-empty = Please describe "Other" in the text field.
survey-error-other-unchecked = You entered text for "Other": please tick "Other" too, or empty the field.
survey-error-matrix-incomplete = Please answer every row.
survey-error-integer = Please enter a whole number.
survey-error-out-of-range = The number is outside the allowed range.
survey-error-number-too-large = Please enter a number between -1,000,000,000,000 and 1,000,000,000,000.
survey-error-answer-too-long = The answer is too long (at most 5,000 characters).
survey-error-date = Please enter a date, e.g. 2026-12-24.
survey-error-rank = Please choose a rank from the list.
survey-error-rank-order = Each rank may appear once, starting at 1 without gaps.
survey-error-rate-limited = Very many answers came from your address just now. Your answers are saved; please submit them in an hour.
survey-error-not-invitation = Invitations exist only for surveys "By invitation only".
survey-error-file-too-large = The file is too large (at most 2 MB).
survey-error-file-not-csv = The file is not a text or CSV file.
survey-error-no-addresses = Neither the file nor the text field holds a valid email address.
survey-error-too-many-addresses = At most 20,000 addresses at once.
survey-error-some-addresses = Invitations to the valid addresses are on their way; some entries were skipped.

flash-survey-created = The survey is created. Now add questions.
flash-survey-saved = Saved.
flash-survey-question-added = The question is added.
flash-survey-question-deleted = The question is deleted.
flash-survey-status-changed = The survey's status has changed.
flash-survey-invited = The invitations are being sent.
flash-survey-reminded = The reminders are being sent.

mail-survey-invitation-subject = Invitation to the survey: { $title }
mail-survey-invitation-body =
    Hello,

    You are invited to take part in the survey "{ $title }". Your personal link is good for one answer:

    { $link }

    Your answers are stored anonymously, without any link to this link or your email address. You can save along the way and continue later with the same link.

    Please do not forward this email.
mail-survey-reminder-subject = Reminder: survey "{ $title }"
mail-survey-reminder-body =
    Hello,

    You have not yet taken part in the survey "{ $title }". Here is your link (the link from the first invitation still works too):

    { $link }

    Your answers are stored anonymously, without any link to this link or your email address.
