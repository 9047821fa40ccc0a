nav-moderation = Moderation
report-link = Melden
report-link-whose = (Beitrag von { $name })
report-title = Beitrag melden
report-back = Zurück zum Beitrag
report-intro = Verstößt dieser Beitrag gegen die Netiquette, die Nutzungsbedingungen oder das Gesetz? Die Moderation prüft jede Meldung und teilt Ihnen die Entscheidung per E-Mail mit.
report-reason = Grund der Meldung
report-anonymous-hint = Ohne Anmeldung können Sie nur rechtswidrige Inhalte melden. Für andere Gründe melden Sie sich bitte an.
report-reason-insult = Beleidigung
report-reason-spam = Spam oder Werbung
report-reason-off-topic = Gehört nicht zum Thema
report-reason-personal-data = Enthält persönliche Daten
report-reason-illegal = Rechtswidriger Inhalt
report-reason-other = Anderer Grund
report-note = Ihre Erläuterung
report-note-hint = Was genau ist das Problem? Bei rechtswidrigen Inhalten: welches Gesetz und warum.
report-email = Ihre E-Mail-Adresse für die Antwort
report-email-hint = Wir verwenden sie nur für die Bestätigung und die Entscheidung und löschen sie danach.
report-submit = Meldung absenden
report-done-title = Danke für Ihre Meldung
report-done-text = Ihre Meldung ist bei der Moderation eingegangen. Sie erhalten eine Bestätigung und später die Entscheidung per E-Mail.
report-already-title = Bereits gemeldet
report-already-text = Sie haben diesen Beitrag bereits gemeldet. Die Moderation prüft ihn; die Entscheidung erhalten Sie per E-Mail.
label-statement = Begründung
label-rule = Regel
label-action = Entscheidung
label-appeal = Widerspruch
label-outcome = Entscheidung über den Widerspruch
error-report-reason = Bitte wählen Sie einen Grund.
error-report-anonymous-reason = Ohne Anmeldung können Sie nur rechtswidrige Inhalte melden.
error-moderation-text-too-long = Bitte fassen Sie sich kürzer (höchstens 2.000 Zeichen).
error-moderation-action = Bitte wählen Sie eine Entscheidung.
error-moderation-rule = Bitte wählen Sie die Regel, gegen die der Beitrag verstößt.
error-moderation-no-reports = Zu diesem Beitrag liegen keine offenen Meldungen mehr vor.
error-appeal-once = Gegen diese Entscheidung haben Sie bereits Widerspruch eingelegt.
error-appeal-outcome = Bitte wählen Sie, ob die Entscheidung bestehen bleibt oder aufgehoben wird.
error-appeal-same-moderator = Über diesen Widerspruch muss eine andere Person aus der Moderation entscheiden als die, die zuerst entschieden hat.
error-appeal-decided = Über diesen Widerspruch wurde bereits entschieden.
moderation-rule-netiquette-insult = Netiquette: keine Beleidigungen und persönlichen Angriffe
moderation-rule-netiquette-spam = Netiquette: kein Spam
moderation-rule-netiquette-off-topic = Netiquette: beim Thema bleiben
moderation-rule-netiquette-personal-data = Netiquette: keine persönlichen Daten anderer
moderation-rule-terms-advertising = Nutzungsbedingungen: keine Werbung
moderation-rule-law-criminal = Gesetz: strafbarer Inhalt
moderation-rule-law-personal-rights = Gesetz: Verletzung von Persönlichkeitsrechten
moderation-rule-none = (keine Regel angegeben)
moderation-decision-keep = Der Beitrag bleibt sichtbar.
moderation-decision-hide = Der Beitrag wurde ausgeblendet.
moderation-decision-edit = Persönliche Daten wurden aus dem Beitrag entfernt.
moderation-hidden-note = Ausgeblendet von der Moderation: { $rule }
moderation-edited-mark = Von der Moderation bearbeitet
live-moderated = Die Moderation hat einen Beitrag geändert.
appeal-outcome-upheld = Die Entscheidung bleibt bestehen.
appeal-outcome-reversed = Die Entscheidung wurde aufgehoben; der Beitrag ist wieder sichtbar.
appeal-choice-upheld = Entscheidung bestätigen
appeal-choice-reversed = Entscheidung aufheben (Beitrag wieder zeigen)
moderation-title = Moderation
moderation-sections = Bereiche der Moderation
moderation-section-reports = Gemeldete Beiträge
moderation-section-appeals = Widersprüche
moderation-no-reports = Keine offenen Meldungen.
moderation-no-appeals = Keine offenen Widersprüche.
moderation-entry-title = { $count ->
    [one] Eine Meldung
   *[other] { $count } Meldungen
} zum Beitrag von { $name }
moderation-open-item = Beitrag im Zusammenhang ansehen
moderation-first-reported = zuerst gemeldet am { $date }
moderation-decision = Entscheidung
moderation-action-keep = Behalten (Meldungen schließen)
moderation-action-hide = Ausblenden
moderation-action-edit = Persönliche Daten entfernen (Text bearbeiten)
moderation-rule = Regel
moderation-rule-hint = Zum Ausblenden nötig: gegen welche Regel der Netiquette, der Nutzungsbedingungen oder des Gesetzes verstößt der Beitrag?
moderation-rule-choose = – Regel wählen –
moderation-statement = Begründung für die Verfasserin oder den Verfasser
moderation-statement-hint = Die Tatsachen, auf die sich die Entscheidung stützt. Zum Ausblenden und Bearbeiten nötig; sie wird per E-Mail mitgeteilt.
moderation-edited-text = Bearbeiteter Text
moderation-edited-text-hint = Nur für „Persönliche Daten entfernen“: der Text ohne die persönlichen Daten.
moderation-decide = Entscheiden
moderation-appeal-title = Widerspruch von { $name }
moderation-open-decision = Entscheidung ansehen
moderation-appeal-not-yours = Sie haben zuerst entschieden; über den Widerspruch entscheidet eine andere Person aus der Moderation.
moderation-appeal-decision = Entscheidung über den Widerspruch
decision-title = Entscheidung der Moderation
decision-item = Beitrag
decision-item-link = Beitrag ansehen
decision-what = Entscheidung
decision-rule = Angewandte Regel
decision-facts = Begründung
decision-when = Entschieden am
decision-by-a-person = Diese Entscheidung hat ein Mensch aus der Moderation getroffen, nicht ein automatisches Verfahren.
decision-appeal-heading = Widerspruch
decision-appeal-intro = Wenn Sie die Entscheidung für falsch halten, können Sie einmal Widerspruch einlegen. Eine andere Person aus der Moderation prüft ihn; die Entscheidung erhalten Sie per E-Mail.
decision-appeal-label = Warum halten Sie die Entscheidung für falsch?
decision-appeal-submit = Widerspruch einlegen
decision-appeal-waiting = Ihr Widerspruch wird geprüft.
flash-moderation-decided = Die Entscheidung wurde gespeichert.
flash-appeal-sent = Ihr Widerspruch ist eingegangen.
flash-appeal-decided = Über den Widerspruch wurde entschieden.
mail-report-received-subject = Ihre Meldung ist eingegangen
mail-report-received-body =
    Guten Tag,

    Ihre Meldung ({ $reason }) zu diesem Beitrag ist bei der Moderation eingegangen:
    { $link }

    Wir prüfen sie und teilen Ihnen die Entscheidung per E-Mail mit.
mail-report-decided-subject = Entscheidung zu Ihrer Meldung
mail-report-decided-body =
    Guten Tag,

    die Moderation hat über Ihre Meldung zu diesem Beitrag entschieden:
    { $link }

    { $decision }

    Die Entscheidung hat ein Mensch getroffen.
mail-moderation-statement-subject = Entscheidung der Moderation zu Ihrem Beitrag
mail-moderation-statement-body =
    Guten Tag { $name },

    { $decision }

    Ihr Beitrag: { $link }
    „{ $text }“

    Angewandte Regel: { $rule }
    Begründung: { $facts }

    Die Entscheidung hat ein Mensch aus der Moderation getroffen, nicht ein automatisches Verfahren.

    Wenn Sie die Entscheidung für falsch halten, können Sie einmal Widerspruch einlegen; eine andere Person aus der Moderation entscheidet darüber:
    { $appeal }
mail-appeal-decided-subject = Entscheidung über Ihren Widerspruch
mail-appeal-decided-body =
    Guten Tag { $name },

    über Ihren Widerspruch wurde entschieden: { $outcome }

    Ihr Beitrag: { $link }
