admin-jobs-title = Nicht zugestellte Nachrichten
admin-jobs-short = E-Mails, die kein Mailserver angenommen hat: Grund, erneut senden.
admin-jobs-intro = Eine E-Mail, die der Mailserver nicht annimmt, wird { $days ->
    [one] einen Tag
   *[other] { $days } Tage
  } lang immer wieder versucht. Danach steht sie hier mit dem Grund, bis sie erneut gesendet oder verworfen wird (spätestens nach 30 Tagen wird sie gelöscht).
admin-jobs-none = Alle Nachrichten wurden zugestellt.
admin-jobs-to = An
admin-jobs-queued = Erstellt
admin-jobs-failed = Aufgegeben
admin-jobs-attempts = Versuche
admin-jobs-reason = Grund
admin-jobs-retry = Erneut senden
admin-jobs-discard = Verwerfen
admin-jobs-kind-survey-seal = Versiegeln der Umfrageantworten
flash-job-requeued = Die Nachricht wird erneut gesendet.
flash-job-discarded = Die Nachricht wurde verworfen.
