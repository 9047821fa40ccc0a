# Accountability for answers: what processes promise, the public figures,
# the marks on ideas, the staff's reminders.

process-field-answers = Antworten auf Ideen
process-field-answers-hint = Bis wann die Verwaltung Ideen beantwortet: gezählt ab dem letzten Tag der Beteiligungsphase. Leer lassen, wenn das Verfahren keine Frist verspricht.
process-field-answer-period = Frist nach Ende der Beteiligung
process-field-answer-unit = Einheit der Frist
process-answer-unit-weeks = Wochen
process-answer-unit-days = Tage
process-field-answer-threshold = Nötige Unterstützungen
process-field-answer-threshold-hint = Ideen mit mindestens so vielen Unterstützungen müssen beantwortet werden. 0 oder leer: jede Idee.
error-answer-period-invalid = Bitte die Frist als ganze Zahl angeben, zum Beispiel 6.
error-answer-period-range = Die Frist muss mindestens einen Tag und höchstens zwei Jahre (730 Tage) betragen.
error-answer-period-needed = Eine Schwelle gilt nur mit einer Frist: Bitte auch die Frist angeben.
error-answer-threshold-invalid = Bitte die Zahl der Unterstützungen als ganze Zahl von 0 bis 1.000.000 angeben.
error-answer-unit-invalid = Bitte Tage oder Wochen wählen.
process-answer-promise = Die Verwaltung beantwortet jede Idee innerhalb von { $days } Tagen nach Ende der Beteiligung, also bis zum { $deadline }.
process-answer-promise-threshold = Die Verwaltung beantwortet jede Idee mit mindestens { $count } Unterstützungen innerhalb von { $days } Tagen nach Ende der Beteiligung, also bis zum { $deadline }.
accountability-link-department = Wie pünktlich antwortet die Behörde?

idea-answer-due = Antwort fällig bis { $date }
idea-answer-overdue-since = Antwort überfällig seit { $date }

accountability-footer-link = Rechenschaft: Antworten der Verwaltung
accountability-from-dashboard = Öffentliche Übersicht: beantwortete, offene und überfällige Ideen
accountability-title = Antworten der Verwaltung
accountability-title-department = Antworten der Verwaltung: { $name }
accountability-lead = Jedes Verfahren sagt, bis wann die Verwaltung Ideen beantwortet. Hier steht, wie viele Ideen beantwortet sind, wie viele noch offen und wie viele überfällig.
accountability-all-departments = Alle Behörden
accountability-totals = Auf einen Blick
accountability-answered = Beantwortet
accountability-in-time = Fristgerecht beantwortet
accountability-late = Verspätet beantwortet
accountability-pending = Offen, Frist läuft
accountability-overdue = Überfällig
accountability-median = Mittlere Zeit bis zur Antwort (Median, Tage)
accountability-median-days = Median Tage bis zur Antwort
accountability-must = Zu beantworten
accountability-department = Behörde
accountability-all = Alle Behörden
accountability-by-department = Nach Behörden
accountability-table-caption = Ideen, die beantwortet werden müssen, nach zuständiger Behörde
accountability-empty = Noch kein Verfahren verspricht eine Frist für Antworten.
accountability-overdue-ideas = Überfällige Ideen
accountability-no-overdue = Keine Idee ist überfällig.
accountability-overdue-first = Die { $count } am längsten überfälligen Ideen.
accountability-explained = Gezählt werden Ideen veröffentlichter Verfahren mit einer Frist, die die Schwelle an Unterstützungen erreichen; zurückgezogene und ausgeblendete Ideen zählen nicht. Die Zeit bis zur Antwort reicht von der Einreichung bis zur ersten offiziellen Antwort.
accountability-api = Die Zahlen als offene Daten (JSON)
api-ep-accountability = Beantwortete, offene und überfällige Ideen und die mittlere Zeit bis zur Antwort, insgesamt und nach Behörden

mail-answer-reminder-subject = Antwort fällig bis { $deadline }: „{ $title }“
mail-answer-reminder-body =
    Hallo { $name },

    die Idee „{ $title }“ wartet auf die offizielle Antwort Ihrer Behörde. Das Verfahren verspricht sie bis zum { $deadline }.

    Zur Idee: { $link }

    Nach Ablauf der Frist wird die Idee öffentlich als überfällig gezeigt.
