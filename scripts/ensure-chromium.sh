#!/usr/bin/env bash
# The browser test (test/browser.test.ts) drives Debian's chromium through
# playwright-core. `npm test` runs this first (pretest) so that a fresh CI
# machine gets it. It never fails the run itself: without chromium only the
# browser test fails, and says why.
set -uo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: $CHROMIUM is missing and we are not root; install it with: sudo apt-get install -y chromium" >&2
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available; install chromium by other means" >&2
  exit 0
fi

echo "ensure-chromium: installing chromium (Debian package) for the browser test" >&2
# fonts-dejavu-core carries the Arabic glyphs the right-to-left check renders.
if ! (DEBIAN_FRONTEND=noninteractive apt-get update &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core); then
  echo "ensure-chromium: installing chromium failed; the browser test will fail" >&2
fi
exit 0
