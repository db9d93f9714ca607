#!/usr/bin/env bash
# Build the site from sources/: install pinned packages, normalize, strict MkDocs build.
# Exits non-zero if any source was refused or the build has any warning.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements.txt
python scripts/normalize.py
# Material prints an end-of-life banner on every run; it says nothing about this site.
NO_MKDOCS_2_WARNING=1 python -m mkdocs build --strict
