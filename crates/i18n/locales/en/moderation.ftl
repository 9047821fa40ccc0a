nav-moderation = Moderation
report-link = Report
report-link-whose = (contribution by { $name })
report-title = Report a contribution
report-back = Back to the contribution
report-intro = Does this contribution break the netiquette, the terms of use or the law? The moderation reviews every report and tells you its decision by e-mail.
report-reason = Reason for the report
report-anonymous-hint = Without logging in you can only report illegal content. For other reasons, please log in.
report-reason-insult = Insult
report-reason-spam = Spam or advertising
report-reason-off-topic = Off topic
report-reason-personal-data = Contains personal data
report-reason-illegal = Illegal content
report-reason-other = Other reason
report-note = Your explanation
report-note-hint = What exactly is the problem? For illegal content: which law, and why.
report-email = Your e-mail address for the answer
report-email-hint = We use it only for the confirmation and the decision, and delete it afterwards.
report-submit = Send report
report-done-title = Thank you for your report
report-done-text = Your report has reached the moderation. You will receive a confirmation and later the decision by e-mail.
report-already-title = Already reported
report-already-text = You have already reported this contribution. The moderation is reviewing it; you will receive the decision by e-mail.
label-statement = Statement
label-rule = Rule
label-action = Decision
label-appeal = Appeal
label-outcome = Decision on the appeal
error-report-reason = Please choose a reason.
error-report-anonymous-reason = Without logging in you can only report illegal content.
error-moderation-text-too-long = Please keep it shorter (at most 2,000 characters).
error-moderation-action = Please choose a decision.
error-moderation-rule = Please choose the rule the contribution breaks.
error-moderation-no-reports = There are no open reports on this contribution any more.
error-appeal-once = You have already appealed this decision.
error-appeal-outcome = Please choose whether the decision stands or is reversed.
error-appeal-same-moderator = This appeal must be decided by another moderator than the one who decided first.
error-appeal-decided = This appeal has already been decided.
moderation-rule-netiquette-insult = Netiquette: no insults or personal attacks
moderation-rule-netiquette-spam = Netiquette: no spam
moderation-rule-netiquette-off-topic = Netiquette: stay on topic
moderation-rule-netiquette-personal-data = Netiquette: no personal data of others
moderation-rule-terms-advertising = Terms of use: no advertising
moderation-rule-law-criminal = Law: criminal content
moderation-rule-law-personal-rights = Law: violation of personal rights
moderation-rule-none = (no rule given)
moderation-decision-keep = The contribution stays visible.
moderation-decision-hide = The contribution was hidden.
moderation-decision-edit = Personal data was removed from the contribution.
moderation-hidden-note = Hidden by the moderation: { $rule }
moderation-edited-mark = Edited by the moderation
live-moderated = The moderation changed a contribution.
appeal-outcome-upheld = The decision stands.
appeal-outcome-reversed = The decision was reversed; the contribution is visible again.
appeal-choice-upheld = Uphold the decision
appeal-choice-reversed = Reverse the decision (show the contribution again)
moderation-title = Moderation
moderation-sections = Sections of the moderation
moderation-section-reports = Reported contributions
moderation-section-appeals = Appeals
moderation-no-reports = No open reports.
moderation-no-appeals = No open appeals.
moderation-entry-title = { $count ->
    [one] One report
   *[other] { $count } reports
} on the contribution by { $name }
moderation-open-item = See the contribution in context
moderation-first-reported = first reported on { $date }
moderation-decision = Decision
moderation-action-keep = Keep (close the reports)
moderation-action-hide = Hide
moderation-action-edit = Remove personal data (edit the text)
moderation-rule = Rule
moderation-rule-hint = Needed to hide: which rule of the netiquette, the terms of use or the law does the contribution break?
moderation-rule-choose = – choose a rule –
moderation-statement = Statement of reasons for the author
moderation-statement-hint = The facts the decision rests on. Needed to hide and to edit; it is sent by e-mail.
moderation-edited-text = Edited text
moderation-edited-text-hint = Only for "remove personal data": the text without the personal data.
moderation-decide = Decide
moderation-appeal-title = Appeal by { $name }
moderation-open-decision = See the decision
moderation-appeal-not-yours = You decided first; another moderator decides the appeal.
moderation-appeal-decision = Decision on the appeal
decision-title = Decision of the moderation
decision-item = Contribution
decision-item-link = See the contribution
decision-what = Decision
decision-rule = Rule applied
decision-facts = Statement of reasons
decision-when = Decided on
decision-by-a-person = A person of the moderation made this decision, not an automated process.
decision-appeal-heading = Appeal
decision-appeal-intro = If you think the decision is wrong, you may appeal once. Another moderator reviews it; you will receive the decision by e-mail.
decision-appeal-label = Why do you think the decision is wrong?
decision-appeal-submit = Appeal
decision-appeal-waiting = Your appeal is being reviewed.
flash-moderation-decided = The decision was saved.
flash-appeal-sent = Your appeal has been received.
flash-appeal-decided = The appeal was decided.
mail-report-received-subject = Your report has been received
mail-report-received-body =
    Hello,

    your report ({ $reason }) on this contribution has reached the moderation:
    { $link }

    We will review it and tell you the decision by e-mail.
mail-report-decided-subject = Decision on your report
mail-report-decided-body =
    Hello,

    the moderation has decided on your report on this contribution:
    { $link }

    { $decision }

    A person made this decision.
mail-moderation-statement-subject = Decision of the moderation on your contribution
mail-moderation-statement-body =
    Hello { $name },

    { $decision }

    Your contribution: { $link }
    "{ $text }"

    Rule applied: { $rule }
    Statement of reasons: { $facts }

    A person of the moderation made this decision, not an automated process.

    If you think the decision is wrong, you may appeal once; another moderator decides on it:
    { $appeal }
mail-appeal-decided-subject = Decision on your appeal
mail-appeal-decided-body =
    Hello { $name },

    your appeal has been decided: { $outcome }

    Your contribution: { $link }
