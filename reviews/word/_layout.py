"""The page, fonts and styles both documents share: an A4 公文 page after GB/T 9704-2012.

The 版心 is 156 mm × 225 mm: 28 characters of 三号 (16 pt) a line, 22 lines a page, which a fixed
line height of 28.95 pt (579 twips = 225 mm / 22) and slightly condensed characters give.
"""

from __future__ import annotations

import datetime
import io
import math
import re

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.styles import CT_Style
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(37)
MARGIN_BOTTOM = Mm(35)
MARGIN_LEFT = Mm(28)
MARGIN_RIGHT = Mm(26)
# GB/T 9704 puts the page number's dashes 7 mm under the 版心; a 14 pt footer line is ~6 mm tall.
FOOTER_DISTANCE = Mm(22)

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = int(Length(PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM).twips / LINES_PER_PAGE)  # 579
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
TABLE_SIZE = Pt(14)
COMMENT_SIZE = Pt(10.5)  # 五号

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"

#: Where a county office's machine lacks a 公文 font, Word takes the font table's altName.
_FONT_TABLE: dict[str, tuple[str, str]] = {
    # name: (altName, panose)
    FANGSONG: ("仿宋", "02010609030101010101"),
    KAITI: ("楷体", "02010609060101010101"),
    HEITI: ("SimHei", "02010609060101010101"),
    XIAOBIAOSONG: ("宋体", "02000000000000000000"),
    SONGTI: ("SimSun", "02010600030101010101"),
}

#: Level → the font GB/T 9704 gives that level of 层次序数: 一、 黑体, （一） 楷体, 1. and （1） 仿宋.
HEADING_FONTS: dict[int, str] = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}

RED = RGBColor(0xFF, 0x00, 0x00)

_CN_DIGITS = "零一二三四五六七八九"
# Characters XML 1.0 cannot carry; replaced one for one so that offsets still count.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def chinese_numeral(number: int) -> str:
    """一 … 九十九 as 公文 number their parts (一、 and （一）); larger numbers in Arabic."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_CN_DIGITS[tens]}十")
    return head + (_CN_DIGITS[units] if units else "")


def chinese_date(date: datetime.date) -> str:
    """2025年3月3日: Arabic figures without leading zeros, as GB/T 9704-2012 writes dates."""
    return f"{date.year}年{date.month}月{date.day}日"


def xml_safe(text: str) -> str:
    """`text` with characters XML cannot hold replaced by U+FFFD, keeping its length."""
    return _NOT_XML.sub("\ufffd", text)


def display_width(text: str) -> float:
    """Width in 三号 characters: CJK and full-width characters are one, ASCII half."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


