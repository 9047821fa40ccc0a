## Notifications, digests, unsubscribe, share links

nav-notifications = Notifications
notifications-unread = { $count } new
notifications-title = Notifications
notifications-unread-summary = { $count ->
    [0] No unread notifications.
    [one] One unread notification.
   *[other] { $count } unread notifications.
}
notifications-settings-link = Notification settings
notifications-mark-read = Mark all as read
notifications-new = New:
notifications-none = No notifications yet. Follow processes and ideas to hear of news.
flash-notifications-read = All notifications are marked as read.
flash-notification-settings-saved = Your notification settings were saved.
flash-process-following = You follow this process.
flash-process-unfollowed = You no longer follow this process.
process-follow = Follow process
process-unfollow = Unfollow

notification-settings-title = Notification settings
notification-settings-intro = Choose for each kind of notification whether you are told by e-mail at once, once a day, once a week or not at all. The notifications page shows all of them in any case.
notification-settings-save = Save settings
notifications-error-delivery = Please choose one of the options offered.
notification-delivery-instant = at once
notification-delivery-daily = daily
notification-delivery-weekly = weekly
notification-delivery-off = off
notification-kind-reply = Replies to my comments
notification-kind-ideas = New status and official answers on ideas I wrote, support or follow
notification-kind-phase = New phases of processes I follow
notification-kind-survey = New surveys in processes I follow
notification-kind-results = Published results in processes I follow
notification-kind-moderation = Moderation decisions on my contributions

notification-text-reply = New reply to your comment on “{ $title }”: { $detail }
notification-text-ideas = The idea “{ $title }” has a new status: { $status }
notification-text-phase = “{ $title }”: a new phase has begun ({ $detail ->
    [information] information
    [participation] participation
    [evaluation] evaluation
   *[result] result
})
notification-text-survey = New survey “{ $title }” in “{ $detail }”
notification-text-results = Results of the survey “{ $title }” in “{ $detail }” are published
notification-text-moderation = Moderation decision on your contribution “{ $title }”: { $detail }

notification-mail-subject-reply = New reply to your comment on “{ $title }”
notification-mail-subject-phase = New phase: { $title }
notification-mail-subject-survey = New survey: { $title }
notification-mail-subject-results = Results published: { $title }
notification-mail-subject-moderation = Moderation decision: { $title }
notification-mail-body =
    Hello { $name },

    { $text }

    Go there: { $link }
notification-mail-footer =
    --
    Stop these e-mails: { $unsubscribe }
    All notification settings: { $settings }

notification-digest-subject-daily = Your notifications of the day ({ $count })
notification-digest-subject-weekly = Your notifications of the week ({ $count })
notification-digest-body =
    Hello { $name },

    this is new for you:

    { $list }
notification-digest-footer =
    --
    Stop all notification e-mails: { $unsubscribe }
    All notification settings: { $settings }

unsubscribe-title = Unsubscribe from e-mails
unsubscribe-ask-kind = Do you want to stop e-mails about “{ $kind }”?
unsubscribe-ask-all = Do you want to stop all notification e-mails?
unsubscribe-button = Unsubscribe
unsubscribe-done-kind = Done: you no longer receive e-mails about “{ $kind }”. The notifications page still shows them when you are logged in.
unsubscribe-done-all = Done: you no longer receive notification e-mails. The notifications page still shows them when you are logged in.

share-title = Share
share-mastodon = Mastodon
share-email = E-mail
share-whatsapp = WhatsApp
share-telegram = Telegram
share-copy = Copy link
share-copied = Link copied
share-mastodon-title = Share on Mastodon
share-mastodon-intro = Mastodon consists of many servers (instances). Enter the server your account is on; you are then taken there to write the post.
share-mastodon-instance = Your Mastodon server
share-mastodon-instance-hint = For example mastodon.social or @name@chaos.social
share-mastodon-go = Continue to Mastodon
share-error-instance = Please enter a server name such as mastodon.social.
label-instance = Mastodon server
