"""A saved web page (government site, 文库 site) to the article's text, one paragraph per line.

The article is found by readability-lxml's text-density scoring, not by trafilatura. Both were
measured on the fixtures in ``tests/fixtures/html/``: trafilatura 2.3.1 finds the article only
when its container's class is in its (English-site) vocabulary (``article-content`` yes,
``doc-body``, ``zoom`` or ``TRS_Editor`` no); otherwise it gathers every ``<p>`` of the page and
no heading at all, so the 文库 page lost its ``<h2>`` headings (``一、…``) and gained the site's
footer. readability keeps the container's own HTML, so ``<h2>``-``<h4>``, ``<strong>`` run-in
headings, tables and ``<br>`` line ends are still there to read. What readability leaves around
the body inside the container (a byline beside the body ``<div>``) is dropped by descending into
the child that holds nearly all of the container's text, and small widgets named by class
(share bars, print tools, bylines, "展开全文" folds) are dropped before scoring.

Measured on the four article fixtures (paragraphs kept of expected; chrome strings leaked):
this reader 32/32, 0 leaked; readability alone 31/32, 14 leaked (bylines, print links, the
watermark); trafilatura 29/32, 13 leaked (favor_recall: 31/32, 11 leaked), its title for the
old-CMS page being the whole "article|column|site" <title>.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

import lxml.html
from lxml.etree import ParserError, _Element
from readability import Document

from kb.normalize.decode import UndecodableError, decode_source, normalize_newlines
from kb.normalize.readers import Extracted, Table, Unreadable
from kb.normalize.rejoin import breaks_sentences
from kb.normalize.segment import heading_level

NO_ARTICLE = "网页里没有找到正文（可能是搜索结果、登录页或空白页）；请打开原网页复制正文另存为 .txt，或换一个保存方式（浏览器“另存为”选“网页，全部”或“网页，仅 HTML”）"
FRAME_ONLY = "网页只是一个框架或跳转页，正文在另一个网页里，没有一起保存下来；请打开原网页复制正文另存为 .txt，或在正文所在的网页上另存"
UNDECODABLE = "网页文件的编码无法识别（{detail}）；请用浏览器打开后另存为 UTF-8 编码的网页，或复制正文另存为 .txt"

# Encodings a page declares that are subsets of GB18030: browsers read them all as GB18030's
# superset, and pages declaring gb2312 routinely hold GBK-only characters (镕, 喆).
_GB_FAMILY = {"gb2312", "gbk", "x-gbk", "gb_2312", "gb_2312-80", "csgb2312", "euc-cn", "cp936", "gb18030"}
_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# Elements that are never article text, whatever page they are on. Not <form>: ASP.NET sites
# wrap the whole page, article and all, in one <form id="form1">.
_NOT_TEXT = "//script|//style|//noscript|//template|//button|//input|//select|//textarea|//nav|//header|//footer|//aside"
# A watermark is laid over the text by class name; it is never the article's words.
_WATERMARK = "//*[contains(translate(@class, 'WATERMARK', 'watermark'), 'watermark') or contains(translate(@id, 'WATERMARK', 'watermark'), 'watermark')]"

# Class or id tokens that name a page widget, not text: share bars, print and font-size tools,
# breadcrumbs, bylines ("article-info"), "展开全文" folds. Only small elements are dropped by
# them, so a container oddly named (a body inside "info-box") keeps its article.
_WIDGET_RE = re.compile(
    r"(?:^|[\s_-])(?:btn|button|share|toolbar|tools?|print|crumbs?|breadcrumbs?|position|location|info|meta|expand|unfold|fold|read-?all|read-?more)(?:$|[\s_-])",
    re.IGNORECASE,
)
_WIDGET_MAX_CHARS = 200

_BLOCKS = {"p", "div", "section", "article", "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "center", "pre", "td", "th", "tr", "tbody", "thead", "table"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BOLD_TAGS = {"strong", "b"}
# A bold paragraph longer than this is emphasised text, not a heading.
_BOLD_HEADING_MAX = 60
# The container's child holding this share of its text is the body; the rest is byline and tools.
_BODY_SHARE = 0.85
# Under this many characters of sentences, a page holds no article: a search or login page's
# labels and links end no sentence.
_SENTENCE_END = re.compile("[。！？!?]")
_LIST_TAGS = {"ul", "ol", "dl"}
_MIN_ARTICLE_CHARS = 60
# Above this share of the text in links, the "article" is a list of links (search results).
_MAX_LINK_SHARE = 0.4
# The article's heading, when its container holds it, is among its first lines.
_TITLE_WITHIN = 5
# Separators between the article's and the site's name in a <title>.
_TITLE_SPLIT_RE = re.compile(r"\s*[_|｜]\s*|\s+[-–—]\s+|\s*--\s*")
_SPACE_RE = re.compile(r"[ \t\r\n\u00a0\u3000]+")


def read_html(data: bytes) -> Extracted:
    """The article of a saved web page: title first, then its paragraphs, headings and tables."""
    page = _parse(decode_page(data))
    if _is_frame_only(page):
        raise Unreadable(FRAME_ONLY)
    title = find_title(page)
    _prune(page)
    container = _body_of(_article(page))
    if container is None or not _holds_article(container):
        raise Unreadable(NO_ARTICLE)
    return _extracted(title, list(_lines(container)))


def decode_page(data: bytes) -> str:
    """The page's text: by its BOM, else as UTF-8 if it is that, else as its <meta> declares.

    Valid UTF-8 wins over a declared charset: a page re-saved as UTF-8 often keeps its old
    ``<meta charset=gb2312>``, and Chinese text in GBK is never valid UTF-8 by chance, while
    UTF-8 bytes can read as GB18030 mojibake without an error.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_plain(data)
    try:
        return normalize_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared:
        try:
            return normalize_newlines(data.decode(declared))
        except UnicodeDecodeError:
            pass  # mislabelled: try what Chinese pages are usually in
    return _decode_plain(data)


