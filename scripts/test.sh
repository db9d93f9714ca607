#!/usr/bin/env bash
# Install what the tests need and run them: pinned Python packages, and from Debian the
# browser tests' Chromium, CJK fonts (else Chinese renders as boxes in screenshots and
# printed PDFs), poppler-utils (pdftotext reads the printed handout) and LibreOffice's
# Writer (the normalizer reads .doc/.wps files through it; the tests convert to .doc with it).
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements.txt
missing=()
for pkg in chromium fonts-noto-cjk poppler-utils libreoffice-writer-nogui; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
exec python -m pytest "$@"
