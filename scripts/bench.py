"""Benchmark the site build at several corpus sizes and write the results into the site.

Usage: python scripts/bench.py [--sizes 300,1000,3000] [--work DIR] [--out DIR]

For each size, in one run and on one synthetic corpus (``scripts/synth.py``, fixed seed):
  (a) ``python scripts/normalize.py`` then ``mkdocs build`` with every hook;
  (b) the same build with ``hooks: []`` over the pages (a) normalized;
  (c) plain Material over the same report pages: its own search, auto nav, no hooks.
Each build runs in a fresh child process so its peak memory is its own. The normalizer is
also timed in-process against a plain read-and-regex pass over the same files.
Writes ``docs/maintainers/benchmarks.md`` (a page of the site) and ``benchmarks.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.normalize.jobs import default_workers  # noqa: E402
from kb.normalize.pipeline import normalize_tree  # noqa: E402
from kb.paths import ID_LOCK, REPORTS  # noqa: E402
from kb.reportfile import parse_report  # noqa: E402

DEFAULT_SIZES = (300, 1000, 3000)
PROJECT_PARTS = ("hooks", "kb", "scripts", "docs", "data", "mkdocs.yml")
# Not copied: committed report pages (a run writes its own) and the id lock of the real corpus.
SKIPPED = ("__pycache__", REPORTS, Path(ID_LOCK).name)
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pyyaml", "numpy")  # jieba left the build with the search engine
PAGE_LIMIT = 1_000_000  # bytes: no generated page may be larger at 3000 reports
PLAIN_PATTERN = re.compile(r"[\u4e00-\u9fff]+")

# Targets of issue 5.
MAX_PER_REPORT_GROWTH = 1.2
MAX_HOOK_SHARE = 0.15
MAX_INDEX_RATIO = 1.5
MAX_NORMALIZER_RATIO = 10.0


@dataclass
class BuildRun:
    """One child process: wall time, peak memory and what the build wrote."""

    seconds: float
    max_rss_mb: float
    exit_code: int
    cpu_seconds: float = 0.0  # user + system time of the process and the workers it waited for
    warnings: int = 0
    site_bytes: int = 0
    index_bytes: int = 0
    largest_page: str = ""
    largest_page_bytes: int = 0
    pages_over_limit: list[str] = field(default_factory=list)
    samples: list[float] = field(default_factory=list)  # every timing taken; `seconds` is the fastest


@dataclass
class SizeResult:
    """Every measurement for one corpus size."""

    reports: int
    source_bytes: int
    report_text_bytes: int
    normalize: BuildRun
    build_a: BuildRun
    build_b: BuildRun
    build_c: BuildRun | None  # None when skipped (--baseline-max): its auto nav is quadratic
    normalizer_seconds: float  # as the command line runs it: default_workers() processes
    plain_pass_seconds: float
    normalizer_one_process_seconds: float
    normalizer_workers: int
    normalizer_rerun_seconds: float = 0.0
    create_files_seconds: float = 0.0

    @property
    def total_a(self) -> float:
        """(a) as a user runs it: normalize, then build with every hook."""
        return self.normalize.seconds + self.build_a.seconds


def run_child(cmd: list[str], cwd: Path, log: Path) -> BuildRun:
    """Run ``cmd`` in a fresh process; time it and read its own peak RSS with wait4."""
    with log.open("wb") as out:
        start = time.perf_counter()
        env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1) or (proc.returncode and "mkdocs" in cmd):
        # normalize.py exits 1 when it refused a file; any failed build makes the numbers moot.
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}; see {log}")
    warnings = log.read_text(encoding="utf-8", errors="replace").count("WARNING")
    # Linux reports ru_maxrss in KiB.
    cpu = usage.ru_utime + usage.ru_stime
    return BuildRun(round(seconds, 3), round(usage.ru_maxrss / 1024, 1), proc.returncode, warnings=warnings, cpu_seconds=round(cpu, 3))


def measure_site(run: BuildRun, site: Path, generated_prefixes: tuple[str, ...] = ()) -> BuildRun:
    """Add site size, search index size and the largest HTML pages to a build run."""
    largest, largest_bytes, total = "", 0, 0
    over: list[str] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix == ".html":
            rel = path.relative_to(site).as_posix()
            if size > largest_bytes:
                largest, largest_bytes = rel, size
            if size > PAGE_LIMIT:
                over.append(f"{rel} ({size})")
    # Ours is a folder of shards (search/); plain Material's (c) is search/search_index.json.
    index = site / "search"
    run.site_bytes = total
    run.index_bytes = sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) if index.is_dir() else 0
    run.largest_page, run.largest_page_bytes = largest, largest_bytes
    run.pages_over_limit = over
    return run


def snapshot_project(dest: Path) -> Path:
    """Copy the site's code and assets once, so edits during a run cannot mix versions."""
    ignore = shutil.ignore_patterns(*SKIPPED)
    for part in PROJECT_PARTS:
        src, target = ROOT / part, dest / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, target)
    return dest


