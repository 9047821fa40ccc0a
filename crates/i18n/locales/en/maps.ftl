# Maps and addresses: the idea map, the place picker, base layers and the address register.

map-legend = Legend
map-caption = The table below the map names every idea with its address and status.
map-base-credit = Base map:
map-role = map
map-how = Each marker links to its idea; its shape and colour show its status. With JavaScript the map can be panned and zoomed (buttons, mouse wheel, dragging). The table below the map lists the same ideas.
map-controls = Map controls
map-zoom-in = Zoom in
map-zoom-out = Zoom out
map-reset = Whole view
map-pan-left = Move west
map-pan-right = Move east
map-pan-up = Move north
map-pan-down = Move south

map-place-hint = If your idea concerns a place: type the address and choose a suggestion, or click on the map.
map-address-hint = Street and house number, e.g. "Osterstraße 12". "Find address" shows matching addresses to choose from.
map-find-address = Find address
map-choices = Matching addresses
map-choices-hint = Choose an address and submit the idea, or search again.
map-picker-hint = Or click on the map to set the place.
map-coordinates = Coordinates (advanced)
map-suggestions = Suggestions
map-suggestions-none = No matching address found.
map-suggestions-count = suggestions. Use the arrow keys to choose, Enter to take one.

label-attribution = Attribution

maps-admin-title = Maps and addresses
maps-admin-intro = The base map from GeoJSON layers (districts, streets, water, parks) and the address register for choosing places.
maps-layers = Map layers
maps-layers-caption = { $count ->
    [one] One layer
   *[other] { $count } layers
}
maps-layers-none = No layers yet. Without layers the map shows only the markers.
maps-layer-name = Name
maps-layer-kind = Kind
maps-layer-features = Features
maps-layer-created = Uploaded
maps-layer-actions = Actions
maps-layer-delete = Remove
maps-layer-delete-named = Remove layer "{ $name }"
maps-layer-upload = Upload a layer
maps-layer-attribution = Attribution
maps-layer-attribution-hint = The credit the data's licence asks for, e.g. "© OpenStreetMap contributors, ODbL 1.0". Shown under every map.
maps-layer-file = GeoJSON file
maps-layer-file-hint = At most 8 MB and 20,000 features; points, lines and areas in WGS84 (longitude, latitude).
maps-layer-upload-button = Upload layer
maps-kind-districts = Districts
maps-kind-parks = Parks and green spaces
maps-kind-water = Water
maps-kind-streets = Streets
flash-layer-uploaded = The map layer was saved.
flash-layer-deleted = The map layer was removed.

maps-addresses = Address register
maps-addresses-count = { $count ->
    [0] The register is empty.
    [one] The register holds one address.
   *[other] The register holds { $count } addresses.
}
maps-addresses-import = Import addresses
maps-addresses-file = CSV file
maps-addresses-file-hint = A header row naming the columns street, housenumber, postcode (optional), lat and lon; separated by semicolons or commas. An import replaces the whole register.
maps-addresses-import-button = Import addresses
maps-addresses-imported = { $count ->
    [one] One address imported.
   *[other] { $count } addresses imported.
}
maps-addresses-bad = { $count ->
    [one] One row was skipped:
   *[other] { $count } rows were skipped:
}
maps-addresses-line = Line { $line }
maps-addresses-more = … and { $count } more.

error-layer-too-large = The file is larger than 8 MB.
error-layer-empty = The file holds no geometry.
error-layer-not-json = The file is not JSON. Please upload a GeoJSON file.
error-layer-not-geojson = The file is not valid GeoJSON (a FeatureCollection of features with coordinates).
error-layer-too-many = The file holds more than 20,000 features.
error-layer-out-of-range = Coordinates lie outside the valid range. Expected is WGS84: longitude between -180 and 180, latitude between -85 and 85.
error-layer-geometry-type = Only points, lines and areas (Point, LineString, Polygon and their Multi forms) are allowed.
error-layer-kind = Please choose the kind of layer.
error-layer-name-too-long = The name may be at most 100 characters long.
error-layer-attribution-too-long = The attribution may be at most 500 characters long.
error-addresses-too-large = The file is larger than 64 MB.
error-addresses-header = The header row does not name the columns street, housenumber, lat and lon.
error-addresses-none = The file holds no valid address.
error-address-row-missing = Street or house number is missing.
error-address-row-too-long = A field is too long.
error-address-row-coordinates = Latitude or longitude is not a valid number.
error-address-row-unreadable = The row cannot be read.
error-address-not-found = This address is not in the address register. Check the spelling, choose a suggestion, set the place on the map or leave the field empty.
error-address-choose = Several addresses match. Please choose one.
