"""The machine-readable passage export, ``site/data/passages.json``.

Records come in registry order: reports sorted by slug (the page's file name), passages
in reading order within each report. Bytes depend only on the report pages.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kb.model import Passage
from kb.site.registry import ReportPage
from kb.themes import Taxonomy, load_taxonomy, tag_passage

PASSAGES_PATH = "data/passages.json"

# Field order is part of the export format; json.dumps keeps dict insertion order.
RECORD_FIELDS = ("id", "report", "source", "section", "headings", "text", "url", "themes")

ThemesOf = Callable[[ReportPage, Passage], list[str]]
_REPOSITORY_TAXONOMY = Path(__file__).resolve().parents[2] / "data" / "themes.yml"


def passage_record(page: ReportPage, passage: Passage, themes: Sequence[str] = ()) -> dict[str, object]:
    """One passage as a JSON-ready mapping, placeholders written as blanks."""
    return {
        "id": passage.id,
        "report": passage.report,
        "source": passage.source,
        "section": passage.section.value,
        "headings": list(passage.headings),
        "text": passage.text,
        "url": page.passage_url(passage),
        "themes": list(themes),
    }


@functools.cache
def _repository_taxonomy() -> Taxonomy:
    return load_taxonomy(_REPOSITORY_TAXONOMY)


def repository_themes(page: ReportPage, passage: Passage) -> list[str]:
    """Theme ids of a passage under the repository's taxonomy, for callers outside a build."""
    return [m.theme for m in tag_passage(_repository_taxonomy(), passage.text, passage.headings)]


def passages_records(pages: Iterable[ReportPage], themes_of: ThemesOf = repository_themes) -> list[dict[str, object]]:
    """Records for every passage of ``pages``, in the order given then reading order."""
    return [passage_record(page, p, themes_of(page, p)) for page in pages for p in page.report.passages()]


def passages_json(records: list[dict[str, object]]) -> str:
    """The export file: a JSON array with one record per line, for readable diffs."""
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
    return f"[\n{lines}\n]\n" if records else "[]\n"
