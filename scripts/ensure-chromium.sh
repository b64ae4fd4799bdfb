#!/bin/sh
# Make sure Debian's Chromium is installed for the browser tests (Playwright drives it; it never
# downloads a browser of its own). Needs root, as on the project's machines.
set -e
command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y chromium)
