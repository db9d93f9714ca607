"""How many cores the build and the normalizer may use."""

from __future__ import annotations

import os


def usable_cores() -> int:
    """Cores this process may run on: a container or ``taskset`` may allow fewer than the machine has."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)
