"""Renamed sources: a file found under a new name keeps its report's address and passage ids."""

from __future__ import annotations

from collections import Counter

from kb.normalize.lock import LockedReport


class Orphans:
    """Lock entries whose source file is gone and was not found renamed by its bytes.

    A new file holding mostly the same passages is that source renamed and edited at once: it
    keeps the old address and ids, so links to it keep working.
    """

    def __init__(self, locked: dict[str, LockedReport], present_names: set[str], priors: list[LockedReport]) -> None:
        taken = {id(entry) for entry in priors}
        self.locked = locked
        self.keys = {
            name: {p.exact for p in entry.passages}
            for name, entry in locked.items()
            if name not in present_names and id(entry) not in taken and entry.passages
        }
        self.by_key: dict[str, set[str]] = {}
        for name, keys in self.keys.items():
            for key in keys:
                self.by_key.setdefault(key, set()).add(name)

    def claim(self, lock: LockedReport) -> LockedReport | None:
        """The gone source that a new file's passages mostly repeat, if any; each is claimed once."""
        if not self.keys:  # nothing gone: every file of a first run asks
            return None
        keys = {p.exact for p in lock.passages}
        shared = Counter(name for key in keys for name in self.by_key.get(key, ()))
        if not shared:
            return None
        # Most passages in common, then the name, so the choice never depends on set order.
        name, count = min(shared.items(), key=lambda item: (-item[1], item[0]))
        if 2 * count < max(len(keys), len(self.keys[name])):
            return None
        for key in self.keys.pop(name):
            self.by_key[key].discard(name)
        return self.locked[name]


def renamed_from(locked: dict[str, LockedReport], sha256: str, present_names: set[str]) -> LockedReport | None:
    # A renamed file keeps its slug and ids: same bytes, old name gone. The caller builds
    # the name set once: rebuilding it per file made a run quadratic in the corpus size.
    for name, entry in sorted(locked.items()):
        if entry.sha256 == sha256 and name not in present_names:
            return entry
    return None
