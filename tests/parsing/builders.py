"""Real test documents made on the fly: .docx (python-docx, real Word numbering), .pdf (ReportLab)
and the bad inputs an upload form meets (zip bombs, XXE, truncation, scans, password files).

    docx_from_lines(["一、依法行政", "（一）加强学习"], word_numbering=True)
    → a .docx whose paragraphs read "依法行政", "加强学习" with numbering.xml giving 一、 and （一）
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# ---------------------------------------------------------------------------------------------
# .docx from lines of text

_CN = "一二三四五六七八九"
_MARKERS = (
    # level, pattern, the lvlText the marker's punctuation becomes
    (0, re.compile(r"^([一二三四五六七八九十]+)(、)"), "{open}%1{close}"),
    (1, re.compile(r"^([（(])([一二三四五六七八九十]+)([）)])"), "{open}%2{close}"),
    (2, re.compile(r"^(\d{1,2})([.．、])(?!\d)"), "{open}%3{close}"),
    (3, re.compile(r"^([（(])(\d{1,2})([）)])"), "{open}%4{close}"),
)
_LEVEL_FORMATS = ("chineseCounting", "chineseCounting", "decimal", "decimal")


def chinese_to_int(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (up to 99)."""
    if "十" not in text:
        return _CN.index(text) + 1
    tens, _, units = text.partition("十")
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(units) + 1 if units else 0)


def split_marker(line: str) -> tuple[int, int, str, str, str] | None:
    """(level 0-3, value, opening, closing, rest) of a line that starts with a heading marker."""
    for level, pattern, _ in _MARKERS:
        match = pattern.match(line)
        if match is None:
            continue
        groups = match.groups()
        if level in (0, 2):
            number, opening, closing = groups[0], "", groups[1]
        else:
            opening, number, closing = groups
        value = int(number) if number.isdigit() else chinese_to_int(number)
        return level, value, opening, closing, line[match.end() :]
    return None


class _ListMaker:
    """Word lists whose counters reproduce the numbers the text had, skips and restarts included."""

    def __init__(self, document: docx.document.Document) -> None:
        self._numbering = document.part.numbering_part.element
        self._next_id = 1000
        self._texts: dict[int, tuple[str, str]] = {}
        self._num_id: str | None = None
        self._starts: list[int] = []
        self._values: list[int | None] = [None] * 4
        self._list_texts: list[tuple[str, str]] = [_default_texts(ilvl) for ilvl in range(4)]

    def num_for(self, level: int, value: int, opening: str, closing: str) -> str | None:
        """The numId to give this paragraph, or None when its marker must stay typed."""
        texts = self._texts.setdefault(level, (opening, closing))
        if texts != (opening, closing):
            return None  # one level has one lvlText; a differently punctuated marker stays typed
        expected = None
        if self._num_id is not None:
            current = self._values[level]
            expected = self._starts[level] if current is None else current + 1
        # A level first met after the list was made got the default punctuation: remake it.
        if expected != value or self._list_texts[level] != texts:
            # Levels above the restarted one are taken as used at their start value, so they
            # start where the text left them (0 when never used: the next one then reads 1).
            starts = [v if v is not None else 0 for v in self._values[:level]]
            starts += [value] + [1] * (3 - level)
            self._new_list(starts)
        for shallower in range(level):
            if self._values[shallower] is None:
                self._values[shallower] = self._starts[shallower]
        self._values[level] = value
        for deeper in range(level + 1, 4):
            self._values[deeper] = None
        return self._num_id

    def _new_list(self, starts: list[int]) -> None:
        # Each restart gets its own abstractNum, so Word and LibreOffice agree on the counters.
        ident = str(self._next_id)
        self._next_id += 1
        levels = []
        for ilvl in range(9):
            if ilvl < 4:
                opening, closing = self._texts.get(ilvl, _default_texts(ilvl))
                text = _MARKERS[ilvl][2].format(open=opening, close=closing)
                fmt = _LEVEL_FORMATS[ilvl]
                start = starts[ilvl]
            else:
                text, fmt, start = f"%{ilvl + 1}.", "decimal", 1
            levels.append(
                f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                "</w:lvl>"
            )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ident}">'
            f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
        )
        first_num = self._numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self._numbering.append(abstract)
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{ident}"><w:abstractNumId w:val="{ident}"/></w:num>'
        )
        self._numbering.append(num)
        self._num_id = ident
        self._starts = starts
        self._values = [None] * 4
        self._list_texts = [self._texts.get(ilvl, _default_texts(ilvl)) for ilvl in range(4)]


