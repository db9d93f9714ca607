"""Which reader a source file goes to: by what its bytes are, then by its name."""

from __future__ import annotations

from pathlib import PurePath

from kb.normalize.clean import split_collapsed_paragraphs
from kb.normalize.decode import UndecodableError, decode_source
from kb.normalize.readers import Extracted, Unreadable

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # Word 97-2003 and WPS files
PDF_SIGNATURE = b"%PDF"
RTF_SIGNATURE = b"{\\rtf"
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
WORD_SUFFIXES = (".docx", ".doc", ".wps", ".docm", ".dotx")


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower()


def read_source(name: str, data: bytes) -> Extracted:
    """The text and structure of one source file; raises Unreadable with the reason in Chinese."""
    suffix = PurePath(name).suffix.lower()
    if data.startswith(PDF_SIGNATURE):
        from kb.normalize.readers.pdf import read_pdf

        return read_pdf(data)
    if data.startswith(ZIP_SIGNATURE):
        from kb.normalize.readers.docx import read_docx

        return read_docx(data)
    if data.startswith(OLE_SIGNATURE):
        from kb.normalize.readers.office import read_word_binary

        return read_word_binary(data, suffix)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(RTF_SIGNATURE):
        from kb.normalize.readers.office import read_rtf

        return read_rtf(data)
    if suffix in WORD_SUFFIXES:
        raise Unreadable(f"文件扩展名是 {suffix}，但内容不是 Word 文件（可能已损坏或只下载了一部分）；请重新获取原文件")
    if suffix in HTML_SUFFIXES or _looks_like_html(data):
        from kb.normalize.readers.html import read_html

        return read_html(data)
    try:
        text, _ = decode_source(data)
    except UndecodableError as exc:
        raise Unreadable(str(exc)) from exc
    return Extracted(split_collapsed_paragraphs(text))
