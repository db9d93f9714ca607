"""Benchmark search as a reader meets it: a cold page opened with ``?q=``, in Chromium.

Usage: python scripts/bench_search.py [--sizes 300,3000,20000] [--index-only-from 20000] [--render-only]

For each size, one synthetic corpus (``scripts/synth.py``, fixed seed) is normalized and
- up to ``--index-only-from`` reports: the whole site is built (``mkdocs build``) and opened
  over HTTP (a local server); the offline bundle is built too (``mkdocs.offline.yml``, zipped by
  ``scripts/build_offline.py``), unzipped and opened from ``file://``, counting any request
  that is not ``file://``;
- from there on: only the search index is built (``kb/site/searchindex.py``, themes tagged with
  the repository's taxonomy, 提法 from the user dictionary) and put into the smallest full site
  in place of its own, since a full site build of 20,000 reports takes too long for a benchmark.
Measured per query: time from navigation to the first result, bytes transferred (all requests,
and those of the index alone), and time from the next keystroke to its first results and to
its whole first page of results (20). Each cold load
uses a fresh browser profile (empty cache). Writes ``docs/maintainers/search-benchmarks.md`` (a
page of the site, left out of search) and ``search-benchmarks.json``; the page ends with the
Pagefind comparison from ``pagefind-benchmarks.json`` when ``scripts/bench_pagefind.py`` wrote it
(``--render-only`` rewrites the page from both JSON files without measuring again).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.paths import SHIPPED  # noqa: E402
from scripts.bench import machine, page_header, snapshot_project  # noqa: E402

QUERIES = ("三会一课", "廉政 教育", "支部")
NEXT_KEY = ("三会一课制", "廉政 教育培", "支部书")  # one more character typed after each query
TARGETS = {"first_result_s_3000": 1.0, "transfer_mb_3000": 2.0, "first_result_s_20000": 1.5, "next_key_s": 0.2}
OUT_DIR = ROOT / "docs" / "maintainers"
BEFORE = "改用本索引前（Material 的 lunr 搜索，1500 份报告）：HTTP 下首个结果 7–8 秒、传输 18.5 MB；file:// 下 8.2 秒；3000 份时索引 36 MB。"


def build_corpus(n: int, work: Path) -> Path:
    """A project with ``n`` synthetic reports, normalized."""
    project = work / f"n{n}"
    if project.exists():
        shutil.rmtree(project)
    snapshot_project(project)
    shutil.copytree(ROOT / "vendor", project / "vendor")
    shutil.copy2(ROOT / "mkdocs.offline.yml", project / "mkdocs.offline.yml")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "synth.py"), "--reports", str(n), "--out", str(project / "sources")], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "scripts/normalize.py"], cwd=project, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return project


def build_site(project: Path) -> float:
    """Seconds of a full ``mkdocs build`` of the project into ``site/``."""
    start = time.perf_counter()
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, check=True, env=env)
    return time.perf_counter() - start


def build_offline(project: Path, work: Path) -> tuple[Path, int, float]:
    """The offline bundle of ``project``: unzipped folder, zip size in bytes, build seconds."""
    import zipfile

    from scripts.build_offline import FOLDER, package

    start = time.perf_counter()
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    site = work / f"{project.name}-offline-site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.offline.yml", "-d", str(site)], cwd=project, check=True, env=env)
    archive = package(site, work / f"{project.name}-kb-offline.zip")
    seconds = time.perf_counter() - start
    dest = work / f"{project.name}-unzipped"
    shutil.rmtree(dest, ignore_errors=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(dest)
    return dest / FOLDER, archive.stat().st_size, seconds


def build_index_only(project: Path, site: Path) -> float:
    """Seconds to build only the search index of ``project`` into ``site/search/``."""
    from kb.reportfile import parse_report
    from kb.site.export import repository_themes
    from kb.site.registry import ReportPage, build_registry
    from kb.site.searchindex import IndexedPassage, IndexedReport, ThemeLabel, build_search_index, read_user_dictionary
    from kb.site.searchsite import write_index
    from kb.themes import load_taxonomy

    start = time.perf_counter()
    pages = build_registry(
        ReportPage(parse_report(p.read_text(encoding="utf-8"), f"reports/{p.name}"), f"reports/{p.name}", f"reports/{p.stem}/")
        for p in sorted((project / "docs" / "reports").glob("*.md"))
        if p.name != "index.md"
    )
    reports = [
        IndexedReport(pg.url, pg.report.meta.title, pg.report.meta.doc_type, pg.report.meta.year, pg.report.meta.place,
                      tuple(IndexedPassage(p.id, p.section, p.headings, p.text, tuple(repository_themes(pg, p))) for p in pg.passages))
        for pg in pages.pages
    ]
    taxonomy = load_taxonomy(SHIPPED.taxonomy)
    words = read_user_dictionary(SHIPPED.user_dictionary.read_text(encoding="utf-8"))
    files = build_search_index(reports, words, [ThemeLabel(t.id, t.name) for t in taxonomy.themes])
    shutil.rmtree(site / "search", ignore_errors=True)
    write_index(files, site)
    return time.perf_counter() - start


def folder_bytes(folder: Path) -> int:
    """Total size of the files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# Records when the next input event fires (capturing on the document: before search.js's own
