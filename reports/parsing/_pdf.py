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

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ._text import PAGE_NUMBER, UNSTORABLE, ends_sentence, remove_cjk_spaces
from .types import Block, ExtractedDocument, ReadError

MAX_PAGES = 1000
# A dense A4 page holds a few thousand characters; a page claiming far more is a crafted stream,
# and its text is refused before it is copied out of PDFium.
MAX_PAGE_CHARS = 100_000
MAX_TEXT_CHARS = 5_000_000
TOO_MUCH_TEXT = (
    "PDF 文件中的文字量异常（可能是特制的文件），无法读取，请重新导出 PDF 或上传 Word 文件"
)
SCANNED = "无法读取文字：文件似乎是扫描件，请上传 Word 文件或带文字层的 PDF"
_CORRUPT = "PDF 文件已损坏，无法读取，请重新导出 PDF 或上传 Word 文件"

# PDFium keeps global state and is not thread-safe; a web server may call us from threads.
_PDFIUM_LOCK = threading.Lock()

# Lines at the top and bottom of a page that may be headers, footers or page numbers.
_EDGE_LINES = 3
_DIGITS = re.compile(r"\d+")
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


def read_pdf(data: bytes) -> ExtractedDocument:
    """Paragraph blocks of a PDF with a text layer."""
    pages = _page_lines(data)
    lines, widths = _strip_furniture(pages)
    paragraphs = _join_lines(lines, widths)
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
            budget = MAX_TEXT_CHARS
            for index in range(count):
                lines, budget = _lines_of(pdf, index, budget)
                pages.append(lines)
            return pages
        finally:
            pdf.close()


def _lines_of(pdf: pdfium.PdfDocument, index: int, budget: int) -> tuple[list[str], int]:
    """The page's lines, and what is left of the document's character budget after them."""
    try:
        page = pdf[index]
    except Exception as exc:
        raise ReadError(_CORRUPT, code="corrupt") from exc
    try:
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            if count > MAX_PAGE_CHARS or count > budget:
                raise ReadError(TOO_MUCH_TEXT, code="too_large")
            budget -= count
            text = textpage.get_text_range()
        finally:
            textpage.close()
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(_CORRUPT, code="corrupt") from exc
    finally:
        page.close()
    lines = []
    for raw in UNSTORABLE.sub("", text).splitlines():
        line = raw.strip()
        # Most lines have no space at all, and the space pattern is costly to try at every
        # character; it never reaches across a line break, so line by line is the same.
        if " " in line or "\xa0" in line:
            line = remove_cjk_spaces(line)
        if line:
            lines.append(line)
    return lines, budget


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", line.replace(" ", ""))


def _strip_furniture(pages: list[list[str]]) -> tuple[list[str], list[float]]:
    """Body lines in reading order, without running headers, footers and page numbers.

    Returns the lines and their widths (see _width).
    """
    # Running heads and page numbers live at the page edges only: each page's edge lines by
    # position, with the key that ignores page numbers inside them.
    edge_keys = [
        {position: _furniture_key(lines[position]) for position in _edge_positions(len(lines))}
        for lines in pages
    ]
    edge_counts: dict[str, int] = {}
    for keys in edge_keys:
        for key in set(keys.values()):
            edge_counts[key] = edge_counts.get(key, 0) + 1
    # "Most pages": a line at the edge of more than half of them, and of at least two. A line
    # running to the right margin is body text that happens to repeat, never a running header.
    widths = [[_width(line) for line in lines] for lines in pages]
    full = _FULL_LINE * _typical_width([width for row in widths for width in row])
    repeated = {
        key
        for key, n in edge_counts.items()
        if n >= 2 and n * 2 > len(pages) and _width(key) < full
    }
    body: list[str] = []
    body_widths: list[float] = []
    for lines, line_widths, keys in zip(pages, widths, edge_keys, strict=True):
        kept = _kept_edge_lines(lines, keys, repeated)
        order = [
            *(position for position in kept if position < _EDGE_LINES),
            *range(_EDGE_LINES, len(lines) - _EDGE_LINES),
            *(position for position in kept if position >= _EDGE_LINES),
        ]
        body += [lines[position] for position in order]
        body_widths += [line_widths[position] for position in order]
    return body, body_widths


def _kept_edge_lines(lines: list[str], keys: dict[int, str], repeated: set[str]) -> list[int]:
    """Positions of the edge lines of a page that are not page numbers or running heads."""
    bottom = len(lines) - _EDGE_LINES
    last_at_bottom = {key: position for position, key in keys.items() if position >= bottom}
    # Only the copy nearest the edge goes: a title identical to the running header stays.
    seen_top: set[str] = set()
    seen_bottom: set[str] = set()
    kept = []
    for position, key in keys.items():
        if _page_number(lines[position]):
            continue
        if key in repeated:
            if position < _EDGE_LINES and key not in seen_top:
                seen_top.add(key)
                continue
            if last_at_bottom.get(key) == position and key not in seen_bottom:
                seen_bottom.add(key)
                continue
        kept.append(position)
    return kept


def _edge_positions(count: int) -> list[int]:
    """Positions of the top and bottom lines of a page of `count` lines, each once."""
    if count <= 2 * _EDGE_LINES:
        return list(range(count))
    return [*range(_EDGE_LINES), *range(count - _EDGE_LINES, count)]


def _width(line: str) -> float:
    """Width in Chinese character cells: Latin letters, digits and quotes count half."""
    return len(line) - 0.5 * len(_NARROW.findall(line))


def _typical_width(widths: list[float]) -> float:
    """The width of a full line: most lines of a report run to the right margin."""
    ranked = sorted(widths)
    return ranked[min(len(ranked) - 1, math.floor(0.9 * len(ranked)))] if ranked else 0.0


def _join_lines(lines: list[str], widths: list[float]) -> list[str]:
    """Paragraphs of the non-empty `lines`: a line that reached the margin mid-sentence runs on."""
    if not lines:
        return []
    typical = _typical_width(widths)
    full, full_heading = _FULL_LINE * typical, _FULL_HEADING_LINE * typical
    headings = [_HEADING.match(line) is not None for line in lines]
    headings.append(True)  # the end closes the last paragraph as a heading would
    paragraphs: list[str] = []
    pieces: list[str] = []
    for index, line in enumerate(lines):
        # Only Latin words broken at the margin need a space back; Chinese runs on directly.
        if pieces and _latin_letter(pieces[-1][-1]) and _latin_letter(line[0]):
            pieces.append(" ")
        pieces.append(line)
        if headings[index + 1] or ends_sentence(line):
            runs_on = False
        else:
            runs_on = widths[index] >= (full_heading if headings[index] else full)
        if not runs_on:
            paragraphs.append("".join(pieces))
            pieces = []
    return paragraphs


def _page_number(line: str) -> bool:
    # At a page's edge a bare number is a page number.
    return PAGE_NUMBER.fullmatch(line) is not None or line.strip(" -—–－~～·").isdigit()


def _latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()
