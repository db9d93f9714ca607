# Sourced by build.sh and test.sh from the project root: make the project's virtual environment
# .venv with Debian's python3 (stock Debian 12 has no `python`, and its pip refuses to install
# outside a venv, PEP 668), install requirements.txt into it, and set KB_PYTHON to its Python.
# The caller defines kb_get_venv_module, which either installs python3-venv or says how to.

KB_SYSTEM_PYTHON="${KB_SYSTEM_PYTHON:-python3}"
KB_VENV=".venv"
KB_PYTHON="$KB_VENV/bin/python"
# Hash of requirements.txt and the venv's Python version: pip is skipped while both match.
KB_STAMP="$KB_VENV/kb-requirements.stamp"

kb_say() { printf '%s\n' "$*" >&2; }

kb_make_venv() {
  if [ -x "$KB_PYTHON" ] && "$KB_PYTHON" -c "" >/dev/null 2>&1; then
    return 0  # reused: a second run costs nothing
  fi
  if ! command -v "$KB_SYSTEM_PYTHON" >/dev/null 2>&1; then
    kb_say "找不到 $KB_SYSTEM_PYTHON。请先安装 Python 3.11 或更新版本：sudo apt install python3 python3-venv"
    return 1
  fi
  # Debian ships ensurepip, which `python3 -m venv` needs, in python3-venv, not with python3.
  if ! "$KB_SYSTEM_PYTHON" -c "import ensurepip" >/dev/null 2>&1; then
    kb_get_venv_module || return 1
  fi
  rm -rf "$KB_VENV"
  if ! "$KB_SYSTEM_PYTHON" -m venv "$KB_VENV" >&2; then
    rm -rf "$KB_VENV"
    kb_say "无法在 $KB_VENV 创建虚拟环境（见上面的错误）。在 Debian 上请先运行：sudo apt install python3-venv"
    return 1
  fi
}

kb_requirements_stamp() {
  printf '%s %s\n' "$(sha256sum < requirements.txt | cut -d' ' -f1)" "$("$KB_PYTHON" -c 'import sys; print(sys.version.split()[0])')"
}

kb_install_requirements() {
  local want
  want="$(kb_requirements_stamp)" || return 1
  if [ -f "$KB_STAMP" ] && [ "$(cat "$KB_STAMP")" = "$want" ]; then
    return 0
  fi
  rm -f "$KB_STAMP"
  kb_say "安装 requirements.txt 中的固定版本依赖到 $KB_VENV ……"
  # --use-pep517: Debian's pip 23.0.1 would install an sdist by the legacy `setup.py install`,
  # which compiles no .pyc, so its first import may warn about invalid escapes (an error under
  # pytest's filterwarnings = error); jieba was one such sdist.
  if ! "$KB_PYTHON" -m pip install --quiet --disable-pip-version-check --use-pep517 -r requirements.txt; then
    kb_say "安装依赖失败（见上面的错误）。请检查网络或 pip 的软件源设置后重新运行。"
    return 1
  fi
  printf '%s\n' "$want" > "$KB_STAMP"
}

kb_prepare_venv() {
  kb_make_venv && kb_install_requirements
}
