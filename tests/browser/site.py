"""Build the real site into a temporary folder and serve it, as a reader's browser sees it."""

from __future__ import annotations

import functools
import http.server
import json
import logging
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"

# Everything a build reads lives in the repository; leave out outputs and caches.
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "site", "build", "artifacts", "tests", ".pytest_cache", ".benchmarks", "__pycache__", "*.pyc"
)


def copy_project(dest: Path) -> Path:
    """A copy of the repository's sources, so building cannot touch the working tree."""
    shutil.copytree(ROOT, dest, ignore=_NOT_COPIED)
    return dest


def normalize(project: Path) -> None:
    """Run the normalizer over the copy's sources/, as a maintainer does before building."""
    from kb.normalize.pipeline import default_lock_path, normalize_tree

    sources = project / "sources"
    normalize_tree(sources, project / "docs", default_lock_path(sources))


def build_site(project: Path, config_file: str = "mkdocs.yml", site_dir: Path | None = None) -> Path:
    """A strict MkDocs build of ``project``; any warning aborts it."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    config = load_config(str(project / config_file), strict=True, **overrides)
    build(config)
    return Path(config.site_dir)


@dataclass(frozen=True)
class BuiltSite:
    """A built site on disk and the address it is served from."""

    root: Path
    base_url: str
    site_url: str  # the configured public address, which citations use
    directory_urls: bool = True  # False for the folder build: links name .html files

    def url(self, path: str = "") -> str:
        """The served address of a site-relative path (``themes/`` is ``themes/index.html`` offline)."""
        if not self.directory_urls and (path == "" or path.endswith("/")):
            path += "index.html"
        return self.base_url + path

    def has(self, path: str) -> bool:
        """True when the build produced ``path`` (e.g. ``themes/index.html``)."""
        return (self.root / path).is_file()

    def passages(self) -> list[dict]:
        """The records of ``data/passages.json``."""
        return json.loads((self.root / "data" / "passages.json").read_text(encoding="utf-8"))

    def pages(self) -> list[str]:
        """Site-relative directory URLs of every HTML page but the 404 page."""
        urls = []
        for html in sorted(self.root.rglob("*.html")):
            rel = html.relative_to(self.root).as_posix()
            if rel != "404.html":
                folder_index = self.directory_urls and rel.endswith("index.html")
                urls.append(rel[: -len("index.html")] if folder_index else rel)
        return urls


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
