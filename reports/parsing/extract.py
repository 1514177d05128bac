"""Bytes of an uploaded report → ExtractedDocument: blocks of text with layout hints.

    read_document(open("报告.docx", "rb").read(), "报告.docx")
    → ExtractedDocument(format="docx", blocks=(Block("一、依法行政工作情况", numbered=True), …))

.doc, .wps and .odt are turned into .docx by LibreOffice first (_convert), through the kept
converter when the caller names its socket.

The type comes from the content (magic bytes), never from the extension alone; every failure is a
ReadError with a Chinese message for the user and a stable English `code`.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import zipfile
from collections.abc import Callable

from ._convert import convert_to_docx
from ._docx import read_docx
from ._text import EMPTY, read_txt
from ._zipguard import DocxPackage
from .types import ExtractedDocument, ReadError

_log = logging.getLogger(__name__)

MAX_FILE_SIZE = 20 * 1024 * 1024
ACCEPTED = (".docx", ".pdf", ".txt", ".doc", ".wps", ".odt")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Directory entry names in an OLE (compound file) container are stored as UTF-16LE.
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLE_WORD = "WordDocument".encode("utf-16-le")
_WORD_XML = re.compile(rb"<w:wordDocument|<pkg:package")
_HTML = re.compile(rb"<html|<!doctype html|<meta\s", re.IGNORECASE)
# An OpenDocument text (or its template) names its type in a first, stored member "mimetype".
_ODF_TEXT = (
    b"application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.text-template",
)

UNSUPPORTED = "不支持这种文件，请上传 .docx、.pdf、.txt、.doc、.wps 或 .odt 文件"
UNREADABLE = "文件无法读取，可能已损坏，请在 Word 或 WPS 中重新保存后上传"
ENCRYPTED_OFFICE = "文件设置了打开密码，无法读取，请在 Word 或 WPS 中取消密码后重新上传"


def read_document(
    data: bytes,
    filename: str,
    *,
    before_parsing: Callable[[], None] | None = None,
    converter: str | None = None,
) -> ExtractedDocument:
    """Read an uploaded report; raise ReadError when it cannot be read.

    `before_parsing` runs once the file is ready for the parsers, after any conversion by
    LibreOffice: the sandbox sets its memory limit there, which LibreOffice must not inherit.
    `converter` is the socket of a kept LibreOffice (manage.py runconverter), if any.
    """
    if len(data) > MAX_FILE_SIZE:
        raise ReadError(
            f"文件超过 {MAX_FILE_SIZE >> 20} MB，请压缩图片或删除附件后重新上传", code="too_large"
        )
    if not data.strip():
        raise ReadError(EMPTY, code="empty")
    try:
        return _read(data, _extension(filename), before_parsing or _nothing, converter)
    except (ReadError, MemoryError):
        raise
    except Exception as exc:
        # The fuzz tests find none, but a parser bug on a strange file must still reach the
        # user as a message; the log keeps the traceback so the bug does not go unseen.
        _log.exception("unexpected error reading %r", filename)
        raise ReadError(UNREADABLE, code="unreadable") from exc


def _nothing() -> None:
    return None


def _read(
    data: bytes, extension: str, before_parsing: Callable[[], None], converter: str | None
) -> ExtractedDocument:
    kind = sniff(data)
    if kind == "pdf":
        before_parsing()
        # PDFium is loaded where files are read (the sandbox's zygote loads it before forking),
        # not in every process that merely imports the parsers.
        from ._pdf import read_pdf

        return read_pdf(data)
    if kind == "docx":
        before_parsing()
        return read_docx(data)
    # A .docx/.doc/.wps saved from Word or WPS is a docx or a container; named otherwise it is
    # still read by content, and labelled "wps" only when its name says so.
    legacy_format = "wps" if extension == ".wps" else "doc"
    suffix = None
    if kind == "odt":
        # LibreOffice would inflate whatever the zip declares: the docx pre-flight first.
        DocxPackage(data).close()
        suffix, legacy_format = ".odt", "odt"
    elif kind == "ole":
        if _OLE_ENCRYPTED in data:
            raise ReadError(ENCRYPTED_OFFICE, code="encrypted")
        if _OLE_WORD not in data:
            raise ReadError(UNSUPPORTED, code="unsupported_type")
        suffix = ".doc"
    elif kind in ("rtf", "word_xml"):
        suffix = ".rtf" if kind == "rtf" else ".xml"
    elif kind == "html" and extension in (".doc", ".wps"):
        suffix = ".html"
    if suffix is not None:
        converted = convert_to_docx(data, suffix, converter=converter)
        before_parsing()
        return read_docx(converted, fmt=legacy_format)
    before_parsing()
    if kind == "zip":
        raise ReadError(
            "文件不是 Word 文档（压缩包中没有 word/document.xml），"
            "请上传 .docx、.pdf、.txt、.doc、.wps 或 .odt 文件",
            code="unsupported_type" if extension != ".docx" else "corrupt",
        )
    if extension == ".txt":
        return read_txt(data)
    if extension in ACCEPTED:
        raise ReadError(
            f"文件已损坏，或不是真正的 {extension} 文件，请重新保存后上传", code="corrupt"
        )
    raise ReadError(UNSUPPORTED, code="unsupported_type")


def sniff(data: bytes) -> str:
    """The kind of content by its magic bytes: docx, odt, zip, ole, pdf, rtf, word_xml, html or
    text."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if _odf_mimetype(data) in _ODF_TEXT:
            return "odt"
        head_names = data[:65536] + data[-65536:]
        # The central directory at the end names every part; word/document.xml marks a docx.
        return "docx" if b"word/document.xml" in head_names or _has_main_part(data) else "zip"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"<") and _WORD_XML.search(head):
        return "word_xml"
    if head.startswith(b"<") and _HTML.search(head):
        return "html"
    return "text"


def _odf_mimetype(data: bytes) -> bytes | None:
    """The content of a zip's first member when it is the stored "mimetype" of OpenDocument."""
    if len(data) < 30 or data[26:28] != b"\x08\x00":
        return None
    size, _, name_length, extra_length = struct.unpack_from("<IIHH", data, 18)
    start = 30 + name_length + extra_length
    if data[30:38] != b"mimetype" or size > 100:
        return None
    return data[start : start + size]


def _has_main_part(data: bytes) -> bool:
    # Rare packages name the main part differently or use backslashes; ask the zip directory.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {name.replace("\\", "/").lower() for name in archive.namelist()}
    except Exception:
        # A damaged zip that claims to be one: let the docx reader report it as corrupt.
        return True
    return "word/document.xml" in names


def _extension(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
