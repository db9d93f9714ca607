"""The build pauses garbage collection only while it makes its data (kb/site/plugin.py), and leaves it as it found it."""

from __future__ import annotations

import gc
from pathlib import Path


def test_collection_is_back_on_and_nothing_stays_frozen_after_a_build(fixture_site: Path) -> None:
    # `mkdocs serve` rebuilds in one process: a collector left off, or a previous build's data
    # left frozen, would keep every rebuild's garbage for good.
    assert (fixture_site / "index.html").is_file()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
