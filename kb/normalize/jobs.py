"""Normalizing many sources at once: one job per source, shared out among worker processes."""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from functools import partial
from typing import Iterator

from kb.cores import usable_cores
from kb.normalize.clean import CleaningRule, Removal
from kb.normalize.lock import LockedReport
from kb.normalize.readers import Extracted
from kb.normalize.report import Refused, normalize_text
from kb.normalize.sidecar import Sidecar
from kb.reportfile import render_report


# Below this many files a run is over before worker processes would have started.
PARALLEL_MIN_FILES = 64


def default_workers() -> int:
    """Processes the command line normalizes with: one per usable core, up to four."""
    return min(usable_cores(), 4)


@dataclass(frozen=True)
class Job:
    """One decoded source, ready for ``normalize_text``."""

    name: str
    marks: Extracted
    sha256: str
    sidecar: Sidecar
    sidecar_hash: str | None
    prior: LockedReport | None


@dataclass(frozen=True)
class Done:
    """What the run keeps of one normalized source, as a worker sends it back."""

    slug: str
    page: str
    removals: list[Removal]
    lock: LockedReport


def normalize_job(job: Job, rules: tuple[CleaningRule, ...], taken: frozenset[str]) -> Done | Refused:
    try:
        done = normalize_text(
            job.name, job.marks.text, job.sha256, job.sidecar, job.sidecar_hash, rules, job.prior, taken - ({job.prior.slug} if job.prior else set()), job.marks
        )
    except Refused as exc:
        return exc
    return Done(done.report.meta.slug, render_report(done.report), done.removals, done.lock)


def run_jobs(jobs: list[Job], rules: tuple[CleaningRule, ...], taken: frozenset[str], workers: int) -> Iterator[Done | Refused]:
    """Each job's outcome, in job order, as soon as it is ready.

    Each file is normalized on its own, so the files can be shared out among processes. Fork
    (not spawn) gives every worker the loaded modules; the jobs are sent to them (pickling all
    3000 of a 3000-report run, 26 MB, takes about 0.4 s, under 1% of the build). The caller
    writes pages while later files are still being normalized.
    """
    work = partial(normalize_job, rules=rules, taken=taken)
    if workers <= 1 or len(jobs) < PARALLEL_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(work, jobs)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(work, jobs, chunksize=max(1, len(jobs) // (workers * 16)))
