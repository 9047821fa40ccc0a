//! Maps and addresses without I/O: the kinds of base layers, the check of an
//! uploaded GeoJSON layer, Web Mercator, line simplification, and the
//! normalised key under which addresses are searched.

use serde_json::Value;

/// An uploaded GeoJSON file may be at most this large.
pub const LAYER_MAX_BYTES: usize = 8 * 1024 * 1024;
/// A layer may hold at most this many features.
pub const LAYER_MAX_FEATURES: usize = 20_000;
/// A name of a layer.
pub const LAYER_NAME_MAX_CHARS: usize = 100;
/// The credit a layer's licence asks for, shown under every map.
pub const ATTRIBUTION_MAX_CHARS: usize = 500;
/// An address CSV may be at most this large (300,000 rows fit).
pub const ADDRESSES_MAX_BYTES: usize = 64 * 1024 * 1024;
/// The Web Mercator zoom whose pixels are the map's units (about 1.5 m at
/// Hamburg's latitude): fine enough for a street, coarse enough for integers.
pub const MAP_ZOOM: u32 = 16;

/// What a base layer shows; it decides how it is drawn and in which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LayerKind {
    Districts,
    Parks,
    Water,
    Streets,
}

impl LayerKind {
    /// In drawing order: areas first, streets on top.
    pub const ALL: [LayerKind; 4] = [
        LayerKind::Districts,
        LayerKind::Parks,
        LayerKind::Water,
        LayerKind::Streets,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LayerKind::Districts => "districts",
            LayerKind::Parks => "parks",
            LayerKind::Water => "water",
            LayerKind::Streets => "streets",
        }
    }

    pub fn parse(s: &str) -> Option<LayerKind> {
        LayerKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A position: longitude, latitude (GeoJSON's order).
pub type Position = [f64; 2];

#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    Point(Position),
    /// One or more lines.
    Lines(Vec<Vec<Position>>),
    /// One or more polygons, each an outer ring and its holes.
    Polygons(Vec<Vec<Vec<Position>>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub name: Option<String>,
    pub geometry: Geometry,
}

/// Why an uploaded layer was refused: a translation key.
pub type LayerError = &'static str;

/// Reads and checks a GeoJSON layer: a FeatureCollection (or one Feature or
/// geometry) of Points, LineStrings and Polygons (and their Multi forms)
/// with coordinates within WGS84. Features without a geometry are skipped.
pub fn parse_layer(bytes: &[u8]) -> Result<Vec<Feature>, LayerError> {
    if bytes.len() > LAYER_MAX_BYTES {
        return Err("error-layer-too-large");
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("error-layer-empty");
    }
    let v: Value = serde_json::from_slice(bytes).map_err(|_| "error-layer-not-json")?;
    let mut out = vec![];
    match v.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {
            let features = v
                .get("features")
                .and_then(Value::as_array)
                .ok_or("error-layer-not-geojson")?;
            if features.len() > LAYER_MAX_FEATURES {
                return Err("error-layer-too-many");
            }
            for f in features {
                if let Some(f) = feature(f)? {
                    out.push(f);
                }
            }
        }
        Some("Feature") => out.extend(feature(&v)?),
        Some(_) => out.push(Feature {
            name: None,
            geometry: geometry(&v)?,
        }),
        None => return Err("error-layer-not-geojson"),
    }
    if out.is_empty() {
        return Err("error-layer-empty");
    }
    Ok(out)
}

fn feature(f: &Value) -> Result<Option<Feature>, LayerError> {
    if f.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err("error-layer-not-geojson");
    }
    let g = match f.get("geometry") {
        None | Some(Value::Null) => return Ok(None),
        Some(g) => g,
    };
    let name = f
        .get("properties")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .map(|s| s.chars().take(200).collect());
    Ok(Some(Feature {
        name,
        geometry: geometry(g)?,
    }))
}

fn position(v: &Value) -> Result<Position, LayerError> {
    let a = v.as_array().ok_or("error-layer-not-geojson")?;
    if a.len() < 2 {
        return Err("error-layer-not-geojson");
    }
    let lon = a[0].as_f64().ok_or("error-layer-not-geojson")?;
    let lat = a[1].as_f64().ok_or("error-layer-not-geojson")?;
    if !(-180.0..=180.0).contains(&lon) || !(-85.0..=85.0).contains(&lat) {
        return Err("error-layer-out-of-range");
    }
    Ok([lon, lat])
}

fn line(v: &Value, min: usize) -> Result<Vec<Position>, LayerError> {
    let a = v.as_array().ok_or("error-layer-not-geojson")?;
    if a.len() < min {
        return Err("error-layer-not-geojson");
    }
    a.iter().map(position).collect()
}

