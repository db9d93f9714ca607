"""A tiny HTML reader for tests: every element and text run with the tags around it."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class Element:
    """A start tag with its attributes and the tags enclosing it."""

    tag: str
    attrs: dict[str, str]
    ancestors: tuple[str, ...]

    @property
    def classes(self) -> set[str]:
        """The element's class names."""
        return set(self.attrs.get("class", "").split())


@dataclass(frozen=True)
class Text:
    """A run of text and the tags enclosing it, innermost last."""

    text: str
    ancestors: tuple[str, ...]
    ids: tuple[str, ...]  # ids of the enclosing elements


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, id) of open elements
        self.elements: list[Element] = []
        self.texts: list[Text] = []

    def tags(self) -> tuple[str, ...]:
        return tuple(tag for tag, _ in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append(Element(tag, values, self.tags()))
        if tag not in VOID:
            self.stack.append((tag, values.get("id", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, self.tags()))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.tags():
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.texts.append(Text(data, self.tags(), tuple(i for _, i in self.stack if i)))


@dataclass(frozen=True)
class Page:
    """A parsed HTML page."""

    elements: list[Element]
    texts: list[Text]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        """Elements matching a tag, a class and exact attribute values."""
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]

    def ids(self) -> set[str]:
        """Every id on the page."""
        return {e.attrs["id"] for e in self.elements if "id" in e.attrs}

    def text(self) -> str:
        """All text of the page, concatenated."""
        return "".join(t.text for t in self.texts)

    def text_of(self, id_: str) -> str:
        """Text inside the element with this id."""
        return "".join(t.text for t in self.texts if id_ in t.ids)


def read_page(html: str) -> Page:
    """Parse HTML into elements and text runs."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return Page(reader.elements, reader.texts)
