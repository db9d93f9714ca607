"""Theme pages, the themes index, theme chips with the copy-link control, and tombstone pages.

Every function here takes data and returns Markdown; ``hooks/themes.py`` only wires them into
the build. Source text reaches Markdown only through ``render_spans`` or ``escape_text``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import yaml
from typing import TYPE_CHECKING

from kb.model import Passage, SectionKind
from kb.reportfile import escape_text, render_spans
from kb.site.registry import REPORTS_DIR, ReportPage, ReportRegistry
from kb.themes import Taxonomy, Theme, ThemeMatch, tag_passage

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation

TAXONOMY_PATH = "data/themes.yml"
THEMES_DIR = "themes/"
THEMES_INDEX = "themes/index.md"
THEMES_SECTION_TITLE = "主题"
# Theme pages list practice first: readers come to them for examples to follow.
KIND_ORDER = (SectionKind.PRACTICE, SectionKind.PROBLEM, SectionKind.CAUSE, SectionKind.MEASURE, SectionKind.OVERVIEW)


def front_matter(title: str | None = None) -> str:
    """Front matter of a generated page: kept out of search, optionally with a nav title."""
    # Material's search plugin skips pages with `search: exclude`; aggregate pages only repeat
    # report text, and indexing it twice would bury the report pages in search results.
    data: dict[str, object] = {"title": title} if title else {}
    data["search"] = {"exclude": True}
    return f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n\n"


@dataclass(frozen=True)
class TaggedPassage:
    """A passage, the report page it is on, and the themes it carries."""

    page: ReportPage
    passage: Passage
    matches: tuple[ThemeMatch, ...]

    @property
    def theme_ids(self) -> list[str]:
        """Ids of the passage's themes, in taxonomy order."""
        return [m.theme for m in self.matches]


@dataclass(frozen=True)
class ThemeIndex:
    """Every passage of a build with its themes, in registry order."""

    taxonomy: Taxonomy
    passages: tuple[TaggedPassage, ...]

    @cached_property
    def _by_passage(self) -> dict[tuple[str, str], TaggedPassage]:
        # Hooks look up every passage of every report; a scan per lookup is quadratic.
        return {(t.page.src_uri, t.passage.id): t for t in self.passages}

    @cached_property
    def _by_theme(self) -> dict[str, list[TaggedPassage]]:
        grouped: dict[str, list[TaggedPassage]] = {}
        for tagged in self.passages:
            for theme_id in tagged.theme_ids:
                grouped.setdefault(theme_id, []).append(tagged)
        return grouped

    def of(self, page: ReportPage, passage: Passage) -> TaggedPassage:
        """The tagged record of one passage."""
        return self._by_passage[(page.src_uri, passage.id)]

    def with_theme(self, theme_id: str) -> list[TaggedPassage]:
        """Passages carrying a theme, reports by slug, passages in reading order."""
        return list(self._by_theme.get(theme_id, ()))

    def theme_ids(self, page: ReportPage, passage: Passage) -> list[str]:
        """Theme ids of one passage, for the passages export."""
        return self.of(page, passage).theme_ids


def tag_registry(taxonomy: Taxonomy, registry: ReportRegistry) -> ThemeIndex:
    """Tag every passage of the build."""
    tagged = tuple(
        TaggedPassage(page, passage, tag_passage(taxonomy, passage.text, passage.headings))
        for page, passage in registry.passages()
    )
    return ThemeIndex(taxonomy, tagged)


def theme_uri(theme_id: str) -> str:
    """Source path of a theme's generated page."""
    return f"{THEMES_DIR}{theme_id}.md"


def _link(from_uri: str, to_uri: str) -> str:
    # Links between .md sources, so MkDocs rewrites them and validates their anchors.
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def heading_path(passage: Passage) -> str:
    """The headings above a passage as one line, e.g. "工作开展情况 › 坚持理论学习"."""
    return " › ".join(passage.headings)


# ---------------------------------------------------------------- theme pages


def count_by_kind(passages: Iterable[TaggedPassage]) -> dict[SectionKind, int]:
    """How many of the passages fall in each section kind."""
    counts = {kind: 0 for kind in KIND_ORDER}
    for tagged in passages:
        counts[tagged.passage.section] += 1
    return counts


def _render_excerpt(page_uri: str, theme_id: str, tagged: TaggedPassage) -> str:
    passage = tagged.passage
    target = f"{_link(page_uri, tagged.page.src_uri)}#{passage.id}"
    where = escape_text(heading_path(passage)) or "报告开头"
    terms = "、".join(next(m.terms for m in tagged.matches if m.theme == theme_id))
    return (
        f'{render_spans(passage.spans)}\n{{: .kb-excerpt data-kind="{passage.section.value}" }}\n\n'
        f"[查看原文：{where}]({target}){{: .kb-source }} "
        f'<span class="kb-why">判定依据：{escape_text(terms)}</span>'
    )


