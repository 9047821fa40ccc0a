## Shell
site-name = mitreden
skip-to-content = Skip to content
nav-main-label = Main navigation
nav-home = Home
nav-admin = Administration
nav-settings = My account
nav-logout = Log out
nav-login = Log in
nav-register = Register
nav-language-label = Language
signed-in-as = Logged in as { $name }
footer-text = mitreden – your city's participation platform. No tracking, no third-party content.
hello-user = Hello { $name }!

## Forms
form-error-summary = Please correct the following
form-optional = optional
form-error-prefix = Error:

## Home
home-title = Home
home-heading = Have your say in your city
home-lead = The administration opens discussions on current topics here. State your opinion, develop ideas together with others and learn what the responsible department makes of them.
home-how-title = How participation works
home-how-discuss-title = Discuss
home-how-discuss-text = Read what it is about and exchange views with others while the participation phase is open.
home-how-ideas-title = Develop ideas
home-how-ideas-text = Submit proposals, support the ideas of others and work on texts together.
home-how-answers-title = Get answers
home-how-answers-text = Your ideas reach the responsible department. It answers in public and explains its decision.

## Error pages
error-back-home = Back to the home page
error-bad-request-title = Bad request
error-bad-request-text = The request could not be understood. Please try again from the page.
error-forbidden-title = Access denied
error-forbidden-text = You are not allowed to see this page.
error-csrf-title = Form expired
error-csrf-text = The form had expired or did not come from this site. Nothing was changed. Please reload the page and submit the form again.
error-not-found-title = Page not found
error-not-found-text = This page does not exist (any more). The home page may help you further.
error-too-large-title = Too much data
error-too-large-text = The data sent is too large. Please shorten your input.
error-unavailable-title = Temporarily unavailable
error-unavailable-text = The platform cannot be reached right now. Please try again in a few seconds.
error-internal-title = Internal error
error-internal-text = Sorry, something went wrong. The error has been logged. Please try again later.

## Fields
field-email = Email address
field-display-name = Public name
field-display-name-hint = This name appears next to your contributions. You may choose a pseudonym.
field-password = Password
field-new-password = New password
field-new-password-hint = At least 10 characters.
field-current-password = Current password
field-new-email = New email address
field-new-email-hint = We send a confirmation link to the new address. It applies only after that.

## Validation
error-required = Please fill in this field.
error-email-too-long = The email address is too long.
error-email-invalid = Please enter a valid email address, for example name@example.org.
error-display-name-too-short = The name must be at least 2 characters long.
error-display-name-too-long = The name may be at most 50 characters long.
error-display-name-invalid = The name contains characters that are not allowed.
error-password-too-short = The password must be at least 10 characters long.
error-password-too-long = The password may be at most 256 characters long.
error-department-name-too-long = The name may be at most 120 characters long.
error-rate-limited = Too many attempts. Please wait { $minutes ->
        [0] a few minutes
        [one] one minute
       *[other] { $minutes } minutes
    } and try again.
error-email-taken = This email address is already registered. Did you forget your password?
error-login-failed = Email address or password is wrong.
error-email-unverified = Please confirm your email address first, using the link in our email.
error-email-unchanged = This already is your email address.
error-password-wrong = The current password is wrong.
error-department-exists = A department of this name already exists.
error-role-needs-department = Department staff need a department.
error-department-unknown = This department does not exist.
error-last-admin = You are the last administrator and cannot give up this role.

## Flash messages
flash-login-required = Please log in to continue.
flash-logged-in = You are logged in.
flash-logged-out = You are logged out.
flash-rate-limited = Too many requests. Please try again later.
flash-password-reset = Your password was changed. Please log in with the new password.
flash-saved = Your changes were saved.
flash-email-change-sent = We sent a confirmation link to the new address.
flash-password-changed = Your password was changed. Other logins were ended.
flash-department-created = The department was created.
flash-role-changed = The role was saved.

