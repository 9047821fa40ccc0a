# Suspensions
error-suspended-title = Your account is suspended
error-suspended = Your account is suspended: you can read, but not write.
holds-error-reason-too-long = The reason is too long (at most 2000 characters).
holds-error-until-past = The end of the suspension cannot be in the past.
holds-error-suspend-self = You cannot suspend yourself.
suspension-notice-title = Your account is suspended
suspension-notice-until = The suspension lasts until { $date } inclusive.
suspension-notice-for-good = The suspension is permanent.
suspension-notice-reason = Reason:
suspension-notice-read-only = You can still read everything, but you cannot post contributions, comments or votes.
suspensions-title = Suspended people
suspensions-intro = Suspended people can read but not write. A suspension can be lifted early.
suspensions-since = suspended since { $date }
suspensions-until = until { $date } inclusive
suspensions-for-good = permanently
suspensions-reason = Reason:
suspensions-lift = Lift suspension
suspensions-lifted = lifted
suspensions-active = in force
suspensions-none = Nobody is suspended at the moment.
suspend-title = Suspend { $name }
suspend-reason-hint = The person sees this reason on every page.
suspend-until-hint = Last day of the suspension. Leave empty for a permanent suspension.
suspend-submit = Suspend
suspend-history = Earlier suspensions
suspend-history-none = This person has never been suspended.
suspend-link = Suspend
label-until = Suspended until
flash-suspended = The person is suspended.
flash-suspension-lifted = The suspension is lifted.
nav-suspensions = Suspensions

# Held contributions
held-awaiting-review = awaiting review
held-title = Held contributions
held-intro = Until a decision, only their authors see these contributions. Approved, they appear everywhere at once; rejected, the author receives the reason by e-mail.
held-comment-by = Comment by { $name }
held-idea-by = Idea by { $name }
held-reason-review = pre-moderation
held-reason-spam = spam suspected
held-where = View it
held-approve = Approve
held-reject = Reject
held-reject-reason = Reason for the rejection
held-none = No contribution is waiting for review.
flash-held-approved = The contribution is approved.
flash-held-rejected = The contribution is rejected; the author receives the reason.
flash-comment-held = Thank you! Your comment will be reviewed before it is published.
flash-idea-held = Thank you! Your idea will be reviewed before it is published. Until then only you can see it.
process-field-premoderation = Moderation
process-field-premoderated = Publish new contributions only after review
process-field-premoderated-hint = Comments, ideas and opinion-map statements of citizens are then visible only to themselves until the moderation approves them.
mail-held-rejected-subject = Your contribution to “{ $title }” was not published
mail-held-rejected-body = Hello { $name },

    the moderation reviewed your contribution to “{ $title }” and did not publish it.

    Reason: { $reason }

    You are welcome to write a new contribution that follows the netiquette.

# Spam protection
spam-caught = Your entry looked automatically filled in and was not saved. Please leave the "Website" field empty and send it again.
spam-too-fast = The form was sent faster than people fill it in and was not saved. Please check your entry and send it again.
spam-title = Spam protection
spam-intro = Contributions that contain a blocked word or bring too many links from a new account are not lost: they wait for the moderation, marked "spam suspected", in the list of held contributions.
label-blocked_words = Blocked words
spam-words-hint = One word or phrase per line; case does not matter.
label-new_account_days = New accounts: younger than (days)
spam-days-hint = 0 turns the link limit off.
label-new_account_links = Most links per contribution for new accounts
spam-links-hint = More links hold the contribution back.
spam-save = Save
flash-spam-saved = The spam rules are saved.
holds-error-number = Please enter a whole number between 0 and 10000.
holds-error-words-too-long = The list is too long (at most 20000 characters).
