## Notifications, digests, unsubscribe, share links

nav-notifications = Mitteilungen
notifications-unread = { $count } neu
notifications-title = Mitteilungen
notifications-unread-summary = { $count ->
    [0] Keine ungelesenen Mitteilungen.
    [one] Eine ungelesene Mitteilung.
   *[other] { $count } ungelesene Mitteilungen.
}
notifications-settings-link = Einstellungen für Mitteilungen
notifications-mark-read = Alle als gelesen markieren
notifications-new = Neu:
notifications-none = Noch keine Mitteilungen. Folgen Sie Beteiligungsverfahren und Ideen, um von Neuigkeiten zu erfahren.
flash-notifications-read = Alle Mitteilungen sind als gelesen markiert.
flash-notification-settings-saved = Ihre Einstellungen für Mitteilungen wurden gespeichert.
flash-process-following = Sie folgen diesem Beteiligungsverfahren.
flash-process-unfollowed = Sie folgen diesem Beteiligungsverfahren nicht mehr.
process-follow = Verfahren folgen
process-unfollow = Nicht mehr folgen

notification-settings-title = Einstellungen für Mitteilungen
notification-settings-intro = Legen Sie für jede Art von Mitteilung fest, ob Sie sofort, einmal täglich, einmal wöchentlich oder gar nicht per E-Mail benachrichtigt werden. Auf der Seite „Mitteilungen“ sehen Sie alle Mitteilungen in jedem Fall.
notification-settings-save = Einstellungen speichern
notifications-error-delivery = Bitte wählen Sie eine der angebotenen Möglichkeiten.
notification-delivery-instant = sofort
notification-delivery-daily = täglich
notification-delivery-weekly = wöchentlich
notification-delivery-off = aus
notification-kind-reply = Antworten auf meine Kommentare
notification-kind-ideas = Neuer Stand und Antworten der Verwaltung zu Ideen, die ich eingereicht, unterstützt oder abonniert habe
notification-kind-phase = Neue Phasen verfolgter Verfahren
notification-kind-survey = Neue Umfragen in verfolgten Verfahren
notification-kind-results = Veröffentlichte Ergebnisse in verfolgten Verfahren
notification-kind-moderation = Moderationsentscheidungen zu meinen Beiträgen

notification-text-reply = Neue Antwort auf Ihren Kommentar zu „{ $title }“: { $detail }
notification-text-ideas = Die Idee „{ $title }“ hat einen neuen Stand: { $status }
notification-text-phase = „{ $title }“: Eine neue Phase hat begonnen ({ $detail ->
    [information] Information
    [participation] Beteiligung
    [evaluation] Auswertung
   *[result] Ergebnis
})
notification-text-survey = Neue Umfrage „{ $title }“ in „{ $detail }“
notification-text-results = Ergebnisse der Umfrage „{ $title }“ in „{ $detail }“ sind veröffentlicht
notification-text-moderation = Entscheidung der Moderation zu Ihrem Beitrag „{ $title }“: { $detail }

notification-mail-subject-reply = Neue Antwort auf Ihren Kommentar zu „{ $title }“
notification-mail-subject-phase = Neue Phase: { $title }
notification-mail-subject-survey = Neue Umfrage: { $title }
notification-mail-subject-results = Ergebnisse veröffentlicht: { $title }
notification-mail-subject-moderation = Entscheidung der Moderation: { $title }
notification-mail-body =
    Hallo { $name },

    { $text }

    Zum Beitrag: { $link }
notification-mail-footer =
    --
    Diese Mitteilung nicht mehr per E-Mail erhalten: { $unsubscribe }
    Alle Einstellungen für Mitteilungen: { $settings }

notification-digest-subject-daily = Ihre Mitteilungen des Tages ({ $count })
notification-digest-subject-weekly = Ihre Mitteilungen der Woche ({ $count })
notification-digest-body =
    Hallo { $name },

    das ist neu für Sie:

    { $list }
notification-digest-footer =
    --
    Keine Mitteilungen mehr per E-Mail erhalten: { $unsubscribe }
    Alle Einstellungen für Mitteilungen: { $settings }

unsubscribe-title = E-Mails abbestellen
unsubscribe-ask-kind = Möchten Sie keine E-Mails mehr zu „{ $kind }“ erhalten?
unsubscribe-ask-all = Möchten Sie keine E-Mails mit Mitteilungen mehr erhalten?
unsubscribe-button = Abbestellen
unsubscribe-done-kind = Erledigt: Sie erhalten keine E-Mails mehr zu „{ $kind }“. Auf der Seite „Mitteilungen“ sehen Sie sie weiterhin, wenn Sie angemeldet sind.
unsubscribe-done-all = Erledigt: Sie erhalten keine E-Mails mit Mitteilungen mehr. Auf der Seite „Mitteilungen“ sehen Sie sie weiterhin, wenn Sie angemeldet sind.

share-title = Teilen
share-mastodon = Mastodon
share-email = E-Mail
share-whatsapp = WhatsApp
share-telegram = Telegram
share-copy = Link kopieren
share-copied = Link kopiert
share-mastodon-title = Auf Mastodon teilen
share-mastodon-intro = Mastodon besteht aus vielen Servern (Instanzen). Geben Sie den Server an, auf dem Sie Ihr Konto haben; Sie werden dann dorthin weitergeleitet, um den Beitrag zu verfassen.
share-mastodon-instance = Ihr Mastodon-Server
share-mastodon-instance-hint = Zum Beispiel mastodon.social oder @name@chaos.social
share-mastodon-go = Weiter zu Mastodon
share-error-instance = Bitte geben Sie einen Servernamen wie mastodon.social an.
label-instance = Mastodon-Server