## Registration and verification
register-title = Register
register-intro = With an account you can comment, submit and support ideas. Only your name is shown in public.
register-submit = Create account
register-have-account = Already have an account?
register-done-title = Please confirm your email address
register-done-text = We sent you an email with a confirmation link. Open the link to activate your account. The link is valid for 24 hours.
verify-verified-title = Email address confirmed
verify-verified-text = Thank you! Your account is active. You can log in now.
verify-expired-title = Link expired
verify-expired-text = This confirmation link has expired. Log in to request a new link.
verify-used-title = Link already used
verify-used-text = This link was already used. Your address is confirmed.
verify-unknown-title = Invalid link
verify-unknown-text = This link is invalid. Please check that you copied it completely.
verify-email-changed-title = Email address changed
verify-email-changed-text = Your new email address is confirmed and applies from now on.
verify-email-taken-title = Address already taken
verify-email-taken-text = This email address now belongs to another account. Your address was not changed.
verify-request-new = Request a new link
verify-confirm-verify-title = Confirm your email address
verify-confirm-verify-text = Please confirm with one click that this email address is yours. Your account is active afterwards.
verify-confirm-verify-submit = Confirm address
verify-confirm-email-title = Confirm your new email address
verify-confirm-email-text = Please confirm with one click that your account uses this new email address from now on.
verify-confirm-email-submit = Confirm new address

## Login
login-title = Log in
login-submit = Log in
login-resend-verification = Send the confirmation email again
login-forgot = Forgot your password?
login-no-account = No account yet?

## Password reset
forgot-title = Forgot password
forgot-intro = Enter the email address of your account. We will send you a link to set a new password.
forgot-submit = Request link
forgot-done-title = Please check your inbox
forgot-done-text = If an account exists for this address, we have sent a link. It is valid for one hour.
reset-title = Set a new password
reset-problem-expired = This link has expired.
reset-problem-used = This link was already used.
reset-problem-unknown = This link is invalid.
reset-request-new = Request a new link
reset-submit = Save password

## Settings
settings-title = My account
settings-name-title = Public name
settings-save = Save
settings-email-title = Email address
settings-email-current = Your address: { $email }
settings-email-submit = Change address
settings-password-title = Password
settings-password-submit = Change password

## Administration
admin-title = Administration
admin-departments-title = Departments
admin-departments-intro = Departments and offices run participation processes and answer ideas.
admin-departments-caption = { $count ->
        [one] One department
       *[other] { $count } departments
    }
admin-departments-name = Name of the department
admin-departments-none = There are no departments yet.
admin-departments-new = New department
admin-departments-create = Create department
admin-users-title = People and roles
admin-users-intro = Give roles: citizen, department staff, moderator, administrator.
admin-users-search = Search by name or email
admin-users-search-submit = Search
admin-users-caption = { $count ->
        [one] One person
       *[other] { $count } people
    }
admin-users-role = Role
admin-users-unverified = not confirmed
admin-users-role-of = Role of { $name }
admin-users-department-of = Department of { $name }
admin-users-no-department = no department
admin-users-save = Save
role-citizen = Citizen
role-staff = Department staff
role-moderator = Moderator
role-admin = Administrator
pagination-label = Pages
pagination-previous = Previous page
pagination-next = Next page
pagination-status = Page { $page } of { $pages }

## Mails
mail-verify-subject = Please confirm your email address
mail-verify-body =
    Hello { $name },

    thank you for registering with mitreden. Please confirm your email address with this link:

    { $link }

    The link is valid for 24 hours. If you did not register, you can ignore this email.
mail-reset-subject = Your new password for mitreden
mail-reset-body =
    Hello { $name },

    set a new password with this link:

    { $link }

    The link is valid for one hour. If you did not ask for a new password, you can ignore this email; your password stays as it is.
mail-change-email-subject = Please confirm your new email address
mail-change-email-body =
    Hello { $name },

    you want to use this address for your account at mitreden. Please confirm with this link:

    { $link }

    The link is valid for 24 hours. If this was not you, ignore this email.

mail-registration-attempt-subject = Registration with your email address
mail-registration-attempt-body =
    Hello { $name },

    someone tried to register at mitreden with your email address. Your account already uses this address; nothing was changed.

    If it was you, simply log in:

    { $login }

    If you forgot your password, set a new one here:

    { $reset }

    If it was not you, you can ignore this email.

## Processes
status-draft = Draft
status-published = Published
status-archived = Archived
phase-information = Information
phase-participation = Participation
phase-evaluation = Evaluation
phase-result = Result
phase-now = Current phase: { $phase }
phase-range = { $from } to { $until }
phase-from = from { $from }
phase-current = running now
phase-past = completed
phase-field-from = Start
phase-field-until = End
timing-current = Running
timing-upcoming = Upcoming
timing-finished = Finished
timing-upcoming-from = Starts on { $date }
comment-count = { $count ->
        [0] no contributions yet
        [one] one contribution
       *[other] { $count } contributions
    }