def _default_texts(ilvl: int) -> tuple[str, str]:
    return (("", "、"), ("（", "）"), ("", "."), ("（", "）"))[ilvl]


def docx_from_lines(
    lines: Iterable[str], *, word_numbering: bool = False, heading_styles: bool = False
) -> bytes:
    """A .docx with one paragraph per non-blank line.

    word_numbering: a leading 一、 （一） 1. （1） is taken out of the text and rendered by Word list
    numbering instead. heading_styles: level-1 and level-2 headings get Heading 1 / Heading 2.
    """
    document = docx.Document()
    lists = _ListMaker(document) if word_numbering else None
    for line in lines:
        if not line.strip():
            continue
        marker = split_marker(line)
        style = None
        if heading_styles and marker is not None and marker[0] in (0, 1):
            style = f"Heading {marker[0] + 1}"
        num_id = None
        text = line
        if lists is not None and marker is not None:
            level, value, opening, closing, rest = marker
            num_id = lists.num_for(level, value, opening, closing)
            if num_id is not None:
                text = rest
        paragraph = document.add_paragraph(text, style=style)
        if num_id is not None and marker is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = marker[0]
            num_pr.get_or_add_numId().val = int(num_id)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# .docx laid out as a 公文 (GB/T 9704): what offices export to PDF

_FRONT_LINE = re.compile(r"^[^。，]{2,60}$")
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,4}月.{1,4}日\s*$")


def office_docx(
    lines: Iterable[str],
    *,
    size: float = 16.0,
    indent: bool = True,
    header: str | None = None,
    page_numbers: bool = True,
    word_numbering: bool = False,
    bold_headings: bool = True,
) -> bytes:
    """A .docx as an office types a report: A4 with 公文 margins, `size`-point body text that is
    justified and indented two characters, the title centred and large, level-1 headings bold,
    the signature and date at the right, `header` on every page and "— N —" page numbers below.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = Pt(size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(size * 1.75)
    if header is not None:
        section.header.paragraphs[0].text = header
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if page_numbers:
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">— </w:t></w:r>'))
        footer._p.append(
            parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            )
        )
        footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> —</w:t></w:r>'))
    lists = _ListMaker(document) if word_numbering else None
    kept = [line.strip() for line in lines if line.strip()]
    body_started = False
    for position, line in enumerate(kept):
        marker = split_marker(line)
        body_started = body_started or marker is not None or not _FRONT_LINE.match(line)
        text, num_id = line, None
        if lists is not None and marker is not None:
            num_id = lists.num_for(marker[0], marker[1], marker[2], marker[3])
            if num_id is not None:
                text = marker[4]
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        layout = paragraph.paragraph_format
        tail = len(kept) - position <= 2 and len(line) <= 30 and "。" not in line
        addressee = line.endswith(("：", ":")) and len(line) <= 40
        if not body_started and not addressee:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.font.size = Pt(size * 1.375)
            run.bold = True
        elif tail and (_DATE_LINE.match(line) or position == len(kept) - 2):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if indent and not addressee:
                layout.first_line_indent = Pt(size * 2)
            if bold_headings and marker is not None and marker[0] == 0 and "。" not in line:
                run.bold = True
        if num_id is not None and marker is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = marker[0]
            num_pr.get_or_add_numId().val = int(num_id)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Minimal hand-written packages, for exact control over document.xml, styles and numbering

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def document_xml(body: str) -> str:
    """A w:document around `body` (w:p and w:tbl elements written with the w: prefix)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )


_DRAWING_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'mc:Ignorable="wps"'
)


