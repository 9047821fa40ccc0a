## Header navigation: the menu button on phones and the staff's entries
nav-menu = Menü
nav-processes = Beteiligungen
nav-work = Arbeitsbereich
nav-all-processes = Alle Verfahren
nav-department-processes = Verfahren meiner Abteilung
nav-drafts = Entwürfe
nav-new-process = Neues Verfahren
nav-surveys = Umfragen
nav-new-document = Dokument veröffentlichen
nav-users = Benutzerinnen und Benutzer

## The staff's list of surveys
staff-surveys-title = Umfragen
staff-surveys-lead-department = Umfragen der Verfahren von { $department }
staff-surveys-lead-all = Umfragen aller Verfahren
staff-surveys-none = Noch keine Umfragen. Eine Umfrage legen Sie auf der Seite eines Verfahrens an.
staff-surveys-process = Verfahren
staff-surveys-survey = Umfrage
staff-surveys-status = Stand
staff-surveys-responses = Antworten
staff-surveys-actions = Aktionen
staff-surveys-edit = Bearbeiten
staff-surveys-results = Ergebnisse
staff-surveys-caption = Umfragen, nach Verfahren
