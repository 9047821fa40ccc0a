# Start page, search, site settings, numbers and CSV exports.

## CSV exports: the file with the other separator.
csv-other-separator = { $what } (mit Kommas getrennt)
