"""The machine-readable passage export, ``site/data/passages.json``.

Records come in registry order: reports sorted by slug (the page's file name), passages
in reading order within each report. Bytes depend only on the report pages.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence

from kb.model import Passage
from kb.paths import SHIPPED
from kb.site.registry import ReportPage
from kb.themes import Taxonomy, load_taxonomy, tag_passage

PASSAGES_PATH = "data/passages.json"
PASSAGES_CSV_PATH = "data/passages.csv"

# Field order is part of the export format; json.dumps keeps dict insertion order.
RECORD_FIELDS = ("id", "report", "source", "section", "headings", "text", "url", "themes")

ThemesOf = Callable[[ReportPage, Passage], list[str]]


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
    return load_taxonomy(SHIPPED.taxonomy)


def repository_themes(page: ReportPage, passage: Passage) -> list[str]:
    """Theme ids of a passage under the repository's taxonomy, for callers outside a build."""
    return [m.theme for m in tag_passage(_repository_taxonomy(), passage.text, passage.headings)]


def passages_records(pages: Iterable[ReportPage], themes_of: ThemesOf = repository_themes) -> list[dict[str, object]]:
    """Records for every passage of ``pages``, in the order given then reading order."""
    return [passage_record(page, p, themes_of(page, p)) for page in pages for p in page.passages]


def passages_json(records: list[dict[str, object]]) -> str:
    """The export file: a JSON array with one record per line, for readable diffs."""
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
    return f"[\n{lines}\n]\n" if records else "[]\n"


# The CSV has the JSON fields plus the 提法 each passage uses; lists become one cell.
CSV_FIELDS = (*RECORD_FIELDS, "terms")
CSV_LIST_SEPARATOR = ";"
CSV_HEADING_SEPARATOR = " › "


def _csv_cell(field: str, value: object) -> str:
    if isinstance(value, list):
        return (CSV_HEADING_SEPARATOR if field == "headings" else CSV_LIST_SEPARATOR).join(map(str, value))
    return str(value)


def passages_csv(records: list[dict[str, object]], terms_of: Mapping[tuple[str, str], Sequence[str]]) -> str:
    """The CSV export: a BOM so Excel reads UTF-8, one row per passage, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for record in records:
        row = {**record, "terms": list(terms_of.get((str(record["report"]), str(record["id"])), ()))}
        writer.writerow([_csv_cell(f, row.get(f, "")) for f in CSV_FIELDS])
    return "\ufeff" + out.getvalue()
