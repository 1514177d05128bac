"""A text PDF as paragraphs: page furniture removed, lines wrapped at the margin joined again.

pypdfium2 gives each page as visual lines:

    古丈县科技和工业信息化局                  ← header repeated on every page: dropped
    一、依法行政工作情况                       ← heading-looking: its own paragraph
    今年以来，县科工信局坚持以习近平新时代中   ← near full width, no 。: joins the next line
    国特色社会主义思想为指导。
    — 3 —                                    ← page number: dropped
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ._text import remove_cjk_spaces
from .types import Block, ExtractedDocument, ReadError

MAX_PAGES = 1000
SCANNED = "无法读取文字：文件似乎是扫描件，请上传 Word 文件或带文字层的 PDF"
_CORRUPT = "PDF 文件已损坏，无法读取，请重新导出 PDF 或上传 Word 文件"

# PDFium keeps global state and is not thread-safe; a web server may call us from threads.
_PDFIUM_LOCK = threading.Lock()

# Lines at the top and bottom of a page that may be headers, footers or page numbers.
_EDGE_LINES = 3
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～·\s]*\d+[-—–－~～·\s]*"
    r"|第\s*\d+\s*页(?:\s*[,，/、]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+"
    r"|(?:page|Page|PAGE)\s*\d+(?:\s*(?:of|/)\s*\d+)?)$"
)
_SENTENCE_END = "。！？；：!?;:"
_CLOSERS = "”’」』）)】〕\"'"
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十]+[）)]"
    r"|\d{1,2}[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]"
    r"|第[一二三四五六七八九十]+[部分章节条]"
    r"|[①-⑳])"
)
# A line at least this share of the typical full line reached the right margin.
_FULL_LINE = 0.85
# Headings are short; one that long must be a heading whose text runs on (（一）加强…。今年…).
_FULL_HEADING_LINE = 0.95
_NARROW = re.compile(r"[\x00-\u10ff\u2000-\u206f\uff61-\uffdc]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def read_pdf(data: bytes) -> ExtractedDocument:
    """Paragraph blocks of a PDF with a text layer."""
    pages = _page_lines(data)
    lines = _strip_furniture(pages)
    paragraphs = _join_lines(lines)
    visible = sum(len(p.replace(" ", "")) for p in paragraphs)
    # Scans carry no text layer, or only a stray stamp or page number per page.
    if visible == 0 or visible < 8 * len(pages):
        raise ReadError(SCANNED, code="scanned")
    return ExtractedDocument(format="pdf", blocks=tuple(Block(text=p) for p in paragraphs))


def _page_lines(data: bytes) -> list[list[str]]:
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) in (
                pdfium_c.FPDF_ERR_PASSWORD,
                pdfium_c.FPDF_ERR_SECURITY,
            ):
                raise ReadError(
                    "PDF 文件设置了密码，无法读取，请取消密码后重新上传", code="encrypted"
                ) from exc
            raise ReadError(_CORRUPT, code="corrupt") from exc
        except Exception as exc:
            raise ReadError(_CORRUPT, code="corrupt") from exc
        try:
            count = len(pdf)
            if count == 0:
                raise ReadError(_CORRUPT, code="corrupt")
            if count > MAX_PAGES:
                raise ReadError(f"PDF 页数过多（超过 {MAX_PAGES} 页），无法读取", code="too_large")
            pages = []
            for index in range(count):
                pages.append(_lines_of(pdf, index))
            return pages
        finally:
            pdf.close()


def _lines_of(pdf: pdfium.PdfDocument, index: int) -> list[str]:
    try:
        page = pdf[index]
    except Exception as exc:
        raise ReadError(_CORRUPT, code="corrupt") from exc
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(_CORRUPT, code="corrupt") from exc
    finally:
        page.close()
    # One pass over the page rather than two per line; neither pattern touches a line break
    # (PDFium ends lines with \r\n, and _CONTROL leaves the \n).
    cleaned = remove_cjk_spaces(_CONTROL.sub("", text))
    return [line for line in (raw.strip() for raw in cleaned.splitlines()) if line]


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", line.replace(" ", ""))


def _strip_furniture(pages: list[list[str]]) -> list[str]:
    """All body lines in reading order, without running headers, footers and page numbers."""
    edge_counts: Counter[str] = Counter()
    for lines in pages:
        edges = set(lines[:_EDGE_LINES]) | set(lines[-_EDGE_LINES:])
        edge_counts.update({_furniture_key(line) for line in edges})
    # "Most pages": a line at the edge of more than half of them, and of at least two. A line
    # running to the right margin is body text that happens to repeat, never a running header.
    full = _FULL_LINE * _typical_width([line for lines in pages for line in lines])
    repeated = {
        key
        for key, n in edge_counts.items()
        if n >= 2 and n * 2 > len(pages) and _width(key) < full
    }
    body: list[str] = []
    for lines in pages:
        last = len(lines)
        # Only the copy nearest the edge goes: a title identical to the running header stays.
        seen_top: set[str] = set()
        seen_bottom: set[str] = set()
        bottom_keys = {
            _furniture_key(line): position
            for position, line in enumerate(lines)
            if position >= last - _EDGE_LINES
        }
        for position, line in enumerate(lines):
            at_edge = position < _EDGE_LINES or position >= last - _EDGE_LINES
            if not at_edge:
                # Running heads and page numbers live at the page edges only.
                body.append(line)
                continue
            if _PAGE_NUMBER.match(line):
                continue
            key = _furniture_key(line)
            if key in repeated:
                if position < _EDGE_LINES and key not in seen_top:
                    seen_top.add(key)
                    continue
                if bottom_keys.get(key) == position and key not in seen_bottom:
                    seen_bottom.add(key)
                    continue
            body.append(line)
    return body


def _width(line: str) -> float:
    """Width in Chinese character cells: Latin letters, digits and quotes count half."""
    wide = len(_NARROW.sub("", line))
    return wide + 0.5 * (len(line) - wide)


def _typical_width(lines: list[str], widths: list[float] | None = None) -> float:
    """The width of a full line: most lines of a report run to the right margin."""
    ranked = sorted(widths if widths is not None else map(_width, lines))
    return ranked[min(len(ranked) - 1, math.floor(0.9 * len(ranked)))] if ranked else 0.0


def _join_lines(lines: list[str]) -> list[str]:
    if not lines:
        return []
    widths = [_width(line) for line in lines]
    typical = _typical_width(lines, widths)
    paragraphs: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        current = _glue(current, line) if current else line
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is None or not _continues(line, widths[index], typical, following):
            paragraphs.append(current)
            current = ""
    return paragraphs


def _continues(line: str, width: float, typical: float, following: str) -> bool:
    if _HEADING.match(following):
        return False
    if line.rstrip(_CLOSERS)[-1:] in _SENTENCE_END or line[-1:] in _SENTENCE_END:
        return False
    needed = _FULL_HEADING_LINE if _HEADING.match(line) else _FULL_LINE
    return width >= needed * typical


def _glue(left: str, right: str) -> str:
    # Only Latin words broken at the margin need a space back; Chinese runs on directly.
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return f"{left} {right}"
    return left + right
