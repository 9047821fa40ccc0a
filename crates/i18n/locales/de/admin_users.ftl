# Administration: filtered, paged users; renaming and removing departments
admin-users-filter-label = Personen filtern
admin-users-role-filter = Rolle
admin-users-role-any = alle Rollen
admin-users-none = Keine Person passt zu dieser Suche.
admin-departments-rename-label = Neuer Name
admin-departments-rename = Umbenennen
admin-departments-move-label = Vor dem Entfernen verschieben nach
admin-departments-move-hint = Verfahren, Ideen, Mitarbeitende und Dokumente dieser Behörde gehen an die gewählte Behörde. Ohne Auswahl lässt sich nur eine Behörde entfernen, der nichts mehr gehört.
admin-departments-move-none = nichts verschieben
admin-departments-remove = Behörde entfernen
admin-departments-usage = Dieser Behörde gehören noch { $processes } Verfahren, { $ideas } Ideen, { $staff } Mitarbeitende, { $documents } Dokumente und { $records } Antworten oder Weiterleitungen.
error-department-in-use = Diese Behörde kann nicht entfernt werden, weil ihr noch etwas gehört. Wählen Sie eine Behörde, in die alles verschoben wird.
error-department-move-target = Wählen Sie eine andere, bestehende Behörde.
flash-department-renamed = Die Behörde wurde umbenannt.
flash-department-removed = Die Behörde wurde entfernt.