def derived_config(project: Path, name: str, changes: dict[str, object], drop: tuple[str, ...] = ()) -> Path:
    """Write a variant of the project's mkdocs.yml beside it."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in drop:
        config.pop(key, None)
    config.update(changes)
    path = project / name
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def plain_material_config(project: Path) -> Path:
    """What a user gets without us: Material, its own search, auto nav, no hooks."""
    ours = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "site_name": ours["site_name"],
        "docs_dir": "docs-plain",
        "site_dir": "site-c",
        "theme": {"name": "material", "language": "zh"},
        # Same Markdown extensions, so the same report pages parse the same way.
        "markdown_extensions": ours.get("markdown_extensions", []),
        "plugins": ["search"],
    }
    path = project / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def report_text_bytes(reports_dir: Path) -> int:
    """UTF-8 size of what readers see of the reports: titles, headings and every block's text."""
    total = 0
    for path in sorted(reports_dir.glob("*.md")):
        report = parse_report(path.read_text(encoding="utf-8"), f"reports/{path.name}")
        text = report.meta.title + "".join(b.number + b.text for b in report.blocks)
        total += len(text.encode("utf-8"))
    return total


def plain_pass(sources: Path) -> float:
    """Seconds for the simplest useful pass: read, decode and one regex over every source."""
    start = time.perf_counter()
    for path in sorted(sources.iterdir()):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
        PLAIN_PATTERN.findall(text)
    return time.perf_counter() - start


def normalize_once(sources: Path, workers: int = 1) -> float:
    """Seconds of one cold ``normalize_tree`` run (no lock file yet) into a scratch folder.

    The folder is made beside ``sources``, on the disk the project's own pages are written to.
    """
    with tempfile.TemporaryDirectory(dir=sources.parent) as scratch:
        start = time.perf_counter()
        normalize_tree(sources, Path(scratch) / "docs", Path(scratch) / "lock.json", workers=workers)
        return time.perf_counter() - start


@dataclass
class NormalizerTimes:
    """Seconds of the normalizer and of what it is compared with, each the best of its runs."""

    cold: float  # no pages and no lock yet, with the command line's processes
    cold_one_process: float
    rerun: float  # pages and lock already there and up to date, as a maintainer re-runs it
    plain_pass: float
    create_files: float  # making as many new, empty files as there are reports


def create_files(folder: Path, count: int) -> float:
    """Seconds to create ``count`` new empty files in a new folder (what writing pages costs the disk)."""
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        start = time.perf_counter()
        for i in range(count):
            os.close(os.open(os.path.join(scratch, f"{i}.md"), os.O_WRONLY | os.O_CREAT, 0o644))
        return time.perf_counter() - start


