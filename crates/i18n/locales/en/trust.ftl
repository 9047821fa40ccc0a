account-deleted = Deleted account
settings-data-title = My data
settings-data-intro = Download everything the platform has stored about you: your account, your comments, ideas, supports, reactions, what you follow, and which surveys you took part in (your answers themselves are stored without any link to you and cannot be traced to anyone, you included).
settings-data-download = Download my data (JSON)
settings-delete-title = Delete account
settings-delete-intro = Your name, e-mail address, password and sign-ins are deleted at once. What you wrote stays, so that discussions remain readable, but it is shown under “Deleted account”. This cannot be undone.
settings-delete-submit = Delete my account for good
flash-account-deleted = Your account has been deleted.
error-last-admin-delete = You are the last administrator. Make someone else an administrator before you delete your account.
error-display-name-reserved = This name is reserved for the administration: it holds the name of a department or a word such as “Verwaltung” or “Moderation”. Please choose another one.
comment-official = Official
comment-official-moderation = Moderation
comment-official-administration = Platform administration
page-title-imprint = Imprint
page-title-privacy = Privacy
page-title-terms = Terms of use
page-title-accessibility = Accessibility
page-title-easy-read = Easy read
footer-legal-label = Legal and information
page-edit = Edit this page
page-edit-title = Edit { $page }
page-edit-body = Text (Markdown)
page-edit-hint = Headings with #, lists with -, links as [text](address). An empty text brings back the built-in one.
admin-pages-title = Legal pages
admin-pages-short = Edit the imprint, privacy statement, terms of use, accessibility statement and easy-read page.
admin-pages-intro = These pages are linked in the footer of every page. Replace the placeholders in square brackets with your authority's details.
admin-pages-view = View
register-accepts-terms-before = By registering you agree to the{" "}
register-accepts-terms-middle = . How we handle your data is explained under{" "}
register-accepts-terms-after = .
feedback-title = Report a barrier
feedback-intro = Did you meet a barrier on this platform? Write to us. Your message goes to the platform's administration.
feedback-message = What did not work?
feedback-page = On which page?
feedback-reply-to = Your e-mail address for an answer
feedback-reply-to-hint = We use it only to answer you.
feedback-submit = Send message
feedback-no-reply-address = (no address given)
flash-feedback-sent = Thank you! Your message was sent to the administration.
error-feedback-too-long = Please keep it shorter (5,000 characters at most).
error-site-page-too-long = The text is too long (100,000 characters at most).
mail-accessibility-feedback-subject = Feedback on accessibility
mail-accessibility-feedback-body =
    Hello { $name },

    feedback has arrived through the form of the accessibility statement.

    Page: { $page }
    Answer to: { $reply }

    { $message }

    Under BITV 2.0 an answer is due within six weeks.
admin-audit-title = Audit log
admin-audit-short = What staff, moderators and administrators did, chained against tampering.
admin-audit-intro = Every action of staff, moderators and administrators is recorded here. Entries cannot be changed or deleted; each carries the hash of the one before, so that a change made around the application shows.
admin-audit-intact = The chain is intact ({ $count } entries checked).
admin-audit-broken = The chain is broken from entry #{ $id }: this entry or one before it was changed or deleted around the application.
admin-audit-action = Action
admin-audit-actor = Account no.
admin-audit-all = All
admin-audit-filter = Filter
admin-audit-entries = { $count ->
    [one] One entry
   *[other] { $count } entries
  }
admin-audit-by = Account { $id }
admin-audit-system = System
admin-audit-pages = Pages of the log
admin-audit-newer = Newer
admin-audit-older = Older
admin-audit-page = Page { $page } of { $pages }
admin-audit-none = No entries.