fn polygon(v: &Value) -> Result<Vec<Vec<Position>>, LayerError> {
    let a = v.as_array().ok_or("error-layer-not-geojson")?;
    if a.is_empty() {
        return Err("error-layer-not-geojson");
    }
    a.iter().map(|r| line(r, 4)).collect()
}

fn geometry(g: &Value) -> Result<Geometry, LayerError> {
    let kind = g.get("type").and_then(Value::as_str);
    if !matches!(
        kind,
        Some("Point" | "LineString" | "MultiLineString" | "Polygon" | "MultiPolygon")
    ) {
        return Err("error-layer-geometry-type");
    }
    let c = g.get("coordinates").ok_or("error-layer-not-geojson")?;
    let list = || c.as_array().ok_or("error-layer-not-geojson");
    Ok(match kind {
        Some("Point") => Geometry::Point(position(c)?),
        Some("LineString") => Geometry::Lines(vec![line(c, 2)?]),
        Some("MultiLineString") => Geometry::Lines(
            list()?
                .iter()
                .map(|l| line(l, 2))
                .collect::<Result<_, _>>()?,
        ),
        Some("Polygon") => Geometry::Polygons(vec![polygon(c)?]),
        Some("MultiPolygon") => {
            Geometry::Polygons(list()?.iter().map(polygon).collect::<Result<_, _>>()?)
        }
        _ => return Err("error-layer-geometry-type"),
    })
}

/// The stored form of checked features: GeoJSON again, with nothing but
/// each feature's geometry and name.
pub fn to_geojson(features: &[Feature]) -> String {
    use serde_json::json;
    let pos = |p: &Position| json!([p[0], p[1]]);
    let line = |l: &Vec<Position>| Value::Array(l.iter().map(pos).collect());
    let poly = |p: &Vec<Vec<Position>>| Value::Array(p.iter().map(line).collect());
    let fs: Vec<Value> = features
        .iter()
        .map(|f| {
            let geometry = match &f.geometry {
                Geometry::Point(p) => json!({"type": "Point", "coordinates": pos(p)}),
                Geometry::Lines(ls) => json!({"type": "MultiLineString",
                    "coordinates": Value::Array(ls.iter().map(line).collect())}),
                Geometry::Polygons(ps) => json!({"type": "MultiPolygon",
                    "coordinates": Value::Array(ps.iter().map(poly).collect())}),
            };
            json!({"type": "Feature", "properties": {"name": f.name}, "geometry": geometry})
        })
        .collect();
    json!({"type": "FeatureCollection", "features": fs}).to_string()
}

/// Web Mercator: the pixel position of a place at [`MAP_ZOOM`] (256-pixel
/// tiles), the units every map of the platform is drawn in.
pub fn project(lat: f64, lon: f64) -> (f64, f64) {
    let scale = 256.0 * f64::from(1u32 << MAP_ZOOM);
    let x = (lon + 180.0) / 360.0 * scale;
    let s = lat.to_radians().sin().clamp(-0.9999, 0.9999);
    let y = (0.5 - ((1.0 + s) / (1.0 - s)).ln() / (4.0 * std::f64::consts::PI)) * scale;
    (x, y)
}

/// The place at a pixel position at [`MAP_ZOOM`]: latitude, longitude.
pub fn unproject(x: f64, y: f64) -> (f64, f64) {
    let scale = 256.0 * f64::from(1u32 << MAP_ZOOM);
    let lon = x / scale * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * y / scale);
    let lat = n.sinh().atan().to_degrees();
    (lat, lon)
}

