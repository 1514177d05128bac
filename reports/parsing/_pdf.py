"""A text PDF as paragraphs: page furniture removed, lines wrapped at the margin joined again.

pypdfium2 gives each page as visual lines, and PDFium where each character stands:

    古丈县科技和工业信息化局                  ← header repeated on every page: dropped
        一、依法行政工作情况                   ← indented, or a heading by what it says: alone
        今年以来，县科工信局坚持以习近平新时   ← reaches the right margin, no 。: runs on
    代中国特色社会主义思想为指导。
                    — 3 —                    ← page number: dropped

A line is known by where it stands (its edges against the page's text block, its height from the
top of the page) and by what it says; where PDFium's characters cannot be matched to the text,
by its length in characters alone.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
import threading
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ._text import CLOSERS, PAGE_NUMBER, UNSTORABLE, ends_sentence, remove_cjk_spaces
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
_LINE_RUN = re.compile(r"[^\r\n]+")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[,，]?[、.．]"
    r"|[（(][一二三四五六七八九十]+[）)]"
    r"|\d{1,2}[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]"
    r"|第[一二三四五六七八九十]+[部分章节条]"
    r"|[①-⑳])"
)
# The two levels whose headings stand alone: 一、 and （一）, not 1. or （1）, which run on.
_TOP_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[,，]?[、.．]|[（(][一二三四五六七八九十]+[）)]"
    r"|第[一二三四五六七八九十]+部分)"
)

_CLAUSE = re.compile(r"[，、；：,;:]")
# What ends the first sentence of a line: where a heading that runs on would stop.
_STOP = re.compile(r"[。！？!?；;]")
# A heading that goes on into its body leaves at most this much of itself on the next line.
_HEADING_TAIL = 12
# Without character positions: a line at least this share of the typical full line reached the
# right margin.
_FULL_LINE = 0.85
_NARROW = re.compile(r"[\x00-\u10ff\u2000-\u206f\uff61-\uffdc]")


@dataclass(slots=True)
class _Line:
    """One visual line, and where it stands on its page in points (NaN where unknown).

    `left`/`right`: the first character's left and the last one's right edge (advance boxes);
    `top`: from the top of the page, so pages compare; `height`: the line's character height.
    """

    text: str
    left: float = math.nan
    right: float = math.nan
    top: float = math.nan
    height: float = math.nan


def read_pdf(data: bytes) -> ExtractedDocument:
    """Paragraph blocks of a PDF with a text layer."""
    pages = _page_lines(data)
    # Positions are used only where every line has them: half a layout misleads.
    located = not any(math.isnan(line.left) for lines in pages for line in lines)
    lines, page_of = _strip_furniture(pages, located)
    paragraphs = _join_lines(lines, page_of, located)
    visible = sum(len(p.replace(" ", "")) for p in paragraphs)
    # Scans carry no text layer, or only a stray stamp or page number per page.
    if visible == 0 or visible < 8 * len(pages):
        raise ReadError(SCANNED, code="scanned")
    return ExtractedDocument(format="pdf", blocks=tuple(Block(text=p) for p in paragraphs))


def _page_lines(data: bytes) -> list[list[_Line]]:
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


def _lines_of(pdf: pdfium.PdfDocument, index: int, budget: int) -> tuple[list[_Line], int]:
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
            # Each character of the page is one UTF-16 unit of its text unless the page holds
            # characters beyond the BMP; then positions cannot be matched and are left out.
            boxes = _Boxes(textpage, page.get_height()) if len(text) == count else None
            lines = [
                line
                for found in _LINE_RUN.finditer(text)
                if (line := _line(text, found.start(), found.end(), boxes)) is not None
            ]
        finally:
            textpage.close()
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(_CORRUPT, code="corrupt") from exc
    finally:
        page.close()
    return lines, budget


class _Boxes:
    """Advance boxes of a page's characters, asked for one at a time: a call costs about a
    microsecond, so only the ends of each line and the neighbours of its spaces are asked."""

    def __init__(self, textpage: pdfium.PdfTextPage, page_height: float) -> None:
        self._textpage = textpage.raw  # the bare handle: no attribute lookup per call
        self._get = pdfium_c.FPDFText_GetLooseCharBox
        self._rect = pdfium_c.FS_RECTF()
        self._pointer = ctypes.byref(self._rect)
        # left, top, right, bottom, as FPDFText_GetRect fills them
        self._sides = [ctypes.c_double() for _ in range(4)]
        self._side_pointers = [ctypes.byref(side) for side in self._sides]
        self.page_height = page_height

    def box(self, index: int) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of character `index`."""
        rect = self._rect
        if not self._get(self._textpage, index, self._pointer):
            return (math.nan, math.nan, math.nan, math.nan)
        return rect.left, rect.bottom, rect.right, rect.top

    def pieces(self, first: int, last: int) -> list[tuple[float, float]]:
        """(left, right) of each text object's part of characters first..last, in page order."""
        page, sides = self._textpage, self._sides
        count = pdfium_c.FPDFText_CountRects(page, first, last - first + 1)
        found = []
        for index in range(count):
            if pdfium_c.FPDFText_GetRect(page, index, *self._side_pointers):
                found.append((sides[0].value, sides[2].value))
        return found

    def raw(self) -> tuple[Any, Any, Any, Any]:
        """(FPDFText_GetLooseCharBox, page handle, box pointer, box) for a loop's own calls."""
        return pdfium_c.FPDFText_GetLooseCharBox, self._textpage, self._pointer, self._rect