def drawing_document_xml(body: str) -> str:
    """document_xml with the namespaces text boxes use (mc, wp, a, wps, v) declared."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" {_DRAWING_NS}><w:body>{body}</w:body></w:document>'
    )


def text_box(content: str, *, fallback: bool = True, drawingml: bool = True) -> str:
    """A run holding a floating text box around `content` (w:p elements), as Word writes it:
    DrawingML in mc:Choice and, for older readers, the same box again as VML in mc:Fallback."""
    shape = (
        '<w:drawing><wp:anchor behindDoc="0" simplePos="0" locked="0" layoutInCell="1" '
        'allowOverlap="1" relativeHeight="2"><wp:simplePos x="0" y="0"/>'
        '<wp:extent cx="5000000" cy="400000"/><wp:docPr id="1" name="文本框 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/>'
        f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx><wps:bodyPr/>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )
    vml = (
        '<w:pict><v:shape id="文本框 1" style="width:393pt;height:31pt">'
        f"<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>"
    )
    if drawingml and fallback:
        inner = (
            f'<mc:AlternateContent><mc:Choice Requires="wps">{shape}</mc:Choice>'
            f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent>"
        )
    else:
        inner = shape if drawingml else vml
    return f"<w:r>{inner}</w:r>"


def table_xml(rows: list[list[str]]) -> str:
    """A w:tbl whose cells hold the given inner XML (w:p or w:tbl elements)."""
    columns = max(len(row) for row in rows)
    grid = "".join('<w:gridCol w:w="4000"/>' for _ in range(columns))
    body = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:tcPr/>{cell}</w:tc>" for cell in row) + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"


def numbering_xml(inner: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">{inner}</w:numbering>'
    )


def styles_xml(inner: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">{inner}</w:styles>'


def docx_package(
    document: str | bytes,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    extra: Mapping[str, bytes] | None = None,
) -> bytes:
    """A .docx zip written by hand: the given document.xml and, optionally, styles and numbering."""
    rels = []
    parts: dict[str, bytes] = {}
    if styles is not None:
        rels.append(("styles", "styles.xml"))
        parts["word/styles.xml"] = styles.encode()
    if numbering is not None:
        rels.append(("numbering", "numbering.xml"))
        parts["word/numbering.xml"] = numbering.encode()
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_REL_TYPE}{kind}" Target="{target}"/>'
            for i, (kind, target) in enumerate(rels, start=1)
        )
        + "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr(
            "word/document.xml", document if isinstance(document, bytes) else document.encode()
        )
        archive.writestr("word/_rels/document.xml.rels", document_rels)
        for name, data in {**parts, **(extra or {})}.items():
            archive.writestr(name, data)
    return out.getvalue()


def para(text: str, *, num: tuple[int, int] | None = None, style: str | None = None) -> str:
    """One w:p; `num` is (numId, ilvl)."""
    ppr = ""
    if style is not None:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def num_level(
    ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "", suff: str = ""
) -> str:
    """One w:lvl of an abstractNum; `extra` goes after numFmt (lvlRestart, pStyle, isLgl)."""
    suffix = f'<w:suff w:val="{suff}"/>' if suff else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'{suffix}<w:lvlText w:val="{text}"/></w:lvl>'
    )


def abstract_num(ident: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{ident}">{"".join(levels)}</w:abstractNum>'


def num_instance(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


#: The usual 公文 list: 一、 （一） 1. （1）
GOV_LIST = abstract_num(
    1,
    num_level(0, "chineseCounting", "%1、"),
    num_level(1, "chineseCounting", "（%2）"),
    num_level(2, "decimal", "%3."),
    num_level(3, "decimal", "（%4）"),
)


def numbered_docx(numbering: str, body: str, *, styles: str | None = None) -> bytes:
    """A hand-written .docx with the given abstractNum/num elements and body."""
    return docx_package(document_xml(body), numbering=numbering_xml(numbering), styles=styles)


# ---------------------------------------------------------------------------------------------
# .pdf from lines of text

_FONT = "STSong-Light"
_PAGE_WIDTH, _PAGE_HEIGHT = A4
_MARGIN = 72.0
_SIZE = 14.0
_LEADING = 24.0


@functools.cache
def _register_font() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(_FONT))


def wrap(text: str, width: float, size: float = _SIZE) -> list[str]:
    """Greedy line breaking at any character, as a word processor does for Chinese."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and pdfmetrics.stringWidth(current + char, _FONT, size) > width:
            lines.append(current)
            current = char
        else:
            current += char
    if current:
        lines.append(current)
    return lines