# listener) and when the search box first says it answered the new query, and has its whole page.
_NEXT_KEY_PROBE = """() => {
  const box = document.querySelector('[data-kb-search]');
  document.addEventListener('input', () => { window.__kbInput = performance.now(); }, { capture: true, once: true });
  new MutationObserver(() => {
    const q = box.querySelector('input').value;
    if (window.__kbFirst === undefined && box.getAttribute('data-kb-answered') === q && window.__kbInput !== undefined) window.__kbFirst = performance.now();
    if (window.__kbComplete === undefined && box.getAttribute('data-kb-complete') === q && window.__kbInput !== undefined) window.__kbComplete = performance.now();
  }).observe(box, { attributes: true, attributeFilter: ['data-kb-answered', 'data-kb-complete'] });
}"""


def measure(browser, base: str, query: str, next_query: str) -> dict[str, float]:
    """One cold page load with ``?q=query``, then one more keystroke."""
    from urllib.parse import quote

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes = {"all": 0, "index": 0, "external": 0}

    def on_request(request) -> None:
        if not request.url.startswith(("file://", base)):
            sizes["external"] += 1

    def on_finished(request) -> None:
        response = request.response()
        body = len(response.body()) if response is not None else 0
        sizes["all"] += body
        if "/search/" in request.url:
            sizes["index"] += body

    page.on("request", on_request)
    page.on("requestfinished", on_finished)
    start = time.perf_counter()
    page.goto(base + "index.html?q=" + quote(query), wait_until="commit")
    page.wait_for_selector("[data-search-result]", timeout=60_000)
    first = time.perf_counter() - start
    first_sizes = dict(sizes)
    page.wait_for_selector(f"[data-kb-complete='{query}']", state="attached", timeout=60_000)
    # The next keystroke is timed inside the page, from the input event to the results on
    # screen: timed from Python it also counted Playwright's round trips (about 0.2 s here).
    page.evaluate(_NEXT_KEY_PROBE)
    page.locator("[data-kb-search] input").fill(next_query)
    page.wait_for_selector(f"[data-kb-complete='{next_query}']", state="attached", timeout=60_000)
    following, whole_page = page.evaluate("() => [window.__kbFirst - window.__kbInput, window.__kbComplete - window.__kbInput]")
    following, whole_page = following / 1000, whole_page / 1000
    context.close()
    return {
        "first_result_s": round(first, 3),
        "transfer_bytes": first_sizes["all"],
        "index_bytes": first_sizes["index"],
        "next_key_s": round(following, 3),
        "next_key_page_s": round(whole_page, 3),
        "external_requests": sizes["external"],
    }


def measure_site(site: Path, file_url: bool) -> list[dict[str, object]]:
    """Every query of the set against ``site``, over HTTP or from file://."""
    from playwright.sync_api import sync_playwright

    from tests.browser.browser import CHROMIUM, LAUNCH_ARGS
    from tests.browser.site import serve

    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        # One load not counted: the first page a fresh browser process opens is slower for
        # reasons of its own (each measured load still has a fresh profile and an empty cache).
        warm = browser.new_context()
        warm.new_page().goto((site / "index.html").as_uri())
        warm.close()
        if file_url:
            for q, nq in zip(QUERIES, NEXT_KEY):
                rows.append({"query": q, **measure(browser, site.as_uri() + "/", q, nq)})
        else:
            with serve(site) as base:
                for q, nq in zip(QUERIES, NEXT_KEY):
                    rows.append({"query": q, **measure(browser, base, q, nq)})
        browser.close()
    return rows


