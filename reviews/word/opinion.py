"""The 审查意见书 as a 公文: 版头, title, 主送机关, the outcome, the opinions by part, the signature.

    opinion_docx(OpinionLetter(letter_number="示司法审〔2025〕3号", office="示范县司法局", ...))
    → bytes of a .docx that Word and WPS open as an A4 letter

The opinions are grouped under 一、二、… by the part of Article 25 they concern, in Article 25's
order, then the remarks on no part or on the whole report; each opinion is a （一）（二）… giving
its section, the quoted text, the remark and the replies.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Row
from docx.text.paragraph import Paragraph

from reports.parsing.checks import PART_NAMES
from reports.parsing.types import REQUIRED_PARTS, Part

from ._layout import (
    HEITI,
    KAITI,
    RED,
    TEXT_WIDTH,
    XIAOBIAOSONG,
    add_run,
    chinese_date,
    chinese_numeral,
    display_width,
    indent_chars,
    new_document,
    to_bytes,
)
from .types import Opinion, OpinionLetter, Outcome, PlanRow

REGULATION = "《法治政府建设与责任落实督察工作规定》"
OTHER_MATTERS = "关于报告整体及其他事项"
NOT_CARRIED_OUT = "未见落实情况"
_SENTENCE_END = "。！？；…"
_LETTERHEAD_MAX = Pt(36)
_TITLE_CHARS_PER_LINE = 20  # 二号 characters across the 版心
# What may follow w:pBdr in a paragraph's properties (the schema fixes their order).
_AFTER_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:jc",
    "w:outlineLvl",
    "w:rPr",
    "w:sectPr",
)


def opinion_docx(letter: OpinionLetter) -> bytes:
    """The 审查意见书 for `letter`, as the bytes of a .docx laid out after GB/T 9704-2012."""
    title = letter.title or _default_title(letter)
    document = new_document(title=title.replace("\n", ""), author=letter.office)
    _letterhead(document, letter)
    _title(document, title)
    _addressee(document, letter.addressee or letter.agency)
    _opening(document, letter)
    number = 0
    for heading, opinions in _groups(letter.opinions):
        number += 1
        _heading(document, f"{chinese_numeral(number)}、{heading}", level=1)
        for index, opinion in enumerate(opinions, start=1):
            _opinion(document, index, opinion)
    if letter.plan_follow_up:
        number += 1
        _plan_follow_up(document, number, letter.plan_follow_up)
    _closing(document, letter)
    _signature(document, letter)
    return to_bytes(document)


def _default_title(letter: OpinionLetter) -> str:
    head = f"关于{letter.agency}{letter.year}年度"
    tail = "法治政府建设年度报告的审查意见"
    # GB/T 9704 wants a long title broken where the sense allows, in a trapezoid: the agency and
    # year above, the kind of document below, when the first line fits.
    if (
        display_width(head + tail) > _TITLE_CHARS_PER_LINE
        and display_width(head) <= _TITLE_CHARS_PER_LINE
    ):
        return f"{head}\n{tail}"
    return head + tail


def _letterhead(document: DocumentObject, letter: OpinionLetter) -> None:
    """发文机关标志 in red, 发文字号 two lines below it, a red rule 4 mm under the number."""
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # A fixed 28.95 pt line would clip type this large.
    mark.paragraph_format.line_spacing = 1.0
    run = add_run(mark, letter.office, font=XIAOBIAOSONG)
    size = min(_LETTERHEAD_MAX.pt, TEXT_WIDTH.pt / max(display_width(letter.office), 1) * 0.95)
    run.font.size = Pt(int(size))
    run.font.color.rgb = RED
    document.add_paragraph()
    document.add_paragraph()
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(number, letter.letter_number)
    _bottom_rule(number)
    document.add_paragraph()
    document.add_paragraph()


def _bottom_rule(paragraph: Paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "12"), ("space", "11"), ("color", "FF0000")):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(borders, *_AFTER_BORDERS)


def _title(document: DocumentObject, title: str) -> None:
    paragraph = document.add_paragraph(style="Title")
    lines = title.split("\n")
    for index, line in enumerate(lines):
        run = add_run(paragraph, line)
        if index < len(lines) - 1:
            run.add_break()
    document.add_paragraph()


def _addressee(document: DocumentObject, addressee: str) -> None:
    """主送机关, flush left, ending with a full-width colon."""
    add_run(document.add_paragraph(), addressee.rstrip("：:") + "：")


def _opening(document: DocumentObject, letter: OpinionLetter) -> None:
    """What was reviewed (agency, year, version, when handed in) and how the review stands."""
    handed_in = f"于{chinese_date(letter.handed_in)}" if letter.handed_in else ""
    report = f"《{letter.agency}{letter.year}年度法治政府建设年度报告》（第{letter.version}版）"
    text = f"你单位{handed_in}报送的{report}收悉。"
    if letter.reported_to:
        text += f"该报告报送{'、'.join(letter.reported_to)}"
        text += f"，抄送{'、'.join(letter.copied_to)}。" if letter.copied_to else "。"
    basis = f"依据{REGULATION}第二十五条关于年度报告内容的规定，"
    has_points = bool(letter.opinions or letter.plan_follow_up)
    message = _sentence(letter.decision_message)
    if letter.outcome == Outcome.ACCEPTED:
        text += f"{basis}经审查，该报告予以通过。{message}"
        if has_points:
            text += "现将审查意见函告如下，请在今后工作中参照改进："
    elif letter.outcome == Outcome.RETURNED:
        text += f"{basis}经审查，该报告尚需修改完善，现予退回。"
        if message:
            text += f"退回理由：{message}"
        if has_points:
            text += "具体修改意见如下："
    else:
        text += "该报告正在审查中。"
        text += f"{basis}现将已提出的审查意见函告如下：" if has_points else "审查结果另行函告。"
    _body(document, text)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if text and text[-1] not in _SENTENCE_END:
        text += "。"
    return text


def _groups(opinions: tuple[Opinion, ...]) -> Iterator[tuple[str, list[Opinion]]]:
    """The opinions under their group headings: the four parts in Article 25's order, then the rest."""
    by_group: dict[Part | None, list[Opinion]] = {}
    for opinion in opinions:
        part = _part_of(opinion)
        by_group.setdefault(part if part in REQUIRED_PARTS else None, []).append(opinion)
    for part in (*REQUIRED_PARTS, None):
        if part in by_group:
            yield (f"关于{PART_NAMES[part]}" if part else OTHER_MATTERS), by_group[part]


