"""Chinese search fixes: dictionary paths for jieba, and Material's query segmenter."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

JIEBA_OPTIONS = ("jieba_dict", "jieba_dict_user")

# Material 9.8.1's search worker splits each run of Han characters in a query into index
# terms, but both loops stop one character short: the whole run is never looked up (so
# 三会一课 becomes 三/会/一 even though jieba indexed 三会一课 as one word) and a final
# segment is dropped (理论学习 becomes 理论/学). Each pair is (as shipped, corrected).
SEGMENTER_FIXES = (
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
    ("n[a]&&a<t.length-1&&(i[s++]=a)", "n[a]&&a<t.length&&(i[s++]=a)"),
)
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"


class SegmenterPatchError(Exception):
    """The search worker does not contain the code the fix expects (Material was upgraded?)."""


def anchored(path: str, config_dir: str) -> str:
    """``path`` made absolute against the folder of mkdocs.yml, unless it already is."""
    return path if os.path.isabs(path) else os.path.join(config_dir, path)


def fix_query_segmenter(worker_js: str) -> str:
    """The worker source with the query segmenter's off-by-one bounds corrected."""
    for shipped, corrected in SEGMENTER_FIXES:
        if worker_js.count(shipped) != 1:
            raise SegmenterPatchError(f"expected exactly one `{shipped}`")
        worker_js = worker_js.replace(shipped, corrected)
    return worker_js


def patch_search_worker(site_dir: Path) -> Path:
    """Correct the query segmenter in the built site's search worker; return its path."""
    workers = sorted(site_dir.glob(WORKER_GLOB))
    if len(workers) != 1:
        raise SegmenterPatchError(f"expected one search worker matching {WORKER_GLOB}, found {len(workers)}")
    worker = workers[0]
    worker.write_text(fix_query_segmenter(worker.read_text(encoding="utf-8")), encoding="utf-8")
    return worker


# Frequency given to 提法 found in the passages; the curated user dictionary uses the same.
TERM_FREQUENCY = 20000


def teach_terms(terms: Iterable[str], add_word: Callable[[str, int], object]) -> list[str]:
    """Add each 提法 to the segmenter as one word; return the terms added, sorted."""
    added = sorted({t for t in terms if len(t) > 1})
    for term in added:
        add_word(term, TERM_FREQUENCY)
    return added
