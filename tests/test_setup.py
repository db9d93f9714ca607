"""The README's set-up as a new maintainer on stock Debian 12 meets it: `python3` only, PEP 668, a project .venv."""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
DEBIAN_12_PYTHON = Version("3.11.2")
SCRIPTS = [ROOT / "scripts" / "build.sh", ROOT / "scripts" / "test.sh", ROOT / "scripts" / "venv.sh", ROOT / ".ci" / "run"]
# A command word `python` (not python3, not a path ending in /python such as .venv/bin/python).
BARE_PYTHON = re.compile(r"(?<![\w./$-])python(?![\w.-])")
NOISE = ("Building prefix dict", "Loading model", "Prefix dict has been built", "Material for MkDocs", "NO_MKDOCS_2_WARNING")


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A stock Debian user's environment: /usr/bin first, no venv, only pip's index settings kept."""
    kept = {k: v for k, v in os.environ.items() if k.startswith("PIP_")}
    return {**kept, "HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **extra}


def test_scripts_and_readme_commands_never_call_a_bare_python() -> None:
    found = []
    for script in SCRIPTS:
        for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1):
            if not line.lstrip().startswith("#") and BARE_PYTHON.search(line):
                found.append(f"{script.relative_to(ROOT)}:{number}: {line}")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```bash\n(.*?)```", readme, re.S):
        found += [f"README.md: {line}" for line in block.splitlines() if BARE_PYTHON.search(line.split("#")[0])]
    assert found == []


def test_every_pinned_requirement_is_installed_and_allows_debian_12_python() -> None:
    # Debian 12's python3 is 3.11.2: a pin requiring 3.11.5 (pymdown-extensions 13.1) does not
    # install there, however new the Python the tests happen to run on.
    problems = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        requirement = Requirement(line)
        (pinned,) = [spec.version for spec in requirement.specifier if spec.operator == "=="]
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{requirement.name}: not installed (run bash scripts/test.sh)")
            continue
        if dist.version != pinned:
            problems.append(f"{requirement.name}: {dist.version} installed, {pinned} pinned (run bash scripts/test.sh)")
        requires = dist.metadata.get("Requires-Python")
        if requires and not Requirement(f"x{requires}").specifier.contains(DEBIAN_12_PYTHON, prereleases=True):
            problems.append(f"{requirement.name}=={pinned}: Requires-Python {requires}")
    assert problems == []


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    """A folder first on PATH whose `python` records that it was called and fails."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    (folder / "python").write_text(f"#!/bin/sh\ntouch {tmp_path}/bare-python-called\nexit 97\n", encoding="utf-8")
    (folder / "python").chmod(0o755)
    return folder


