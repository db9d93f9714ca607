"""Index and comparison pages: terms and tooltips, pairing, similar passages, catalogue, CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kb.model import Block, BlockType, Report, ReportMeta, SectionKind, Span
from kb.reportfile import parse_report
from kb.site.analysis import analyse
from kb.site.compare import ThemeRef, compare_pages
from kb.site.export import passages_csv
from kb.site.indexes import generated_pages
from kb.site.pairing import pair_reports
from kb.site.registry import ReportPage, build_registry
from kb.site.prerender import PageContext
from kb.site.reportpage import render_report_page
from mkdocs.structure.files import File, Files
from kb.site.similar import find_similar
from kb.site.terms import (
    Glossary,
    GlossaryEntry,
    GlossaryError,
    annotate_html,
    build_matcher,
    discover_terms,
    load_glossary,
    parse_glossary,
)
from kb.site.termpages import keyword_in_context
from pagerender import render_pages
from htmlscan import read_page
from kb.themes import load_taxonomy, tag_passage

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = load_glossary(ROOT / "data" / "glossary.yml")
TAXONOMY = load_taxonomy(ROOT / "data" / "themes.yml")


def seed(slug_prefix: str) -> Report:
    """A seed report page from docs/reports by its slug prefix."""
    (path,) = (ROOT / "docs" / "reports").glob(f"{slug_prefix}*.md")
    return parse_report(path.read_text(encoding="utf-8"), path.name)


def page_of(report: Report) -> ReportPage:
    """A registry page for a report, published where MkDocs would put it."""
    slug = report.meta.slug
    return ReportPage(report, f"reports/{slug}.md", f"reports/{slug}/")


def simple_report(slug: str, title: str, passages: list[tuple[SectionKind, str, str]]) -> Report:
    """A report with one heading per passage kind and the given (kind, id, text) passages."""
    blocks = tuple(Block(BlockType.PASSAGE, (Span(text),), id=pid, kind=kind) for kind, pid, text in passages)
    meta = ReportMeta(title=title, slug=slug, source=f"{slug}.txt", source_sha256="0" * 64, doc_type="述职报告", year=2023, passage_count=len(blocks))
    return Report(meta, blocks)


# ---------------------------------------------------------------- terms


def test_quoted_formulations_are_found_and_noise_is_not() -> None:
    texts = ["落实“三会一课”制度和“四议两公开一监督”。", "开展“走基层”活动。", "继续“走基层”，打造“旅游”品牌。", "让支部“活”起来。"]
    terms = discover_terms(texts, Glossary(exclude=("旅游",)))
    assert "三会一课" in terms and "四议两公开一监督" in terms  # numerals mark formulations
    assert "走基层" in terms  # quoted in two passages
    assert "旅游" not in terms and "活" not in terms


def test_repository_glossary_defines_the_common_terms() -> None:
    for term in ("三会一课", "两学一做", "一岗双责", "四议两公开一监督", "三重一大", "四风", "两个维护", "四个意识", "一把手", "双联", "三公", "八项规定"):
        assert GLOSSARY.definition(term), term


# Terms the issue named as reading （暂无释义） on the 提法 index, plus the core ones: each has a
# definition and the document that coined or defined it.
SOURCED_TERMS = ("三严三实", "一肩挑", "一事一议", "三资", "三会一课", "两学一做", "四风", "八项规定", "走基层")


def test_repository_glossary_defines_and_sources_the_terms_cadres_meet_most() -> None:
    missing = [t for t in SOURCED_TERMS if not GLOSSARY.definition(t) or not GLOSSARY.entries[t].source]
    assert not missing, f"data/glossary.yml 缺少这些常见提法的释义或出处：{missing}"


def test_seed_reports_leave_few_terms_undefined() -> None:
    from kb.reportfile import parse_report

    texts = [p.text for f in sorted((ROOT / "docs" / "reports").glob("*.md")) for p in parse_report(f.read_text(encoding="utf-8"), f.name).passages()]
    terms = discover_terms(texts, GLOSSARY)
    undefined = [t for t in terms if not GLOSSARY.definition(t)]
    # Before: 25 of 55 entries of the index read （暂无释义）.
    assert len(undefined) <= len(terms) // 3, f"{len(undefined)}/{len(terms)} 条提法没有释义：{undefined}"


@pytest.mark.parametrize(
    ("sentence", "phrase", "quirk"),
    [
        ("解决□村“三湾”群众吃水难的问题。", "三湾", "a hamlet's name with a numeral in it"),
        ("进一步完善“三级”学习制度。", "三级", "number + measure word, a fragment"),
        ("整治“三不”“四风”问题。", "三不", "number + 不, a fragment"),
        ("把监管延伸到“八小时”以外。", "八小时", "a quantity, a fragment of 八小时以外"),
    ],
)
def test_discovery_rejects_place_names_and_fragments(sentence: str, phrase: str, quirk: str) -> None:
    terms = discover_terms([sentence, sentence], Glossary())
    assert phrase not in terms, quirk


def test_discovery_still_finds_numbered_formulations() -> None:
    terms = discover_terms(["整治“三不”“四风”问题，落实“三会一课”，推行“五化”培养。"], Glossary())
    assert {"四风", "三会一课", "五化"} <= set(terms)


def test_a_glossary_source_must_be_text() -> None:
    with pytest.raises(GlossaryError, match=r"读取提法词表“g\.yml”出错：terms 下的“四风”的 source：.*请补上或删去这一行"):
        parse_glossary({"terms": {"四风": {"definition": "x", "source": ""}}}, "g.yml")
    assert parse_glossary({"terms": {"四风": {"definition": "x", "source": "《文件》"}}}, "g.yml").entries["四风"].source == "《文件》"


def test_glossary_errors_name_the_file_and_entry() -> None:
    with pytest.raises(GlossaryError, match=r"读取提法词表“g\.yml”出错：terms 下的“四风”：有不认识的键 \['definiton'\].*请检查拼写"):
        parse_glossary({"terms": {"四风": {"definiton": "拼错的键"}}}, "g.yml")
    with pytest.raises(GlossaryError, match=r"“g\.yml”出错：terms 下的“三公”的 avoid：.*请改正"):
        parse_glossary({"terms": {"三公": {"definition": "x", "avoid": ["公开"]}}}, "g.yml")


def test_a_glossary_that_is_not_yaml_is_refused_at_its_line(tmp_path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text("terms:\n  四风:\n    definition: 形式主义\n  三公: : 经费\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"读取提法词表“.*glossary\.yml”出错：第 4 行第 \d+ 列不是有效的 YAML.*请按这个位置改正"):
        load_glossary(path)


def test_tooltip_fires_inside_a_chinese_sentence() -> None:
    matcher = build_matcher(["四风", "三会一课"], GLOSSARY)
    out = annotate_html("<p>坚决整治四风问题，落实三会一课制度。</p>", matcher, GLOSSARY)
    assert '<abbr class="kb-term" title="形式主义、官僚主义、享乐主义和奢靡之风。" tabindex="0">四风</abbr>问题' in out
    assert ">三会一课</abbr>制度" in out


def test_tooltip_never_lands_in_attributes_links_or_headings() -> None:
    matcher = build_matcher(["四风"], GLOSSARY)
    page = (
        '<h2 id="s-1">整治四风<a class="headerlink" href="#s-1" title="四风">¶</a></h2>'
        '<p title="四风问题" data-x="四风">正文<a href="x/">四风链接</a></p>'
    )
    assert annotate_html(page, matcher, GLOSSARY) == page


def test_avoid_words_keep_a_short_term_out_of_longer_words() -> None:
    glossary = Glossary({"三公": GlossaryEntry("三公", "三公经费", ("三公开",))})
    matcher = build_matcher(["三公"], glossary)
    out = annotate_html("<p>落实“三公开”制度，控制三公经费。</p>", matcher, glossary)
    assert out.count("<abbr") == 1 and "“三公开”" in out


def test_keyword_in_context_bolds_the_term_and_escapes_text() -> None:
    snippet = keyword_in_context("前面<b>很长的一段文字在这里然后落实三会一课制度后面", "三会一课", width=4)
    assert snippet == ("…然后落实", "三会一课", "制度后面")
    assert keyword_in_context("没有这个词的一段很长的文字", "四风", width=3) == ("没有这个词的…", "", "")


# ---------------------------------------------------------------- pairing


def test_seed_problems_pair_with_the_measures_that_answer_them() -> None:
    reports = [seed(p) for p in ("jiezhong", "shuzhi-2020", "shuzhi-2023", "sixiang", "zicha")]
    report = reports[1]
    themes = {p.id: [m.theme for m in tag_passage(TAXONOMY, p.text, p.headings)] for p in report.passages()}
    by_heading = {p.headings[-1]: p.id for p in report.passages() if p.headings}
    # The IDF is over all five seeds, as in a build of them.
    found = pair_reports([r.passages() for r in reports], [themes if r is report else {} for r in reports])
    pairs = {p.problem: p.measure for p in found[1]}
    assert pairs[by_heading["督促落实党建责任还不够"]] == by_heading["坚持问题导向，落实党建工作责任"]
    assert pairs[by_heading["干部队伍综合素质不优"]] == by_heading["坚持人才培养，增强干部队伍后劲"]
    assert pairs[by_heading["作风顽疾尚未完全根除"]] == by_heading["坚持常态监督，深入推进作风建设"]


def test_unrelated_measures_are_not_paired() -> None:
    report = simple_report("r", "t", [(SectionKind.PROBLEM, "p-1", "理论学习流于形式，学用脱节。"), (SectionKind.MEASURE, "p-2", "大力发展蔬菜产业，建设冷链物流。")])
    assert pair_reports([report.passages()]) == [[]]


def test_a_problem_is_never_paired_with_another_reports_measure() -> None:
    # All reports are paired in one pass: the measure that answers it word for word is in the other report.
    a = simple_report("a", "t", [(SectionKind.PROBLEM, "p-1", "村级财务公开不及时，账目不清。"), (SectionKind.MEASURE, "p-2", "大力发展蔬菜产业，建设冷链物流。")])
    b = simple_report("b", "t", [(SectionKind.PROBLEM, "p-1", "理论学习流于形式。"), (SectionKind.MEASURE, "p-2", "村级财务公开及时，账目清楚。")])
    assert pair_reports([a.passages(), b.passages()]) == [[], []]


def test_two_shared_themes_pair_a_problem_with_a_measure_in_other_words() -> None:
    report = simple_report("r", "t", [(SectionKind.PROBLEM, "p-1", "干部作风漂浮。"), (SectionKind.MEASURE, "p-2", "蔬菜产业冷链。"), (SectionKind.MEASURE, "p-3", "清单管理台账。")])
    themes = {"p-1": ["作风", "廉政"], "p-2": ["作风", "廉政"], "p-3": ["作风", "廉政"]}
    # Equal scores: the first measure in reading order answers the problem.
    assert [(p.problem, p.measure) for p in pair_reports([report.passages()], [themes])[0]] == [("p-1", "p-2")]


# ---------------------------------------------------------------- similar passages

BASE = "坚持把党风廉政建设摆在突出位置，严格落实一岗双责，定期召开专题会议研究部署，层层签订目标责任书，确保责任落实到人。"


def test_near_duplicates_in_other_reports_are_linked_both_ways() -> None:
    texts = [
        BASE,  # report a
        BASE.replace("专题会议", "党委会议"),  # report b: one word changed
        BASE,  # report a again: same report, never linked
        "全镇共种植蔬菜三千亩，建成冷链仓库两座，带动农户增收致富，村集体经济收入稳步增长，产业结构不断优化。",
    ]
    links = find_similar(texts, ["a", "b", "a", "c"])
    assert [l.index for l in links[0]] == [1]
    assert [l.index for l in links[1]] == [0] or [l.index for l in links[1]] == [2]
    assert all(l.index != 2 for l in links[0]) and links[3] == []
    for i, found in enumerate(links):
        for link in found:
            assert i in [back.index for back in links[link.index]]  # symmetric


def test_similar_links_are_capped_and_deterministic() -> None:
    texts = [BASE.replace("突出", f"突出{n}") for n in range(12)]
    groups = [f"r{n}" for n in range(12)]
    first = find_similar(texts, groups)
    assert all(len(found) <= 3 for found in first) and any(first)
    assert first == find_similar(texts, groups)


# ---------------------------------------------------------------- pages from the analysis


@pytest.fixture(scope="module")
def two_reports():
    """Two small reports: a problem/measure pair in one, a near-duplicate measure in the other."""
    one = simple_report(
        "a-report",
        "甲镇**述职报告**",
        [
            (SectionKind.PROBLEM, "p-a1", "落实“三会一课”制度不严格，组织生活质量不高，党员教育管理不到位。"),
            (SectionKind.MEASURE, "p-a2", "严格落实“三会一课”制度，提高组织生活质量，加强党员教育管理工作。"),
        ],
    )
    two = simple_report(
        "b-report",
        "乙镇述职报告",
        [(SectionKind.MEASURE, "p-b1", "严格落实“三会一课”制度，提高组织生活质量，加强党员教育管理。")],
    )
    registry = build_registry([page_of(one), page_of(two)])
    themes = {("a-report", "p-a1"): ("organization",), ("a-report", "p-a2"): ("organization",), ("b-report", "p-b1"): ("organization",)}
    return registry, analyse(registry, themes, GLOSSARY)


def test_report_page_gets_pairing_and_similar_links(two_reports) -> None:
    registry, result = two_reports
    page = registry.pages[0]
    files = Files([File(p.src_uri, "docs", "site", use_directory_urls=True) for p in registry.pages])
    ctx = PageContext(page.src_uri, page.url, files)
    html = render_report_page(ctx, page, None, result, None).html
    out, back = (line for line in html.splitlines() if line.startswith('<p class="kb-rel"'))
    assert out.startswith('<p class="kb-rel" data-for="p-a1"') and back.startswith('<p class="kb-rel" data-for="p-a2"')
    assert '<span class="kb-rel-label">对应措施</span> <a href="#p-a2">严格落实“三会一课”制度，提高组织生活质量，加强…</a>' in out
    assert '<span class="kb-rel-label">回应问题</span> <a href="#p-a1">落实“三会一课”制度不严格，组织生活质量不高，党…</a>' in back
    # The link says which report, how similar and why: the key words both passages use.
    assert '<a href="../b-report/#p-b1" title="严格落实“三会一课”制度，提高组织生活质量，加强…">乙镇述职报告（高度相近，共同关键词：' in back
    assert "三会一课" in back.split("共同关键词：")[1] and "组织生活质量" in back.split("共同关键词：")[1]


@pytest.mark.parametrize(("score", "level"), [(1.0, "高度相近"), (0.3, "高度相近"), (0.2, "相近"), (0.1, "部分相近")])
def test_similar_links_say_how_close_in_words(score: float, level: str) -> None:
    from kb.site.analysis import SimilarPassage
    from kb.site.reportpage import similar_reason

    assert similar_reason(SimilarPassage(("r", "p-1"), score, ("三会一课", "党小组会"))) == f"{level}，共同关键词：三会一课、党小组会"
    assert similar_reason(SimilarPassage(("r", "p-1"), score, ())) == level


def _pages(registry, result, themes=(ThemeRef("organization", "组织建设"),)):
    """Every aggregate page of the two-report build, rendered."""
    return render_pages(generated_pages(registry, result, list(themes)), [p.src_uri for p in registry.pages])


def test_catalogue_links_every_report_and_escapes_titles(two_reports) -> None:
    registry, result = two_reports
    page = _pages(registry, result)["reports/index.md"].html
    assert '<a href="a-report/">甲镇**述职报告**</a>' in page and '<a href="b-report/">' in page
    assert '<td><span class="kb-tc">组织建设 2</span></td>' in page  # a chip per theme
    assert '<div class="kb-sortable kb-catalogue"><table>' in page
    assert "<th>主题</th>" not in _pages(registry, result, themes=())["reports/index.md"].html


def test_a_large_catalogue_becomes_a_list_of_years_each_with_its_table(two_reports, monkeypatch) -> None:
    import dataclasses

    from kb.site import catalogue
    from kb.site.registry import build_registry

    monkeypatch.setattr(catalogue, "MAX_ROWS", 1)
    registry, result = two_reports
    undated = dataclasses.replace(registry.pages[1].report, meta=dataclasses.replace(registry.pages[1].report.meta, year=None))
    registry = build_registry([registry.pages[0], page_of(undated)])
    pages = _pages(registry, result)
    index = read_page(pages["reports/index.md"].html)
    assert [a.attrs["href"] for a in index.find("a") if "by-year" in a.attrs["href"]] == ["by-year/2023/", "by-year/nd/"]
    assert "共 2 份报告" in index.text() and not index.find("a", href="a-report/")
    year = read_page(pages["reports/by-year/2023.md"].html)
    assert year.find("a", href="../../a-report/") and not year.find("a", href="../../b-report/")
    assert read_page(pages["reports/by-year/nd.md"].html).find("a", href="../../b-report/")
    assert "年份不详" in pages["reports/by-year/nd.md"].html


def test_compare_page_groups_by_kind_and_shows_the_answering_measure(two_reports) -> None:
    registry, result = two_reports
    page = _pages(registry, result)["compare/organization.md"].html
    problem = page[page.index('<h2 id="problem">') : page.index('<h2 id="cause">')]
    assert '<details class="kb-report">\n<summary>甲镇**述职报告**（1 段）</summary>' in problem
    assert "对应措施" in problem and '<a href="../../reports/a-report/#p-a2">' in problem
    assert '<p class="kb-excerpt kb-answer" data-kind="measure">' in problem
    assert page.index('id="practice"') < page.index('id="problem"') < page.index('id="measure"')


def test_compare_page_groups_the_same_matter_across_reports(two_reports) -> None:
    registry, result = two_reports
    page = _pages(registry, result)["compare/organization.md"].html
    assert '<a href="#same-matter">同一事项在各报告中的表述</a>' in page
    matter = page[page.index('<h2 id="same-matter">') :]
    assert len(read_page(matter).find("details", cls="kb-matter")) == 1
    summary = matter[matter.index("<summary>") : matter.index("</summary>")]
    assert "三会一课" in summary and "（2 份报告）" in summary  # named by the shared key words
    # Both towns' wording of the measure, each with its report's title linking to the passage.
    assert '<a href="../../reports/a-report/#p-a2" class="kb-source">甲镇**述职报告**</a>' in matter
    assert '<a href="../../reports/b-report/#p-b1" class="kb-source">乙镇述职报告</a>' in matter


def test_terms_index_lists_counts_and_definitions(two_reports) -> None:
    registry, result = two_reports
    html = _pages(registry, result)["terms/index.md"].html
    (link,) = [a for a in read_page(html).find("a") if a.attrs["href"].startswith("t-")]
    row = html[html.index(f'<a href="{link.attrs["href"]}">三会一课</a>') :].split("</tr>", 1)[0]
    assert row.endswith("<td>3</td><td>2</td>")  # three passages in two reports
    assert GLOSSARY.definition("三会一课") in row


def test_a_term_used_more_often_than_a_page_holds_continues_on_linked_pages(two_reports, monkeypatch) -> None:
    from kb.site import termpages

    monkeypatch.setattr(termpages, "PAGE_SIZE", 2)
    registry, result = two_reports
    pages = _pages(registry, result)
    slug = termpages.term_uri("三会一课")[len("terms/") : -len(".md")]
    first, second = pages[f"terms/{slug}.md"].html, pages[f"terms/{slug}/2.md"].html
    assert f"terms/{slug}/3.md" not in pages  # three uses fill two pages of two
    uses = [a.attrs["href"] for html in (first, second) for a in read_page(html).find("a") if "#p-" in a.attrs["href"]]
    assert sorted(href.rsplit("#", 1)[1] for href in uses) == ["p-a1", "p-a2", "p-b1"]  # each use once
    assert '<a href="2/">第 2 页</a>' in first and '<a href="../">第 1 页</a>' in second
    assert GLOSSARY.definition("三会一课") in first and GLOSSARY.definition("三会一课") not in second
    assert "出现在 2 份报告的 3 个段落中" in second


def test_csv_has_a_bom_the_json_fields_and_terms(two_reports) -> None:
    _, result = two_reports
    records = [{"id": "p-a1", "report": "a-report", "source": "a.txt", "section": "problem", "headings": ["一、", "（一）"], "text": "落实“三会一课”，", "url": "u", "themes": ["organization"]}]
    text = passages_csv(records, result.terms_of)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert rows[0]["terms"] == "三会一课" and rows[0]["headings"] == "一、 › （一）" and rows[0]["text"] == "落实“三会一课”，"


def test_comparison_pages_paginate_many_reports() -> None:
    reports = [
        simple_report(f"r{n:03d}", f"第{n}镇报告", [(SectionKind.PRACTICE, f"p-{n:03d}", f"第{n}镇组织党员学习，共{n}次。")])
        for n in range(120)
    ]
    registry = build_registry([page_of(r) for r in reports])
    result = analyse(registry, {(r.meta.slug, r.blocks[0].id): ("study",) for r in reports}, GLOSSARY)
    pages = compare_pages([ThemeRef("study", "学习")], result)
    assert [(p.uri, p.in_nav) for p in pages] == [
        ("compare/index.md", True), ("compare/study.md", True),
        ("compare/study/practice-2.md", False), ("compare/study/practice-3.md", False),
    ]
    rendered = render_pages(pages, [p.src_uri for p in registry.pages])
    first = rendered["compare/study.md"].html
    assert first.count('<details class="kb-report">') == 50 and "120 份报告" in first
    assert '<a href="practice-2/">第 2 页</a>' in first and '<a href="practice-3/">第 3 页</a>' in first
    last = rendered["compare/study/practice-3.md"].html
    assert last.count('<details class="kb-report">') == 20
    assert '<a href="../#practice">第 1 页</a>' in last and "<strong>第 3 页</strong>" in last