def _part_of(opinion: Opinion) -> Part | None:
    # The web side may hand the stored string ("measures", or "" for none) as it is.
    return Part(opinion.part) if opinion.part else None


def _opinion(document: DocumentObject, index: int, opinion: Opinion) -> None:
    part = _part_of(opinion)
    if opinion.section:
        about = f"关于“{opinion.section}”"
    elif part in REQUIRED_PARTS:
        about = "关于本部分整体"
    elif part == Part.OTHER:
        about = f"关于{PART_NAMES[Part.OTHER]}"
    else:
        about = "关于报告整体"
    resolved = "（已解决）" if opinion.resolved else ""
    _heading(document, f"（{chinese_numeral(index)}）{about}{resolved}", level=2)
    if opinion.quote:
        paragraph = _body(document, "原文：")
        add_run(paragraph, f"“{' '.join(opinion.quote.split())}”", font=KAITI)
    _labelled(document, "审查意见：", opinion.remark)
    for reply in opinion.replies:
        _labelled(document, f"{reply.author}回复（{chinese_date(reply.date)}）：", reply.body)


def _labelled(document: DocumentObject, label: str, text: str) -> None:
    lines = [line.strip() for line in text.splitlines() if line.strip()] or [""]
    _body(document, label + lines[0])
    for line in lines[1:]:
        _body(document, line)


def _heading(document: DocumentObject, text: str, *, level: int) -> None:
    add_run(document.add_paragraph(style=f"Heading {level}"), text)


def _body(document: DocumentObject, text: str) -> Paragraph:
    paragraph = document.add_paragraph(style="Body Text")
    add_run(paragraph, text)
    return paragraph


def _plan_follow_up(document: DocumentObject, number: int, rows: tuple[PlanRow, ...]) -> None:
    _heading(document, f"{chinese_numeral(number)}、关于上一年度工作安排的落实情况", level=1)
    missing = sum(1 for row in rows if not row.passage.strip())
    summary = f"共{len(rows)}项"
    summary += f"，其中{missing}项{NOT_CARRIED_OUT}" if missing else "，均见落实情况"
    _body(
        document,
        f"对照你单位上一年度报告提出的工作安排，本年度报告反映的落实情况如下（{summary}）：",
    )
    table = document.add_table(rows=1, cols=3)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Mm(14), Mm(66), Mm(76))
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(
        header.cells, ("序号", "上一年度工作安排", "本年度报告中的落实情况"), strict=True
    ):
        paragraph = cell.paragraphs[0]
        paragraph.style = document.styles["Table Text"]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(paragraph, text, font=HEITI)
    for index, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        texts = (str(index), row.plan.strip(), row.passage.strip() or NOT_CARRIED_OUT)
        for cell, text in zip(cells, texts, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles["Table Text"]
            add_run(paragraph, text)
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _repeat_as_header(row: _Row) -> None:
    """The header row repeats on every page the table runs over."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _closing(document: DocumentObject, letter: OpinionLetter) -> None:
    if letter.outcome == Outcome.RETURNED:
        if letter.correction_deadline:
            _body(document, f"请于{chinese_date(letter.correction_deadline)}前修改完善后重新报送。")
        else:
            _body(document, "请按上述意见修改完善后及时重新报送。")
    _body(document, "特此函告。")


def _signature(document: DocumentObject, letter: OpinionLetter) -> None:
    """发文机关署名 and 成文日期 right-aligned as GB/T 9704-2012 places them without a seal.

    The date stands two characters from the right; the office above it starts two characters
    further left than the date does, unless it is so long that it must keep two from the right.
    """
    date = chinese_date(letter.date)
    office_width, date_width = display_width(letter.office), display_width(date)
    office_right = 4 + date_width - office_width
    date_right = 2.0
    if office_right < 2:
        office_right, date_right = 2, office_width - date_width
    document.add_paragraph()
    for text, right in ((letter.office, office_right), (date, date_right)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        indent_chars(paragraph, right=right)
        add_run(paragraph, text)