def pdf_from_lines(
    lines: Iterable[str],
    *,
    header: str | None = None,
    footer_page_numbers: bool = True,
    footer: str = "— {page} —",
    encrypt: str | None = None,
) -> bytes:
    """An A4 text PDF (CID font STSong-Light, not embedded) with paragraphs wrapped at the margin,
    `header` on top of every page and `footer` ("— 3 —", "第 {page} 页 共 {pages} 页") below."""
    _register_font()
    width = _PAGE_WIDTH - 2 * _MARGIN
    per_page = int((_PAGE_HEIGHT - 2 * _MARGIN) // _LEADING) + 1
    wrapped = [piece for line in lines if line.strip() for piece in wrap(line.strip(), width)]
    pages = [wrapped[i : i + per_page] for i in range(0, len(wrapped), per_page)] or [[]]
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1, encrypt=encrypt)
    for number, page_lines in enumerate(pages, start=1):
        # Drawn in reading order: header, body, footer, as word processors emit them.
        if header:
            pdf.setFont(_FONT, 10)
            pdf.drawCentredString(_PAGE_WIDTH / 2, _PAGE_HEIGHT - 40, header)
        pdf.setFont(_FONT, _SIZE)
        y = _PAGE_HEIGHT - _MARGIN
        for piece in page_lines:
            pdf.drawString(_MARGIN, y, piece)
            y -= _LEADING
        if footer_page_numbers:
            pdf.setFont(_FONT, 10)
            pdf.drawCentredString(_PAGE_WIDTH / 2, 36, footer.format(page=number, pages=len(pages)))
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_with_strings(strings: Iterable[str]) -> bytes:
    """A one-page PDF drawing each string as given, one per line (spaces and all)."""
    _register_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    pdf.setFont(_FONT, _SIZE)
    y = _PAGE_HEIGHT - _MARGIN
    for text in strings:
        pdf.drawString(_MARGIN, y, text)
        y -= _LEADING
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def image_only_pdf(pages: int = 2) -> bytes:
    """What a scanner produces, as far as text goes: pages with shapes and no text layer."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    for index in range(pages):
        for row in range(30):
            pdf.rect(
                _MARGIN,
                _PAGE_HEIGHT - _MARGIN - row * 22,
                300 + (row * 37 + index) % 150,
                12,
                fill=1,
            )
        pdf.showPage()
    pdf.save()
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Hostile and broken inputs


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from (name, raw deflate data, crc32, uncompressed size) entries, written by hand."""
    out = io.BytesIO()
    central = []
    for name, raw, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(raw), size, len(encoded), 0
            )
        )
        out.write(encoded)
        out.write(raw)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(raw),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for record in central:
        out.write(record)
    length = out.tell() - start
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), length, start, 0)
    )
    return out.getvalue()


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


@functools.cache
def zip_bomb_docx(inflated_mib: int = 1024) -> bytes:
    """About 1 MB of .docx whose word/document.xml inflates to `inflated_mib` MiB (1 GiB)."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    # A full flush makes the compressed chunk self-contained, so it can simply be repeated.
    segment = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    raw = segment * inflated_mib + compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(inflated_mib):
        crc = zlib.crc32(chunk, crc)
    return _raw_zip(
        [
            ("[Content_Types].xml", *_deflated(_CONTENT_TYPES.encode())),
            ("_rels/.rels", *_deflated(_ROOT_RELS.encode())),
            ("word/document.xml", raw, crc, inflated_mib << 20),
        ]
    )


def many_entries_docx(count: int = 3000) -> bytes:
    """A .docx padded with thousands of tiny parts."""
    extra = {f"word/media/pad{i}.bin": b"x" for i in range(count)}
    return docx_package(document_xml(para("正文")), extra=extra)


def xxe_docx() -> bytes:
    """document.xml declares an external entity pointing at /etc/passwd and uses it."""
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return docx_package(document)


def billion_laughs_docx() -> bytes:
    """document.xml with the classic exponential entity expansion."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<!DOCTYPE w:document [{entities}]>"
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return docx_package(document)


