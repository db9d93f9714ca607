"""Theme pages, the themes index and tombstone pages, rendered straight to HTML.

A theme page lists every passage carrying the theme, by section kind and by report, each with
its report's title and a link to the passage. Thousands of reports would make it tens of
megabytes, so each section kind shows ``PAGE_SIZE`` reports a page; the first page (in the nav)
summarises the counts and links every part, continuation pages stay out of the nav.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kb.model import SectionKind
from kb.site.generated import GeneratedPage
from kb.site.htmlparts import PageBuilder, link, page_count, page_links, spans_html, text
from kb.site.prerender import PageContext, Rendered
from kb.site.registry import ReportPage
from kb.site.themes import THEMES_INDEX, TaggedPassage, ThemeIndex, heading_path, theme_uri, tombstone_uri
from kb.themes import Theme

# Theme pages list practice first: readers come to them for examples to follow.
KIND_ORDER = (SectionKind.PRACTICE, SectionKind.PROBLEM, SectionKind.CAUSE, SectionKind.MEASURE, SectionKind.OVERVIEW)
# Reports per section kind on one page: with 50, a theme's first page stays well under 1 MB.
PAGE_SIZE = 50
TITLE_ID = "theme-title"

ReportGroup = tuple[ReportPage, list[TaggedPassage]]


@dataclass(frozen=True)
class ThemeParts:
    """A theme's passages grouped by section kind, then by report in registry order."""

    theme: Theme
    by_kind: dict[SectionKind, list[ReportGroup]]

    @classmethod
    def of(cls, theme: Theme, passages: Iterable[TaggedPassage]) -> ThemeParts:
        """Group one theme's passages."""
        # Keyed by src_uri: a list scan per passage made theme pages quadratic in the corpus size.
        groups: dict[SectionKind, dict[str, ReportGroup]] = {kind: {} for kind in KIND_ORDER}
        for tagged in passages:
            groups[tagged.passage.section].setdefault(tagged.page.src_uri, (tagged.page, []))[1].append(tagged)
        return cls(theme, {kind: list(g.values()) for kind, g in groups.items()})

    def pages(self, kind: SectionKind) -> int:
        """How many pages the section kind fills."""
        return page_count(len(self.by_kind[kind]), PAGE_SIZE)

    def passage_count(self, kind: SectionKind) -> int:
        """Passages of the section kind."""
        return sum(len(on_page) for _, on_page in self.by_kind[kind])


def continuation_uri(theme_id: str, kind: SectionKind, number: int) -> str:
    """Source path of page ``number`` (2, 3, …) of one section kind of a theme page."""
    return f"themes/{theme_id}/{kind.value}-{number}.md"


def continuation_uris(parts: ThemeParts) -> list[tuple[str, SectionKind, int]]:
    """Every continuation page of a theme as (source path, section kind, page number)."""
    return [
        (continuation_uri(parts.theme.id, kind, n), kind, n) for kind in KIND_ORDER for n in range(2, parts.pages(kind) + 1)
    ]


def count_by_kind(passages: Iterable[TaggedPassage]) -> dict[SectionKind, int]:
    """How many of the passages fall in each section kind."""
    counts = {kind: 0 for kind in KIND_ORDER}
    for tagged in passages:
        counts[tagged.passage.section] += 1
    return counts


def _part_hrefs(ctx: PageContext, parts: ThemeParts, kind: SectionKind) -> list[str]:
    first = ctx.href(theme_uri(parts.theme.id), kind.value)
    return [first] + [ctx.href(continuation_uri(parts.theme.id, kind, n)) for n in range(2, parts.pages(kind) + 1)]


def _excerpt(ctx: PageContext, theme_id: str, tagged: TaggedPassage) -> str:
    passage = tagged.passage
    where = text(heading_path(passage)) or "报告开头"
    terms = next(m.reason() for m in tagged.matches if m.theme == theme_id)
    source = link(ctx.href(tagged.page.src_uri, passage.id), f"查看原文：{where}", cls="kb-source")
    return (
        f'<p class="kb-excerpt" data-kind="{passage.section.value}">{spans_html(passage.spans)}</p>\n'
        f'<p>{source} <span class="kb-why">判定依据：{text(terms)}</span></p>'
    )


def _kind_chunk(out: PageBuilder, ctx: PageContext, parts: ThemeParts, kind: SectionKind, number: int) -> None:
    groups = parts.by_kind[kind]
    out.add(f"<p>共 {parts.passage_count(kind)} 段，来自 {len(groups)} 份报告。</p>")
    paging = page_links(_part_hrefs(ctx, parts, kind), number)
    out.add(paging)
    for page, on_page in groups[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]:
        title = link(ctx.href(page.src_uri), text(page.report.meta.title))
        out.heading(3, f"{kind.value}--{page.report.meta.slug}", title, in_toc=False)
        out.add(*(_excerpt(ctx, parts.theme.id, t) for t in on_page))
    out.add(paging)


