"""The events of the card's question on a map, with geopandas: reads the
GeoJSON of /events into a GeoDataFrame (WGS 84) and writes a GeoPackage that
QGIS opens. Events without coordinates are listed by the API in `unlocated`
rather than dropped.

    /usr/bin/python3 examples/events_geopandas.py [BASE_URL] [OUT_FILE]

Needs geopandas (Debian: python3-geopandas).
"""

import json
import re
import sys
import urllib.parse
import urllib.request

import geopandas as gpd

base_url = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000").rstrip("/")
out_file = sys.argv[2] if len(sys.argv) > 2 else None

features, unlocated = [], []
query = urllib.parse.urlencode({"actor": "ISIS", "place": "Deir ez-Zor", "format": "geojson", "limit": 500})
url = f"{base_url}/events?{query}"
while url:
    with urllib.request.urlopen(url) as response:
        page = json.load(response)
        # GeoJSON pages carry no meta; the Link header says where the next one is.
        link = re.search(r"<([^>]+)>;\s*rel=\"next\"", response.headers.get("Link", ""))
    features += page["features"]
    unlocated += page["unlocated"]
    url = urllib.parse.urljoin(base_url, link.group(1)) if link else None

events = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
events["event_id"] = [f["id"] for f in features]
print(f"{len(events)} located events, {len(unlocated)} without coordinates")
minx, miny, maxx, maxy = events.total_bounds
print(f"bounds: {minx:.4f} {miny:.4f} {maxx:.4f} {maxy:.4f}")
print("events by place:")
for name, n in events["location_name"].value_counts().head(5).items():
    print(f"  {name}: {n}")
if out_file:
    events[["event_id", "date_start", "event_type", "sub_event_type", "location_name", "geometry"]].to_file(out_file, driver="GeoJSON")
    print(f"wrote {out_file}")
