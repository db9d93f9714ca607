"""The machine-readable passage export, ``site/data/passages.json``.

Records come in registry order: reports sorted by slug (the page's file name), passages
in reading order within each report. Bytes depend only on the report pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from kb.model import Passage
from kb.site.registry import ReportPage

PASSAGES_PATH = "data/passages.json"

# Field order is part of the export format; json.dumps keeps dict insertion order.
RECORD_FIELDS = ("id", "report", "source", "section", "headings", "text", "url")


def passage_record(page: ReportPage, passage: Passage) -> dict[str, object]:
    """One passage as a JSON-ready mapping, placeholders written as blanks."""
    return {
        "id": passage.id,
        "report": passage.report,
        "source": passage.source,
        "section": passage.section.value,
        "headings": list(passage.headings),
        "text": passage.text,
        "url": page.passage_url(passage),
    }


def passages_records(pages: Iterable[ReportPage]) -> list[dict[str, object]]:
    """Records for every passage of ``pages``, in the order given then reading order."""
    return [passage_record(page, passage) for page in pages for passage in page.report.passages()]


def passages_json(records: list[dict[str, object]]) -> str:
    """The export file: a JSON array with one record per line, for readable diffs."""
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
    return f"[\n{lines}\n]\n" if records else "[]\n"