def render_theme_page(theme: Theme, passages: list[TaggedPassage]) -> str:
    """A theme's page: description, then its passages by section kind and by report."""
    page_uri = theme_uri(theme.id)
    parts = [f"{front_matter(theme.name)}# 主题：{escape_text(theme.name)} {{#theme-title}}", escape_text(theme.description)]
    if not passages:
        parts.append("目前没有段落归入这一主题。")
    for kind in KIND_ORDER:
        in_kind = [t for t in passages if t.passage.section is kind]
        if not in_kind:
            continue
        parts.append(f"## {kind.label} {{#{kind.value}}}")
        parts.append(f"共 {len(in_kind)} 段。")
        for page, on_page in _by_page(in_kind):
            title = escape_text(page.report.meta.title)
            report_link = _link(page_uri, page.src_uri)
            parts.append(f"### [{title}]({report_link}) {{#{kind.value}--{page.report.meta.slug}}}")
            parts.extend(_render_excerpt(page_uri, theme.id, t) for t in on_page)
    return "\n\n".join(parts) + "\n"


def _by_page(passages: list[TaggedPassage]) -> list[tuple[ReportPage, list[TaggedPassage]]]:
    """Passages grouped by report page, pages in order of first appearance."""
    # Keyed by src_uri: a list scan (or dataclass equality) per passage made theme pages
    # quadratic in the corpus size.
    groups: dict[str, tuple[ReportPage, list[TaggedPassage]]] = {}
    for tagged in passages:
        groups.setdefault(tagged.page.src_uri, (tagged.page, []))[1].append(tagged)
    return list(groups.values())


def render_themes_index(index: ThemeIndex) -> str:
    """The themes index: every theme with its passage count per section kind."""
    header = "| 主题 | " + " | ".join(k.label for k in KIND_ORDER) + " | 合计 |"
    rule = "| --- |" + " ---: |" * (len(KIND_ORDER) + 1)
    rows = []
    for theme in index.taxonomy.themes:
        tagged = index.with_theme(theme.id)
        counts = count_by_kind(tagged)
        cells = " | ".join(str(counts[k]) for k in KIND_ORDER)
        rows.append(f"| [{escape_text(theme.name)}]({_link(THEMES_INDEX, theme_uri(theme.id))}) | {cells} | {len(tagged)} |")
    described = [f"- **{escape_text(t.name)}**：{escape_text(t.description)}" for t in index.taxonomy.themes]
    intro = (
        "每个段落按其内容归入零个或多个主题。归类依据是段落中出现的关键提法，"
        "在报告页上把鼠标停在段落下方的主题标签上，可以看到判定依据。"
    )
    return "\n\n".join(
        [f"# 主题 {{#themes-title}}", intro, "\n".join([header, rule, *rows]), "## 主题说明 {#descriptions}", "\n".join(described)]
    ) + "\n"


def title_themes_section(nav: Navigation, taxonomy: Taxonomy) -> None:
    """Give the auto-generated ``themes/`` section its Chinese title and the taxonomy's order."""
    order = [THEMES_INDEX] + [theme_uri(t.id) for t in taxonomy.themes]
    for item in nav.items:
        children = getattr(item, "children", None)
        uris = [getattr(getattr(c, "file", None), "src_uri", None) for c in children or ()]
        if item.is_section and uris and all(u in order for u in uris):
            item.title = THEMES_SECTION_TITLE
            children.sort(key=lambda c: order.index(c.file.src_uri))


# ---------------------------------------------------------------- report pages


def citation(report_title: str, headings: tuple[str, ...], url: str) -> str:
    """What the copy-link control copies: report title, heading path and absolute link."""
    lines = [f"《{report_title}》"]
    if headings:
        lines.append(" › ".join(headings))
    lines.append(url)
    return "\n".join(lines)


def absolute_url(site_url: str | None, page_url: str, passage_id: str) -> str:
    """The passage's permanent address: site_url + page path + #id (site-relative without site_url)."""
    base = (site_url or "/").rstrip("/") + "/"
    return f"{base}{page_url.lstrip('/')}#{passage_id}"


# ---------------------------------------------------------------- removed reports


def tombstone_uri(slug: str) -> str:
    """Where a removed report's page used to be."""
    return f"{REPORTS_DIR}{slug}.md"


def render_tombstone(slug: str) -> str:
    """The page left at a removed report's address, so old links land somewhere sensible."""
    home = _link(tombstone_uri(slug), "index.md")
    themes = _link(tombstone_uri(slug), THEMES_INDEX)
    return (
        f"{front_matter('报告已移除')}# 该报告已从知识库中移除 {{#report-removed}}\n\n"
        f"您打开的链接指向一份已被移除的报告（编号 `{slug}`），其中的段落不再提供。\n"
        f"{{: .kb-removed }}\n\n"
        f"请返回[知识库首页]({home})查阅现有报告，或通过[主题]({themes})浏览相关段落。\n"
    )


# ---------------------------------------------------------------- the running build

_current: ThemeIndex | None = None


def publish(index: ThemeIndex) -> None:
    """Make ``index`` the one later hooks of this build read."""
    global _current
    _current = index


def clear() -> None:
    """Forget the previous build's tags, so a hook ordering mistake fails loudly."""
    global _current
    _current = None


def current() -> ThemeIndex:
    """The theme index of the running build."""
    if _current is None:
        raise RuntimeError("themes are not tagged: list hooks/themes.py before the hooks that use them")
    return _current
