#!/usr/bin/env bash
# Install what the tests need and run them: the project's .venv with the pinned Python packages
# (made with Debian's python3; python3-venv is apt-installed if missing), and from Debian the
# browser tests' Chromium, CJK fonts (else Chinese renders as boxes in screenshots and printed
# PDFs), poppler-utils (pdftotext reads the printed handout) and LibreOffice's Writer (the
# normalizer reads .doc/.wps files through it; the tests convert to .doc with it). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$@"
}

. scripts/venv.sh
kb_get_venv_module() {
  apt_install python3-venv
}
kb_prepare_venv

missing=()
for pkg in chromium fonts-noto-cjk poppler-utils libreoffice-writer-nogui; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi
export NO_MKDOCS_2_WARNING=1
exec "$KB_PYTHON" -m pytest "$@"