TEXT_WIDTH = Length(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
# 28 三号 characters need 448 pt and the 版心 is 442 pt wide. Word's character grid would squeeze
# them, but LibreOffice draws that grid as square cells, 15 characters a line; a quarter point
# less between characters does the same everywhere. In twentieths of a point.
CHAR_SPACING = math.floor((TEXT_WIDTH.pt / CHARS_PER_LINE - BODY_SIZE.pt) * 20)


def new_document(*, title: str, author: str) -> DocumentObject:
    """An empty A4 document with the 公文 page, fonts, styles and page numbers."""
    document = Document()
    _page(document.sections[0])
    _styles(document)
    _font_table(document)
    _settings(document)
    _page_numbers(document)
    properties = document.core_properties
    properties.title = xml_safe(title)
    properties.author = xml_safe(author)
    properties.last_modified_by = xml_safe(author)
    properties.comments = ""
    properties.keywords = ""
    properties.subject = ""
    # The template carries its own 2013 dates; the file is made now.
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    properties.created = now
    properties.modified = now
    properties.revision = 1
    return document


def to_bytes(document: DocumentObject) -> bytes:
    """The .docx package of `document`."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def set_fonts(element: CT_R | CT_Style, name: str) -> None:
    """Give a run or style `name` for Chinese and Latin text alike, overriding any theme font."""
    _fonts_on_rpr(element.get_or_add_rPr(), name)


def _fonts_on_rpr(rpr: CT_RPr, name: str) -> None:
    rfonts = rpr.get_or_add_rFonts()
    _drop_theme_fonts(rfonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attribute), name)
    rfonts.set(qn("w:hint"), "eastAsia")


def add_run(paragraph: Paragraph, text: str, *, font: str | None = None) -> Run:
    """A run of `text` at the end of `paragraph`, in `font` when given (else the style's)."""
    run = paragraph.add_run(xml_safe(text))
    if font is not None:
        set_fonts(run._r, font)
    return run


def indent_chars(
    paragraph: Paragraph, *, first_line: float = 0, left: float = 0, right: float = 0
) -> None:
    """Indent by characters, as Word's 字符 unit, with the 三号 equivalent for other readers."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    for name, chars in (("firstLine", first_line), ("left", left), ("right", right)):
        if chars:
            ind.set(qn(f"w:{name}"), str(round(chars * BODY_SIZE.pt * 20)))
            ind.set(qn(f"w:{name}Chars"), str(round(chars * 100)))


def _page(section: Section) -> None:
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.footer_distance = FOOTER_DISTANCE
    section.header_distance = Mm(15)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:linePitch"), str(LINE_PITCH))


def _styles(document: DocumentObject) -> None:
    styles = document.styles
    styles_element = styles.element
    # The template's styles name theme fonts (a Japanese one for East Asian text) and theme
    # attributes beat explicit names: without them every style falls back to ours.
    for rfonts in styles_element.iter(qn("w:rFonts")):
        _drop_theme_fonts(rfonts)
    defaults = styles_element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _fonts_on_rpr(rpr_default, FANGSONG)
    rpr_default.get_or_add_sz().val = BODY_SIZE
    for size in rpr_default.iterchildren(qn("w:szCs")):
        size.set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    lang = rpr_default.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    set_fonts(normal.element, FANGSONG)
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().insert_element_before(
        _spacing(CHAR_SPACING), "w:w", "w:kern", "w:position", "w:sz"
    )
    _line_height(normal, exact=True)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    # No extra space between Chinese and Latin letters or figures: printed 公文 keep
    # 2025年3月3日 tight, and the signature's alignment counts on half-width figures.
    normal_ppr = normal.element.get_or_add_pPr()
    for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
        switch = OxmlElement(name)
        switch.set(qn("w:val"), "0")
        normal_ppr.insert_element_before(
            switch, "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:jc"
        )

    body = styles["Body Text"]
    _reset(body)
    style_indent_chars(body, first_line=2)

    title = styles["Title"]
    _reset(title)
    set_fonts(title.element, XIAOBIAOSONG)
    title.font.size = TITLE_SIZE
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for level, font in HEADING_FONTS.items():
        heading = styles[f"Heading {level}"]
        _reset(heading, keep_outline=True)
        set_fonts(heading.element, font)
        heading.font.size = BODY_SIZE
        heading.font.bold = False
        heading.paragraph_format.keep_with_next = True
        style_indent_chars(heading, first_line=2)

    footer = styles["Footer"]
    _reset(footer)
    set_fonts(footer.element, SONGTI)
    footer.font.size = PAGE_NUMBER_SIZE
    _line_height(footer, exact=False)

    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = TABLE_SIZE
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _line_height(table_text, exact=False)

    # python-docx gives comment paragraphs and reference marks these ids but the template has no
    # such styles: without them a comment would inherit the letter's 16 pt fixed lines.
    styles_element.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="CommentText">'
            '<w:name w:val="annotation text"/><w:basedOn w:val="Normal"/>'
            '<w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{SONGTI}" w:hAnsi="{SONGTI}" w:eastAsia="{SONGTI}"'
            f' w:cs="{SONGTI}" w:hint="eastAsia"/><w:spacing w:val="0"/>'
            f'<w:sz w:val="{int(COMMENT_SIZE.pt * 2)}"/>'
            "</w:rPr></w:style>"
        )
    )
    styles_element.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="character" w:styleId="CommentReference">'
            '<w:name w:val="annotation reference"/><w:rPr><w:sz w:val="18"/></w:rPr></w:style>'
        )
    )


def style_indent_chars(style: BaseStyle, *, first_line: float) -> None:
    """A style's first-line indent in characters (and its 三号 equivalent in twips)."""
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLine"), str(round(first_line * BODY_SIZE.pt * 20)))
    ind.set(qn("w:firstLineChars"), str(round(first_line * 100)))


def _spacing(twentieths: int) -> BaseOxmlElement:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    return spacing


def _line_height(style: BaseStyle, *, exact: bool) -> None:
    paragraph_format = style.paragraph_format  # type: ignore[attr-defined]
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    if exact:
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph_format.line_spacing = Pt(LINE_PITCH / 20)
    else:
        paragraph_format.line_spacing = 1.0


def _reset(style: BaseStyle, *, keep_outline: bool = False) -> None:
    """Forget the template's look (blue, bold, spaced) but keep what makes a style a heading."""
    element = style.element
    ppr = element.find(qn("w:pPr"))
    if ppr is not None:
        outline = ppr.find(qn("w:outlineLvl"))
        element.remove(ppr)
        if keep_outline and outline is not None:
            element.get_or_add_pPr().append(outline)
    rpr = element.find(qn("w:rPr"))
    if rpr is not None:
        element.remove(rpr)


def _drop_theme_fonts(rfonts: BaseOxmlElement) -> None:
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attribute}"), None)


def _font_table(document: DocumentObject) -> None:
    part = document.part.part_related_by(RT.FONT_TABLE)
    fonts = parse_xml(part.blob)
    for name, (alternative, panose) in _FONT_TABLE.items():
        fonts.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
                '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
            )
        )
    # The font table is a plain part to python-docx, with no API but its bytes.
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _settings(document: DocumentObject) -> None:
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True
    theme_lang = settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _page_numbers(document: DocumentObject) -> None:
    """— 1 — in 宋体 四号: odd pages to the right, even pages to the left, one character in."""
    section = document.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["Footer"]
        if odd:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
        paragraph.add_run("— ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" —")


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    paragraph.add_run(shown)
    end = paragraph.add_run()
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    end._r.append(element)
