"""One build of the site, as steps that read top to bottom.

``SiteBuild`` is made afresh for every build (``kb/site/plugin.py`` creates it in
``on_config``) and holds everything the build works out; nothing is kept in module slots.
The steps, in the order MkDocs' events call them:

1. ``refresh_sources``: re-normalize ``sources/`` when report pages are stale (``on_config``).
2. ``generate`` (``on_files``): load the report pages → tag themes → analyse (problem→measure
   pairs, 相似表述, 提法) → add the generated pages (themes, catalogue, terms, comparisons,
   tombstones) → export the passages → build the search index → make the nav.
3. ``page_markdown`` (per page, as MkDocs reads them): pages rendered from data skip Markdown;
   ``page_body`` (per page, just before MkDocs writes it) gets their HTML, toc and anchors from
   their renderer, with term tooltips on report and comparison pages; ``page_written`` drops it.
4. ``finish`` (``on_post_build``): write the search index, then fail a strict build that had
   refused sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel, file_sort_key, set_exclusions
from mkdocs.structure.toc import get_toc

from kb.normalize.lock import LockFileError, removed_slugs
from kb.paths import ProjectPaths
from kb.reportfile import ReportFormatError
from kb.site import analysis as analysis_step
from kb.site.analysis import Analysis
from kb.site.compare import COMPARE_DIR, COMPARE_INDEX, ThemeRef, compare_uri
from kb.site.export import PASSAGES_CSV_PATH, PASSAGES_PATH, passages_csv, passages_json, passages_records
from kb.site.freshness import NORMALIZE_COMMAND, FreshnessError, refresh_reports, strict_stop_message
from kb.site.generated import GeneratedPage, front_matter
from kb.site.indexes import HOME_URI, generated_pages, home_overview
from kb.site.home import fill_overview
from kb.site.nav import site_nav
from kb.site.offline import SHIM_SOURCE, SHIM_URI, local_polyfills, offline_enabled
from kb.site.pages import safe_title
from kb.site.prerender import PageContext, Renderer
from kb.site.registry import ReportRegistry, registry_from_files
from kb.site.reportpage import render_report_page
from kb.site.searchsite import site_index, write_index
from kb.site.terms import GlossaryError, annotate_html, load_glossary
from kb.site.themepages import theme_pages
from kb.site.themes import THEMES_INDEX, ThemeIndex, tag_registry, theme_uri
from kb.themes import TaxonomyError, load_taxonomy

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger("kb")


@dataclass
class SiteBuild:
    """Everything one build works out, and the steps that work it out."""

    paths: ProjectPaths
    docs_dir: Path
    site_url: str | None
    strict: bool
    # Refused or still-stale sources: listed, and a strict build failed, once every page is written.
    problems: list[str] = field(default_factory=list)
    registry: ReportRegistry | None = None
    themes: ThemeIndex | None = None
    analysis: Analysis | None = None
    # Pages whose body we render from data, by source path; Python-Markdown never sees them.
    renderers: dict[str, Renderer] = field(default_factory=dict)
    search_files: dict[str, str] = field(default_factory=dict)
    files: Files | None = None  # the build's files, for the pages rendered as MkDocs writes them

    @classmethod
    def for_config(cls, config: MkDocsConfig) -> SiteBuild:
        """A new build of the project ``config`` was loaded from."""
        return cls(ProjectPaths.of_config(config.config_file_path), Path(config.docs_dir), config.site_url, bool(config.strict))

    # ------------------------------------------------------------ 1. sources

    def refresh_sources(self, normalizer, unavailable: Exception | None) -> None:
        """Re-normalize ``sources/`` if any report page is stale; collect what was refused."""
        sources = self.paths.sources
        if not sources.is_dir():
            log.info(f"未找到 {sources}，跳过报告页新鲜度检查")
            return
        try:
            refresh = refresh_reports(sources, self.docs_dir, normalizer, unavailable, self.paths.cleaning_log)
        except FreshnessError as exc:
            raise PluginError(str(exc)) from exc
        if refresh.stale:
            log.info(
                f"源文件有变化，已重新规范化：重新生成 {len(refresh.written)} 个报告页，删除 {len(refresh.removed)} 个，"
                f"拒绝 {len(refresh.refusals)} 个源文件（详情用 -v 查看）"
            )
        for stale in refresh.stale:
            log.debug(f"源文件有变化：{stale}")
        for page in refresh.written:
            log.debug(f"已重新生成报告页：{page}")
        for page in refresh.removed:
            log.debug(f"已删除报告页：{page}")
        self.problems.extend(refresh.problems())
        if self.strict:
            # Listed once, last, by finish(): `--quiet` hides warnings from MkDocs 1.6's strict
            # counter (mkdocs/mkdocs#4126), so a warning alone would let `--strict -q` pass.
            if self.problems:
                log.info(f"{len(self.problems)} 个源文件未能生成报告页，构建结束时列出")
            return
        for refusal in refresh.refusals:
            log.warning(f"规范化拒绝了源文件：{refusal}")
        for stale in refresh.still_stale:
            log.warning(f"重新生成后报告页仍然过期：{stale}；请运行 `{NORMALIZE_COMMAND}` 查看原因")

    # ------------------------------------------------------------ 2. files

    def generate(self, files: Files, config: MkDocsConfig) -> None:
        """Load, tag and analyse the reports, and add every page and file made from them."""
        self.files = files
        self.registry = self.load_reports(files)
        # 相似表述 needs only the texts: a second process works it out while this one goes on.
        similar = analysis_step.start_similar(self.registry)
        try:
            self.themes = tag_registry(self._taxonomy(), self.registry)
            self.analysis = analysis_step.analyse(self.registry, self._theme_tags(), self._glossary(), similar)
        except BaseException:
            similar.close()
            raise
        exists = lambda uri: files.get_file_from_path(uri) is not None  # noqa: E731
        self.add_pages(files, config, theme_pages(self.themes, self._removed_slugs(), exists), "docs/{uri} 与自动生成的主题页面同名，请删除或改名该文件")
        self.add_pages(files, config, generated_pages(self.registry, self.analysis, self._theme_refs()), "docs/{uri} 与自动生成的页面同名，请删除或改名该文件")
        for page in self.registry.pages:
            self.renderers[page.src_uri] = lambda ctx, page=page: render_report_page(ctx, page, self.themes, self.analysis, self.site_url)
        self.export_passages(files, config)
        self.add_offline_shim(files, config)
        self.search_files = site_index(self.registry, self.themes, self.analysis, self.paths.user_dictionary, lambda uri: _url_of(files, uri))
        self.make_nav(files, config)

    def load_reports(self, files: Files) -> ReportRegistry:
        """Every report page of the build, parsed once."""
        try:
            return registry_from_files(files)
        except ReportFormatError as exc:
            raise PluginError(str(exc)) from exc

    def _taxonomy(self):
        try:
            return load_taxonomy(self.paths.taxonomy)
        except TaxonomyError as exc:
            raise PluginError(str(exc)) from exc

    def _glossary(self):
        try:
            return load_glossary(self.paths.glossary)
        except GlossaryError as exc:
            raise PluginError(str(exc)) from exc

    def _removed_slugs(self) -> list[str]:
        try:
            return removed_slugs(self.paths.id_lock)
        except LockFileError as exc:
            raise PluginError(str(exc)) from exc

    def _theme_tags(self) -> dict[tuple[str, str], tuple[str, ...]]:
        return {(t.page.report.meta.slug, t.passage.id): tuple(t.theme_ids) for t in self.themes.passages}

    def _theme_refs(self) -> list[ThemeRef]:
        return [ThemeRef(t.id, t.name, theme_uri(t.id)) for t in self.themes.taxonomy.themes]

    def add_pages(self, files: Files, config: MkDocsConfig, pages: list[GeneratedPage], clash: str) -> None:
        """Add generated pages; ``clash`` names a docs/ file in the way ("{uri}" is filled in)."""
        for page in pages:
            if files.get_file_from_path(page.uri) is not None:
                raise PluginError(clash.format(uri=page.uri))
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            # The Markdown is only front matter: the body comes from the renderer, never Python-Markdown.
            files.append(File.generated(config, page.uri, content=front_matter(page.title, page.wide), inclusion=inclusion))
            self.renderers[page.uri] = page.render

    def export_passages(self, files: Files, config: MkDocsConfig) -> None:
        """site/data/passages.json, and the same records with their terms as passages.csv."""
        for path in (PASSAGES_PATH, PASSAGES_CSV_PATH):
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} 与自动生成的段落数据同名，请删除该文件")
        records = passages_records(self.registry.pages, self.themes.theme_ids)
        files.append(File.generated(config, PASSAGES_PATH, content=passages_json(records)))
        files.append(File.generated(config, PASSAGES_CSV_PATH, content=passages_csv(records, self.analysis.terms_of)))

    def add_offline_shim(self, files: Files, config: MkDocsConfig) -> None:
        """In the folder build, ship the worker shim Material would link from a CDN."""
        if not offline_enabled(config.plugins):
            return
        if not SHIM_SOURCE.is_file():
            raise PluginError(f"离线版缺少 {SHIM_SOURCE}：它替代 Material 从公网加载的 iframe-worker 脚本")
        if files.get_file_from_path(SHIM_URI) is None:
            files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM_SOURCE)))

    def make_nav(self, files: Files, config: MkDocsConfig) -> None:
        """A small nav of entry points (kb/site/nav.py), themes and comparisons in taxonomy order."""
        if config.nav is not None:
            return  # a maintainer wrote `nav:` in mkdocs.yml: theirs wins
        # Apply `not_in_nav` (report pages) to generated files too; MkDocs would do it next anyway.
        set_exclusions(files, config)
        order = [THEMES_INDEX, COMPARE_INDEX]
        for theme in self.themes.taxonomy.themes:
            order += [theme_uri(theme.id), compare_uri(theme.id)]
        rank = {uri: n for n, uri in enumerate(order)}
        pages = sorted(files.documentation_pages(inclusion=InclusionLevel.is_in_nav), key=file_sort_key)
        uris = sorted((f.src_uri for f in pages), key=lambda uri: rank.get(uri, len(order)))
        config.nav = site_nav(uris)

    # ------------------------------------------------------------ 3. pages

    def page_markdown(self, markdown: str, page: Page) -> str:
        """Report titles made safe; rendered pages skip Markdown; the home page gets its overview."""
        src_uri = page.file.src_uri
        report_page = self.registry.by_src_uri(src_uri)
        if report_page is not None:
            page.meta["title"] = safe_title(report_page.report.meta.title)
        if src_uri in self.renderers:
            return ""  # nothing for Python-Markdown to do: the body comes from page_body
        if src_uri == HOME_URI:
            return fill_overview(markdown, home_overview(self.registry, self.analysis, len(self.themes.taxonomy.themes)))
        return markdown

    def _with_tooltips(self, src_uri: str, html: str) -> str:
        """Report and comparison pages get term tooltips."""
        if self.registry.by_src_uri(src_uri) is not None or src_uri.startswith(COMPARE_DIR):
            return annotate_html(html, self.analysis.matcher, self.analysis.glossary)
        return html

    def page_html(self, html: str, page: Page) -> str:
        """Tooltips on pages Markdown rendered; rendered pages get theirs in ``page_body``."""
        src_uri = page.file.src_uri
        return html if src_uri in self.renderers else self._with_tooltips(src_uri, html)

    def page_body(self, page: Page) -> None:
        """Render a rendered page's body, toc and anchors just before MkDocs writes the page.

        MkDocs reads every page before it writes the first, and a body made then stays in memory
        until the build ends: at 3000 reports the build process grew from 427 to 813 MB while
        reading. Made here and dropped by ``page_written``, one body is held at a time.
        """
        src_uri = page.file.src_uri
        renderer = self.renderers.get(src_uri)
        if renderer is None:
            return
        context = PageContext(src_uri, page.url, self.files)
        rendered = renderer(context)
        page.toc = get_toc([entry.token() for entry in rendered.toc])
        # MkDocs checks links into and out of this page against these once every page is written.
        page.present_anchor_ids = set(rendered.anchors)
        page.links_to_anchors = context.links_to_anchors
        page.content = self._with_tooltips(src_uri, rendered.html)

    def page_written(self, page: Page) -> None:
        """Drop a rendered page's body once its file is written."""
        if page.file.src_uri in self.renderers:
            page.content = ""

    # ------------------------------------------------------------ 4. finish

    def close(self) -> None:
        """Stop work still running for a build that failed."""
        if self.analysis is not None:
            self.analysis.similar.close()

    def finish(self, site_dir: Path) -> None:
        """Write the search index; then stop a strict build that refused sources."""
        self.close()
        write_index(self.search_files, site_dir)
        # After every page is written: the site holds every good report, and the build still fails.
        if self.strict and self.problems:
            raise PluginError(strict_stop_message(list(self.problems)))


def _url_of(files: Files, src_uri: str) -> str | None:
    found = files.get_file_from_path(src_uri)
    return found.url if found is not None else None


def offline_config(config: MkDocsConfig) -> None:
    """In the folder build, point Material's polyfills at our shipped worker shim."""
    if offline_enabled(config.plugins):
        config.extra["polyfills"] = local_polyfills(list(config.extra.get("polyfills", [])))