def bench_size(n: int, work: Path, host_site: Path | None, index_only: bool) -> dict[str, object]:
    """Build and measure one corpus size."""
    project = build_corpus(n, work)
    if index_only:
        assert host_site is not None, "an index-only size needs a smaller full site measured first"
        site = work / f"site-{n}"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(host_site, site, ignore=shutil.ignore_patterns("search"))
        seconds = build_index_only(project, site)
        offline = None
    else:
        seconds = build_site(project)
        site = project / "site"
        offline = build_offline(project, work)
    search = site / "search"
    result = {
        "reports": n,
        "index_only": index_only,
        "build_seconds": round(seconds, 1),
        "index_bytes": folder_bytes(search),
        "index_files": sum(1 for p in search.rglob("*.js")),
        "meta_bytes": (search / "meta.js").stat().st_size,
        "site_bytes": folder_bytes(site),
        "http": measure_site(site, file_url=False),
        "file": [] if offline is None else measure_site(offline[0], file_url=True),
        "offline_zip_bytes": None if offline is None else offline[1],
        "offline_build_seconds": None if offline is None else round(offline[2], 1),
        "offline_folder_bytes": None if offline is None else folder_bytes(offline[0]),
    }
    print(json.dumps(result, ensure_ascii=False), file=sys.stderr)
    return result


def _mb(n: float) -> str:
    return f"{n / 1_000_000:.2f} MB"


