"""A .docx body as blocks: paragraphs and table rows in order, list numbers rendered.

Reads word/document.xml, styles.xml and numbering.xml straight from the checked zip with lxml
(see _zipguard); headers, footers, comments and footnotes live in other parts and are never read.
Text boxes are read where they are anchored, once; a table laid out as a form (heading | body)
reads as headings and paragraphs.

    <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>
         <w:r><w:t>依法行政工作情况</w:t></w:r></w:p>   →   Block("一、依法行政工作情况", numbered=True)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from ._numbering import MC_NS, Numbering, int_value, is_on
from ._zipguard import CORRUPT_DOCX, DocxPackage
from .types import Block, ExtractedDocument, ReadError

_MAIN_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 Strict
)
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TOC_NAME = re.compile(r"^toc\s*[1-9]$", re.IGNORECASE)
_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
_CHOICE = f"{{{MC_NS}}}Choice"
_FALLBACK = f"{{{MC_NS}}}Fallback"
# A form row: a heading cell short of a sentence, a body cell that says something.
_MAX_FORM_HEADING = 40
_MIN_FORM_BODY = 50


@dataclass(frozen=True, slots=True)
class _ParaStyle:
    level: int | None = None
    num_id: str | None = None
    ilvl: int | None = None
    bold: bool | None = None
    toc: bool = False


class _Tags:
    """Clark-notation tag names for one namespace (transitional or strict)."""

    def __init__(self, w: str) -> None:
        self.w = w
        q = f"{{{w}}}"
        self.val = q + "val"
        self.p, self.tbl, self.tr, self.tc, self.r = q + "p", q + "tbl", q + "tr", q + "tc", q + "r"
        self.pPr, self.rPr, self.trPr = q + "pPr", q + "rPr", q + "trPr"
        self.pStyle, self.rStyle = q + "pStyle", q + "rStyle"
        self.numPr, self.numId, self.ilvl, self.outlineLvl = (
            q + "numPr",
            q + "numId",
            q + "ilvl",
            q + "outlineLvl",
        )
        self.b, self.vanish = q + "b", q + "vanish"
        self.txbxContent, self.drawing, self.pict = (
            q + "txbxContent",
            q + "drawing",
            q + "pict",
        )
        self.tblGrid, self.gridSpan, self.tcPr = q + "tblGrid", q + "gridSpan", q + "tcPr"
        self.t, self.tab, self.ptab, self.br, self.cr = (
            q + "t",
            q + "tab",
            q + "ptab",
            q + "br",
            q + "cr",
        )
        self.noBreakHyphen, self.sym = q + "noBreakHyphen", q + "sym"
        self.sdt, self.sdtContent, self.customXml = q + "sdt", q + "sdtContent", q + "customXml"
        self.ins, self.moveTo, self.dele = q + "ins", q + "moveTo", q + "del"
        # Containers whose runs are visible text; w:del and w:moveFrom are left out on purpose.
        self.inline_containers = frozenset(
            q + name
            for name in (
                "hyperlink",
                "ins",
                "moveTo",
                "smartTag",
                "fldSimple",
                "customXml",
                "dir",
                "bdo",
            )
        )
        self.block_containers = frozenset(q + name for name in ("customXml", "ins", "moveTo"))


class _Styles:
    """Paragraph and character styles with basedOn inheritance, resolved once per style id."""

    def __init__(self, root: etree._Element | None, tags: _Tags) -> None:
        self._t = tags
        self._by_id: dict[str, etree._Element] = {}
        self._para: dict[str, _ParaStyle] = {}
        self._char_bold: dict[str, bool | None] = {}
        self.default_para: str | None = None
        self.default_bold: bool | None = None
        if root is None:
            return
        w = tags.w
        for style in root.iterchildren(f"{{{w}}}style"):
            style_id = style.get(f"{{{w}}}styleId")
            if style_id is None:
                continue
            self._by_id.setdefault(style_id, style)
            if style.get(f"{{{w}}}type") == "paragraph" and style.get(f"{{{w}}}default") in (
                "1",
                "true",
                "on",
            ):
                self.default_para = style_id
        defaults = root.find(f"{{{w}}}docDefaults/{{{w}}}rPrDefault/{{{w}}}rPr")
        if defaults is not None:
            self.default_bold = self._bold_of(defaults)

    def _bold_of(self, rpr: etree._Element | None) -> bool | None:
        if rpr is None:
            return None
        b = rpr.find(self._t.b)
        if b is None:
            return None
        return is_on(b, self._t.val)

    def _based_on(self, style: etree._Element) -> str | None:
        based = style.find(f"{{{self._t.w}}}basedOn")
        return None if based is None else based.get(self._t.val)

    def para(self, style_id: str | None) -> _ParaStyle:
        if style_id is None:
            style_id = self.default_para
            if style_id is None:
                return _ParaStyle()
        cached = self._para.get(style_id)
        if cached is None:
            cached = self._resolve_para(style_id, depth=0)
        return cached

    def _resolve_para(self, style_id: str, depth: int) -> _ParaStyle:
        if style_id in self._para:
            return self._para[style_id]
        self._para[style_id] = _ParaStyle()  # guards basedOn cycles
        style = self._by_id.get(style_id)
        if style is None or depth > 20:
            return _ParaStyle()
        t = self._t
        parent_id = self._based_on(style)
        parent = self._resolve_para(parent_id, depth + 1) if parent_id else _ParaStyle()
        level, num_id, ilvl, bold = parent.level, parent.num_id, parent.ilvl, parent.bold
        name = style.find(f"{{{t.w}}}name")
        name_val = name.get(t.val, "") if name is not None else ""
        heading = _HEADING_NAME.match(name_val.strip())
        if heading:
            level = int(heading.group(1))
        ppr = style.find(t.pPr)
        if ppr is not None:
            outline = ppr.find(t.outlineLvl)
            if outline is not None:
                level = _outline_level(outline.get(t.val))
            numpr = ppr.find(t.numPr)
            if numpr is not None:
                num_el, ilvl_el = numpr.find(t.numId), numpr.find(t.ilvl)
                if num_el is not None:
                    num_id, ilvl = num_el.get(t.val), None
                if ilvl_el is not None:
                    ilvl = int_value(ilvl_el.get(t.val))
        own_bold = self._bold_of(style.find(t.rPr))
        if own_bold is not None:
            bold = own_bold
        resolved = _ParaStyle(level, num_id, ilvl, bold, bool(_TOC_NAME.match(name_val.strip())))
        self._para[style_id] = resolved
        return resolved

    def char_bold(self, style_id: str) -> bool | None:
        if style_id in self._char_bold:
            return self._char_bold[style_id]
        self._char_bold[style_id] = None
        bold: bool | None = None
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen and len(seen) < 20:
            seen.add(current)
            style = self._by_id.get(current)
            if style is None:
                break
            bold = self._bold_of(style.find(self._t.rPr))
            if bold is not None:
                break
            current = self._based_on(style)
        self._char_bold[style_id] = bold
        return bold

    def num_of_style(self, style_id: str) -> str | None:
        return self.para(style_id).num_id


def _outline_level(value: str | None) -> int | None:
    level = int_value(value)
    # outlineLvl is 0-based in the XML and 9 means body text.
    return level + 1 if level is not None and 0 <= level <= 8 else None


class _Reader:
    def __init__(self, tags: _Tags, styles: _Styles, numbering: Numbering) -> None:
        self.t = tags
        self.styles = styles
        self.numbering = numbering

    def blocks(self, container: etree._Element, in_table: bool) -> Iterator[Block]:
        t = self.t
        for el in container:
            tag = el.tag
            if tag == t.p:
                yield from self.paragraph(el, in_table)
            elif tag == t.tbl:
                yield from self.table(el, in_table)
            elif tag == t.sdt:
                content = el.find(t.sdtContent)
                if content is not None:
                    yield from self.blocks(content, in_table)
            elif tag in t.block_containers:
                yield from self.blocks(el, in_table)

    def table(self, tbl: etree._Element, in_table: bool) -> Iterator[Block]:
        t = self.t
        rows = []
        for tr in self._children(tbl, t.tr):
            trpr = tr.find(t.trPr)
            if trpr is not None and trpr.find(t.dele) is not None:
                continue  # a row deleted with track changes
            rows.append(list(self._children(tr, t.tc)))
        if not in_table and all(len(cells) == 1 for cells in rows):
            # A one-column table is a frame around text (some templates put the whole report in
            # one), not data: read its paragraphs as ordinary ones.
            for cells in rows:
                yield from self.blocks(cells[0], in_table=False)
            return
        saved = self.numbering.save()
        read = [[list(self.blocks(cell, in_table=True)) for cell in cells] for cells in rows]
        form = not in_table and _is_form(read)
        if form:
            # Read again in order as the form lays it out; list counters start over with it.
            self.numbering.restore(saved)
        for cells, row in zip(rows, read, strict=True):
            if form and len(cells) == 2 and _form_row(row):
                yield from self._form_row(cells)
                continue
            if form:
                row = [list(self.blocks(cell, in_table=True)) for cell in cells]
            texts = []
            bold = True
            for parts in row:
                text = " ".join(part.text for part in parts)
                if text:
                    texts.append(text)
                    bold = bold and all(part.bold for part in parts)
            if texts:
                yield Block(text="\t".join(texts), in_table=True, bold=bold)

    def _form_row(self, cells: list[etree._Element]) -> Iterator[Block]:
        """heading | body: the heading cell as a top-level heading, the body as paragraphs."""
        parts = list(self.blocks(cells[0], in_table=True))
        heading = " ".join(part.text for part in parts)
        if heading:
            numbered = any(part.numbered for part in parts)
            yield Block(text=heading, style_level=1, bold=True, numbered=numbered)
        # Outside the table, so that the body's own subheadings count as headings.
        yield from self.blocks(cells[1], in_table=False)

    def _children(self, el: etree._Element, tag: str) -> Iterator[etree._Element]:
        t = self.t
        for child in el:
            if child.tag == tag:
                yield child
            elif child.tag == t.sdt:
                content = child.find(t.sdtContent)
                if content is not None:
                    yield from self._children(content, tag)
            elif child.tag in t.block_containers:
                yield from self._children(child, tag)

    def paragraph(self, p: etree._Element, in_table: bool) -> Iterator[Block]:
        """The paragraph's text boxes (where it anchors them), then the paragraph itself."""
        boxes: list[etree._Element] = []
        block = self._paragraph(p, in_table, boxes)
        for box in boxes:
            yield from self.blocks(box, in_table)
        if block is not None:
            yield block

    def _paragraph(
        self, p: etree._Element, in_table: bool, boxes: list[etree._Element]
    ) -> Block | None:
        t = self.t
        ppr = p.find(t.pPr)
        style_id = None
        numpr = outline = None
        mark_deleted = False
        if ppr is not None:
            pstyle = ppr.find(t.pStyle)
            if pstyle is not None:
                style_id = pstyle.get(t.val)
            numpr = ppr.find(t.numPr)
            outline = ppr.find(t.outlineLvl)
            mark = ppr.find(t.rPr)
            mark_deleted = mark is not None and mark.find(t.dele) is not None
        style = self.styles.para(style_id)
        if style.toc:
            return None  # table-of-contents lines repeat the headings with page numbers
        text, bold = self.runs(p, style.bold, boxes)
        if mark_deleted and not text.strip():
            return (
                None  # a paragraph deleted with track changes: Word shows nothing, counts nothing
            )
        marker = self.marker(numpr, style, style_id)
        text = text.strip()
        if marker:
            text = marker + text
        elif not text:
            return None
        level = _outline_level(outline.get(t.val)) if outline is not None else style.level
        return Block(
            text=text,
            style_level=None if in_table else level,
            bold=bold,
            in_table=in_table,
            numbered=marker is not None,
        )

    def marker(
        self, numpr: etree._Element | None, style: _ParaStyle, style_id: str | None
    ) -> str | None:
        t = self.t
        num_id, ilvl = style.num_id, style.ilvl
        if numpr is not None:
            num_el, ilvl_el = numpr.find(t.numId), numpr.find(t.ilvl)
            if num_el is not None:
                num_id = num_el.get(t.val)
            if ilvl_el is not None:
                ilvl = int_value(ilvl_el.get(t.val))
        if not num_id or num_id == "0":
            return None
        if ilvl is None:
            linked = self.numbering.level_for_style(num_id, style_id) if style_id else None
            ilvl = linked or 0
        return self.numbering.marker(num_id, ilvl)

    def runs(
        self, p: etree._Element, para_bold: bool | None, boxes: list[etree._Element]
    ) -> tuple[str, bool]:
        t = self.t
        out: list[str] = []
        all_bold = True
        any_text = False
        stack = [iter(p)]
        while stack:
            el = next(stack[-1], None)
            if el is None:
                stack.pop()
                continue
            tag = el.tag
            if tag == t.r:
                text = self.run_text(el, boxes)
                if text is None:
                    continue
                out.append(text)
                if text.strip():
                    any_text = True
                    if all_bold and not self.run_bold(el, para_bold):
                        all_bold = False
            elif tag in t.inline_containers:
                stack.append(iter(el))
            elif tag == t.sdt:
                content = el.find(t.sdtContent)
                if content is not None:
                    stack.append(iter(content))
        return "".join(out), all_bold and any_text

    def run_text(self, r: etree._Element, boxes: list[etree._Element]) -> str | None:
        t = self.t
        out: list[str] = []
        for child in r:
            tag = child.tag
            if tag in (_ALTERNATE, t.drawing, t.pict):
                boxes.extend(self.text_boxes(child))
            elif tag == t.t:
                if child.text:
                    out.append(child.text)
            elif tag == t.rPr:
                vanish = child.find(t.vanish)
                if vanish is not None and is_on(vanish, t.val):
                    return None  # hidden text is not shown or printed
            elif tag in (t.tab, t.ptab):
                out.append("\t")
            elif tag in (t.br, t.cr):
                out.append("\n")
            elif tag == t.noBreakHyphen:
                out.append("-")
            elif tag == t.sym:
                char = _int_hex(child.get(f"{{{t.w}}}char"))
                # Symbol-font code points (F0xx) map to glyphs, not to the characters they show.
                if char is not None and not 0xE000 <= char <= 0xF8FF:
                    out.append(chr(char))
        return "".join(out)

    def text_boxes(self, el: etree._Element) -> list[etree._Element]:
        """The outermost w:txbxContent in a drawing, in order, each read once.

        Word writes a text box twice: as DrawingML in mc:Choice and as VML in mc:Fallback for
        older readers. The first choice is taken, as a reader that understands it does; the
        fallback only when there is no choice. A box inside a box is read with its outer box.
        """
        if el.tag == _ALTERNATE:
            chosen = el.find(_CHOICE)
            if chosen is None:
                chosen = el.find(_FALLBACK)
            return self.text_boxes(chosen) if chosen is not None else []
        found: list[etree._Element] = []
        stack = [iter(el)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
            elif child.tag == self.t.txbxContent:
                found.append(child)
            elif child.tag == _ALTERNATE:
                found.extend(self.text_boxes(child))
            else:
                stack.append(iter(child))
        return found

    def run_bold(self, r: etree._Element, para_bold: bool | None) -> bool:
        t = self.t
        rpr = r.find(t.rPr)
        if rpr is not None:
            b = rpr.find(t.b)
            if b is not None:
                return is_on(b, t.val)
            rstyle = rpr.find(t.rStyle)
            if rstyle is not None:
                bold = self.styles.char_bold(rstyle.get(t.val, ""))
                if bold is not None:
                    return bold
        if para_bold is not None:
            return para_bold
        return bool(self.styles.default_bold)


def _is_form(rows: list[list[list[Block]]]) -> bool:
    """A table laid out as a form: two columns, at least two rows pair a heading with a body."""
    return (
        all(len(row) <= 2 for row in rows)
        and sum(1 for row in rows if len(row) == 2 and _form_row(row)) >= 2
    )


def _form_row(row: list[list[Block]]) -> bool:
    """heading | body, or the continuation of the body below a merged heading cell."""
    heading = " ".join(part.text for part in row[0])
    body = " ".join(part.text for part in row[1])
    if len(body) < _MIN_FORM_BODY and "。" not in body:
        return False
    return not heading or (len(heading) <= _MAX_FORM_HEADING and "。" not in heading.rstrip("。"))


def _int_hex(value: str | None) -> int | None:
    try:
        code = int(value, 16) if value else None
    except ValueError:
        return None
    return code if code is not None and 0 < code <= 0x10FFFF else None


def read_docx(data: bytes, *, fmt: str = "docx") -> ExtractedDocument:
    """Blocks of a .docx (or of a .doc/.wps converted to one, labelled `fmt`)."""
    package = DocxPackage(data)
    try:
        main = package.relationships("").get("officeDocument", "word/document.xml")
        if not package.has(main):
            main = "word/document.xml"
        if not package.has(main):
            raise ReadError(
                "文件不是完整的 Word 文档（缺少正文 word/document.xml），"
                "请在 Word 或 WPS 中重新保存为 .docx 后上传",
                code="corrupt",
            )
        root = package.read_xml(main)
        w = etree.QName(root).namespace or ""
        if w not in _MAIN_NAMESPACES or etree.QName(root).localname != "document":
            raise ReadError(CORRUPT_DOCX, code="corrupt")
        tags = _Tags(w)
        related = package.relationships(main)
        styles_root = _optional(package, related.get("styles"))
        numbering_root = _optional(package, related.get("numbering"))
        styles = _Styles(styles_root, tags)
        numbering = Numbering(numbering_root, w, styles.num_of_style)
        body = root.find(f"{{{w}}}body")
        reader = _Reader(tags, styles, numbering)
        blocks = tuple(reader.blocks(body, in_table=False)) if body is not None else ()
    finally:
        package.close()
    return ExtractedDocument(format=fmt, blocks=blocks)


def _optional(package: DocxPackage, name: str | None) -> etree._Element | None:
    if name is None or not package.has(name):
        return None
    return package.read_xml(name)