/// Douglas-Peucker: drops the points of a line that lie within `tolerance`
/// of the line through their neighbours. Keeps the first and last point.
pub fn simplify(points: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (p, q) = (points[a], points[b]);
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let len = (dx * dx + dy * dy).sqrt();
        let mut far = (0.0, a);
        for (i, r) in points.iter().enumerate().take(b).skip(a + 1) {
            let d = if len == 0.0 {
                ((r.0 - p.0).powi(2) + (r.1 - p.1).powi(2)).sqrt()
            } else {
                ((r.0 - p.0) * dy - (r.1 - p.1) * dx).abs() / len
            };
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > tolerance {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// The key an address is found by: lower case, umlauts and ß spelt out,
/// "Straße", "Strasse" and "Str." all as "str", and nothing but letters and
/// digits, so "Max-Brauer-Allee 1", "max brauer allee 1" and
/// "MaxBrauerAllee1" are one key, and a typed prefix is a prefix of the key.
pub fn address_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'à' | 'á' | 'â' => out.push('a'),
            'è' | 'é' | 'ê' => out.push('e'),
            'ì' | 'í' | 'î' => out.push('i'),
            'ò' | 'ó' | 'ô' => out.push('o'),
            'ù' | 'ú' | 'û' => out.push('u'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    let out = out.replace("strasse", "str");
    // A prefix typed so far ("Osterstra") is a prefix of "osterstr…".
    for partial in ["strass", "stras", "stra"] {
        if let Some(stem) = out.strip_suffix(partial) {
            return format!("{stem}str");
        }
    }
    out
}

/// One row of an address register.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressRow {
    pub street: String,
    pub housenumber: String,
    pub postcode: String,
    pub lat: f64,
    pub lon: f64,
}

impl AddressRow {
    /// What the row is found by: street and house number.
    pub fn key(&self) -> String {
        address_key(&format!("{} {}", self.street, self.housenumber))
    }

    /// How it reads: "Osterstraße 12, 20259".
    pub fn label(&self) -> String {
        let mut s = format!("{} {}", self.street, self.housenumber);
        if !self.postcode.is_empty() {
            s.push_str(", ");
            s.push_str(&self.postcode);
        }
        s
    }
}

/// Checks one row's values (already split into fields): street and house
/// number required, coordinates numbers within range. Returns a key.
pub fn check_address(
    street: &str,
    housenumber: &str,
    postcode: &str,
    lat: &str,
    lon: &str,
) -> Result<AddressRow, &'static str> {
    let (street, housenumber) = (street.trim(), housenumber.trim());
    if street.is_empty() || housenumber.is_empty() {
        return Err("error-address-row-missing");
    }
    if street.chars().count() > 150 || housenumber.chars().count() > 30 || postcode.len() > 20 {
        return Err("error-address-row-too-long");
    }
    let num = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok();
    let (Some(lat), Some(lon)) = (num(lat), num(lon)) else {
        return Err("error-address-row-coordinates");
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err("error-address-row-coordinates");
    }
    Ok(AddressRow {
        street: street.to_owned(),
        housenumber: housenumber.to_owned(),
        postcode: postcode.trim().to_owned(),
        lat,
        lon,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_keys_ignore_spelling() {
        assert_eq!(address_key("Max-Brauer-Allee 1"), "maxbrauerallee1");
        assert_eq!(address_key("max brauer allee"), "maxbrauerallee");
        assert_eq!(address_key("Osterstraße 12"), "osterstr12");
        assert_eq!(address_key("Osterstrasse 12"), "osterstr12");
        assert_eq!(address_key("Osterstr. 12"), "osterstr12");
        assert_eq!(address_key("Osterstra"), "osterstr");
        assert_eq!(address_key("Büschstraße"), "bueschstr");
        assert!("osterstr12".starts_with(&address_key("oster str 1")));
    }

    #[test]
    fn layers_are_checked() {
        let ok = br#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Altona"},"geometry":{"type":"Polygon","coordinates":[[[9.9,53.5],[9.95,53.5],[9.95,53.55],[9.9,53.5]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[9.9,53.5],[9.95,53.5]]}},
            {"type":"Feature","properties":{},"geometry":null}]}"#;
        let fs = parse_layer(ok).unwrap();
        assert_eq!(fs.len(), 2);
        assert_eq!(fs[0].name.as_deref(), Some("Altona"));
        assert_eq!(parse_layer(&to_geojson(&fs).into_bytes()).unwrap(), fs);
        assert_eq!(parse_layer(b"nope"), Err("error-layer-not-json"));
        assert_eq!(
            parse_layer(br#"{"type":"Point","coordinates":[200,53]}"#),
            Err("error-layer-out-of-range")
        );
        assert_eq!(
            parse_layer(br#"{"type":"GeometryCollection","coordinates":[]}"#),
            Err("error-layer-geometry-type")
        );
        assert_eq!(parse_layer(b"  "), Err("error-layer-empty"));
    }

    #[test]
    fn projection_round_trips() {
        let (x, y) = project(53.55, 9.93);
        let (lat, lon) = unproject(x, y);
        assert!((lat - 53.55).abs() < 1e-9 && (lon - 9.93).abs() < 1e-9);
    }

    #[test]
    fn simplification_drops_points_on_a_line() {
        let line = [(0.0, 0.0), (1.0, 0.1), (2.0, 0.0), (3.0, 5.0)];
        assert_eq!(
            simplify(&line, 0.5),
            vec![(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]
        );
    }

    #[test]
    fn address_rows_are_checked() {
        let r = check_address("Osterstraße", "12a", "20259", "53,57", "9.95").unwrap();
        assert_eq!(r.key(), "osterstr12a");
        assert_eq!(r.label(), "Osterstraße 12a, 20259");
        assert_eq!(
            check_address("", "1", "", "1", "1"),
            Err("error-address-row-missing")
        );
        assert_eq!(
            check_address("A", "1", "", "x", "1"),
            Err("error-address-row-coordinates")
        );
    }
}
