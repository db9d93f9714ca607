"""Word 97-2003 (.doc), WPS (.wps) and RTF files: converted to .docx by LibreOffice, then read as one.

These are OLE compound files, a format only an office suite reads well. LibreOffice runs
headless with a profile of its own per call, so parallel normalizer processes never share
(and lock) one profile. Encrypted Office files are OLE files too, whatever their suffix:
they are told apart by their streams and refused with what to do.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from kb.normalize.readers import Extracted, Unreadable
from kb.normalize.readers.docx import read_docx

CONVERT_TIMEOUT = 180  # seconds; a first run of LibreOffice builds its profile, later ones take ~2 s
PASSWORD_REASON = "文件设有密码，请去掉密码后另存（在 Word 或 WPS 中打开，取消“用密码加密”，再保存），然后重新放入"
NO_LIBREOFFICE = (
    "这是 Word 97-2003 或 WPS 格式的文件，读取它需要 LibreOffice，但本机没有安装；"
    "请安装 LibreOffice（sudo apt-get install libreoffice-writer-nogui），或在 Word/WPS 中将它另存为 .docx 后放入"
)
NOT_WORD_SUFFIXES = {".xls": "Excel 表格", ".xlt": "Excel 表格", ".ppt": "PowerPoint 演示文稿", ".pps": "PowerPoint 演示文稿", ".msg": "Outlook 邮件"}
_FIB_IDENT = b"\xec\xa5"  # first bytes of a Word binary document's file information block
_F_ENCRYPTED = 0x0100


def _stream_name(name: str) -> bytes:
    # OLE directory entries hold stream names in UTF-16LE.
    return name.encode("utf-16-le")


def is_encrypted(data: bytes) -> bool:
    """Whether an OLE file is a password-protected Office document.

    Encrypted .docx/.xlsx are OLE files with EncryptionInfo and EncryptedPackage streams; an
    encrypted Word 97-2003 file keeps its streams but sets fEncrypted in its FIB.
    """
    if _stream_name("EncryptedPackage") in data or _stream_name("EncryptionInfo") in data:
        return True
    for offset in range(512, min(len(data), 1 << 20) - 12, 512):
        if data[offset : offset + 2] == _FIB_IDENT:
            n_fib, = struct.unpack_from("<H", data, offset + 2)
            flags, = struct.unpack_from("<H", data, offset + 10)
            if 0x0065 <= n_fib <= 0x0200:  # a FIB's version field, not bytes that happen to match
                return bool(flags & _F_ENCRYPTED)
    return False


def soffice() -> str | None:
    """The LibreOffice command on PATH, if there is one."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, command: str, suffix: str = ".doc") -> bytes:
    """The .docx LibreOffice makes of a Word binary or RTF file; raises Unreadable when it cannot."""
    with tempfile.TemporaryDirectory(prefix="kb-soffice-") as tmp:
        work = Path(tmp)
        # Named for what the bytes are, whatever the file was called: a .wps suffix would send
        # LibreOffice to its Microsoft Works filter.
        source = work / f"source{suffix}"
        source.write_bytes(data)
        out = work / "out"
        args = [command, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore", "--convert-to", "docx", "--outdir", str(out), str(source)]
        try:
            subprocess.run(args, capture_output=True, timeout=CONVERT_TIMEOUT, check=False, cwd=tmp)
        except subprocess.TimeoutExpired as exc:
            raise Unreadable(f"LibreOffice 在 {CONVERT_TIMEOUT} 秒内没有转换完这个文件；请在 Word/WPS 中将它另存为 .docx 后放入") from exc
        converted = out / "source.docx"
        if not converted.exists():
            raise Unreadable("LibreOffice 无法转换这个文件（可能已损坏，或不是 Word 文档）；请在 Word/WPS 中打开它并另存为 .docx 后放入")
        return converted.read_bytes()


def read_word_binary(data: bytes, suffix: str) -> Extracted:
    """Text and structure of a .doc or .wps file (any OLE file reaches here); raises Unreadable."""
    if is_encrypted(data):
        raise Unreadable(PASSWORD_REASON)
    if suffix in NOT_WORD_SUFFIXES:
        raise Unreadable(f"不是 Word 文档（这是{NOT_WORD_SUFFIXES[suffix]}）；请放入报告的 Word 文件或文本文件")
    command = soffice()
    if command is None:
        raise Unreadable(NO_LIBREOFFICE)
    extracted = read_docx(convert_to_docx(data, command))
    return replace(extracted, format="wps" if suffix == ".wps" else "doc")


def read_rtf(data: bytes) -> Extracted:
    """Text and structure of an RTF file (Word and WPS save reports as it too); raises Unreadable."""
    command = soffice()
    if command is None:
        raise Unreadable(NO_LIBREOFFICE.replace("Word 97-2003 或 WPS 格式", "RTF 格式"))
    return replace(read_docx(convert_to_docx(data, command, ".rtf")), format="rtf")
