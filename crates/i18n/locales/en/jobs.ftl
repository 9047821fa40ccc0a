admin-jobs-title = Undelivered messages
admin-jobs-short = Mails no mail server accepted: the reason, send again.
admin-jobs-intro = A mail the mail server does not accept is tried again and again for { $days ->
    [one] one day
   *[other] { $days } days
  }. Then it is listed here with the reason until it is sent again or discarded (it is deleted after 30 days at the latest).
admin-jobs-none = Every message was delivered.
admin-jobs-to = To
admin-jobs-queued = Created
admin-jobs-failed = Given up
admin-jobs-attempts = Tries
admin-jobs-reason = Reason
admin-jobs-retry = Send again
admin-jobs-discard = Discard
admin-jobs-kind-survey-seal = Sealing survey answers
flash-job-requeued = The message will be sent again.
flash-job-discarded = The message was discarded.
