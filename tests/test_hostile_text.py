"""Source text that looks like HTML, entities or Jinja syntax is shown literally on every page that quotes it."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import build_project, heading, make_project, meta, passage

from kb.model import Report, SectionKind

SLUG = "shuzhi-2023-jinja"
TITLE = "<script>alert('t')</script>镇&amp;班子 {{ config }} {% if 1 %}述职{% endif %} \"报告\""
# 理论学习 and 中心组学习 put the passage in the study theme, so its theme and comparison pages quote it.
TEXT = "加强理论学习，落实中心组学习制度<script>alert(\"p\")</script>&amp;&lt; {{ 7*7 }}{# c #}{% raw %}'单引号'"
HEADING = "{{ lipsum }} & <b>标题</b>"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    blocks = (heading(1, "一、", HEADING, "s-aaaaaa"), passage(SectionKind.PRACTICE, "p-a00001", TEXT))
    report = Report(meta(SLUG, TITLE, "jinja.txt", 1), blocks)
    return build_project(make_project(tmp_path_factory.mktemp("jinja"), [report]))


def article(site: Path, path: str) -> lxml.html.HtmlElement:
    """The body a page's renderer wrote (Material's <article>)."""
    page = lxml.html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))
    (body,) = page.xpath("//article")
    return body


def texts(body: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [e.text_content() for e in body.xpath(xpath)]


def no_injected_elements(body: lxml.html.HtmlElement) -> None:
    assert not body.xpath(".//script | .//b"), "source text became markup"


def test_report_page_shows_title_heading_and_passage_literally(site: Path) -> None:
    body = article(site, f"reports/{SLUG}")
    assert texts(body, ".//h1") == [TITLE + "¶"]
    assert texts(body, ".//h2") == ["一、" + HEADING + "¶"]
    assert texts(body, ".//p[@id='p-a00001']") == [TEXT]
    no_injected_elements(body)
    # The copy-link control copies the title as written; an attribute is escaped by the same rule.
    (copy,) = body.xpath(".//button[@class='kb-copy']")
    assert copy.get("data-citation").startswith(f"《{TITLE}》\n")


def test_theme_page_shows_title_and_passage_literally(site: Path) -> None:
    body = article(site, "themes/study")
    assert texts(body, ".//h3") == [TITLE + "¶"]
    assert texts(body, ".//p[contains(@class, 'kb-excerpt')]") == [TEXT]
    no_injected_elements(body)


def test_comparison_page_shows_title_and_passage_literally(site: Path) -> None:
    body = article(site, "compare/study")
    assert texts(body, ".//details[@class='kb-report']/summary") == [f"{TITLE}（1 段）"]
    assert texts(body, ".//details[@class='kb-report']/p[contains(@class, 'kb-excerpt')]") == [TEXT]
    no_injected_elements(body)