def _summary(ctx: PageContext, parts: ThemeParts) -> str:
    rows = []
    for kind in KIND_ORDER:
        groups = parts.by_kind[kind]
        if not groups:
            continue
        hrefs = _part_hrefs(ctx, parts, kind)
        pages = " · ".join(f'<a href="{h}">第 {n} 页</a>' for n, h in enumerate(hrefs, start=1)) if len(hrefs) > 1 else "—"
        label = link(ctx.href(theme_uri(parts.theme.id), kind.value), kind.label)
        rows.append(f"<tr><td>{label}</td><td>{parts.passage_count(kind)}</td><td>{len(groups)}</td><td>{pages}</td></tr>")
    head = "<tr><th>部分</th><th>段落</th><th>报告</th><th>分页</th></tr>"
    return f'<div class="kb-theme-parts"><table><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>'


def render_theme_page(ctx: PageContext, parts: ThemeParts) -> Rendered:
    """A theme's first page: description, counts per section kind, and the first reports of each."""
    theme = parts.theme
    out = PageBuilder()
    out.heading(1, TITLE_ID, f"主题：{text(theme.name)}")
    out.add(f"<p>{text(theme.description)}</p>")
    if not any(parts.by_kind.values()):
        out.add("<p>目前没有段落归入这一主题。</p>")
        return out.rendered()
    out.add(_summary(ctx, parts))
    for kind in KIND_ORDER:
        if parts.by_kind[kind]:
            out.heading(2, kind.value, kind.label)
            _kind_chunk(out, ctx, parts, kind, 1)
    return out.rendered()


def continuation_title(theme: Theme, kind: SectionKind, number: int) -> str:
    """Title of a continuation page."""
    return f"主题：{theme.name} · {kind.label}（第 {number} 页）"


def render_continuation(ctx: PageContext, parts: ThemeParts, kind: SectionKind, number: int) -> Rendered:
    """Page ``number`` of one section kind of a theme."""
    out = PageBuilder()
    out.heading(1, TITLE_ID, text(continuation_title(parts.theme, kind, number)))
    back = link(ctx.href(theme_uri(parts.theme.id)), f"返回主题页“{text(parts.theme.name)}”")
    out.add(f"<p>{back}</p>")
    _kind_chunk(out, ctx, parts, kind, number)
    return out.rendered()


def render_themes_index(ctx: PageContext, index: ThemeIndex) -> Rendered:
    """The themes index: every theme with its passage count per section kind."""
    out = PageBuilder()
    out.heading(1, "themes-title", "主题")
    out.add(
        "<p>每个段落按其内容归入零个或多个主题。归类依据是段落中出现的关键提法，"
        "在报告页上把鼠标停在段落下方的主题标签上，可以看到判定依据。</p>"
    )
    head = "".join(f"<th>{k.label}</th>" for k in KIND_ORDER)
    rows = []
    for theme in index.taxonomy.themes:
        tagged = index.with_theme(theme.id)
        counts = count_by_kind(tagged)
        cells = "".join(f"<td>{counts[k]}</td>" for k in KIND_ORDER)
        rows.append(f"<tr><td>{link(ctx.href(theme_uri(theme.id)), text(theme.name))}</td>{cells}<td>{len(tagged)}</td></tr>")
    out.add(f'<div class="kb-counts"><table><thead><tr><th>主题</th>{head}<th>合计</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    out.heading(2, "descriptions", "主题说明")
    items = "".join(f"<li><strong>{text(t.name)}</strong>：{text(t.description)}</li>" for t in index.taxonomy.themes)
    out.add(f"<ul>{items}</ul>")
    return out.rendered()


def render_tombstone(ctx: PageContext, slug: str) -> Rendered:
    """The page left at a removed report's address, so old links land somewhere sensible."""
    out = PageBuilder()
    out.heading(1, "report-removed", "该报告已从知识库中移除")
    out.add(
        f'<p class="kb-removed">您打开的链接指向一份已被移除的报告（编号 <code>{text(slug)}</code>），其中的段落不再提供。</p>',
        f"<p>请返回{link(ctx.href('index.md'), '知识库首页')}查阅现有报告，"
        f"或通过{link(ctx.href(THEMES_INDEX), '主题')}浏览相关段落。</p>",
    )
    return out.rendered()


def theme_pages(index: ThemeIndex, removed: Sequence[str], existing: Callable[[str], bool]) -> list[GeneratedPage]:
    """Every page hooks/themes.py adds: the index, each theme's pages, and tombstones of removed reports."""
    pages = [GeneratedPage(THEMES_INDEX, "主题", lambda ctx: render_themes_index(ctx, index))]
    for theme in index.taxonomy.themes:
        parts = ThemeParts.of(theme, index.with_theme(theme.id))
        pages.append(GeneratedPage(theme_uri(theme.id), theme.name, lambda ctx, parts=parts: render_theme_page(ctx, parts)))
        # Continuation pages are reached from their theme page; the nav lists only the first.
        pages.extend(
            GeneratedPage(uri, continuation_title(theme, kind, n), lambda ctx, p=parts, k=kind, n=n: render_continuation(ctx, p, k, n), False)
            for uri, kind, n in continuation_uris(parts)
        )
    for slug in sorted(set(removed)):
        uri = tombstone_uri(slug)
        if not existing(uri):  # the report came back under its old slug
            # Out of the nav: readers only reach a tombstone through an old link.
            pages.append(GeneratedPage(uri, "报告已移除", lambda ctx, slug=slug: render_tombstone(ctx, slug), False))
    return pages
