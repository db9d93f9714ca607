"""Benchmark the analysis step (``kb/site/analysis.py``) against the full site build.

Usage: python scripts/bench_analysis.py [--sizes 1000,3000] [--repeat 2] [--baseline DIR] [--work DIR] [--out DIR]

For each size, one synthetic corpus (``scripts/synth.py``, fixed seed) is normalized, then
``mkdocs build`` with every hook runs ``--repeat`` times, each in a fresh child process. The
child times ``analyse`` (problem→measure pairs, 相似表述, 提法) and its parts from inside the
build; the parent times the whole build process. The share is analysis / build, per run; the
run with the fastest build counts. ``--baseline`` also measures another checkout (e.g. an
older commit, ``git archive``d into a folder) on the same corpus, its builds taking turns
with this checkout's so that a slow spell on the machine hits both alike. Writes
``docs/maintainers/analysis-benchmarks.md`` (a page of the site, left out of search and nav)
and ``analysis-benchmarks.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (1000, 3000)
MAX_SHARE = 0.10  # issue 15: the analysis stays under 10% of a full build
# Parts of the analysis timed when the analysis module has them (older checkouts may not):
# ``start_similar`` starts 相似表述 in a worker process before themes are tagged, and the build
# waits for its links the first time a page looks one up (``SimilarPassages._links``); older
# checkouts work it out inside ``analyse`` (``_similar``).
PARTS = ("features", "_pairings", "_similar", "discover_terms", "build_matcher", "start_similar")
IN_BUILD = ("analyse", "start_similar", "similar_wait")  # what the build process spends on the analysis


def child(project: Path, config: Path, out: Path) -> None:
    """Inside the build process: time ``analyse`` and its parts, then build the site."""
    sys.path.insert(0, str(project))
    os.chdir(project)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from kb.site import analysis

    timings: dict[str, float] = {}

    def timed(name: str, fn):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    for name in PARTS:
        if hasattr(analysis, name):
            setattr(analysis, name, timed(name, getattr(analysis, name)))
    analysis.analyse = timed("analyse", analysis.analyse)
    if hasattr(analysis, "SimilarPassages"):
        analysis.SimilarPassages._links = timed("similar_wait", analysis.SimilarPassages._links)
    start = time.perf_counter()
    build(load_config(str(config)))
    timings["build_in_process"] = time.perf_counter() - start
    # The build's only child process is the 相似表述 worker (the pages are fresh: no normalizer).
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    timings["worker_cpu"] = children.ru_utime + children.ru_stime
    out.write_text(json.dumps({k: round(v, 4) for k, v in timings.items()}), encoding="utf-8")


def run_build(project: Path, config: Path, out: Path, log: Path) -> dict[str, float]:
    """One full build in a fresh process; its wall time and the analysis timings from inside."""
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(project), str(config), str(out)]
    with log.open("wb") as sink:
        start = time.perf_counter()
        subprocess.run(cmd, cwd=project, stdout=sink, stderr=subprocess.STDOUT, env=env, check=True)
        seconds = time.perf_counter() - start
    timings = json.loads(out.read_text(encoding="utf-8"))
    spent = sum(timings.get(name, 0.0) for name in IN_BUILD)
    return {"build": round(seconds, 3)} | timings | {"analysis": round(spent, 4), "share": round(spent / seconds, 4)}


def prepare(n: int, source: Path, work: Path) -> tuple[Path, Path, float]:
    """A copy of ``source`` with ``n`` synthetic reports normalized; its config and normalize seconds."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import derived_config, snapshot_project  # noqa: PLC0415

    import bench  # noqa: PLC0415

    project = work / f"n{n}"
    if project.exists():
        shutil.rmtree(project)
    bench.ROOT = source  # snapshot the checkout being measured, not necessarily this one
    snapshot_project(project)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "synth.py"), "--reports", str(n), "--out", str(project / "sources")], check=True, stdout=subprocess.DEVNULL)
    start = time.perf_counter()
    subprocess.run([sys.executable, "scripts/normalize.py"], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    normalize = time.perf_counter() - start
    return project, derived_config(project, "mkdocs-analysis.yml", {"site_dir": "site-analysis"}), normalize


def fastest(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the fastest build: the one least disturbed by other work on the machine."""
    return min(runs, key=lambda r: r["build"])


def render_markdown(results: list[dict[str, object]], date: str, machine: str, repeat: int) -> str:
    """The maintainers' page, in Chinese."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import page_header  # noqa: PLC0415

    lines = page_header("段落分析性能基准", "bench_analysis.py", "analysis-benchmarks.json") + [
        "",
        f"- 日期：{date}",
        f"- 机器：{machine}",
        "- 分析：构建进程花在 `kb/site/analysis.py` 上的时间（问题与措施配对、相似表述、提法），在构建进程内计时；"
        "构建：`mkdocs build`（全部钩子）整个进程的墙钟时间，不含规范化。",
        "- 相似表述在报告载入后交给一个后台进程计算（`kb/site/similarjob.py`），构建进程同时标注主题、配对、建搜索索引；"
        "“其中相似表述”是构建进程为它花的时间（启动后台进程，加上第一次用到结果时的等待），“后台 CPU”是后台进程自己用的 CPU 时间，"
        "不计入“分析”。旧代码（无后台进程）在构建进程内计算相似表述，后台 CPU 为 0。",
        f"- 每档构建 {repeat} 次，每次一个新进程，取构建最快的一次；每次的数值见 JSON。机器上可能有其他任务，单次数值有噪声。",
        "",
        "| 报告数 | 构建 (秒) | 分析 (秒) | 其中配对 | 其中相似表述 | 其中提法 | 分析占构建 | 目标 | 结论 | 后台 CPU (秒) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in results:
        rows = [("", r["best"])] + ([("（基线）", r["baseline"]["best"])] if "baseline" in r else [])
        for note, best in rows:
            terms = best.get("discover_terms", 0.0) + best.get("build_matcher", 0.0)
            ok = "达标" if best["share"] < MAX_SHARE else "未达标"
            similar = best.get("_similar", 0.0) + best.get("start_similar", 0.0) + best.get("similar_wait", 0.0)
            lines.append(
                f"| {r['reports']}{note} | {best['build']:.1f} | {best.get('analysis', best['analyse']):.2f} | {best.get('_pairings', 0.0):.2f} | "
                f"{similar:.2f} | {terms:.2f} | {best['share']:.1%} | < {MAX_SHARE:.0%} | {ok} | {best.get('worker_cpu', 0.0):.2f} |"
            )
    spreads = [max(run["build"] for run in runs) / min(run["build"] for run in runs) - 1 for r in results for runs in [r["runs"]] + ([r["baseline"]["runs"]] if "baseline" in r else [])]
    if spreads and repeat > 1:
        lines += ["", f"同一份代码、同一批报告的几次构建，最慢的比最快的多 {min(spreads):.0%}–{max(spreads):.0%}：这是机器上的噪声，比较请看交替构建的两行之比。"]
    lines += ["", "“其中”各列为分析的组成部分，其余为两者共用的准备工作。“基线”为 `--baseline` 指定的另一份代码（例如改动之前的提交）在同一批报告上的结果，与本代码交替构建。", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its page and JSON."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description="Benchmark the analysis step against the full build.")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated report counts")
    parser.add_argument("--repeat", type=int, default=2, help="builds per size; the fastest counts")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to measure alongside, e.g. the commit before a change")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench-analysis", help="work directory (recreated)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "maintainers", help="where to write analysis-benchmarks.md/.json; '-' writes nothing")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import machine  # noqa: PLC0415

    info = machine()
    label = f"{info['cpu']}，{info['cores']} 核，内存 {info['ram_gib']} GiB；开始时负载 {info['load_average_at_start']}"
    date = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z")
    if args.work.exists():
        shutil.rmtree(args.work)
    results = []
    for n in sizes:
        checkouts = {"current": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
        prepared = {name: prepare(n, source, args.work / name) for name, source in checkouts.items()}
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
        for i in range(max(1, args.repeat)):
            for name in reversed(list(checkouts)):  # baseline, current, baseline, current …
                project, config, _ = prepared[name]
                runs[name].append(run_build(project, config, project / f"timings{i}.json", project / f"build{i}.log"))
                print(f"[{n}] {name} {json.dumps(runs[name][-1])}", file=sys.stderr)
        result = {"reports": n, "normalize_seconds": round(prepared["current"][2], 3), "best": fastest(runs["current"]), "runs": runs["current"]}
        if args.baseline:
            result["baseline"] = {"best": fastest(runs["baseline"]), "runs": runs["baseline"]}
        results.append(result)
    raw = {"date": date, "machine": info, "max_share": MAX_SHARE, "results": results}
    print(json.dumps(raw, ensure_ascii=False, indent=2))
    if str(args.out) != "-":
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "analysis-benchmarks.json").write_text(json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (args.out / "analysis-benchmarks.md").write_text(render_markdown(results, date, label, max(1, args.repeat)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