def time_normalizer(project: Path, workers: int, repeat: int = 3) -> NormalizerTimes:
    """The normalizer cold with ``workers`` processes and with one, re-run, and the passes it is compared with.

    The best of ``repeat`` each; all take turns, so a slow spell on the machine favours none.
    """
    sources = project / "sources"
    count = sum(1 for _ in sources.iterdir())
    cold, one, rerun, plain, create = [], [], [], [], []
    with tempfile.TemporaryDirectory(dir=project) as kept:
        docs, lock = Path(kept) / "docs", Path(kept) / "lock.json"
        normalize_tree(sources, docs, lock, workers=workers)
        for _ in range(repeat):
            plain.append(plain_pass(sources))
            cold.append(normalize_once(sources, workers))
            one.append(normalize_once(sources, 1))
            start = time.perf_counter()
            normalize_tree(sources, docs, lock, workers=workers)
            rerun.append(time.perf_counter() - start)
            create.append(create_files(project, count))
    return NormalizerTimes(*(round(min(x), 4) for x in (cold, one, rerun, plain, create)))


def mkdocs_build(project: Path, config: Path, log: Path) -> BuildRun:
    """``mkdocs build`` of one config in a child process (not strict: warnings are counted)."""
    return run_child([sys.executable, "-m", "mkdocs", "build", "-f", str(config)], project, log)


def fastest(runs: list[BuildRun]) -> BuildRun:
    """The fastest of repeated runs of one build, keeping every sample's time.

    On a small shared machine a single sample is often off by 15% or more; the fastest run is
    the one least disturbed by other work, and (a) and (b) are compared fastest to fastest.
    """
    best = min(runs, key=lambda r: r.seconds)
    best.samples = [r.seconds for r in runs]
    return best


def bench_size(n: int, snapshot: Path, work: Path, baseline_max: int | None = None, repeat: int = 2) -> SizeResult:
    """Generate ``n`` reports and run (a), (b) and (c) on them ((c) only up to ``baseline_max``).

    (a) and (b) run ``repeat`` times, taking turns so that a slow spell hits both alike.
    """
    project = work / f"n{n}"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(snapshot, project)
    logs = project / "logs"
    logs.mkdir()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "synth.py"), "--reports", str(n), "--out", str(project / "sources")], check=True, stdout=subprocess.DEVNULL)
    source_bytes = sum(p.stat().st_size for p in (project / "sources").iterdir())
    workers = default_workers()
    times = time_normalizer(project, workers)
    print(
        f"[{n}] normalizer {times.cold:.2f}s ({workers} processes), {times.cold_one_process:.2f}s (one), re-run {times.rerun:.2f}s, "
        f"plain pass {times.plain_pass:.3f}s, creating {n} files {times.create_files:.3f}s",
        file=sys.stderr,
    )

    normalize = run_child([sys.executable, "scripts/normalize.py"], project, logs / "normalize.log")
    text_bytes = report_text_bytes(project / "docs" / "reports")

    config_a = derived_config(project, "mkdocs-a.yml", {"site_dir": "site-a"})
    config_b = derived_config(project, "mkdocs-b.yml", {"site_dir": "site-b", "hooks": []})
    runs_a: list[BuildRun] = []
    runs_b: list[BuildRun] = []
    for i in range(repeat):
        runs_a.append(mkdocs_build(project, config_a, logs / f"a{i}.log"))
        runs_b.append(mkdocs_build(project, config_b, logs / f"b{i}.log"))
        print(f"[{n}] (a) {normalize.seconds:.1f}s + {runs_a[-1].seconds:.1f}s, (b) {runs_b[-1].seconds:.1f}s", file=sys.stderr)
    build_a = measure_site(fastest(runs_a), project / "site-a")
    build_b = measure_site(fastest(runs_b), project / "site-b")

    build_c = None
    if baseline_max is None or n <= baseline_max:
        plain_docs = project / "docs-plain"
        shutil.copytree(project / "docs" / "reports", plain_docs / "reports")
        (plain_docs / "index.md").write_text("# 乡镇班子建设知识库\n", encoding="utf-8")
        build_c = measure_site(fastest([mkdocs_build(project, plain_material_config(project), logs / "c.log")]), project / "site-c")
        print(f"[{n}] (c) {build_c.seconds:.1f}s", file=sys.stderr)

    return SizeResult(
        n, source_bytes, text_bytes, normalize, build_a, build_b, build_c, times.cold, times.plain_pass, times.cold_one_process, workers,
        times.rerun, times.create_files,
    )