def declared_charset(data: bytes) -> str | None:
    """The Python codec for the charset a page's <meta> declares, if it names one we know."""
    match = _CHARSET_RE.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_plain(data: bytes) -> str:
    try:
        text, _ = decode_source(data)
    except UndecodableError as exc:
        raise Unreadable(UNDECODABLE.format(detail=exc)) from exc
    return text


def _parse(text: str) -> _Element:
    # An XML declaration with an encoding makes lxml refuse a str; the text is decoded already.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise Unreadable(NO_ARTICLE) from exc


def _text(element: _Element) -> str:
    return _SPACE_RE.sub(" ", element.text_content()).strip()


def _is_frame_only(page: _Element) -> bool:
    """Whether the page is a frameset, or a redirect or iframe holder with no text of its own."""
    if page.xpath("//frameset|//frame"):
        return True
    body = page.find("body")
    own = _SPACE_RE.sub("", body.text_content()) if body is not None else ""
    holder = page.xpath("//meta[translate(@http-equiv, 'REFRESH', 'refresh')='refresh']|//iframe")
    return bool(holder) and len(own) < _MIN_ARTICLE_CHARS


def find_title(page: _Element) -> str | None:
    """The article's heading, never the site's name.

    In order: an ``<h1>`` that the ``<title>`` or ``og:title`` also names (the longest, when a
    logo's ``<h1>`` is named too); ``og:title`` without its site part; the page's only ``<h1>``;
    the part of the ``<title>`` the page also shows as an element; the longest part. Parts are
    split at ``_``, ``|`` and spaced dashes, and ``og:site_name`` is never a candidate.
    """
    site = _meta(page, "og:site_name")
    og = _meta(page, "og:title")
    tag = page.find(".//title")
    parts = [p for p in _TITLE_SPLIT_RE.split(_text(tag)) if p and p != site] if tag is not None else []
    h1s = [t for t in (_text(h) for h in page.iter("h1")) if t and t != site]
    named = [p for p in parts + [og] if p]
    # An h1 that the <title> or og:title also names; of a logo's h1 and the article's, both
    # named there, the article's is the longer, as the site's name is the shorter part.
    named_h1s = [h1 for h1 in h1s if any(h1 == n or (len(h1) >= 4 and h1 in n) for n in named)]
    if named_h1s:
        return max(named_h1s, key=len)
    if og:
        return max((p for p in _TITLE_SPLIT_RE.split(og) if p and p != site), key=len, default=og)
    if len(h1s) == 1:
        return h1s[0]
    if not parts:
        return None
    # No h1: the part of the <title> that the page also shows as an element of its own.
    shown = {_text(e) for e in page.iter() if isinstance(e.tag, str) and e.tag not in ("title", "html", "head", "body")}
    return max((p for p in parts if p in shown), key=len, default=None) or max(parts, key=len)


def _meta(page: _Element, prop: str) -> str | None:
    for meta in page.iter("meta"):
        if meta.get("property") == prop or meta.get("name") == prop:
            value = _SPACE_RE.sub(" ", meta.get("content") or "").strip()
            return value or None
    return None


