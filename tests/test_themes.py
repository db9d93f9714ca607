"""Themes: the taxonomy file is validated, tagging is explainable, and its quality is measured."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from kb.model import Passage, SectionKind, Span
from kb.reportfile import parse_report
from kb.site.registry import ReportPage
from kb.site.themepages import PAGE_SIZE, ThemeParts, theme_pages
from kb.site.themes import TaggedPassage, absolute_url, citation, ThemeIndex
from pagerender import render_pages
from kb.themes import TaxonomyError, load_taxonomy, parse_taxonomy, tag_passage

TAXONOMY = ROOT / "data" / "themes.yml"
LABELS = Path(__file__).parent / "labels"
CORE = ("study", "integrity", "democracy", "industry")


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(TAXONOMY)


def seed_passages() -> list[Passage]:
    """Every passage of the committed report pages."""
    out: list[Passage] = []
    for path in sorted((ROOT / "docs" / "reports").glob("*.md")):
        out.extend(parse_report(path.read_text(encoding="utf-8"), str(path)).passages())
    return out


# ---------------------------------------------------------------- taxonomy file


def minimal(**theme) -> dict:
    base = {"id": "study", "name": "学习", "description": "理论学习。", "terms": {"理论学习": 3}}
    return {"themes": [{**base, **theme}]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (minimal(trems={"学习": 1}), "theme 'study': unknown key(s) ['trems']"),
        ({"themes": [minimal()["themes"][0], minimal()["themes"][0]]}, "theme 'study' (#2): duplicate id"),
        (minimal(terms={}), "theme 'study': 'terms' must be a non-empty mapping"),
        (minimal(terms=None), "theme 'study': 'terms' must be a non-empty mapping"),
        (minimal(terms={"学习": -1}), "theme 'study': 'terms' needs at least one positive weight"),
        (minimal(terms={"学习": "high"}), "theme 'study': weight of term '学习' must be a non-zero number"),
        (minimal(id="Study Theme"), "theme 'Study Theme': 'id' must be lowercase ASCII"),
        ({"themes": [{"name": "学习"}]}, "theme #1: missing key(s) ['id', 'description', 'terms']"),
        ({"themse": []}, "top level: unknown key(s) ['themse']"),
        ({**minimal(), "heading_says": 0}, "top level: 'heading_says' must be a positive number"),
    ],
    ids=["unknown key", "duplicate id", "empty terms", "null terms", "no positive term", "bad weight", "bad id", "missing keys", "top-level typo", "bad heading_says"],
)
def test_bad_taxonomy_is_refused_naming_file_and_entry(data: dict, message: str) -> None:
    with pytest.raises(TaxonomyError) as excinfo:
        parse_taxonomy(data, "data/themes.yml")
    assert str(excinfo.value).startswith("Error reading taxonomy 'data/themes.yml': ")
    assert message in str(excinfo.value)


def test_repository_taxonomy_has_the_core_themes(taxonomy) -> None:
    ids = [t.id for t in taxonomy.themes]
    assert set(CORE) <= set(ids)
    assert taxonomy.get("study").name == "学习" and taxonomy.get("democracy").name == "民主决策"
    assert all(t.description and t.terms for t in taxonomy.themes)


# ---------------------------------------------------------------- tagging rules


def themes_of(taxonomy, text: str, headings: tuple[str, ...] = ()) -> set[str]:
    return {m.theme for m in tag_passage(taxonomy, text, headings)}


def test_tagging_keeps_the_deciding_terms(taxonomy) -> None:
    (match,) = [m for m in tag_passage(taxonomy, "坚持党委理论学习中心组学习制度，全年开展集中学习12次。") if m.theme == "study"]
    assert match.score >= match.threshold
    assert set(match.terms) >= {"理论学习", "集中学习"}


def test_longer_terms_win_and_excluded_phrases_do_not_count(taxonomy) -> None:
    # 考察学习 is a study tour: the industry words decide, not 学习.
    assert "study" not in themes_of(taxonomy, "组织班子成员赴外地考察学习蔬菜产业发展经验。")
    # 三公开 (public affairs) is not 三公经费.
    assert "integrity" not in themes_of(taxonomy, "认真落实党务、村务、财务“三公开”制度。")
    # 民主生活会 is organizational life, not decision making.
    assert "democracy" not in themes_of(taxonomy, "每年召开两次高质量民主生活会。")


def test_industry_facts_are_not_integrity(taxonomy) -> None:
    text = "新建日光温室50座，出栏肉鸡35万只，获净利润80万元以上，主导产业规模稳步扩大。"
    assert themes_of(taxonomy, text) == {"industry"}


def test_headings_add_evidence_at_less_weight(taxonomy) -> None:
    weak = "组织干部集中学习有关文件。"
    assert "study" not in themes_of(taxonomy, weak)
    assert "study" in themes_of(taxonomy, weak, ("坚持理论学习制度",))
    (match,) = [m for m in tag_passage(taxonomy, weak, ("坚持理论学习制度",)) if m.theme == "study"]
    heading_hit = next(h for h in match.hits if h.in_heading)
    assert heading_hit.score < taxonomy.get("study").weights[heading_hit.term]  # less than in the text


def test_a_passage_inherits_the_theme_its_heading_says(taxonomy) -> None:
    text = "对蓝莓产业项目资金监管存在薄弱环节，个别村项目资金拨付台账不全。"
    assert "integrity" not in themes_of(taxonomy, text, ("二、存在的问题",))
    headings = ("二、存在的问题", "（二）廉政风险防控不够到位")
    assert themes_of(taxonomy, text, headings) == {"integrity"}
    (match,) = tag_passage(taxonomy, text, headings)
    assert match.heading == "（二）廉政风险防控不够到位"
    assert match.reason() == "来自所在标题“（二）廉政风险防控不够到位”（廉政）"


def test_a_heading_never_overrides_what_the_passage_says(taxonomy) -> None:
    roads = "制定好农村道路建设规划，解决群众饮水和出行难题。"
    assert themes_of(taxonomy, roads, ("增强群众观念，强化宗旨意识",)) == {"livelihood"}
    # Counter-cues in the passage's words beat the heading: misused funds are not welfare.
    funds = "个别干部截留、挪用补贴资金。"
    assert "livelihood" not in themes_of(taxonomy, funds, ("（三）民生保障还有短板",))
    # A section heading such as 存在的问题 names no theme, so it decides nothing.
    assert themes_of(taxonomy, "全年共召开会议24次，印发文件56份。", ("一、工作开展情况",)) == set()


def test_counter_cues_lower_the_score(taxonomy) -> None:
    funds = "严肃查处截留、挪用惠民资金问题，对相关责任人诫勉谈话。"
    assert "livelihood" not in themes_of(taxonomy, funds)
    assert "integrity" in themes_of(taxonomy, funds)


def test_a_passing_mention_in_a_long_passage_does_not_tag(taxonomy) -> None:
    long_about_study = "坚持理论学习制度，组织集中学习和自学，撰写心得体会。" * 8 + "兼顾产业发展。"
    assert "industry" not in themes_of(taxonomy, long_about_study)
    assert "industry" in themes_of(taxonomy, "兼顾产业发展。")


# ---------------------------------------------------------------- quality against hand labels


def scores(cases: list[tuple[set[str], set[str]]], theme_ids: list[str]) -> dict[str, tuple[float, float, int]]:
    """Precision, recall and support per theme from (gold, predicted) pairs."""
    out = {}
    for theme in theme_ids:
        tp = sum(theme in g and theme in p for g, p in cases)
        fp = sum(theme not in g and theme in p for g, p in cases)
        fn = sum(theme in g and theme not in p for g, p in cases)
        out[theme] = (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0, tp + fn)
    return out


def print_table(title: str, table: dict[str, tuple[float, float, int]]) -> None:
    print(f"\n{title}\n{'theme':<14}{'precision':>10}{'recall':>8}{'support':>9}")
    for theme, (p, r, n) in table.items():
        print(f"{theme:<14}{p:>10.2f}{r:>8.2f}{n:>9}")


def test_every_seed_passage_is_labelled() -> None:
    labels = yaml.safe_load((LABELS / "themes.yml").read_text(encoding="utf-8"))["passages"]
    assert sorted(labels) == sorted(p.id for p in seed_passages())


def test_seed_precision_and_recall(taxonomy) -> None:
    labels = yaml.safe_load((LABELS / "themes.yml").read_text(encoding="utf-8"))["passages"]
    known = {t.id for t in taxonomy.themes}
    assert all(set(v) <= known for v in labels.values())
    cases = [(set(labels[p.id]), themes_of(taxonomy, p.text, p.headings)) for p in seed_passages()]
    table = scores(cases, [t.id for t in taxonomy.themes])
    print_table(f"seed passages ({len(cases)})", table)
    for theme in CORE:
        precision, recall, _ = table[theme]
        assert precision >= 0.9 and recall >= 0.9, (theme, table[theme])
    assert any(not gold and not got for gold, got in cases)  # passages that must stay untagged do


def test_held_out_precision_and_recall(taxonomy) -> None:
    held = yaml.safe_load((LABELS / "heldout.yml").read_text(encoding="utf-8"))["passages"]
    cases = [(set(h["themes"]), themes_of(taxonomy, h["text"], tuple(h["headings"]))) for h in held]
    table = scores(cases, [t.id for t in taxonomy.themes])
    print_table(f"held-out passages ({len(cases)})", table)
    # Reported, with a looser floor: a handful of composed passages is a smoke test, not a benchmark.
    for theme in CORE:
        assert table[theme][0] >= 0.8 and table[theme][1] >= 0.8, (theme, table[theme])


# ---------------------------------------------------------------- Markdown builders


def tagged(taxonomy, passage: Passage, page: ReportPage) -> TaggedPassage:
    return TaggedPassage(page, passage, tag_passage(taxonomy, passage.text, passage.headings))


def fixture_page(passages: list[Passage], title: str = "镇党委*自查*报告") -> ReportPage:
    from conftest import meta
    from kb.model import Block, BlockType, Report

    blocks = tuple(Block(BlockType.PASSAGE, p.spans, id=p.id, kind=p.section) for p in passages)
    report = Report(meta(passages[0].report, title, "x.txt", len(passages)), blocks)
    return ReportPage(report, f"reports/{passages[0].report}.md", f"reports/{passages[0].report}/")


def sample(id_: str, kind: SectionKind, *spans: Span) -> Passage:
    return Passage(id_, "zicha-x", "x.txt", kind, ("一、工作情况",), ("s-1",), spans)


def _theme_pages(taxonomy, passages: list[TaggedPassage]) -> dict:
    """Every page the build adds for these passages, rendered."""
    pages = theme_pages(ThemeIndex(taxonomy, tuple(passages)), [], lambda uri: False)
    return render_pages(pages, {t.page.src_uri for t in passages})


def test_theme_page_groups_by_kind_then_report_and_escapes_text(taxonomy) -> None:
    measure = sample("p-000002", SectionKind.MEASURE, Span("完善理论学习制度，落实中心组学习。"))
    practice = sample("p-000001", SectionKind.PRACTICE, Span("<b>坚持</b>理论学习制度，开展集中学习"), Span("**", True), Span("次。"))
    page = fixture_page([practice, measure])
    html = _theme_pages(taxonomy, [tagged(taxonomy, practice, page), tagged(taxonomy, measure, page)])["themes/study.md"].html
    assert html.index('<h2 id="practice">做法成效') < html.index('<h2 id="measure">下一步措施')
    assert 'href="../../reports/zicha-x/#p-000001"' in html and 'href="../../reports/zicha-x/#p-000002"' in html
    assert "<b>" not in html and "&lt;b&gt;坚持" in html
    assert '<span class="ph" title="隐去：**">□</span>' in html
    assert '<a href="../../reports/zicha-x/">镇党委*自查*报告</a>' in html
    assert 'id="cause"' not in html  # no empty groups


def test_theme_pages_paginate_many_reports(taxonomy) -> None:
    passages = []
    for n in range(PAGE_SIZE * 2 + 3):
        practice = Passage(f"p-{n:06d}", f"zicha-{n:03d}", "x.txt", SectionKind.PRACTICE, (), (), (Span("坚持理论学习制度，落实中心组学习。"),))
        passages.append(tagged(taxonomy, practice, fixture_page([practice])))
    pages = theme_pages(ThemeIndex(taxonomy, tuple(passages)), [], lambda uri: False)
    uris = {p.uri: p.in_nav for p in pages if p.uri.startswith("themes/study")}
    assert uris == {"themes/study.md": True, "themes/study/practice-2.md": False, "themes/study/practice-3.md": False}
    rendered = render_pages(pages, {t.page.src_uri for t in passages})
    first, last = rendered["themes/study.md"].html, rendered["themes/study/practice-3.md"].html
    assert first.count('<a href="../../reports/') == 2 * PAGE_SIZE  # each report's title and its passage
    assert '<a href="practice-2/">第 2 页</a>' in first and '<a href="practice-3/">第 3 页</a>' in first
    assert last.count('class="kb-source"') == 3 and '<a href="../#practice">第 1 页</a>' in last
    assert ThemeParts.of(taxonomy.get("study"), passages).passage_count(SectionKind.PRACTICE) == len(passages)


def test_themes_index_counts_per_kind(taxonomy) -> None:
    study = sample("p-000001", SectionKind.PROBLEM, Span("学习流于形式，以会代学。"))
    page = fixture_page([study])
    html = _theme_pages(taxonomy, [tagged(taxonomy, study, page)])["themes/index.md"].html
    assert '<tr><td><a href="study/">学习</a></td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>' in html
    assert '<tr><td><a href="integrity/">廉政</a></td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>' in html


def test_citation_has_title_heading_path_and_absolute_link() -> None:
    url = absolute_url("https://kb.example.gov.cn/", "reports/zicha-x/", "p-000001")
    assert url == "https://kb.example.gov.cn/reports/zicha-x/#p-000001"
    assert citation("镇党委自查报告", ("一、工作情况", "（一）坚持学习"), url) == (
        "《镇党委自查报告》\n一、工作情况 › （一）坚持学习\nhttps://kb.example.gov.cn/reports/zicha-x/#p-000001"
    )
    assert citation("报告", (), url) == f"《报告》\n{url}"


def test_absolute_url_handles_subpaths_and_missing_site_url() -> None:
    assert absolute_url("http://intranet/kb", "reports/a/", "p-1") == "http://intranet/kb/reports/a/#p-1"
    assert absolute_url(None, "reports/a.html", "p-1") == "/reports/a.html#p-1"


def own_label_cases() -> list[tuple[str, tuple[str, ...], set[str]]]:
    """(text, headings, themes) of the helper-written labels: heading cases and the 相似表述 fixtures."""
    cases = [(h["text"], tuple(h["headings"]), set(h["themes"])) for h in yaml.safe_load((LABELS / "headings.yml").read_text(encoding="utf-8"))["passages"]]
    reports = yaml.safe_load((LABELS / "similar-reports.yml").read_text(encoding="utf-8"))["reports"]
    for report in reports.values():
        cases += [(p["text"], tuple(p["headings"]), set(p["themes"])) for p in report["passages"].values() if "themes" in p]
    return cases


def test_own_labels_precision_and_recall(taxonomy) -> None:
    cases = own_label_cases()
    predicted = [(gold, themes_of(taxonomy, text, headings)) for text, headings, gold in cases]
    table = scores(predicted, [t.id for t in taxonomy.themes])
    print_table(f"helper-written passages ({len(cases)}, 28 of them heading cases)", table)
    for text, headings, gold in cases:
        got = themes_of(taxonomy, text, headings)
        if got != gold:
            print("  ", " › ".join(headings), "|", text[:30], "gold", sorted(gold), "got", sorted(got))
    for theme in CORE:
        precision, recall, _ = table[theme]
        assert precision >= 0.9 and recall >= 0.9, (theme, table[theme])


def test_theme_page_says_when_the_theme_came_from_the_heading(taxonomy) -> None:
    problem = Passage(
        "p-000003", "zicha-x", "x.txt", SectionKind.PROBLEM, ("二、存在的问题", "（二）廉政风险防控不够到位"), ("s-1", "s-2"),
        (Span("对蓝莓产业项目资金监管存在薄弱环节，个别村项目资金拨付台账不全。"),),
    )
    html = _theme_pages(taxonomy, [tagged(taxonomy, problem, fixture_page([problem]))])["themes/integrity.md"].html
    assert '<span class="kb-why">判定依据：来自所在标题“（二）廉政风险防控不够到位”（廉政）</span>' in html