def _line(text: str, start: int, end: int, boxes: _Boxes | None) -> _Line | None:
    raw = text[start:end]
    stripped = raw.strip()
    if not stripped:
        return None
    if boxes is None:
        cleaned = _clean(raw)
        return _Line(cleaned) if cleaned else None
    first = start + raw.index(stripped[0]) if raw[0].isspace() else start
    last = start + len(raw.rstrip()) - 1 if raw[-1].isspace() else end - 1
    left, bottom, _, top = boxes.box(first)
    _, last_bottom, right, last_top = boxes.box(last)
    # Loose boxes of some glyphs are shorter than the font (三 in a bold face): the taller end.
    height = max(top - bottom, last_top - last_bottom)
    if " " in stripped and _out_of_order(first, last, boxes, height):
        stripped, left, right = _in_reading_order(text, first, last, boxes, height)
    cleaned = _clean(stripped) if " " in stripped or not stripped.isprintable() else stripped
    if not cleaned:
        return None
    return _Line(cleaned, left, right, boxes.page_height - max(top, last_top), height)


def _out_of_order(first: int, last: int, boxes: _Boxes, height: float) -> bool:
    """Whether a piece of the line stands left of one before it.

    LibreOffice writes the glyphs of another font (curly quotes beside Chinese) as text objects
    of their own after the line's other text, and PDFium gives them in that order, the gap they
    fill coming out as a space. PDFium's rectangles, one per text object of a stretch of
    characters, tell it in a few calls rather than one per character.
    """
    edge = -math.inf
    slack = 0.5 * height
    for left, right in boxes.pieces(first, last):
        if left < edge - slack:
            return True
        edge = max(edge, right)
    return False


def _in_reading_order(
    text: str, first: int, last: int, boxes: _Boxes, height: float
) -> tuple[str, float, float]:
    """The line's characters sorted left to right, with a space wherever the page leaves a gap.

    Spaces are left out and put back by the gaps: those PDFium made up stood where the glyphs
    out of place belong, and a typed one leaves a gap of its own.
    """
    get, page, pointer, rect = boxes.raw()
    placed = []
    for index in range(first, last + 1):
        char = text[index]
        if char != " " and get(page, index, pointer):
            placed.append((rect.left, rect.right, char))
    placed.sort()
    pieces: list[str] = []
    edge = placed[0][0] if placed else math.nan
    for left, right, char in placed:
        if pieces and left - edge > 0.25 * height:
            pieces.append(" ")
        pieces.append(char)
        edge = max(edge, right)
    return "".join(pieces), placed[0][0], max(right for _, right, _ in placed)


