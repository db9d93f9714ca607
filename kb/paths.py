"""Where the project keeps its files: one name for every path kb/, scripts/ and hooks/ use.

Paths are relative to a project folder (the folder of ``mkdocs.yml``): tests and benchmarks
build projects in temporary folders, so code asks ``ProjectPaths(root)`` rather than assuming
this checkout. ``REPOSITORY`` is this checkout, for the data files the code ships with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]

SOURCES = "sources"  # what maintainers put in: report files and their sidecars
DOCS = "docs"  # MkDocs' docs_dir
REPORTS = "reports"  # under docs/: one page per report, docs/reports/<slug>.md
REPORTS_URI = f"{REPORTS}/"  # how MkDocs names those pages (src_uri) and publishes them
ID_LOCK = "data/passage-ids.lock.json"  # slugs and passage ids given so far; removed reports
CLEANING_LOG = "build/cleaning-log.tsv"  # every removal a cleaning rule made
CLEANING_RULES = "data/cleaning.yml"
DOC_TYPES = "data/doctypes.yml"
TAXONOMY = "data/themes.yml"
GLOSSARY = "data/glossary.yml"
USER_DICTIONARY = "data/jieba-user-dict.txt"


@dataclass(frozen=True)
class ProjectPaths:
    """The files of one project folder."""

    root: Path

    @classmethod
    def of_sources(cls, sources: Path) -> ProjectPaths:
        """The project a sources folder belongs to (the folder that holds it)."""
        return cls(sources.resolve().parent)

    @classmethod
    def of_config(cls, config_file: str | Path) -> ProjectPaths:
        """The project of a ``mkdocs.yml`` (MkDocs' ``config.config_file_path``)."""
        return cls(Path(config_file).resolve().parent)

    @property
    def sources(self) -> Path:
        return self.root / SOURCES

    @property
    def docs(self) -> Path:
        return self.root / DOCS

    @property
    def reports(self) -> Path:
        return reports_dir(self.docs)

    @property
    def id_lock(self) -> Path:
        return self.root / ID_LOCK

    @property
    def cleaning_log(self) -> Path:
        return self.root / CLEANING_LOG

    @property
    def cleaning_rules(self) -> Path:
        return self.root / CLEANING_RULES

    @property
    def doc_types(self) -> Path:
        return self.root / DOC_TYPES

    @property
    def taxonomy(self) -> Path:
        return self.root / TAXONOMY

    @property
    def glossary(self) -> Path:
        return self.root / GLOSSARY

    @property
    def user_dictionary(self) -> Path:
        return self.root / USER_DICTIONARY


def reports_dir(docs: Path) -> Path:
    """The report pages' folder of a docs folder (``--docs`` may be any folder)."""
    return docs / REPORTS


# This checkout's own files: the rules and tables the normalizer and the build ship with.
SHIPPED = ProjectPaths(REPOSITORY)
