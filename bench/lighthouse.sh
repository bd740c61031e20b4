#!/usr/bin/env bash
# Lighthouse on the home page and posts, recorded into bench/RESULTS.md (not a test).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python bench/lighthouse.py "$@"
