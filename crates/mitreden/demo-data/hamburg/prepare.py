#!/usr/bin/env python3
"""Makes the demo's map data from the Hamburg extracts in /work/shared/data/hamburg
(see README.md here for sources and licences): picks the features the demo map
shows and rounds coordinates to 5 decimals (about 1 m). Run from this folder:
    python3 prepare.py /work/shared/data/hamburg
"""
import json, shutil, sys

src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/hamburg"

def load(name):
    with open(f"{src}/{name}", encoding="utf-8") as f:
        return json.load(f)

def rnd(c):
    if isinstance(c[0], (int, float)):
        return [round(c[0], 5), round(c[1], 5)]
    return [rnd(x) for x in c]

def dedupe(line):
    out = []
    for p in line:
        if not out or out[-1] != p:
            out.append(p)
    return out

def clean(g):
    t, c = g["type"], rnd(g["coordinates"])
    if t == "LineString":
        c = dedupe(c)
        return None if len(c) < 2 else {"type": t, "coordinates": c}
    if t == "MultiLineString":
        c = [dedupe(l) for l in c if len(dedupe(l)) >= 2]
    elif t == "Polygon":
        c = [dedupe(r) for r in c if len(dedupe(r)) >= 4]
    elif t == "MultiPolygon":
        c = [[dedupe(r) for r in p if len(dedupe(r)) >= 4] for p in c]
        c = [p for p in c if p]
    return {"type": t, "coordinates": c} if c else None

def write(name, features, keep=("name",)):
    out = []
    for f in features:
        g = clean(f["geometry"]) if f.get("geometry") else None
        if g:
            props = {k: v for k, v in (f.get("properties") or {}).items() if k in keep}
            out.append({"type": "Feature", "properties": props, "geometry": g})
    with open(name, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": out}, f, ensure_ascii=False, separators=(",", ":"))
    print(name, len(out))

write("bezirke.geojson", load("bezirke.geojson")["features"])
write("stadtteile_altona_eimsbuettel.geojson",
      [f for f in load("stadtteile.geojson")["features"]
       if f["properties"].get("district_name") in ("Altona", "Eimsbüttel")])
MAIN = {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
        "secondary", "secondary_link", "tertiary", "tertiary_link"}
streets = [f for f in load("bezirk_altona_strassen_osm.geojson")["features"]
           if f["properties"].get("highway") in MAIN]
streets += [f for f in load("altona_stpauli_strassen_osm.geojson")["features"]
            if f["properties"].get("highway") in MAIN | {"residential", "living_street"}]
streets += [f for f in load("eimsbuettel_strassen_osm.geojson")["features"]
            if f["properties"].get("highway") in MAIN | {"residential"}]
write("strassen_altona_eimsbuettel_osm.geojson", streets)
GREEN = {"park", "forest", "grass", "meadow", "allotments", "cemetery", "nature_reserve",
         "heath", "recreation_ground", "orchard", "scrub"}
parks = [f for f in load("altona_stpauli_landnutzung_osm.geojson")["features"]
         if f["properties"].get("fclass") in GREEN]
eims = load("eimsbuettel_flaechen_gewaesser_osm.geojson")["features"]
parks += [f for f in eims if f["properties"].get("leisure") in ("park", "garden", "playground")
          or f["properties"].get("landuse") in ("grass", "forest", "allotments", "cemetery")]
write("gruenflaechen_altona_eimsbuettel_osm.geojson", parks)
write("gewaesser_eimsbuettel_osm.geojson",
      [f for f in eims if f["properties"].get("waterway") or f["properties"].get("water")
       or f["properties"].get("natural") == "water"])
shutil.copy(f"{src}/adressen_osm_ausschnitte.csv", "adressen_osm_ausschnitte.csv")