def _clean(raw: str) -> str:
    line = UNSTORABLE.sub("", raw).strip()
    # Most lines have no space at all, and the space pattern is costly to try at every
    # character; it never reaches across a line break, so line by line is the same.
    if " " in line or "\xa0" in line:
        line = remove_cjk_spaces(line)
    return line


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", line.replace(" ", ""))


def _strip_furniture(pages: list[list[_Line]], located: bool) -> tuple[list[_Line], list[int]]:
    """Body lines in reading order, without running headers, footers and page numbers.

    Returns the lines and the page each one is on.
    """
    # Running heads and page numbers live at the page edges only: each page's edge lines by
    # position, with the key that ignores page numbers inside them.
    edge_keys = [
        {position: _furniture_key(lines[position].text) for position in _edge_positions(len(lines))}
        for lines in pages
    ]
    edge_counts: dict[str, int] = {}
    for keys in edge_keys:
        for key in set(keys.values()):
            edge_counts[key] = edge_counts.get(key, 0) + 1
    # "Most pages": a line at the edge of more than half of them, and of at least two. Without
    # positions, a line running to the right margin is body text that happens to repeat, never
    # a running header; with them, a head is told by standing at one height on every page.
    full = (
        math.inf
        if located
        else _FULL_LINE * _typical_width([_width(line.text) for lines in pages for line in lines])
    )
    repeated = {
        key
        for key, n in edge_counts.items()
        if n >= 2 and n * 2 > len(pages) and _width(key) < full
    }
    # Where each running head stands: a title on the first page that reads like the header of
    # the others (Word's "different first page") stands lower, inside the text block.
    heights: dict[str, list[float]] = {}
    for lines, keys in zip(pages, edge_keys, strict=True):
        for position, key in keys.items():
            if key in repeated and located:
                heights.setdefault(key, []).append(lines[position].top)
    typical_top = {key: statistics.median(tops) for key, tops in heights.items()}
    body: list[_Line] = []
    page_of: list[int] = []
    for number, (lines, keys) in enumerate(zip(pages, edge_keys, strict=True)):
        kept = _kept_edge_lines(lines, keys, repeated, typical_top if located else {})
        order = [
            *(position for position in kept if position < _EDGE_LINES),
            *range(_EDGE_LINES, len(lines) - _EDGE_LINES),
            *(position for position in kept if position >= _EDGE_LINES),
        ]
        body += [lines[position] for position in order]
        page_of += [number] * len(order)
    return body, page_of


def _kept_edge_lines(
    lines: list[_Line], keys: dict[int, str], repeated: set[str], typical_top: dict[str, float]
) -> list[int]:
    """Positions of the edge lines of a page that are not page numbers or running heads."""
    bottom = len(lines) - _EDGE_LINES
    last_at_bottom = {key: position for position, key in keys.items() if position >= bottom}
    # Only the copy nearest the edge goes: a title identical to the running header stays.
    seen_top: set[str] = set()
    seen_bottom: set[str] = set()
    kept = []
    for position, key in keys.items():
        line = lines[position]
        if _page_number(line.text):
            continue
        if key in repeated:
            if key in typical_top:
                # A running head stands at the same height on every page, to a point or so.
                if abs(line.top - typical_top[key]) <= 0.2 * line.height:
                    continue
            elif position < _EDGE_LINES and key not in seen_top:
                seen_top.add(key)
                continue
            elif last_at_bottom.get(key) == position and key not in seen_bottom:
                seen_bottom.add(key)
                continue
        kept.append(position)
    return kept


def _page_number(line: str) -> bool:
    # At a page's edge a bare number is a page number.
    return PAGE_NUMBER.fullmatch(line) is not None or line.strip(" -—–－~～·").isdigit()


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


@dataclass(frozen=True, slots=True)
class _Shape:
    """What each line's place says: it fills the text block's width, it is indented, and the
    report indents its paragraphs at all."""

    full: list[bool]
    indented: list[bool]
    indents: bool


