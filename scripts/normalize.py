"""Normalize every report in sources/ into docs/reports/*.md.

Usage: python scripts/normalize.py [--sources DIR] [--docs DIR] [--lock FILE] [--log FILE] [-j N] [-v]
Exit status 1 when any file was refused (each named on stderr with the reason), 2 when the id lock
file cannot be read, else 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.normalize.lock import LockFileError  # noqa: E402
from kb.normalize.pipeline import NormalizeResult, default_lock_path, default_workers, normalize_tree  # noqa: E402


def write_log(path: Path, result: NormalizeResult) -> None:
    """Every removal as a TSV row: file, line, rule, removed text."""
    rows = ["file\tline\trule\tremoved"]
    for name in sorted(result.removals):
        rows += [f"{name}\t{r.line}\t{r.rule}\t{r.text}" for r in result.removals[name]]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the normalizer from the command line."""
    parser = argparse.ArgumentParser(description="Normalize township reports into Markdown pages.")
    parser.add_argument("--sources", type=Path, default=ROOT / "sources")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--lock", type=Path, default=None, help="id lock file (default: data/passage-ids.lock.json beside sources/)")
    parser.add_argument("--log", type=Path, default=ROOT / "build" / "cleaning-log.tsv")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every removal")
    parser.add_argument("-j", "--jobs", type=int, default=default_workers(), help="processes to normalize with (default: one per core, up to 4)")
    args = parser.parse_args(argv)
    try:
        result = normalize_tree(args.sources, args.docs, args.lock or default_lock_path(args.sources), workers=args.jobs)
    except LockFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write_log(args.log, result)
    for name in sorted(result.removals):
        removals = result.removals[name]
        if args.verbose:
            for r in removals:
                print(f"{name}:{r.line}: removed by {r.rule}: {r.text}", file=sys.stderr)
    for refusal in result.refusals:
        print(str(refusal), file=sys.stderr)
    total = sum(len(r) for r in result.removals.values())
    print(
        f"normalized {len(result.written) + len(result.unchanged)} reports "
        f"({len(result.written)} written, {len(result.removed)} removed, {len(result.refusals)} refused); "
        f"{total} removals logged in {args.log}",
        file=sys.stderr,
    )
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
