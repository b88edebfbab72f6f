#!/usr/bin/env bash
# The card's question with curl: which events involve ISIS in Deir ez-Zor?
# Usage: examples/card-query.sh [BASE_URL]   (default http://127.0.0.1:3000)
set -euo pipefail
base_url="${1:-http://127.0.0.1:3000}"

# -G with --data-urlencode builds the query string and percent-encodes the
# space in "Deir ez-Zor" (and Arabic names, e.g. place=دير الزور).
curl --silent --show-error --fail-with-body -G "${base_url%/}/events" \
  --data-urlencode 'actor=ISIS' \
  --data-urlencode 'place=Deir ez-Zor' \
  --data-urlencode 'limit=500'
echo
