"""The card's question in pandas, from the ACLED-column CSV: events involving
ISIS (and its sub-actors) anywhere in Deir ez-Zor, with fatalities by year and
by ACLED event type. A script written for an ACLED download reads this CSV as it
is: the first 31 columns are ACLED's, in ACLED's order.

    /usr/bin/python3 examples/acled_pandas.py [BASE_URL]

Needs pandas (Debian: python3-pandas). Follows the `Link: rel="next"` header
through every page.
"""

import io
import re
import sys
import urllib.parse
import urllib.request

import pandas as pd

base_url = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000").rstrip("/")
query = urllib.parse.urlencode({"actor": "ISIS", "place": "Deir ez-Zor", "format": "csv", "limit": 500})
url = f"{base_url}/events?{query}"

pages = []
while url:
    with urllib.request.urlopen(url) as response:
        pages.append(pd.read_csv(io.BytesIO(response.read()), dtype={"admin2": str, "admin3": str}))
        link = re.search(r"<([^>]+)>;\s*rel=\"next\"", response.headers.get("Link", ""))
    url = urllib.parse.urljoin(base_url, link.group(1)) if link else None
events = pd.concat(pages, ignore_index=True)

print(f"{len(events)} events involving ISIS in Deir ez-Zor")
print(f"columns: {', '.join(events.columns[:31])}")
print("fatalities by year (lower bounds):")
for year, killed in events.groupby("year")["fatalities"].sum().items():
    print(f"  {year}: {killed}")
print("events by event type:")
for event_type, n in events["event_type"].value_counts().sort_index().items():
    print(f"  {event_type}: {n}")
print("events by interaction code:")
for code, n in events["interaction"].value_counts().sort_index().items():
    print(f"  {int(code)}: {n}")
