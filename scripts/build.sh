#!/usr/bin/env bash
# Build the site from sources/ into site/: make or reuse the project's .venv (pinned packages),
# normalize, strict MkDocs build. A refused source does not stop the build: every good file is
# built, then the script exits non-zero with the refusals listed last. Any other failure leaves
# no site/ behind, so yesterday's site never passes for today's.
# Usage: bash scripts/build.sh [-v]   (-v: every cleaning removal and MkDocs' debug output)
set -uo pipefail
cd "$(dirname "$0")/.."

verbose=()
for arg in "$@"; do
  case "$arg" in
    -v|--verbose) verbose=(-v) ;;
    *) printf '用法：bash scripts/build.sh [-v]\n' >&2; exit 2 ;;
  esac
done

. scripts/venv.sh
kb_get_venv_module() {
  kb_say "$KB_SYSTEM_PYTHON 缺少 venv 模块（Debian 把它放在单独的软件包里）。请先运行："
  kb_say "  sudo apt install python3-venv"
  kb_say "然后重新运行 bash scripts/build.sh。"
  return 1
}

rm -rf site
kb_prepare_venv || exit 1
# Material prints an end-of-life banner on every run; it says nothing about this site.
export NO_MKDOCS_2_WARNING=1

"$KB_PYTHON" scripts/normalize.py "${verbose[@]}"
normalized=$?
if [ "$normalized" -gt 1 ]; then
  exit "$normalized"  # nothing could be normalized (e.g. the id lock is unreadable): no build
fi
# With a refused source, the strict build writes every good page, then fails listing the
# refusals (kb/site/build.py, refresh_sources), so they are the last lines printed.
"$KB_PYTHON" -m mkdocs build --strict "${verbose[@]}"
built=$?
if [ "$built" -ne 0 ]; then
  exit "$built"
fi
exit "$normalized"
