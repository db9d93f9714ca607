"""Build a small navigation from the pages of this build: entry points, not every report."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import InclusionLevel, file_sort_key, set_exclusions  # noqa: E402

from kb.site.nav import site_nav  # noqa: E402


@event_priority(-100)  # after every hook that generates pages in on_files
def on_files(files, config):
    if config.nav is not None:
        return files  # a maintainer wrote `nav:` in mkdocs.yml: theirs wins
    # Apply `not_in_nav` (report pages) to generated files too; MkDocs would do it next anyway.
    set_exclusions(files, config)
    pages = sorted(files.documentation_pages(inclusion=InclusionLevel.is_in_nav), key=file_sort_key)
    config.nav = site_nav(f.src_uri for f in pages)
    return files
