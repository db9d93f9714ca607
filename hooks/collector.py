"""Keep Python's cyclic garbage collector off the build's own data while pages are built.

The other hooks load every report, tag every passage and work out the relations between
them before the first page is rendered: a few hundred thousand long-lived objects. While
they are being made, CPython kept running full collections over all of them (eight of them
at 1000 reports, about 1.5 s), and each later collection walked them again, although none of
them becomes garbage before the build ends. So the collector pauses while the data is made,
then one collection clears what was dropped on the way, and ``gc.freeze`` moves the survivors
out of the collector's sight until the build is over. The benchmark (scripts/bench.py)
measures the effect; the output does not change.
"""

from __future__ import annotations

import gc

from mkdocs.plugins import event_priority


@event_priority(100)  # before hooks/freshness.py may re-normalize sources
def on_config(config):
    gc.disable()
    return config


@event_priority(-100)  # after every other hook's on_files: the build's data is complete
def on_files(files, config):
    gc.enable()
    gc.collect()
    gc.freeze()
    return files


def on_post_build(config):
    # `mkdocs serve` rebuilds in one process: the next build's data must be collectable again.
    gc.unfreeze()


def on_build_error(error):
    gc.enable()
    gc.unfreeze()
