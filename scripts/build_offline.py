"""Build the folder (file://) variant of the site and zip it for handing out.

Usage: python scripts/build_offline.py [--site-dir DIR] [--zip FILE]
Open DIR/index.html in a browser; or unzip FILE anywhere and open kb-offline/index.html.
"""

from __future__ import annotations

import argparse
import logging
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.offline.yml"
FOLDER = "kb-offline"  # ASCII: zip tools on Chinese Windows garble non-ASCII names
README = """乡镇班子建设知识库（离线版）

使用方法：解压后双击 {folder}/index.html，用浏览器（推荐 Chrome、Edge 或 360 浏览器极速模式）打开。
不需要网络，也不需要安装任何软件；可以复制到 U 盘或共享文件夹里使用。
搜索框、导航和段落链接都可以正常使用。
"""


def build(site_dir: Path) -> Path:
    """A strict MkDocs build of mkdocs.offline.yml into ``site_dir``."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
    config = load_config(str(CONFIG), strict=True, site_dir=str(site_dir))
    mkdocs_build(config)
    return Path(config.site_dir)


# Material ships its lunr search (worker and language files) with every site; our search
# (docs/javascripts/search.js) uses neither, and source maps only serve a developer's debugger.
UNUSED_DIRS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def shipped(rel: str) -> bool:
    """Whether a site file goes into the zip: not source maps, not Material's unused search files."""
    return not rel.endswith(".map") and not rel.startswith(UNUSED_DIRS)


def readme_bytes() -> bytes:
    """README.txt as old Windows Notepad reads it: UTF-8 with a BOM, CRLF line ends."""
    return "\ufeff".encode("utf-8") + README.format(folder=FOLDER).replace("\n", "\r\n").encode("utf-8")


def package(site_dir: Path, archive: Path) -> Path:
    """Zip ``site_dir`` as ``kb-offline/`` with a short Chinese README beside it."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", readme_bytes())
        for path in sorted(site_dir.rglob("*")):
            rel = path.relative_to(site_dir).as_posix()
            if path.is_file() and shipped(rel):
                zf.write(path, f"{FOLDER}/{rel}")
    return archive


def main(argv: list[str] | None = None) -> int:
    """Build and zip the offline site."""
    parser = argparse.ArgumentParser(description="Build the offline (file://) site and zip it.")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "build" / "offline-site")
    parser.add_argument("--zip", type=Path, default=ROOT / "build" / "kb-offline.zip")
    args = parser.parse_args(argv)
    site_dir = build(args.site_dir.resolve())
    archive = package(site_dir, args.zip.resolve())
    print(f"offline site: {site_dir}/index.html\nzip: {archive} ({archive.stat().st_size // 1024} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