def machine() -> dict[str, object]:
    """The machine and software the numbers were measured on."""
    cpu = "unknown"
    mem_kib = 0
    for line in _read_lines("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    for line in _read_lines("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def summary(results: list[SizeResult]) -> dict[str, object]:
    """The ratios the targets are stated in, with pass/fail for each."""
    by_n = {r.reports: r for r in results}
    small, large = min(by_n), max(by_n)
    mid = 1000 if 1000 in by_n else sorted(by_n)[len(by_n) // 2]
    per = {n: r.total_a / n for n, r in by_n.items()}
    growth = per[large] / per[small] if large != small else None
    m = by_n[mid]
    hook_share = (m.build_a.seconds - m.build_b.seconds) / m.build_a.seconds
    # Wall time counts work done beside the build (search segmenting in a worker) as free; CPU
    # time does not, so it shows what the hooks cost whatever the number of cores.
    hook_cpu_share = (m.build_a.cpu_seconds - m.build_b.cpu_seconds) / m.build_a.cpu_seconds if m.build_a.cpu_seconds else None
    index_ratio = {n: r.build_a.index_bytes / r.report_text_bytes for n, r in by_n.items()}
    norm_ratio = m.normalizer_seconds / m.plain_pass_seconds
    one_ratio = m.normalizer_one_process_seconds / m.plain_pass_seconds
    rerun_ratio = m.normalizer_rerun_seconds / m.plain_pass_seconds
    create_ratio = m.create_files_seconds / m.plain_pass_seconds
    over = by_n[large].build_a.pages_over_limit
    return {
        "small": small, "mid": mid, "large": large,
        "per_report_seconds_a": {str(n): round(v, 5) for n, v in per.items()},
        "per_report_growth": _check(growth, growth is not None and growth <= MAX_PER_REPORT_GROWTH),
        "a_vs_c_at_mid": _check(m.total_a / m.build_c.seconds, m.total_a < m.build_c.seconds) if m.build_c else _check(None, False),
        "hook_share_at_mid": _check(hook_share, hook_share <= MAX_HOOK_SHARE),
        "hook_cpu_share_at_mid": _check(hook_cpu_share, hook_cpu_share is not None and hook_cpu_share <= MAX_HOOK_SHARE),
        "index_to_text": {str(n): _check(v, v <= MAX_INDEX_RATIO) for n, v in index_ratio.items()},
        "baseline_index_to_text": {str(n): round(r.build_c.index_bytes / r.report_text_bytes, 3) for n, r in by_n.items() if r.build_c},
        "pages_over_1mb_at_large": _check(len(over), not over) | {"pages": over},
        "normalizer_to_plain_at_mid": _check(norm_ratio, norm_ratio <= MAX_NORMALIZER_RATIO) | {"workers": m.normalizer_workers},
        "normalizer_one_process_to_plain_at_mid": _check(one_ratio, one_ratio <= MAX_NORMALIZER_RATIO),
        "normalizer_rerun_to_plain_at_mid": _check(rerun_ratio, rerun_ratio <= MAX_NORMALIZER_RATIO),
        "creating_files_to_plain_at_mid": round(create_ratio, 3),
    }


def _check(value: float | None, ok: bool) -> dict[str, object]:
    return {"value": None if value is None else round(value, 3), "pass": bool(ok)}


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _ok(check: dict[str, object]) -> str:
    return "达标" if check["pass"] else "未达标"


def page_header(title: str, script: str, data_file: str) -> list[str]:
    """The opening lines of a generated maintainers' benchmark page."""
    return [
        # A maintainers' page: readers' search and nav leave it out (nav: not_in_nav in mkdocs.yml).
        "---",
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# {title}",
        "",
        f"本页由 `python scripts/{script}` 生成，请勿手工编辑；原始数据见同目录的 "
        f"[`{data_file}`]({data_file})。报告由 `scripts/synth.py` 按固定随机种子合成。",
    ]


def render_markdown(results: list[SizeResult], info: dict[str, object], summ: dict[str, object], date: str, repeat: int = 1) -> str:
    """The maintainers' benchmark page, in Chinese."""
    pk = info["packages"]
    lines = page_header("构建性能基准", "bench.py", "benchmarks.json") + [
        "",
        f"- 日期：{date}",
        f"- 机器：{info['cpu']}，{info['cores']} 核，内存 {info['ram_gib']} GiB；开始时负载 {info['load_average_at_start']}",
        f"- 软件：Python {info['python']}，" + "，".join(f"{k} {v}" for k, v in pk.items()),
        "- 三种构建：(a) 规范化 + 本站完整构建（全部钩子）；(b) 同一配置但关闭钩子；"
        "(c) 不用本站时的基线：Material 默认配置（自带搜索、自动导航、无钩子）构建同样的报告页。",
        f"- 时间为墙钟时间；同一台机器上可能有其他任务，单次数值有噪声：(a) 与 (b) 各交替运行 {repeat} 次取最快一次"
        "（每次的时间见 JSON 的 `samples`），(c) 运行一次；比值在同一次运行内比较。",
        "- 规范化速度指标：`normalize_tree` 冷启动（无 id 锁文件、无报告页，写入一个新目录）与“读取、解码加一次正则”的"
        "单进程简单遍历交替各运行 3 次，各取最快一次相比；规范化按命令行 `scripts/normalize.py` 的默认方式运行"
        "（每核一个进程，最多 4 个）。单进程冷启动、在已有最新页面和锁文件上重新运行、以及新建同样多个空文件的时间另列备查。",
        "",
        "## 结果",
        "",
        "| 报告数 | 构建 | 时间 (秒) | CPU 时间 (秒) | 每份报告 (毫秒) | 峰值内存 (MB) | 站点大小 | 搜索索引 | 索引/正文 | 最大页面 |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        rows = (
            ("规范化", r.normalize, r.normalize.seconds),
            ("(a) 完整", r.build_a, r.total_a),
            ("(b) 无钩子", r.build_b, r.build_b.seconds),
            ("(c) 基线", r.build_c, r.build_c.seconds if r.build_c else 0.0),
        )
        for label, run, seconds in rows:
            if run is None:
                lines.append(f"| {r.reports} | {label} | 未运行（`--baseline-max`） | – | – | – | – | – | – | – |")
                continue
            is_site = run is not r.normalize
            lines.append(
                f"| {r.reports} | {label} | {seconds:.1f} | {run.cpu_seconds:.1f} | {seconds / r.reports * 1000:.1f} | {run.max_rss_mb:.0f} | "
                + (f"{_mb(run.site_bytes)} | {_mb(run.index_bytes)} | {run.index_bytes / r.report_text_bytes:.2f} | "
                   f"`{run.largest_page}` {run.largest_page_bytes / 1000:.0f} KB |" if is_site else "– | – | – | – |")
            )
    lines += [
        "",
        "(a) 的时间包括规范化与构建两步；“索引/正文”为 `search/` 下全部文件（(c) 为其中的 `search_index.json`）的字节数除以报告正文"
        "（标题、各级标题和全部段落）的 UTF-8 字节数。",
        "",
        "## 指标",
        "",
        "| 指标 | 目标 | 结果 | 结论 |",
        "| --- | --- | ---: | --- |",
    ]
    s, m, lg = summ["small"], summ["mid"], summ["large"]
    g = summ["per_report_growth"]
    lines.append(f"| 每份报告构建时间：{lg} 份 / {s} 份 | ≤ {MAX_PER_REPORT_GROWTH} | {g['value']} | {_ok(g)} |")
    c = summ["a_vs_c_at_mid"]
    lines.append(f"| {m} 份时 (a) / (c) | < 1 | {c['value']} | {_ok(c)} |" if c["value"] is not None else f"| {m} 份时 (a) / (c) | < 1 | 未运行 (c) | – |")
    h = summ["hook_share_at_mid"]
    # Retired targets (issue 13): kept on the page for reference, no longer pass/fail.
    lines.append(f"| {m} 份时钩子占 (a) 构建的比例：((a)−(b)) / (a)，不含规范化（备查：目标已取消） | – | {h['value']:.1%} | – |")
    hc = summ["hook_cpu_share_at_mid"]
    if hc["value"] is not None:
        lines.append(f"| 同上，按 CPU 时间计（备查：搜索分词在另一进程中并行，不计入墙钟时间） | – | {hc['value']:.1%} | – |")
    for n, check in summ["index_to_text"].items():
        lines.append(f"| {n} 份时搜索索引 / 正文 | ≤ {MAX_INDEX_RATIO} | {check['value']} | {_ok(check)} |")
    p = summ["pages_over_1mb_at_large"]
    lines.append(f"| {lg} 份时超过 1 MB 的页面数 | 0 | {p['value']} | {_ok(p)} |")
    nr = summ["normalizer_to_plain_at_mid"]
    lines.append(f"| {m} 份时规范化（{nr['workers']} 个进程）/ 读取加正则的简单遍历（备查：目标已取消） | – | {nr['value']} | – |")
    one = summ["normalizer_one_process_to_plain_at_mid"]
    lines.append(f"| {m} 份时规范化（单进程）/ 读取加正则的简单遍历（备查） | – | {one['value']} | – |")
    rr = summ["normalizer_rerun_to_plain_at_mid"]
    lines.append(f"| {m} 份时重新规范化（页面和锁文件已是最新，维护者日常的情形）/ 简单遍历（备查） | – | {rr['value']} | – |")
    lines.append(f"| {m} 份时在本机新建 {m} 个空文件 / 简单遍历（备查：冷启动要新建每个报告页，这部分由磁盘决定） | – | {summ['creating_files_to_plain_at_mid']} | – |")
    if p["pages"]:
        lines += ["", "超过 1 MB 的页面：", ""] + [f"- `{x}`" for x in p["pages"]]
    lines.append("")
    return "\n".join(lines)


def _size_result(record: dict[str, object]) -> SizeResult:
    """A SizeResult read back from benchmarks.json."""
    values = {k: v for k, v in record.items() if k != "total_a_seconds"}
    for name in ("normalize", "build_a", "build_b", "build_c"):
        if values.get(name) is not None:
            values[name] = BuildRun(**values[name])
    return SizeResult(**values)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its page and JSON."""
    parser = argparse.ArgumentParser(description="Benchmark the site build at several corpus sizes.")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated report counts")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench", help="work directory (recreated)")
    parser.add_argument("--baseline-max", type=int, default=None, help="skip (c) above this many reports (its auto nav is quadratic)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of (a) and (b) per size; the fastest counts")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "maintainers", help="where to write benchmarks.md/.json")
    parser.add_argument("--render-only", action="store_true", help="measure nothing: write benchmarks.md again from --out's benchmarks.json")
    args = parser.parse_args(argv)
    if args.render_only:
        raw = json.loads((args.out / "benchmarks.json").read_text(encoding="utf-8"))
        results = [_size_result(r) for r in raw["results"]]
        repeat = max(len(r.build_a.samples) for r in results) or 1
        (args.out / "benchmarks.md").write_text(render_markdown(results, raw["machine"], raw["summary"], raw["date"], repeat), encoding="utf-8")
        return 0
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    info = machine()
    date = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z")
    if args.work.exists():
        shutil.rmtree(args.work)
    snapshot = snapshot_project(args.work / "_project")
    results = [bench_size(n, snapshot, args.work, args.baseline_max, max(1, args.repeat)) for n in sizes]
    summ = summary(results)
    args.out.mkdir(parents=True, exist_ok=True)
    raw = {"date": date, "machine": info, "summary": summ, "results": [asdict(r) | {"total_a_seconds": round(r.total_a, 3)} for r in results]}
    (args.out / "benchmarks.json").write_text(json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (args.out / "benchmarks.md").write_text(render_markdown(results, info, summ, date, max(1, args.repeat)), encoding="utf-8")
    print(json.dumps(summ, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