def _prune(page: _Element) -> None:
    """Drop what is never article text: scripts, forms, watermarks, and small widgets by name."""
    for element in page.xpath(f"{_NOT_TEXT}|{_WATERMARK}"):
        if element.getparent() is not None:
            element.drop_tree()
    for element in list(page.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        name = f"{element.get('class', '')} {element.get('id', '')}".strip()
        if name and _WIDGET_RE.search(name) and len(_SPACE_RE.sub("", element.text_content())) <= _WIDGET_MAX_CHARS:
            element.drop_tree()


def _article(page: _Element) -> _Element | None:
    """The element readability scores as the article, in a tree of its own."""
    summary = Document(page).summary(html_partial=True)
    try:
        return lxml.html.fragment_fromstring(summary, create_parent="div")
    except (ParserError, ValueError):
        return None


def _body_of(container: _Element | None) -> _Element | None:
    """Descend while one child holds nearly all the text: the rest beside it is byline and tools."""
    while container is not None:
        total = len(_SPACE_RE.sub("", container.text_content()))
        if total == 0:
            return None
        inner = [c for c in container if isinstance(c.tag, str) and c.tag in _BLOCKS]
        big = [c for c in inner if len(_SPACE_RE.sub("", c.text_content())) >= _BODY_SHARE * total]
        if len(big) != 1 or big[0].tag in ("p", "li", "td", "table", "tr"):
            return container
        container = big[0]
    return None


def _holds_article(container: _Element) -> bool:
    """Whether the text is an article's: sentences, not a list of entries, links or a form's labels."""
    if container.tag in _LIST_TAGS:
        return False  # the page's main block is a list: search results, a column's index
    total = len(_SPACE_RE.sub("", container.text_content()))
    linked = sum(len(_SPACE_RE.sub("", a.text_content())) for a in container.iter("a"))
    prose = sum(len(text) for text, mark, _ in _lines(container) if not mark and _SENTENCE_END.search(text))
    return prose >= _MIN_ARTICLE_CHARS and linked <= _MAX_LINK_SHARE * total


# A line of the article: its text, and what marks it ("h2".."h6", "bold", "table", "") and its table.
Line = tuple[str, str, Table | None]


def _lines(element: _Element) -> Iterator[Line]:
    """The element's lines in reading order: a block is a line, and so is text between <br>s."""
    pending: list[tuple[str, bool]] = [(element.text or "", False)]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            pending.append((child.tail or "", False))
            continue
        if child.tag == "br" or child.tag in _BLOCKS or child.tag in _HEADING_TAGS:
            yield from _flush(pending)
            if child.tag == "table":
                yield _table_line(child)
            elif child.tag in _HEADING_TAGS:
                if text := _text(child):
                    yield text, child.tag, None
            elif child.tag != "br":
                yield from _lines(child)
        else:
            pending.append((child.text_content(), child.tag in _BOLD_TAGS or _all_bold(child)))
        pending.append((child.tail or "", False))
    yield from _flush(pending)


def _flush(pending: list[tuple[str, bool]]) -> Iterator[Line]:
    """The line the inline text gathered so far makes; a short line all in bold is a heading."""
    text = _SPACE_RE.sub(" ", "".join(t for t, _ in pending)).strip()
    bold = all(b for t, b in pending if _SPACE_RE.sub("", t))
    pending.clear()
    if text:
        yield text, "bold" if bold and len(text) <= _BOLD_HEADING_MAX else "", None


def _all_bold(block: _Element) -> bool:
    """Whether every character of the block's text sits inside <strong> or <b>."""
    total = len(_SPACE_RE.sub("", block.text_content()))
    bold = sum(len(_SPACE_RE.sub("", b.text_content())) for b in block.iter(*_BOLD_TAGS) if not _inside_bold(b, block))
    return total > 0 and bold == total


def _inside_bold(element: _Element, stop: _Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _BOLD_TAGS:
            return True
        parent = parent.getparent()
    return False


def _table_line(table: _Element) -> Line:
    """A table as one line of its cell texts, and as the Table it is."""
    rows = []
    for row in table.iter("tr"):
        cells = tuple(_text(cell) for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th"))
        if any(cells):
            rows.append(cells)
    text = " / ".join(" | ".join(c for c in row if c) for row in rows)
    return text, "table", Table(tuple(rows))


def _extracted(title: str | None, lines: list[Line]) -> Extracted:
    """The Extracted shape: title as line 1, the body after it, headings levelled by nesting."""
    at = next((i for i, line in enumerate(lines[:_TITLE_WITHIN]) if line[0] == title), None)
    if at is not None:
        # The article's own heading, already the title line; what stood above it is page chrome.
        lines = lines[at + 1 :]
    texts = ([title] if title else []) + [text for text, _, _ in lines]
    offset = 2 if title else 1
    headings, tables, open_kinds = [], [], []
    for i, (_, mark, table) in enumerate(lines):
        if mark == "table" and table is not None:
            tables.append((i + offset, table))
        elif mark:
            # Kinds nest in the order they first appear: a page may put <strong> over <h3>.
            headings.append((i + offset, heading_level(open_kinds, mark)))
    # A page saved from a 文库 site holds one line of the document per element, broken at the
    # page's width in the middle of sentences; an article holds paragraphs.
    wrapped = breaks_sentences(texts)
    return Extracted("\n".join(texts), title=title, headings=tuple(headings), tables=tuple(tables), wrapped=wrapped, format="html")