def _shape(lines: list[_Line], page_of: list[int], located: bool, ends: list[bool]) -> _Shape:
    if not located:
        full_width = _FULL_LINE * _typical_width([_width(line.text) for line in lines])
        return _Shape(
            [_width(line.text) >= full_width for line in lines], [False] * len(lines), False
        )
    # Per page: leftmost and rightmost edge of its lines of eight characters or more (a
    # signature, a centred title say nothing of the margins), and how many there are.
    bounds: dict[int, list[float]] = {}
    for line, page in zip(lines, page_of, strict=True):
        if len(line.text) >= 8:
            found = bounds.get(page)
            if found is None:
                bounds[page] = [line.left, line.right, 1.0]
            else:
                found[0] = min(found[0], line.left)
                found[1] = max(found[1], line.right)
                found[2] += 1
    # A page of a few lines (the last one, with the signature) borrows the usual margins.
    usual = (
        (
            statistics.median(found[0] for found in bounds.values()),
            statistics.median(found[1] for found in bounds.values()),
        )
        if bounds
        else (min(ln.left for ln in lines), max(ln.right for ln in lines))
    )
    margins = {page: (f[0], f[1]) if f[2] >= 3 else usual for page, f in bounds.items()}
    full: list[bool] = []
    indented: list[bool] = []
    for line, page in zip(lines, page_of, strict=True):
        left, right = margins.get(page, usual)
        height, offset = line.height, line.left - left
        # From the margin (or an indent) to the right margin.
        full.append(right - line.right <= 1.6 * height and offset <= 3 * height)
        # A few characters in, as a first line; further in is centred or right-aligned.
        indented.append(1.2 * height <= offset <= 4 * height)
    # The report indents its paragraphs when most lines after a sentence's end are indented.
    starts = [indented[index] for index in range(1, len(lines)) if ends[index - 1]]
    indents = len(starts) >= 3 and sum(starts) * 5 >= len(starts) * 3
    return _Shape(full, indented, indents)


def _same_size(line: _Line, following: _Line) -> bool:
    """The lines' characters are of one size, as a paragraph's are (True where unknown)."""
    difference = abs(line.height - following.height)
    return not difference > 0.12 * max(line.height, following.height)


def _join_lines(lines: list[_Line], page_of: list[int], located: bool) -> list[str]:
    """Paragraphs of the non-empty `lines`: a line that reached the margin mid-sentence runs on.

    A heading (一、 or （一） opening a paragraph, no 。) that fills its line runs on only into
    the rest of itself: a short line, or a few characters up to a 。. Where the report indents
    its paragraphs, an indented line always opens one; a change of type size closes one.
    """
    if not lines:
        return []
    ends = [ends_sentence(line.text) for line in lines]
    shape = _shape(lines, page_of, located, ends)
    full, indented, indents = shape.full, shape.indented, shape.indents
    marked = [_HEADING.match(line.text) is not None for line in lines]
    marked.append(True)  # the end closes the last paragraph as a heading would
    paragraphs: list[str] = []
    pieces: list[str] = []
    for index, line in enumerate(lines):
        text = line.text
        opens = not pieces
        # Only Latin words broken at the margin need a space back; Chinese runs on directly.
        if pieces and _latin_letter(pieces[-1][-1]) and _latin_letter(text[0]):
            pieces.append(" ")
        pieces.append(text)
        runs_on = full[index] and not marked[index + 1] and not ends[index]
        if runs_on:
            following = lines[index + 1]
            if not _same_size(line, following) or (indents and indented[index + 1]):
                runs_on = False
            elif opens and not indents and _TOP_HEADING.match(text) and "。" not in text:
                runs_on = _rest_of_heading(following, full[index + 1])
        if not runs_on:
            paragraphs.append("".join(pieces))
            pieces = []
    return paragraphs


def _rest_of_heading(line: _Line, full: bool) -> bool:
    """Whether `line` finishes the heading above it (…第一责任人职 / 责，加强……情况)."""
    stop = _STOP.search(line.text)
    if not full and (stop is None or stop.end() >= len(line.text.rstrip(CLOSERS))):
        return True
    if stop is None:
        return False
    head = line.text[: stop.start()]
    return 0 < len(head) <= _HEADING_TAIL and _CLAUSE.search(head) is None


def _latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()
