# Accountability for answers: what processes promise, the public figures,
# the marks on ideas, the staff's reminders.

process-field-answers = Answers to ideas
process-field-answers-hint = By when the administration answers ideas, counted from the last day of the participation phase. Leave empty if the process promises no deadline.
process-field-answer-period = Period after the end of participation
process-field-answer-unit = Unit of the period
process-answer-unit-weeks = weeks
process-answer-unit-days = days
process-field-answer-threshold = Supports needed
process-field-answer-threshold-hint = Ideas with at least this many supports must be answered. 0 or empty: every idea.
error-answer-period-invalid = Please give the period as a whole number, for example 6.
error-answer-period-range = The period must be at least one day and at most two years (730 days).
error-answer-period-needed = A threshold only applies with a period: please give the period as well.
error-answer-threshold-invalid = Please give the number of supports as a whole number from 0 to 1,000,000.
error-answer-unit-invalid = Please choose days or weeks.
process-answer-promise = The administration answers every idea within { $days } days after the end of participation, that is by { $deadline }.
process-answer-promise-threshold = The administration answers every idea with at least { $count } supports within { $days } days after the end of participation, that is by { $deadline }.
accountability-link-department = How punctually does the department answer?

idea-answer-due = Answer due by { $date }
idea-answer-overdue-since = Answer overdue since { $date }

accountability-footer-link = Accountability: the administration's answers
accountability-from-dashboard = Public overview: answered, pending and overdue ideas
accountability-title = The administration's answers
accountability-title-department = The administration's answers: { $name }
accountability-lead = Every process states by when the administration answers ideas. This page shows how many ideas were answered, how many are pending and how many are overdue.
accountability-all-departments = All departments
accountability-totals = At a glance
accountability-answered = Answered
accountability-in-time = Answered in time
accountability-late = Answered late
accountability-pending = Pending, deadline not reached
accountability-overdue = Overdue
accountability-median = Median time to an answer (days)
accountability-median-days = Median days to an answer
accountability-must = To be answered
accountability-department = Department
accountability-all = All departments
accountability-by-department = By department
accountability-table-caption = Ideas that must be answered, by responsible department
accountability-empty = No process promises a deadline for answers yet.
accountability-overdue-ideas = Overdue ideas
accountability-no-overdue = No idea is overdue.
accountability-overdue-first = The { $count } ideas overdue the longest.
accountability-explained = Counted are ideas of published processes with a deadline that reach the support threshold; withdrawn and hidden ideas do not count. The time to an answer runs from submission to the first official answer.
accountability-api = The figures as open data (JSON)
api-ep-accountability = Answered, pending and overdue ideas and the median time to an answer, in total and by department

mail-answer-reminder-subject = Answer due by { $deadline }: "{ $title }"
mail-answer-reminder-body =
    Hello { $name },

    the idea "{ $title }" is waiting for your department's official answer. The process promises it by { $deadline }.

    To the idea: { $link }

    Once the deadline has passed, the idea is shown in public as overdue.