home-section-current = Running now
home-section-upcoming = Coming up
home-section-finished = Finished
home-section-empty-current = No participation is running at the moment.
home-section-empty-upcoming = No further participation has been announced.
home-section-empty-finished = No participation has finished yet.
home-show-all = Show all { $count }
processes-all = All participation processes
processes-archive = Archive
processes-title-list = Participation processes
processes-title-archive = Archive
processes-title-drafts = Drafts
processes-filter-label = Filter processes
processes-filter-department = Department
processes-filter-tag = Topic
processes-filter-status = State
processes-filter-all = All
processes-filter-submit = Filter
processes-count = { $count ->
        [0] No processes found.
        [one] One process found.
       *[other] { $count } processes found.
    }
process-new = New participation process
process-edit = Edit process
process-manage = Manage this process
process-set-draft = Back to draft
process-set-published = Publish
process-set-archived = Archive
process-tags = Topics
process-timeline = Timeline
process-description = What it is about
process-field-title = Title
process-field-summary = Short description
process-field-summary-hint = One or two sentences for overviews and previews (at most 500 characters).
process-field-description = Description
process-field-description-hint = Markdown: **bold**, *italic*, [link](https://…), lists with "- ", headings with "## ".
process-field-tags = Topics
process-field-tags-hint = Separated by commas, for example: cycling, climate (at most 10).
process-field-department = Responsible department
process-field-phases = Phases
process-field-phases-hint = The participation phase is required. Phases follow each other; the result phase may stay open.
process-field-image = Header image
process-field-image-file = Image file
process-field-image-hint = JPEG, PNG or WebP, at most 10 MB. The image is scaled down; metadata is removed.
process-field-image-alt = Image description (alternative text)
process-field-image-alt-hint = Describe what the image shows, for people who cannot see it.
process-field-remove-image = Remove image
process-save = Save
process-save-draft = Save as draft
process-publish = Publish

## Discussions
discussion-title = Discussion
discussion-not-yet = The participation phase runs from { $from } to { $until }. You can join the discussion then.
discussion-closed = The participation phase has ended. The discussion remains available to read.
comment-new-label = Your contribution
comment-new-hint = Please stay factual and friendly. At most 5000 characters.
comment-submit = Publish contribution
comment-login-to-write = Log in to join the discussion
comment-none = No contributions yet. Write the first one!
comment-sort-label = Sort
comment-sort-newest = Newest first
comment-sort-oldest = Oldest first
comment-sort-agreed = Most agreement
comment-deleted-author = Deleted contribution
comment-deleted = This contribution was deleted.
comment-reply-to = Reply to { $name }
comment-edited = edited
comment-agree = Agree
comment-disagree = Disagree
comment-agree-count = { $count } agree
comment-disagree-count = { $count } disagree
comment-edit = Edit
comment-delete = Delete
comment-reply = Reply
comment-reply-label = Your reply to { $name }
comment-reply-submit = Publish reply
comment-permalink-title = Contribution by { $name }
comment-show-parent = Show the contribution this replies to
comment-back-to-discussion = To the whole discussion
comment-edit-title = Edit contribution
comment-edit-hint = You can edit your contribution for 15 minutes. It is then marked as "edited".
comment-edit-label = Your contribution
comment-edit-submit = Save change
comment-delete-title = Delete contribution
comment-delete-question = Do you really want to delete this contribution? A note takes its place so that replies stay understandable.
comment-delete-submit = Yes, delete
comment-your-text = Your text, so that it is not lost:
cancel = Cancel
live-new-comment = New contribution by { $name }
feed-processes-title = Participation processes
feed-comments-title = Contributions to "{ $title }"
feed-comments-link = Subscribe to new contributions (Atom feed)
feed-comment-title = Contribution by { $name }

## Search
search-title = Search
search-label = Search processes and contributions
search-submit = Search
search-results-for = Search for "{ $q }"
search-count = { $count ->
        [0] No results for "{ $q }".
        [one] One result for "{ $q }".
       *[other] { $count } results for "{ $q }".
    }
search-kind-process = Participation process
search-kind-comment = Contribution to the discussion

## Validation of processes and comments
error-title-too-long = The title may be at most 200 characters long.
error-summary-too-long = The short description may be at most 500 characters long.
error-description-too-long = The description may be at most 50,000 characters long.
error-tag-too-long = A topic may be at most 40 characters long.
error-too-many-tags = Please give at most 10 topics.
error-phase-participation-required = Please give the start and end of the participation phase.
error-phase-end-before-start = The end lies before the start.
error-phase-overlaps = This phase starts before the previous one ends.
error-phase-incomplete = Please give both start and end – or neither.
error-date-invalid = Please enter a valid date.
error-department-not-yours = You can only create processes of your own department.
error-idea-rate-limited = You have submitted many ideas in a short time. Please wait a while.
error-image-alt-too-long = The image description may be at most 300 characters long.
error-image-alt-required = Please describe the image for people who cannot see it.
error-image-upload-again = Please choose the image again; for security it is not kept between attempts.
error-image-too-large = The image is too large (at most 10 MB and 24 megapixels, with 16 bits per channel 12 megapixels).
error-image-type = The file is not a JPEG, PNG or WebP image.
error-image-unreadable = The image could not be read. Is the file damaged?
error-participation-closed = The participation phase is not open; no contributions can be written.
error-comment-too-long = A contribution may be at most 5000 characters long.
error-comment-rate-limited = You have written many contributions in a short time. Please wait a few minutes.
error-reply-target-gone = The contribution you wanted to reply to no longer exists.
error-edit-window-over = Contributions can only be edited during the first 15 minutes.
flash-process-saved = The process was saved.
flash-process-status-changed = The status of the process was changed.
flash-comment-saved = Your contribution was published.
flash-comment-edited = Your contribution was changed.
flash-comment-deleted = The contribution was deleted.
flash-participation-closed = The participation phase is not open.

## Field names in error summaries
label-email = Email address
label-display_name = Public name
label-password = Password
label-current_password = Current password
label-new_password = New password
label-name = Name
label-title = Title
label-summary = Short description
label-description = Description
label-tags = Topics
label-department_id = Department
label-information = Information phase
label-participation = Participation phase
label-evaluation = Evaluation phase
label-result = Result phase
label-image = Header image
label-image_alt = Image description
label-categories = Categories
label-body = Text
label-category = Category
label-place = Place
label-address = Address
label-image1 = Image 1
label-image2 = Image 2
label-image3 = Image 3
label-alt1 = Description of image 1
label-alt2 = Description of image 2
label-alt3 = Description of image 3
label-status = Status
label-answer = Answer
label-note = Reason

## Ideas
nav-inbox = Ideas inbox
ideas-heading = Ideas and proposals
ideas-title = Ideas: { $process }
ideas-list = All ideas
ideas-map = Ideas on the map
ideas-map-title = Map of ideas: { $process }
ideas-map-desc = { $count ->
        [one] One point for an idea with a place; positions follow the coordinates.
       *[other] { $count } points for ideas with a place; positions follow the coordinates.
    }
ideas-map-caption = The points lie relative to each other by their coordinates; the table below names every idea with its address.
ideas-map-table = Ideas with a place
ideas-map-empty = No idea has a place yet.
ideas-filter-label = Filter ideas
ideas-sort = Sort
ideas-sort-newest = Newest first
ideas-sort-supported = Most supported
ideas-sort-discussed = Most discussed
ideas-sort-random = Random
ideas-count = { $count ->
        [0] No ideas.
        [one] One idea.
       *[other] { $count } ideas.
    }
ideas-export-csv = Ideas as CSV
ideas-export-xlsx = Ideas as Excel file
idea-new = Submit an idea
idea-new-intro = Describe your idea so that others understand and support it. It goes to the responsible department, which answers in public.
idea-field-body = Your idea
idea-field-body-hint = Markdown works: **bold**, *italic*, lists with "- ". At most 10,000 characters.
idea-choose-category = Please choose
idea-field-place = Place
idea-field-place-hint = If your idea concerns a place: the address and, if known, coordinates (latitude and longitude in degrees, e.g. 53.5511 and 9.9937).
idea-field-lat = Latitude
idea-field-lon = Longitude
idea-field-images = Images
idea-submit = Submit idea
idea-by = by { $name }
idea-routed-to = responsible: { $department }
idea-supports = { $count ->
        [0] no support yet
        [one] one supporter
       *[other] { $count } supporters
    }
idea-support-title = Support
idea-support = Support this idea
idea-withdraw-support = Withdraw support
idea-follow = Follow this idea
idea-unfollow = Stop following
idea-login-to-support = Log in to support this idea
idea-official-answer = Answer of the administration
idea-place = Place: { $address } ({ $lat }, { $lon })
idea-address = Place: { $address }
idea-handle = Handling by the department
idea-new-status = New status
idea-answer-label = Public answer
idea-answer-hint = Required for every status change after "received". It appears on the idea; everyone who follows or supports it gets an email.
idea-answer-submit = Change status and publish answer
idea-forward-to = Forward to another department
idea-forward-note = Reason for forwarding
idea-forward-submit = Forward
idea-history = History
idea-forwarded = Forwarded from { $from } to { $to }
idea-status-received = Received
idea-status-in_review = In review
idea-status-accepted = Accepted
idea-status-implemented = Implemented
idea-status-declined = Declined
inbox-title = Ideas inbox
inbox-for = Ideas routed to { $department }
inbox-min-supports = At least supporters
inbox-from = Received from
inbox-until = Received until
search-kind-idea = Idea
process-field-ideas = Ideas
process-field-ideas-enabled = Citizens can submit ideas during the participation phase
process-field-categories = Categories for ideas
process-field-categories-hint = One per line, for example: cycle paths, parking, safety (at most 20).
error-idea-title-too-long = The title may be at most 150 characters long.
error-idea-body-too-long = The text may be at most 10,000 characters long.
error-answer-too-long = The answer may be at most 10,000 characters long.
error-reason-too-long = The reason may be at most 1,000 characters long.
error-place-invalid = Please give latitude and longitude as numbers (latitude −90 to 90, longitude −180 to 180) – or neither.
error-category-too-long = A category may be at most 60 characters long.
error-too-many-categories = Please give at most 20 categories.
error-category-unknown = Please choose one of the categories offered.
error-address-too-long = The address may be at most 200 characters long.
error-ideas-closed = Ideas cannot be submitted in this process right now.
error-status-not-allowed = This status change is not possible.
flash-idea-saved = Your idea was submitted. You follow it and get an email when the department answers.
flash-supported = You support this idea.
flash-support-withdrawn = Your support was withdrawn.
flash-no-own-support = You cannot support your own idea.
flash-following = You follow this idea.
flash-unfollowed = You no longer follow this idea.
flash-idea-status-changed = The status was changed and the answer published.
flash-idea-forwarded = The idea was forwarded.
mail-idea-status-subject = New status of the idea "{ $title }": { $status }
mail-idea-status-body =
    Hello { $name },

    the idea "{ $title }" has a new status: { $status }.

    Answer of the administration:

    { $answer }

    To the idea: { $link }

    You receive this email because you submitted, supported or followed the idea. If you no longer want to receive messages about this idea, choose "Stop following" on the idea's page.

## Developing ideas together
idea-together = Develop it together
idea-authors = Written by { $names }
idea-versions-link = { $count } versions
idea-invited = You were invited to co-author this idea.
idea-invitation-accept = Accept the invitation
idea-invitation-decline = Decline
idea-invite-label = Invite someone to write with you
idea-invite-hint = The email address of a registered person. They are invited by email and must agree.
idea-invite-submit = Invite
idea-suggestions = Suggested changes
idea-suggestion-by = Suggested by { $name }
idea-suggestion-outdated = refers to an older version
idea-decision-reason = Reason for the decision
idea-suggestion-accept = Accept
idea-suggestion-decline = Decline
idea-suggestion-reason = Reason: { $reason }
idea-suggest = Suggest a change
idea-suggest-note = What do you change, and why?
idea-suggest-submit = Send suggestion
suggestion-status-open = open
suggestion-status-accepted = accepted
suggestion-status-declined = declined
idea-versions-title = Versions of "{ $title }"
idea-version = Version { $n }
idea-version-compare = compare with the previous one
idea-version-diff = Differences between version { $from } and { $to }
idea-version-diff-hint = Removed words are struck through in red, new words underlined in green.
error-coauthor-already = This person already writes the idea.
error-coauthor-rate-limited = You have sent many invitations in a short time. Please wait a while.
error-suggestion-unchanged = Your suggestion does not change the text.
label-reason = Reason
flash-coauthor-invited = If this address has an account, the invitation is on its way.
flash-coauthor-accepted = You now co-author this idea.
flash-coauthor-declined = You declined the invitation.
flash-suggestion-saved = Your suggestion was sent to the authors.
flash-suggestion-accepted = The suggestion was accepted; there is a new version.
flash-suggestion-declined = The suggestion was declined.
mail-coauthor-subject = Invitation: co-author the idea "{ $title }"
mail-coauthor-body =
    Hello { $name },

    { $from } invites you to co-author the idea "{ $title }". You can accept or decline the invitation on the idea's page:

    { $link }
ideas-map-tiles = Map data: { $attribution }
