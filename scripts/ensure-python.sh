#!/usr/bin/env bash
# The Python examples (examples/*.py, run by test/examples-python.test.ts) need
# Debian's pandas and geopandas under /usr/bin/python3. `npm test` runs this
# first (pretest) so that a fresh CI machine gets them. It never fails the run
# itself: without them only that test fails, and says why.
set -uo pipefail

PYTHON=/usr/bin/python3

if [ -x "$PYTHON" ] && "$PYTHON" -c 'import pandas, geopandas' >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-python: pandas or geopandas is missing for $PYTHON and we are not root; install them with: sudo apt-get install -y python3-pandas python3-geopandas" >&2
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-python: pandas or geopandas is missing for $PYTHON and apt-get is not available; install them by other means" >&2
  exit 0
fi

echo "ensure-python: installing python3-pandas and python3-geopandas (Debian packages) for the Python examples' test" >&2
if ! (DEBIAN_FRONTEND=noninteractive apt-get update &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-pandas python3-geopandas); then
  echo "ensure-python: installing pandas and geopandas failed; the Python examples' test will fail" >&2
fi
exit 0