def prepare_venv(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run scripts/venv.sh's set-up in ``project`` as build.sh does."""
    driver = '. scripts/venv.sh; kb_get_venv_module() { return 1; }; kb_prepare_venv && printf "%s" "$KB_PYTHON"'
    return subprocess.run(["/bin/bash", "-c", driver], cwd=project, env=env, capture_output=True, text=True, encoding="utf-8")


def test_venv_is_made_with_debians_python3_on_a_clean_path_and_reused(tmp_path: Path, fake_bin: Path) -> None:
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "venv.sh", project / "scripts")
    # No requirements: this checks the set-up, not the package index.
    (project / "requirements.txt").write_text("# nothing to install\n", encoding="utf-8")
    env = clean_env(tmp_path, PATH=f"{fake_bin}:/usr/bin:/bin")
    first = prepare_venv(project, env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ".venv/bin/python" and not (tmp_path / "bare-python-called").exists()
    assert "home = /usr/bin" in (project / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
    marker = project / ".venv" / "kept"
    marker.touch()
    second = prepare_venv(project, env)
    assert second.returncode == 0 and marker.exists(), second.stderr
    assert "安装" not in second.stderr  # requirements unchanged: pip not run again
    (project / "requirements.txt").write_text("# changed\n", encoding="utf-8")
    third = prepare_venv(project, env)
    assert third.returncode == 0 and "安装" in third.stderr and marker.exists(), third.stderr


def test_build_without_python3_venv_says_in_chinese_what_to_install(tmp_path: Path) -> None:
    # Stock Debian 12: python3 without python3-venv, so `python3 -m venv` has no ensurepip.
    project = tmp_path / "project"
    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "requirements.txt", project)
    stock = tmp_path / "python3"
    stock.write_text(f'#!/bin/sh\n[ "$1 $2" = "-c import ensurepip" ] && exit 1\nexec {sys.executable} "$@"\n', encoding="utf-8")
    stock.chmod(0o755)
    result = subprocess.run(["/bin/bash", "scripts/build.sh"], cwd=project, env=clean_env(tmp_path, KB_SYSTEM_PYTHON=str(stock)),
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode != 0
    assert "sudo apt install python3-venv" in result.stderr, result.stderr
    assert not (project / ".venv").exists()


def borrow_venv(project: Path) -> None:
    """A .venv in ``project`` that sees this test run's packages, stamped as up to date.

    Its site-packages only points at ours (a .pth file), so pip, if it ran, could change nothing here.
    """
    venv = project / ".venv"
    site_packages = venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    site_packages.mkdir(parents=True)
    (venv / "bin").mkdir()
    (venv / "bin" / "python").symlink_to(os.path.realpath(sys.executable))
    shutil.copy(Path(sys.prefix) / "pyvenv.cfg", venv / "pyvenv.cfg")
    ours = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    (site_packages / "borrowed.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    requirements = hashlib.sha256((project / "requirements.txt").read_bytes()).hexdigest()
    (venv / "kb-requirements.stamp").write_text(f"{requirements} {platform.python_version()}\n", encoding="utf-8")


def not_copied(folder: str, names: list[str]) -> set[str]:
    """Outputs and caches; at the top only, since kb/site/ is code."""
    top = {".git", ".venv", "site", "build", "artifacts", "tests"} if Path(folder) == ROOT else set()
    return {n for n in names if n in top or n == "__pycache__" or n.endswith(".pyc")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository as a maintainer has it, with a usable .venv and yesterday's site/."""
    root = tmp_path / "project"
    shutil.copytree(ROOT, root, ignore=not_copied)
    borrow_venv(root)
    (root / "site").mkdir()
    (root / "site" / "yesterday.html").write_text("昨天的网站", encoding="utf-8")
    return root


def build(project: Path) -> subprocess.CompletedProcess:
    """`bash scripts/build.sh` in ``project`` from a clean environment; all its output, in order, as stdout."""
    return subprocess.run(["/bin/bash", "scripts/build.sh"], cwd=project, env=clean_env(project.parent),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")


def test_build_with_a_refused_file_builds_the_rest_and_fails_listing_it_last(project: Path) -> None:
    (project / "sources" / "zz-empty.txt").write_bytes(b" \n")
    result = build(project)
    assert result.returncode != 0
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    named = [i for i, line in enumerate(lines) if "zz-empty.txt" in line]
    # After the last mention of the refusal, only our hint and MkDocs' closing line follow.
    assert named and lines[named[-1] + 1:] == [lines[-2], "Aborted with a BuildError!"], "\n".join(lines)
    good = {p.stem for p in (project / "docs" / "reports").glob("*.md")} - {"index"}
    built = {p.parent.name for p in (project / "site" / "reports").glob("*/index.html")}
    assert len(good) == len(list((project / "sources").glob("*.txt"))) - 1 and good <= built
    assert not (project / "site" / "yesterday.html").exists()


def test_build_prints_no_jieba_or_material_banner_lines(project: Path) -> None:
    result = build(project)
    assert result.returncode == 0, result.stdout
    output = result.stdout
    assert output.strip() and not [n for n in NOISE if n in output], output
    assert not (project / "site" / "yesterday.html").exists() and (project / "site" / "index.html").exists()


def test_build_that_cannot_normalize_leaves_no_old_site_behind(project: Path) -> None:
    lock = project / "data" / "passage-ids.lock.json"
    lock.write_text("<<<<<<< HEAD\n" + lock.read_text(encoding="utf-8"), encoding="utf-8")
    result = build(project)
    assert result.returncode not in (0, 1) and "passage-ids.lock.json" in result.stdout, result.stdout
    assert not (project / "site").exists()