def truncated_docx() -> bytes:
    """The first half of a valid .docx, as an interrupted upload leaves it."""
    data = docx_from_lines(["一、依法行政工作情况", "今年以来，我局认真贯彻落实。"] * 20)
    return data[: len(data) // 2]


def ole_file(streams: Mapping[str, bytes]) -> bytes:
    """A compound file (the container of .doc, .wps and password-protected .docx) holding
    `streams`, each padded to 4096 bytes so no mini stream is needed."""
    sector = 512
    bodies = []
    for name, data in streams.items():
        padded = data + b"\0" * (-len(data) % sector)
        if len(padded) < 4096:
            padded += b"\0" * (4096 - len(padded))
        bodies.append((name, data, padded))
    total_sectors = 2 + sum(len(p) // sector for _, _, p in bodies)
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # sector 0: the FAT itself; sector 1: the directory
    starts = []
    next_sector = 2
    for _, _, padded in bodies:
        count = len(padded) // sector
        starts.append(next_sector)
        fat.extend(range(next_sector + 1, next_sector + count))
        fat.append(0xFFFFFFFE)
        next_sector += count
    if len(fat) > sector // 4:
        raise ValueError("streams too large for a one-sector FAT")
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        0xFFFFFFFE,
        0,
        0xFFFFFFFE,
        0,
    )
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108
    entries = [_dir_entry("Root Entry", 5, child=1 if bodies else 0xFFFFFFFF, start=0xFFFFFFFE)]
    for index, ((name, data, _), start) in enumerate(zip(bodies, starts, strict=True)):
        right = index + 2 if index + 1 < len(bodies) else 0xFFFFFFFF
        entries.append(_dir_entry(name, 2, right=right, start=start, size=len(data)))
    directory = b"".join(entries)
    if len(directory) > sector:
        raise ValueError("at most three streams")
    directory += b"\0" * (sector - len(directory))
    assert total_sectors == next_sector
    body = b"".join(padded for _, _, padded in bodies)
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + body


def _dir_entry(
    name: str,
    kind: int,
    *,
    child: int = 0xFFFFFFFF,
    right: int = 0xFFFFFFFF,
    start: int = 0,
    size: int = 0,
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,
        0xFFFFFFFF,
        right,
        child,
        b"\0" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def encrypted_docx() -> bytes:
    """What Word saves for a .docx with an open password: a compound file, not a zip."""
    return ole_file(
        {
            "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"<encryption/>",
            "EncryptedPackage": struct.pack("<Q", 5000) + bytes(range(256)) * 20,
        }
    )


def encrypted_entry_docx() -> bytes:
    """A .docx whose zip entries carry the "encrypted" flag (zip password, not Word's)."""
    data = bytearray(docx_package(document_xml(para("正文"))))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)
        while position != -1:
            data[position + flag_offset] |= 0x1
            position = data.find(signature, position + 4)
    return bytes(data)


def zip_without_document() -> bytes:
    """A zip holding a spreadsheet-like part but no word/document.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


def fake_doc() -> bytes:
    """A compound file with a WordDocument stream that is not a real Word document."""
    return ole_file({"WordDocument": b"\xec\xa5" + b"\0" * 1000, "1Table": b"\0" * 600})


# ---------------------------------------------------------------------------------------------
# Files exported by LibreOffice, as an office suite makes them


def libreoffice_export(documents: Mapping[str, bytes], target: str = "pdf") -> dict[str, bytes]:
    """Each named document converted by one LibreOffice run (`target` as for --convert-to).

    Needs soffice on PATH; a throwaway profile keeps runs apart.
    """
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="nianbao-test-soffice-") as tmp:
        work = Path(tmp)
        sources = []
        for name, data in documents.items():
            source = work / "in" / name
            source.parent.mkdir(exist_ok=True)
            source.write_bytes(data)
            sources.append(source)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(work / "out"),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        extension = target.split(":", 1)[0]
        return {
            name: (work / "out" / f"{Path(name).stem}.{extension}").read_bytes()
            for name in documents
        }
