#!/usr/bin/env bash
# Lighthouse on the home page and posts, recorded into bench/RESULTS.md (not a test).
set -euo pipefail
cd "$(dirname "$0")/.."
# Lighthouse comes from npm, which `make install` leaves alone (`make test` installs it too).
make --quiet node_modules/.installed
exec .venv/bin/python bench/lighthouse.py "$@"
