"""Normalize every report in sources/ into docs/reports/*.md.

Usage: python scripts/normalize.py [--sources DIR] [--docs DIR] [--lock FILE] [--log FILE] [-j N] [-v]
       python scripts/normalize.py --explain sources/FILE   (what each step does to one file; writes nothing)
Prints one summary line, then the refused files (each named with the reason) last, on stderr.
Exit status 1 when any file was refused, 2 when the id lock file cannot be read, else 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.normalize.cleanlog import write_cleaning_log  # noqa: E402
from kb.normalize.explain import explain_source  # noqa: E402
from kb.normalize.lock import LockFileError  # noqa: E402
from kb.normalize.jobs import default_workers  # noqa: E402
from kb.normalize.pipeline import NormalizeResult, default_lock_path, normalize_tree  # noqa: E402
from kb.paths import CLEANING_LOG, DOCS, ID_LOCK, SOURCES, ProjectPaths  # noqa: E402

PROJECT = ProjectPaths(ROOT)


def summary(result: NormalizeResult, logged: int, log: Path) -> str:
    """One line saying what the run did, in the maintainer's words."""
    line = (
        f"已规范化 {len(result.written) + len(result.unchanged)} 份报告（新写入或更新 {len(result.written)} 份，"
        f"删除 {len(result.removed)} 份，拒绝 {len(result.refusals)} 个文件）；清理记录 {logged} 条，见 {log}"
    )
    if result.sidecar_problems:
        line += f"；{len(result.sidecar_problems)} 个附注文件有错，其报告页照常生成"
    if result.refusals or result.sidecar_problems:
        line += "\n以下文件需要处理（被拒绝的没有生成报告页）；请按原因修改后重新运行："
    return line


def main(argv: list[str] | None = None) -> int:
    """Run the normalizer from the command line."""
    parser = argparse.ArgumentParser(description="把 sources/ 中的报告规范化为 docs/reports/ 中的报告页。")
    parser.add_argument("--sources", type=Path, default=PROJECT.sources, help=f"源文件夹（默认：{SOURCES}/）")
    parser.add_argument("--docs", type=Path, default=PROJECT.docs, help=f"网站文档文件夹，报告页写入其中的 reports/（默认：{DOCS}/）")
    parser.add_argument("--lock", type=Path, default=None, help=f"段落编号锁定文件（默认：与 sources/ 同级的 {ID_LOCK}）")
    parser.add_argument("--log", type=Path, default=PROJECT.cleaning_log, help=f"清理记录（默认：{CLEANING_LOG}）")
    parser.add_argument("-v", "--verbose", action="store_true", help="列出清理规则删除的每一处文字")
    parser.add_argument("-j", "--jobs", type=int, default=default_workers(), help="同时运行的进程数（默认：每个可用 CPU 核一个，最多 4 个）")
    parser.add_argument("--explain", type=Path, metavar="FILE", help="只看一个源文件：逐步列出每一步改动了什么（删去哪些文字、哪些行接回、哪些行是几级标题、每段的类别），不写任何文件")
    args = parser.parse_args(argv)
    if args.explain is not None:
        if not args.explain.is_file():
            print(f"错误：找不到文件 {args.explain}", file=sys.stderr)
            return 2
        print("\n".join(explain_source(args.explain)))
        return 0
    try:
        result = normalize_tree(args.sources, args.docs, args.lock or default_lock_path(args.sources), workers=args.jobs)
    except LockFileError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    logged = write_cleaning_log(args.log, result.removals)
    if args.verbose:
        for name in sorted(result.removals):
            for r in result.removals[name]:
                print(f"{name} 第 {r.line} 行被规则 {r.rule} 删除：{r.text}", file=sys.stderr)
    print(summary(result, logged, args.log), file=sys.stderr)
    # Last, so a maintainer sees them without scrolling, however long the run's output.
    for problem in [*result.sidecar_problems, *result.refusals]:
        print(str(problem), file=sys.stderr)
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