def render_markdown(results: list[dict], info: dict, date: str, out: Path | None = None) -> str:
    """The maintainers' search benchmark page, in Chinese."""
    lines = page_header("搜索性能基准", "bench_search.py", "search-benchmarks.json") + [
        "",
        f"- 日期：{date}",
        f"- 机器：{info['cpu']}，{info['cores']} 核，内存 {info['ram_gib']} GiB",
        "- 方法：Chromium（每次新的浏览器配置，缓存为空）打开首页 `index.html?q=查询词`，计时到第一个结果出现；"
        "“传输”是这次打开页面的全部请求（HTML、样式、脚本、索引），“其中索引”只计 `search/` 下的文件；"
        "“下一次按键”是在搜索框里再输入一个字（input 事件）到新查询的第一个结果显示出来的时间，在页面内计时"
        "（结果按排名逐条显示，不等整页），“整页”是到第一页 20 条结果全部显示的时间。HTTP 为本机的 Python 服务器（不压缩），"
        "file:// 为离线包（`mkdocs.offline.yml` 构建、`scripts/build_offline.py` 打包）解压后直接打开的文件夹。",
        "- “仅索引”：完整构建 2 万份报告对基准测试太慢，只构建搜索索引，放进最小一档的完整网站中测量（页面与报告页是小网站的，搜索索引是 2 万份的）。",
        f"- {BEFORE}",
        "",
        "| 报告数 | 构建 | 索引总大小 | 索引文件数 | meta.js | 方式 | 查询 | 首个结果 (秒) | 传输 | 其中索引 | 下一次按键 (秒) | 整页 (秒) |",
        "| ---: | --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        kind = "仅索引" if r["index_only"] else "完整网站"
        for way, rows in (("HTTP", r["http"]), ("file://", r["file"])):
            for row in rows:
                lines.append(
                    f"| {r['reports']} | {kind} {r['build_seconds']} 秒 | {_mb(r['index_bytes'])} | {r['index_files']} | {_mb(r['meta_bytes'])} | {way} | "
                    f"{row['query']} | {row['first_result_s']:.2f} | {_mb(row['transfer_bytes'])} | {_mb(row['index_bytes'])} | {row['next_key_s']:.2f} | {row['next_key_page_s']:.2f} |"
                )
    offline = [r for r in results if r["file"]]
    if offline:
        lines += [
            "",
            "## 离线包（file://）",
            "",
            "离线包用的是同一个分片索引（同样的 `search/` 文件，都是 `<script>`），不另建索引。下表：压缩包大小、解压后文件夹大小、"
            "从解压后的文件夹打开时各查询中最差的首个结果和下一次按键时间、非 file:// 请求数（应为 0）。",
            "",
            "| 报告数 | 构建并打包 | 压缩包 | 解压后 | 首个结果 (秒，最差) | 下一次按键 (秒，最差) | 整页 (秒，最差) | 外部请求 |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in offline:
            rows = r["file"]
            lines.append(
                f"| {r['reports']} | {r['offline_build_seconds']} 秒 | {_mb(r['offline_zip_bytes'])} | {_mb(r['offline_folder_bytes'])} | "
                f"{max(x['first_result_s'] for x in rows):.2f} | {max(x['next_key_s'] for x in rows):.2f} | "
                f"{max(x['next_key_page_s'] for x in rows):.2f} | {sum(x['external_requests'] for x in rows)} |"
            )
    lines += ["", "## 目标", "", "| 指标 | 目标 | 结果（各查询中最差的） | 结论 |", "| --- | --- | ---: | --- |"]
    by_n = {r["reports"]: r for r in results}
    checks = []
    if 3000 in by_n:
        worst = max(x["first_result_s"] for x in by_n[3000]["http"])
        checks.append(("3000 份，HTTP 首个结果", f"≤ {TARGETS['first_result_s_3000']} 秒", f"{worst:.2f} 秒", worst <= TARGETS["first_result_s_3000"]))
        most = max(x["transfer_bytes"] for x in by_n[3000]["http"])
        checks.append(("3000 份，HTTP 传输", f"≤ {TARGETS['transfer_mb_3000']} MB", _mb(most), most <= TARGETS["transfer_mb_3000"] * 1e6))
    if 20000 in by_n:
        worst = max(x["first_result_s"] for x in by_n[20000]["http"])
        checks.append(("20000 份，HTTP 首个结果", f"≤ {TARGETS['first_result_s_20000']} 秒", f"{worst:.2f} 秒", worst <= TARGETS["first_result_s_20000"]))
    nxt = max(x["next_key_s"] for r in results for x in r["http"] + r["file"])
    checks.append(("下一次按键，首批结果（全部规模与方式）", f"≤ {TARGETS['next_key_s']} 秒", f"{nxt:.2f} 秒", nxt <= TARGETS["next_key_s"]))
    full = max(x["next_key_page_s"] for r in results for x in r["http"] + r["file"])
    checks.append(("下一次按键，整页 20 条（全部规模与方式）", f"≤ {TARGETS['next_key_s']} 秒", f"{full:.2f} 秒", full <= TARGETS["next_key_s"]))
    for name, target, value, ok in checks:
        lines.append(f"| {name} | {target} | {value} | {'达标' if ok else '未达标'} |")
    lines.append("")
    lines += pagefind_section(OUT_DIR if out is None else out)
    return "\n".join(lines)


def pagefind_section(out: Path) -> list[str]:
    """The Pagefind comparison from ``pagefind-benchmarks.json`` (scripts/bench_pagefind.py), if measured."""
    raw = out / "pagefind-benchmarks.json"
    if not raw.exists():
        return []
    from scripts.bench_pagefind import render_pagefind_section

    return render_pagefind_section(json.loads(raw.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    """Run the search benchmark and write its page and JSON."""
    parser = argparse.ArgumentParser(description="Benchmark cold search in Chromium at several corpus sizes.")
    parser.add_argument("--sizes", default="300,3000,20000", help="comma-separated report counts")
    parser.add_argument("--index-only-from", type=int, default=20000, help="from this size on, build the search index only")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench-search", help="work directory (recreated)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where to write search-benchmarks.md/.json")
    parser.add_argument("--render-only", action="store_true", help="rewrite search-benchmarks.md from the JSON already measured (e.g. after bench_pagefind.py)")
    args = parser.parse_args(argv)
    if args.render_only:
        raw = json.loads((args.out / "search-benchmarks.json").read_text(encoding="utf-8"))
        (args.out / "search-benchmarks.md").write_text(render_markdown(raw["results"], raw["machine"], raw["date"], args.out), encoding="utf-8")
        return 0
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    info = machine()
    date = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z")
    if args.work.exists():
        shutil.rmtree(args.work)
    args.work.mkdir(parents=True)
    results: list[dict] = []
    host: Path | None = None
    for n in sizes:
        index_only = n >= args.index_only_from
        results.append(bench_size(n, args.work, host, index_only))
        if not index_only and host is None:
            host = args.work / f"n{n}" / "site"
    args.out.mkdir(parents=True, exist_ok=True)
    raw = {"date": date, "machine": info, "before": BEFORE, "results": results}
    (args.out / "search-benchmarks.json").write_text(json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (args.out / "search-benchmarks.md").write_text(render_markdown(results, info, date, args.out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
