# Maps and addresses: the idea map, the place picker, base layers and the address register.

map-legend = Legende
map-caption = Die Tabelle unter der Karte nennt jede Idee mit Adresse und Stand.
map-base-credit = Kartengrundlage:
map-role = Karte
map-how = Jede Markierung ist ein Link zur Idee; ihre Form und Farbe zeigen den Stand. Mit JavaScript lässt sich die Karte verschieben und zoomen (Schaltflächen, Mausrad, Ziehen). Dieselben Ideen stehen in der Tabelle unter der Karte.
map-controls = Kartensteuerung
map-zoom-in = Hineinzoomen
map-zoom-out = Herauszoomen
map-reset = Ganze Ansicht
map-pan-left = Nach Westen verschieben
map-pan-right = Nach Osten verschieben
map-pan-up = Nach Norden verschieben
map-pan-down = Nach Süden verschieben

map-place-hint = Wenn sich Ihre Idee auf einen Ort bezieht: Geben Sie die Adresse ein und wählen Sie einen Vorschlag, oder klicken Sie auf die Karte.
map-address-hint = Straße und Hausnummer, z. B. „Osterstraße 12“. „Adresse suchen“ zeigt passende Adressen zur Auswahl.
map-find-address = Adresse suchen
map-choices = Passende Adressen
map-choices-hint = Wählen Sie eine Adresse und senden Sie die Idee ab, oder suchen Sie erneut.
map-picker-hint = Oder klicken Sie auf die Karte, um den Ort zu setzen.
map-coordinates = Koordinaten (für Fortgeschrittene)
map-suggestions = Vorschläge
map-suggestions-none = Keine passende Adresse gefunden.
map-suggestions-count = Vorschläge. Mit den Pfeiltasten auswählen, mit der Eingabetaste übernehmen.

label-attribution = Quellenangabe

maps-admin-title = Karten und Adressen
maps-admin-intro = Grundkarte aus GeoJSON-Ebenen (Bezirke, Straßen, Gewässer, Grünflächen) und das Adressverzeichnis für die Ortsauswahl.
maps-layers = Kartenebenen
maps-layers-caption = { $count ->
    [one] Eine Ebene
   *[other] { $count } Ebenen
}
maps-layers-none = Noch keine Ebenen. Ohne Ebenen zeigt die Karte nur die Markierungen.
maps-layer-name = Name
maps-layer-kind = Art
maps-layer-features = Objekte
maps-layer-created = Hochgeladen
maps-layer-actions = Aktionen
maps-layer-delete = Entfernen
maps-layer-delete-named = Ebene „{ $name }“ entfernen
maps-layer-upload = Ebene hochladen
maps-layer-attribution = Quellenangabe
maps-layer-attribution-hint = Wie die Lizenz der Daten genannt werden will, z. B. „© OpenStreetMap-Mitwirkende, ODbL 1.0“. Steht unter jeder Karte.
maps-layer-file = GeoJSON-Datei
maps-layer-file-hint = Höchstens 8 MB und 20.000 Objekte; Punkte, Linien und Flächen in WGS84 (Länge, Breite).
maps-layer-upload-button = Ebene hochladen
maps-kind-districts = Bezirke und Stadtteile
maps-kind-parks = Grünflächen
maps-kind-water = Gewässer
maps-kind-streets = Straßen
flash-layer-uploaded = Die Kartenebene wurde gespeichert.
flash-layer-deleted = Die Kartenebene wurde entfernt.

maps-addresses = Adressverzeichnis
maps-addresses-count = { $count ->
    [0] Das Verzeichnis ist leer.
    [one] Das Verzeichnis enthält eine Adresse.
   *[other] Das Verzeichnis enthält { $count } Adressen.
}
maps-addresses-import = Adressen einlesen
maps-addresses-file = CSV-Datei
maps-addresses-file-hint = Eine Kopfzeile mit den Spalten street (oder Straße), housenumber (Hausnummer), postcode (PLZ, optional), lat und lon; getrennt durch Semikolon oder Komma. Das Einlesen ersetzt das ganze Verzeichnis.
maps-addresses-import-button = Adressen einlesen
maps-addresses-imported = { $count ->
    [one] Eine Adresse eingelesen.
   *[other] { $count } Adressen eingelesen.
}
maps-addresses-bad = { $count ->
    [one] Eine Zeile wurde übersprungen:
   *[other] { $count } Zeilen wurden übersprungen:
}
maps-addresses-line = Zeile { $line }
maps-addresses-more = … und { $count } weitere.

error-layer-too-large = Die Datei ist größer als 8 MB.
error-layer-empty = Die Datei enthält keine Geometrie.
error-layer-not-json = Die Datei ist kein JSON. Bitte laden Sie eine GeoJSON-Datei hoch.
error-layer-not-geojson = Die Datei ist kein gültiges GeoJSON (FeatureCollection mit Features und Koordinaten).
error-layer-too-many = Die Datei enthält mehr als 20.000 Objekte.
error-layer-out-of-range = Koordinaten liegen außerhalb des gültigen Bereichs. Erwartet wird WGS84: Länge zwischen -180 und 180, Breite zwischen -85 und 85.
error-layer-geometry-type = Nur Punkte, Linien und Flächen (Point, LineString, Polygon und ihre Multi-Formen) sind erlaubt.
error-layer-kind = Bitte wählen Sie die Art der Ebene.
error-layer-name-too-long = Der Name darf höchstens 100 Zeichen lang sein.
error-layer-attribution-too-long = Die Quellenangabe darf höchstens 500 Zeichen lang sein.
error-addresses-too-large = Die Datei ist größer als 64 MB.
error-addresses-header = Die Kopfzeile nennt nicht die Spalten street, housenumber, lat und lon.
error-addresses-none = Die Datei enthält keine gültige Adresse.
error-address-row-missing = Straße oder Hausnummer fehlt.
error-address-row-too-long = Ein Feld ist zu lang.
error-address-row-coordinates = Breite oder Länge ist keine gültige Zahl.
error-address-row-unreadable = Die Zeile lässt sich nicht lesen.
error-address-not-found = Diese Adresse steht nicht im Adressverzeichnis. Prüfen Sie die Schreibweise, wählen Sie einen Vorschlag, setzen Sie den Ort auf der Karte oder lassen Sie das Feld leer.
error-address-choose = Mehrere Adressen passen. Bitte wählen Sie eine aus.
