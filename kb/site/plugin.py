"""The MkDocs side of the build: each event hands over to one ``SiteBuild`` (kb/site/build.py).

Registered from ``hooks/kbsite.py``. A plugin object rather than bare hook functions, so that the
build's state lives on an object made fresh for every build, not in module slots.
"""

from __future__ import annotations

import gc
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from kb.site.build import SiteBuild, offline_config

try:
    from kb.normalize import pipeline as _pipeline
    _unavailable: Exception | None = None
except Exception as _exc:  # a missing or half-written normalizer must not hide stale pages
    _pipeline, _unavailable = None, _exc


class KnowledgeBasePlugin(BasePlugin):
    """Drives one ``SiteBuild`` per build through MkDocs' events."""

    build: SiteBuild | None = None

    @event_priority(50)  # before Material's offline plugin, which then finds our worker shim
    def on_config(self, config):
        # The build makes a few hundred thousand long-lived objects (reports, tags, analysis)
        # before the first page renders, and none becomes garbage before the build ends; CPython
        # kept rescanning all of them. Measured at 3000 reports (scripts/bench.py corpus, CPU time
        # in collections via gc.callbacks): 8.2 s of a 59 s build without the pause, 1.8 s with it,
        # about 11% of the build. So collection pauses until the data is made, one collection
        # clears what was dropped on the way, and gc.freeze keeps the survivors out of later ones.
        gc.disable()
        self.build = SiteBuild.for_config(config)
        offline_config(config)
        self.build.refresh_sources(_pipeline, _unavailable)
        return config

    def on_files(self, files, config):
        try:
            self.build.generate(files, config)
        finally:
            gc.enable()
            gc.collect()
            gc.freeze()
        return files

    def on_page_markdown(self, markdown, page, config, files):
        return self.build.page_markdown(markdown, page)

    def on_page_content(self, html, page, config, files):
        return self.build.page_html(html, page)

    def on_page_context(self, context, page, config, nav):
        self.build.page_body(page)
        return context

    def on_post_page(self, output, page, config):
        self.build.page_written(page)
        return output

    def on_post_build(self, config):
        # `mkdocs serve` rebuilds in one process: the next build's data must be collectable again.
        gc.unfreeze()
        self.build.finish(Path(config.site_dir))

    def on_build_error(self, error):
        if self.build is not None:
            self.build.close()
        gc.enable()
        gc.unfreeze()

    def on_serve(self, server, config, builder):
        sources = self.build.paths.sources
        if sources.is_dir():
            server.watch(str(sources))  # editing a source under `mkdocs serve` rebuilds and refreshes
        return server
