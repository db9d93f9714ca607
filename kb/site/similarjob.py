"""相似表述 of one build, worked out in a second process while the build goes on.

``find_similar`` needs only the passage texts and their reports, and nothing needs its links
until the first report or comparison page renders. Meanwhile the build process tags themes,
pairs problems with measures, lists the pages, exports the passages and builds the search
index, on one core. So a second process starts on the other core as soon as the reports are
loaded. Measured at 3000 reports (scripts/bench_analysis.py, 2 cores, builds taking turns):
the build process spent 7.3 s on the analysis, 5.1 s of it 相似表述, in a 44.0 s build (17%);
now 2.4 s, 0.7 s of it starting the worker and reading its links, in a 37.7 s build (6.3%),
while the worker used 6.4 s of CPU on the other core. With one usable core, or a build too
small to repay starting a Python process, it runs in this process.

The worker is a fresh interpreter running this module, fed through pipes. Not a fork: `mkdocs
serve` has threads, and a fork would share the build's large heap copy-on-write. Not
multiprocessing's spawn either: it re-runs the parent's main script, which a script without a
main guard does not survive (the build hung). The worker's links are exactly the ones
``find_similar`` gives in this process (same code, floats pickled exactly); if it fails or is
killed, this process works them out instead.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from kb.cores import usable_cores
from kb.site.similar import SimilarLink, find_similar

# Below this many passages find_similar takes under 0.25 s here (2000 passages: 0.24 s in this
# process, 0.44 s in a worker, of which 0.16 s is starting it): not worth a process.
BACKGROUND_MIN_TEXTS = 2000
_ROOT = str(Path(__file__).resolve().parents[2])  # kb/ is not installed: the worker imports it from here

Links = list[list[SimilarLink]]


def _plain(links: Links) -> list[list[tuple[int, float, tuple[str, ...]]]]:
    # Tuples pickle and unpickle several times faster than dataclass instances.
    return [[(link.index, link.score, link.words) for link in found] for found in links]


def _serve() -> None:
    """The worker: (texts, groups) pickled on stdin, their links pickled on stdout."""
    texts, groups = pickle.load(sys.stdin.buffer)
    pickle.dump(_plain(find_similar(texts, groups)), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


class SimilarJob:
    """The links of ``find_similar(texts, groups)``, in a worker process or in this one."""

    def __init__(self, texts: Sequence[str], groups: Sequence[str], background: bool | None = None) -> None:
        self._texts, self._groups = list(texts), list(groups)
        self._links: Links | None = None
        self._process: subprocess.Popen | None = None
        if background is None:
            background = usable_cores() > 1 and len(self._texts) >= BACKGROUND_MIN_TEXTS
        if background:
            self._start()

    def _start(self) -> None:
        env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")]))}
        try:
            process = subprocess.Popen([sys.executable, "-m", "kb.site.similarjob"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        except OSError:
            return  # no process to be had: result() works the links out here
        data = pickle.dumps((self._texts, self._groups), protocol=pickle.HIGHEST_PROTOCOL)
        # A thread feeds the worker so that this process goes on with the build meanwhile.
        threading.Thread(target=_feed, args=(process, data), name="kb-similar-feed", daemon=True).start()
        self._process = process

    @property
    def in_background(self) -> bool:
        return self._process is not None

    def result(self) -> Links:
        """The links; waits for the worker the first time."""
        if self._links is None:
            self._links = self._receive() if self._process is not None else None
            if self._links is None:
                self._links = find_similar(self._texts, self._groups)
            self._texts = self._groups = []
        return self._links

    def _receive(self) -> Links | None:
        process, self._process = self._process, None
        with process.stdout:
            data = process.stdout.read()
        if process.wait() != 0 or not data:
            return None  # the worker failed or was killed (its error went to stderr): work them out here
        return [[SimilarLink(i, score, words) for i, score, words in found] for found in pickle.loads(data)]

    def close(self) -> None:
        """Stop the worker if it is still running (a build that failed); safe to call twice."""
        process, self._process = self._process, None
        if process is not None:
            process.terminate()
            process.wait()
            process.stdout.close()


def _feed(process: subprocess.Popen, data: bytes) -> None:
    try:
        process.stdin.write(data)
        process.stdin.close()
    except OSError:  # BrokenPipeError among them
        pass  # the worker is gone: its reader sees that


if __name__ == "__main__":
    _serve()
