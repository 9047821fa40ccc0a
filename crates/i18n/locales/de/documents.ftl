# Documents and publications: library, document pages, downloads, uploads.
nav-documents = Veröffentlichungen
search-kind-document = Dokument
documents-title = Veröffentlichungen
documents-intro = Leitfäden, Berichte, Protokolle und Ergebnisse der Beteiligungsverfahren zum Herunterladen.
documents-attached = Dokumente
documents-on-answer = Dokumente zur Antwort
documents-filter-label = Veröffentlichungen filtern
documents-search-label = Suchbegriff
documents-filter-type = Art
documents-filter-department = Behörde
documents-filter-year = Jahr
documents-filter-language = Sprache
documents-filter-all = Alle
documents-filter-submit = Anzeigen
documents-count = { $count ->
    [0] Keine Dokumente gefunden.
    [one] Ein Dokument gefunden.
   *[other] { $count } Dokumente gefunden.
}
documents-none = Zu dieser Auswahl gibt es keine Dokumente.
document-type-report = Bericht
document-type-guideline = Leitfaden
document-type-minutes = Protokoll
document-type-result = Ergebnis
document-type-other = Sonstiges
document-language-de = Deutsch
document-language-en = Englisch
document-language-other = Andere Sprache
document-download = „{ $title }“ herunterladen
document-pages = { $count ->
    [one] 1 Seite
   *[other] { $count } Seiten
}
document-preview-alt = Vorschau der ersten Seite von „{ $title }“
document-withdrawn-notice = Dieses Dokument wurde zurückgezogen und steht nicht mehr zum Herunterladen bereit.
document-field-type = Art
document-field-date = Datum
document-field-department = Behörde
document-field-language = Sprache
document-file = Datei
document-belongs-to = Gehört zu
document-to-process = Beteiligungsverfahren Nr. { $id }
document-to-idea = Antwort auf Idee Nr. { $id }
document-versions = Fassungen
document-version = Fassung
document-version-date = Hochgeladen
document-version-download = Herunterladen
document-version-current = aktuell
document-version-download-n = Fassung { $n } herunterladen
document-manage = Dokument verwalten
document-replace = Neue Fassung hochladen
document-withdraw = Zurückziehen
document-new = Dokument veröffentlichen
document-submit = Veröffentlichen
document-replace-title = Neue Fassung von „{ $title }“
document-replace-intro = Die neue Datei wird zur aktuellen Fassung. Frühere Fassungen bleiben aufgelistet und herunterladbar.
document-replace-submit = Neue Fassung hochladen
document-attach-hint = Optional: wozu das Dokument gehört, z. B. „process:3“ (Verfahren), „idea:12“ (Antwort auf eine Idee) oder „survey:5“ (Ergebnisse einer Umfrage); mehrere durch Komma getrennt.
document-file-hint = PDF, ODT, ODS, DOCX, XLSX, CSV, PNG, JPEG oder WebP, höchstens { $mb } MB.
label-doc_type = Art des Dokuments
label-language = Sprache des Dokuments
label-doc_date = Datum des Dokuments
label-attach = Zuordnung
label-file = Datei
flash-document-saved = Das Dokument ist veröffentlicht.
flash-document-replaced = Die neue Fassung ist veröffentlicht.
flash-document-saved-unread = Das Dokument ist veröffentlicht. Text und Vorschau wurden nicht oder nur zum Teil ausgelesen, weil die Datei zu aufwendig zu lesen ist; die Suche findet es über Titel und Beschreibung.
flash-document-replaced-unread = Die neue Fassung ist veröffentlicht. Text und Vorschau wurden nicht oder nur zum Teil ausgelesen, weil die Datei zu aufwendig zu lesen ist; die Suche findet sie über Titel und Beschreibung.
flash-document-withdrawn = Das Dokument wurde zurückgezogen.
error-document-title-too-long = Der Titel darf höchstens 200 Zeichen lang sein.
error-document-description-too-long = Die Beschreibung darf höchstens 5000 Zeichen lang sein.
error-document-attach-format = Bitte geben Sie Zuordnungen als „process:3“, „idea:12“ oder „survey:5“ an.
error-document-attach-too-many = Ein Dokument kann höchstens 10 Zuordnungen haben.
error-document-attach-unknown = Ein Verfahren, eine Idee oder eine Umfrage Ihrer Behörde mit dieser Nummer gibt es nicht.
error-document-department-not-yours = Sie können nur Dokumente Ihrer eigenen Behörde veröffentlichen.
error-document-file-required = Bitte wählen Sie eine Datei aus.
error-document-too-many-files = Bitte laden Sie nur eine Datei auf einmal hoch.
error-document-too-large = Die Datei ist größer als erlaubt.
error-document-upload-again = Bitte wählen Sie die Datei noch einmal aus.
error-document-not-pdf = Diese Datei ist kein PDF, auch wenn ihr Name auf .pdf endet.
error-document-type-mismatch = Der Inhalt der Datei passt nicht zur Endung ihres Namens.
error-document-type = Diese Dateiart wird nicht angenommen. Erlaubt sind PDF, ODT, ODS, DOCX, XLSX, CSV, PNG, JPEG und WebP.
error-document-unreadable = Die Datei konnte nicht gelesen werden. Bitte versuchen Sie es noch einmal.
