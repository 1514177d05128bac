"""The two Word documents of a review, generated from invented inputs and read back.

python-docx reads what it has an API for; lxml reads the rest (comment range marks, the font
table, commentsExtended.xml). LibreOffice, a second reader, opens both and finds the same anchors.
"""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from reports.parsing._convert import soffice_path
from reports.parsing.types import Part
from reviews.word import (
    CommentedReport,
    Heading,
    Opinion,
    OpinionLetter,
    Outcome,
    PlanRow,
    Reply,
    ReportComment,
    SectionAnchor,
    Span,
    commented_report_docx,
    opinion_docx,
)

ROOT = Path(__file__).resolve().parents[1]
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
# The office's wall-clock time, as the web side passes it (timezone.localtime).
CHINA = datetime.timezone(datetime.timedelta(hours=8))

# ---------------------------------------------------------------- invented inputs


def reply(author="李晓东", when=(2025, 3, 2, 10, 20), body="已按意见补充相关数据。"):
    return Reply(author=author, date=datetime.datetime(*when, tzinfo=CHINA), body=body)


OPINIONS = (
    # Deliberately out of Article 25's order: the letter must sort them.
    Opinion(
        part=Part.PLANS,
        section="四、2025年工作打算",
        quote="继续抓好各项工作",
        remark="下一年度安排过于笼统，请列明具体措施和时间节点。",
    ),
    Opinion(
        part=Part.MEASURES,
        section="一、推进法治政府建设的主要做法",
        quote="全年开展送法下乡活动若干次",
        remark="请写明活动场次和覆盖人数。",
        replies=(reply(),),
    ),
    Opinion(part=None, remark="全文数字写法不统一，请统一使用阿拉伯数字。"),
    Opinion(
        part=Part.LEADERSHIP,
        section="三、主要负责人履行第一责任人职责情况",
        quote="镇党委书记高度重视",
        remark="请具体说明主要负责人听取汇报、研究部署的次数。",
        resolved=True,
    ),
    Opinion(
        part=Part.MEASURES,
        section="一、推进法治政府建设的主要做法",
        quote="行政复议纠错率明显下降",
        remark="请补充对比数据。",
    ),
    Opinion(part=Part.OTHER, section="五、其他需要报告的情况", remark="此部分可删去。"),
)


def letter(**changes):
    values = {
        "letter_number": "示司法审〔2025〕3号",
        "office": "示范县司法局",
        "date": datetime.date(2025, 3, 3),
        "agency": "示范县青山镇人民政府",
        "year": 2024,
        "version": 2,
        "handed_in": datetime.date(2025, 2, 26),
        "outcome": Outcome.RETURNED,
        "decision_message": "报告未反映第一责任人履职的具体情况",
        "correction_deadline": datetime.date(2025, 3, 10),
        "opinions": OPINIONS,
    }
    values.update(changes)
    return OpinionLetter(**values)


def read(data: bytes):
    return Document(io.BytesIO(data))


def body_paragraphs(document):
    return [p for p in document.paragraphs if p.text.strip()]


def style_value(style, getter):
    """A paragraph-format value as the style chain gives it."""
    while style is not None:
        value = getter(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def east_asia_font(element):
    rfonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def style_font(style):
    return style_value(style, lambda s: east_asia_font(s.element))


# ---------------------------------------------------------------- the opinion letter


def test_opinion_page_is_a4_with_the_gb_margins():
    section = read(opinion_docx(letter())).sections[0]

    measured = [
        round(length.mm, 1)
        for length in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert measured == [210.0, 297.0, 37.0, 35.0, 28.0, 26.0]


def test_opinion_lines_are_fixed_so_that_22_fit_a_page():
    document = read(opinion_docx(letter()))
    normal = document.styles["Normal"].paragraph_format
    section = document.sections[0]
    text_height = section.page_height - section.top_margin - section.bottom_margin

    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 28 <= normal.line_spacing.pt <= 29
    assert int(text_height / normal.line_spacing) == 22


def test_opinion_fonts_of_title_body_and_headings():
    document = read(opinion_docx(letter()))
    styles = document.styles

    assert {
        name: (style_font(styles[name]), style_value(styles[name], lambda s: s.font.size))
        for name in ("Title", "Body Text", "Heading 1", "Heading 2")
    } == {
        "Title": ("方正小标宋简体", Pt(22)),
        "Body Text": ("仿宋_GB2312", Pt(16)),
        "Heading 1": ("黑体", Pt(16)),
        "Heading 2": ("楷体_GB2312", Pt(16)),
    }
    assert [p.style.name for p in document.paragraphs if p.text.startswith("关于示范县")] == [
        "Title"
    ]


def test_opinion_font_table_names_fallbacks():
    document = read(opinion_docx(letter()))
    fonts = etree.fromstring(document.part.part_related_by(RT.FONT_TABLE).blob)

    alternatives = {
        font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
        for font in fonts.iter(qn("w:font"))
        if font.find(qn("w:altName")) is not None
    }
    assert {name: alternatives.get(name) for name in ("仿宋_GB2312", "楷体_GB2312")} == {
        "仿宋_GB2312": "仿宋",
        "楷体_GB2312": "楷体",
    }
    assert "方正小标宋简体" in alternatives


def test_opinion_body_paragraphs_indent_two_characters():
    document = read(opinion_docx(letter()))
    body = [p for p in document.paragraphs if p.style.name == "Body Text"]

    indents = {style_value(p.style, lambda s: s.paragraph_format.first_line_indent) for p in body}
    assert len(body) > 10
    assert indents == {Pt(32)}
    assert body[0].paragraph_format.first_line_indent is None  # from the style, not repeated


def test_opinion_letterhead_number_title_and_addressee():
    document = read(opinion_docx(letter()))
    paragraphs = body_paragraphs(document)

    assert [p.text for p in paragraphs[:4]] == [
        "示范县司法局",
        "示司法审〔2025〕3号",
        "关于示范县青山镇人民政府2024年度\n法治政府建设年度报告的审查意见",
        "示范县青山镇人民政府：",
    ]
    office, number, _title, addressee = paragraphs[:4]
    assert office.runs[0].font.color.rgb == (0xFF, 0x00, 0x00)
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert number._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}").get(qn("w:color")) == (
        "FF0000"
    )
    assert (addressee.style.name, addressee.paragraph_format.first_line_indent) == ("Normal", None)


def test_opinion_addressee_given_and_title_given():
    document = read(
        opinion_docx(letter(addressee="示范县青山镇人民政府办公室", title="审查意见书"))
    )

    texts = [p.text for p in body_paragraphs(document)]
    assert texts[2:4] == ["审查意见书", "示范县青山镇人民政府办公室："]


def test_opinion_opening_says_what_was_reviewed_and_the_verdict():
    document = read(opinion_docx(letter()))

    opening = body_paragraphs(document)[4].text
    assert opening == (
        "你单位于2025年2月26日报送的《示范县青山镇人民政府2024年度法治政府建设年度报告》"
        "（第2版）收悉。依据《法治政府建设与责任落实督察工作规定》第二十五条关于年度报告内容的"
        "规定，经审查，该报告尚需修改完善，现予退回。退回理由：报告未反映第一责任人履职的具体"
        "情况。具体修改意见如下："
    )


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (
            Outcome.ACCEPTED,
            "经审查，该报告予以通过。报告未反映第一责任人履职的具体情况。现将审查意见",
        ),
        (Outcome.IN_REVIEW, "（第2版）收悉。该报告正在审查中。依据"),
    ],
)
def test_opinion_opening_for_other_outcomes(outcome, expected):
    document = read(opinion_docx(letter(outcome=outcome)))

    assert expected in body_paragraphs(document)[4].text
    assert "退回" not in body_paragraphs(document)[4].text


def test_opinion_without_hand_in_date_or_points():
    document = read(
        opinion_docx(
            letter(handed_in=None, outcome=Outcome.IN_REVIEW, opinions=(), decision_message="")
        )
    )

    assert body_paragraphs(document)[4].text == (
        "你单位报送的《示范县青山镇人民政府2024年度法治政府建设年度报告》（第2版）收悉。"
        "该报告正在审查中。审查结果另行函告。"
    )


def outline(document):
    """(style, text) from the opening to the closing sentences, headings and body alike."""
    paragraphs = body_paragraphs(document)
    start = 5
    end = next(i for i, p in enumerate(paragraphs) if p.text.startswith(("请于", "请按", "特此")))
    return [(p.style.name, p.text) for p in paragraphs[start:end]]


def test_opinion_groups_opinions_by_part_in_article_25_order():
    document = read(opinion_docx(letter()))

    assert outline(document) == [
        ("Heading 1", "一、关于推进法治政府建设的主要举措和成效"),
        ("Heading 2", "（一）关于“一、推进法治政府建设的主要做法”"),
        ("Body Text", "原文：“全年开展送法下乡活动若干次”"),
        ("Body Text", "审查意见：请写明活动场次和覆盖人数。"),
        ("Body Text", "李晓东回复（2025年3月2日）：已按意见补充相关数据。"),
        ("Heading 2", "（二）关于“一、推进法治政府建设的主要做法”"),
        ("Body Text", "原文：“行政复议纠错率明显下降”"),
        ("Body Text", "审查意见：请补充对比数据。"),
        (
            "Heading 1",
            "二、关于党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况",
        ),
        ("Heading 2", "（一）关于“三、主要负责人履行第一责任人职责情况”（已解决）"),
        ("Body Text", "原文：“镇党委书记高度重视”"),
        ("Body Text", "审查意见：请具体说明主要负责人听取汇报、研究部署的次数。"),
        ("Heading 1", "三、关于下一年度推进法治政府建设的主要安排"),
        ("Heading 2", "（一）关于“四、2025年工作打算”"),
        ("Body Text", "原文：“继续抓好各项工作”"),
        ("Body Text", "审查意见：下一年度安排过于笼统，请列明具体措施和时间节点。"),
        ("Heading 1", "四、关于报告整体及其他事项"),
        ("Heading 2", "（一）关于报告整体"),
        ("Body Text", "审查意见：全文数字写法不统一，请统一使用阿拉伯数字。"),
        ("Heading 2", "（二）关于“五、其他需要报告的情况”"),
        ("Body Text", "审查意见：此部分可删去。"),
    ]


def test_opinion_takes_parts_as_stored_strings():
    stored = (
        Opinion(part="shortcomings", remark="原因分析不足。"),
        Opinion(part="other", remark="其他事项。"),
        Opinion(part="", remark="整体意见。"),
    )

    assert outline(read(opinion_docx(letter(opinions=stored)))) == [
        ("Heading 1", "一、关于推进法治政府建设存在的不足和原因"),
        ("Heading 2", "（一）关于本部分整体"),
        ("Body Text", "审查意见：原因分析不足。"),
        ("Heading 1", "二、关于报告整体及其他事项"),
        ("Heading 2", "（一）关于其他需要报告的情况"),
        ("Body Text", "审查意见：其他事项。"),
        ("Heading 2", "（二）关于报告整体"),
        ("Body Text", "审查意见：整体意见。"),
    ]


def test_opinion_quotes_are_in_kaiti():
    document = read(opinion_docx(letter()))

    quotes = [
        run
        for p in document.paragraphs
        if p.text.startswith("原文：")
        for run in p.runs
        if run.text.startswith("“")
    ]
    assert [east_asia_font(run._r) for run in quotes] == ["楷体_GB2312"] * 4


def test_opinion_numbers_many_opinions_in_chinese_numerals():
    many = tuple(Opinion(part=Part.MEASURES, remark=f"意见{n}") for n in range(1, 12))

    headings = [
        text
        for style, text in outline(read(opinion_docx(letter(opinions=many))))
        if style == "Heading 2"
    ]
    assert headings[9:] == ["（十）关于本部分整体", "（十一）关于本部分整体"]


def closing(document):
    paragraphs = body_paragraphs(document)
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith(("请于", "请按", "特此")))
    return [p.text for p in paragraphs[start:]]


@pytest.mark.parametrize(
    ("outcome", "deadline", "expected"),
    [
        (Outcome.RETURNED, datetime.date(2025, 3, 10), ["请于2025年3月10日前修改完善后重新报送。"]),
        (Outcome.RETURNED, None, ["请按上述意见修改完善后及时重新报送。"]),
        (Outcome.ACCEPTED, datetime.date(2025, 3, 10), []),
        (Outcome.IN_REVIEW, datetime.date(2025, 3, 10), []),
    ],
)
def test_opinion_asks_for_a_corrected_version_only_when_returned(outcome, deadline, expected):
    document = read(opinion_docx(letter(outcome=outcome, correction_deadline=deadline)))

    assert closing(document) == [*expected, "特此函告。", "示范县司法局", "2025年3月3日"]


def test_opinion_signature_and_date_right_aligned_as_gb_9704_places_them():
    document = read(opinion_docx(letter()))
    office, date = document.paragraphs[-2:]

    def right_chars(paragraph):
        return int(paragraph._p.pPr.ind.get(qn("w:rightChars"))) / 100

    assert (office.text, date.text) == ("示范县司法局", "2025年3月3日")
    assert (office.alignment, date.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT,) * 2
    # The date two characters from the right edge; the office starting two characters left of
    # the date (both six characters wide, figures counting half).
    assert (right_chars(office), right_chars(date)) == (4.0, 2.0)
    assert date.paragraph_format.right_indent == Pt(32)


def test_opinion_long_office_name_keeps_two_characters_from_the_right():
    office = "中共示范县委全面依法治县委员会办公室"
    document = read(opinion_docx(letter(office=office)))
    signature, date = document.paragraphs[-2:]

    def right_chars(paragraph):
        return int(paragraph._p.pPr.ind.get(qn("w:rightChars"))) / 100

    assert (signature.text, right_chars(signature), right_chars(date)) == (office, 2.0, 12.0)


def test_opinion_plan_follow_up_table_when_given():
    plans = (
        PlanRow(plan="健全重大行政决策合法性审查机制", passage="全年对12项重大决策开展合法性审查"),
        PlanRow(plan="组织执法人员轮训", passage=""),
    )

    document = read(opinion_docx(letter(plan_follow_up=plans)))

    (table,) = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["序号", "上一年度工作安排", "本年度报告中的落实情况"],
        ["1", "健全重大行政决策合法性审查机制", "全年对12项重大决策开展合法性审查"],
        ["2", "组织执法人员轮训", "未见落实情况"],
    ]
    assert outline(document)[-2:] == [
        ("Heading 1", "五、关于上一年度工作安排的落实情况"),
        (
            "Body Text",
            "对照你单位上一年度报告提出的工作安排，本年度报告反映的落实情况如下"
            "（共2项，其中1项未见落实情况）：",
        ),
    ]


def test_opinion_has_no_plan_table_when_none_given():
    document = read(opinion_docx(letter()))

    assert (len(document.tables), any("落实情况" in p.text for p in document.paragraphs)) == (
        0,
        False,
    )


def test_opinion_footer_numbers_pages_with_dashes_odd_right_even_left():
    document = read(opinion_docx(letter()))
    section = document.sections[0]

    def footer(part):
        paragraph = part.paragraphs[0]
        instructions = [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]
        return paragraph.text, instructions, paragraph.alignment

    assert document.settings.odd_and_even_pages_header_footer is True
    assert footer(section.footer) == ("— 1 —", ["PAGE"], WD_ALIGN_PARAGRAPH.RIGHT)
    assert footer(section.even_page_footer) == ("— 1 —", ["PAGE"], WD_ALIGN_PARAGRAPH.LEFT)


def test_opinion_document_properties_name_the_office_not_a_tool():
    properties = read(opinion_docx(letter())).core_properties

    assert (properties.author, properties.last_modified_by, properties.title) == (
        "示范县司法局",
        "示范县司法局",
        "关于示范县青山镇人民政府2024年度法治政府建设年度报告的审查意见",
    )


# ---------------------------------------------------------------- the commented report

TITLE = "示范县青山镇人民政府2024年度法治政府建设年度报告"
REPORT_LINES = [
    "示范县青山镇人民政府",
    "2024年度法治政府建设年度报告",
    "一、主要举措和成效",
    "（一）强化组织保障。镇党委专题研究法治建设工作5次。",
    "𠀀家村调解委员会化解矛盾纠纷37件😀，群众满意度明显提升。",
    "二、存在的不足和原因",
    "执法人员专业能力有待提高，原因是培训投入不足。",
    "三、下一年度主要安排",
    "持续开展法治宣传进村入户。",
]
REPORT_TEXT = "\n".join(REPORT_LINES)
REPORT_HEADINGS = (
    Heading(start=REPORT_TEXT.index("一、"), level=1),
    Heading(start=REPORT_TEXT.index("（一）"), level=2, end=REPORT_TEXT.index("。镇党委")),
    Heading(start=REPORT_TEXT.index("二、"), level=1),
    Heading(start=REPORT_TEXT.index("三、"), level=1),
)


def at(fragment, length=None):
    start = REPORT_TEXT.index(fragment)
    return Span(start, start + (len(fragment) if length is None else length))


def comment(anchor, body="请核实。", author="王审查", minute=0, **extra):
    return ReportComment(
        anchor=anchor,
        author=author,
        date=datetime.datetime(2025, 3, 1, 9, minute, tzinfo=CHINA),
        body=body,
        **extra,
    )


def report(*comments, text=REPORT_TEXT, headings=REPORT_HEADINGS, title=TITLE):
    return CommentedReport(
        text=text, headings=headings, comments=comments, title=title, author="示范县青山镇人民政府"
    )


def anchors(data: bytes) -> tuple[str, dict[int, str]]:
    """The document's text (paragraphs joined by a line break) and the text each range covers."""
    body = read(data).element.body
    text: list[str] = []
    opened: dict[int, int] = {}
    covered: dict[int, tuple[int, int]] = {}
    length = 0
    for index, paragraph in enumerate(body.iterchildren(qn("w:p"))):
        if index:
            text.append("\n")
            length += 1
        for element in paragraph.iter():
            if element.tag == qn("w:commentRangeStart"):
                opened[int(element.get(qn("w:id")))] = length
            elif element.tag == qn("w:commentRangeEnd"):
                comment_id = int(element.get(qn("w:id")))
                covered[comment_id] = (opened.pop(comment_id), length)
            elif element.tag == qn("w:t"):
                text.append(element.text or "")
                length += len(element.text or "")
    joined = "".join(text)
    assert opened == {}, "every range that starts ends"
    return joined, {comment_id: joined[a:b] for comment_id, (a, b) in covered.items()}


def comments_read_back(data: bytes):
    """(id, author, text, time) of each comment; the time is as Word shows it, read as UTC."""
    return [(c.comment_id, c.author, c.text, c.timestamp) for c in read(data).comments]


def test_commented_report_keeps_the_text_line_for_line():
    text, _ = anchors(commented_report_docx(report()))

    assert text == REPORT_TEXT


def test_commented_report_comments_with_author_text_time_and_replies():
    data = commented_report_docx(
        report(
            comment(
                at("化解矛盾纠纷37件"),
                body="请说明纠纷类型。\n并附统计口径。",
                replies=(
                    reply(author="李晓东", body="已补充类型。"),
                    reply(author="王审查", when=(2025, 3, 3, 8, 5), body="收到。"),
                ),
            ),
            comment(at("培训投入不足"), body="原因分析不够深入。", author="赵审核", minute=7),
        )
    )

    assert comments_read_back(data) == [
        (
            0,
            "王审查",
            "请说明纠纷类型。\n并附统计口径。\n回复（李晓东，2025-03-02 10:20）：已补充类型。\n"
            "回复（王审查，2025-03-03 08:05）：收到。",
            datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC),
        ),
        (
            1,
            "赵审核",
            "原因分析不够深入。",
            datetime.datetime(2025, 3, 1, 9, 7, tzinfo=datetime.UTC),
        ),
    ]
    assert anchors(data)[1] == {0: "化解矛盾纠纷37件", 1: "培训投入不足"}


def test_commented_report_dates_are_the_wall_clock_time_given():
    made = ReportComment(
        anchor=at("培训"),
        author="王审查",
        date=datetime.datetime(2025, 3, 1, 9, 30, tzinfo=CHINA),
        body="请核实。",
    )

    (only,) = comments_read_back(commented_report_docx(report(made)))

    # Word writes and shows w:date as the local time marked Z: the reviewer's 09:30, which
    # python-docx reads as 09:30 UTC; converting to real UTC would show 01:30.
    assert only[3] == datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC)


def test_commented_report_counts_offsets_in_characters_past_astral_ones():
    # 𠀀 (CJK Extension B) and 😀 are one character each here, two UTF-16 units in Word.
    data = commented_report_docx(
        report(comment(at("家村调解")), comment(at("，群众满意度")), comment(at("𠀀家")))
    )

    assert anchors(data)[1] == {0: "家村调解", 1: "，群众满意度", 2: "𠀀家"}


def test_commented_report_span_across_a_paragraph_break():
    span = Span(REPORT_TEXT.index("明显提升。"), REPORT_TEXT.index("的不足"))

    data = commented_report_docx(report(comment(span)))

    assert anchors(data)[1] == {0: "明显提升。\n二、存在"}
    assert REPORT_TEXT[span.start : span.end] == "明显提升。\n二、存在"


def test_commented_report_span_over_several_paragraphs_and_breaks_at_its_ends():
    start = REPORT_TEXT.index("\n二、")  # starts on the line break itself
    end = REPORT_TEXT.index("三、")  # ends just after a line break
    data = commented_report_docx(report(comment(Span(start, end))))

    assert anchors(data)[1] == {0: REPORT_TEXT[start:end]}
    assert (REPORT_TEXT[start], REPORT_TEXT[end - 1]) == ("\n", "\n")


def test_commented_report_overlapping_nested_and_adjacent_spans():
    line = REPORT_TEXT.index("执法人员")
    spans = [
        Span(line, line + 8),  # 执法人员专业能力
        Span(line + 4, line + 12),  # 专业能力有待提高: overlaps the first
        Span(line + 5, line + 7),  # 业能: inside both
        Span(line + 8, line + 12),  # 有待提高: begins where the first ends
        Span(line, line + 8),  # the same span twice
    ]

    data = commented_report_docx(report(*(comment(s, minute=i) for i, s in enumerate(spans))))

    assert anchors(data)[1] == {
        0: "执法人员专业能力",
        1: "专业能力有待提高",
        2: "业能",
        3: "有待提高",
        4: "执法人员专业能力",
    }


def test_commented_report_section_comment_on_its_heading_and_report_comment_on_the_title():
    data = commented_report_docx(
        report(
            comment(SectionAnchor(REPORT_TEXT.index("二、")), body="本部分过于简略。"),
            comment(SectionAnchor(REPORT_TEXT.index("（一）")), body="小标题请加句号前的概括。"),
            comment(None, body="请在文末加盖公章并注明日期。"),
        )
    )

    assert anchors(data)[1] == {
        0: "二、存在的不足和原因",
        1: "（一）强化组织保障",  # a heading running on into its paragraph: the heading only
        2: "示范县青山镇人民政府\n2024年度法治政府建设年度报告",
    }


def test_commented_report_whole_report_comment_without_a_title_takes_the_first_line():
    data = commented_report_docx(report(comment(None), title=""))

    assert anchors(data)[1] == {0: "示范县青山镇人民政府"}


def test_commented_report_of_an_empty_text_still_holds_its_comment():
    data = commented_report_docx(report(comment(None), text="", headings=(), title=""))

    assert (anchors(data), len(read(data).comments)) == (("", {0: ""}), 1)


def test_commented_report_styles_title_and_headings():
    document = read(commented_report_docx(report()))

    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Title", REPORT_LINES[0]),
        ("Title", REPORT_LINES[1]),
        ("Heading 1", REPORT_LINES[2]),
        ("Body Text", REPORT_LINES[3]),
        ("Body Text", REPORT_LINES[4]),
        ("Heading 1", REPORT_LINES[5]),
        ("Body Text", REPORT_LINES[6]),
        ("Heading 1", REPORT_LINES[7]),
        ("Body Text", REPORT_LINES[8]),
    ]
    run_on = document.paragraphs[3].runs
    assert [(r.text, east_asia_font(r._r)) for r in run_on] == [
        ("（一）强化组织保障", "楷体_GB2312"),
        ("。镇党委专题研究法治建设工作5次。", None),
    ]
    assert style_font(document.styles["Heading 1"]) == "黑体"


def test_commented_report_page_and_body_font():
    document = read(commented_report_docx(report()))
    section = document.sections[0]

    assert [round(x.mm, 1) for x in (section.page_width, section.page_height)] == [210.0, 297.0]
    assert [round(x.mm, 1) for x in (section.top_margin, section.left_margin)] == [37.0, 28.0]
    assert (style_font(document.styles["Body Text"]), document.styles["Normal"].font.size) == (
        "仿宋_GB2312",
        Pt(16),
    )


def test_commented_report_marks_resolved_comments_done():
    data = commented_report_docx(
        report(comment(at("培训投入不足")), comment(at("法治宣传"), resolved=True))
    )

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        extended = etree.fromstring(package.read("word/commentsExtended.xml"))
        comments = etree.fromstring(package.read("word/comments.xml"))
    para_ids = [
        c.findall(qn("w:p"))[-1].get(f"{{{W14}}}paraId") for c in comments.iter(qn("w:comment"))
    ]
    done = {e.get(f"{{{W15}}}paraId"): e.get(f"{{{W15}}}done") for e in extended}
    assert [done[para_id] for para_id in para_ids] == ["0", "1"]


def test_commented_report_survives_characters_xml_cannot_hold():
    text = "第一行\x01控制字符\n第二行"
    bad = comment(Span(3, 6), body="意见\x02", author="王\x03审查")

    data = commented_report_docx(report(bad, text=text, headings=(), title=""))

    # Replaced one for one, so every later offset still points at its character.
    assert anchors(data) == ("第一行\ufffd控制字符\n第二行", {0: "\ufffd控制"})
    assert comments_read_back(data)[0][1:3] == ("王\ufffd审查", "意见\ufffd")


def test_opinion_survives_characters_xml_cannot_hold():
    odd = Opinion(part=Part.MEASURES, section="一、做法\x07", quote="引文\x08", remark="意见")

    document = read(opinion_docx(letter(opinions=(odd,))))

    assert outline(document)[1:3] == [
        ("Heading 2", "（一）关于“一、做法\ufffd”"),
        ("Body Text", "原文：“引文\ufffd”"),
    ]


def test_commented_report_rejects_a_span_outside_the_text():
    with pytest.raises(ValueError, match="outside a text of"):
        commented_report_docx(report(comment(Span(5, len(REPORT_TEXT) + 1))))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet="法治\n𠀀😀 a1。", max_size=40).flatmap(
        lambda text: st.tuples(
            st.just(text),
            st.lists(
                st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted),
                max_size=6,
            ),
        )
    )
)
def test_commented_report_anchors_any_spans_exactly(case):
    text, spans = case

    data = commented_report_docx(
        report(*(comment(Span(a, b)) for a, b in spans), text=text, headings=(), title="")
    )

    assert anchors(data) == (text, {i: text[a:b] for i, (a, b) in enumerate(spans)})


# ---------------------------------------------------------------- purity and other readers


def test_word_package_imports_no_django():
    code = "import reviews.word, sys; sys.exit('django' in sys.modules)"

    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, cwd=ROOT)

    assert (done.returncode, done.stderr) == (0, b"")


def soffice_convert(data: bytes, target: str, tmp_path) -> tuple[int, bytes]:
    source = tmp_path / "document.docx"
    source.write_bytes(data)
    out = tmp_path / "out"
    done = subprocess.run(
        [
            soffice_path(),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=False,
        capture_output=True,
        timeout=180,
    )
    converted = next(out.iterdir(), None) if out.exists() else None
    return done.returncode, converted.read_bytes() if converted else b""


needs_soffice = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.mark.parametrize(
    "make",
    [
        lambda: opinion_docx(letter(plan_follow_up=(PlanRow(plan="开展执法培训"),))),
        lambda: commented_report_docx(report(comment(at("培训投入不足")), comment(None))),
    ],
    ids=["opinion", "commented-report"],
)
@pytest.mark.soffice
@needs_soffice
def test_libreoffice_opens_both_documents(make, tmp_path):
    status, pdf = soffice_convert(make(), "pdf", tmp_path)

    assert (status, pdf[:5]) == (0, b"%PDF-")
    assert len(pdf) > 1000


ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
ODF_LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"


def libreoffice_anchors(odt: bytes) -> tuple[str, list[tuple[str, bool]]]:
    """The text and, per annotation in order of its start, what it covers and whether resolved."""
    with zipfile.ZipFile(io.BytesIO(odt)) as package:
        content = etree.fromstring(package.read("content.xml"))
    text: list[str] = []
    length = 0
    starts: dict[str, tuple[int, bool]] = {}
    found: dict[str, tuple[int, int, bool]] = {}

    def walk(element):
        nonlocal length
        if element.text and element.tag != f"{{{ODF_OFFICE}}}annotation":
            text.append(element.text)
            length += len(element.text)
        for child in element:
            if child.tag == f"{{{ODF_OFFICE}}}annotation":
                resolved = child.get(f"{{{ODF_LOEXT}}}resolved") == "true"
                starts[child.get(f"{{{ODF_OFFICE}}}name")] = (length, resolved)
            elif child.tag == f"{{{ODF_OFFICE}}}annotation-end":
                start, resolved = starts.pop(child.get(f"{{{ODF_OFFICE}}}name"))
                found[child.get(f"{{{ODF_OFFICE}}}name")] = (start, length, resolved)
            else:
                walk(child)
            if child.tail:
                text.append(child.tail)
                length += len(child.tail)

    office_text = content.find(f".//{{{ODF_OFFICE}}}text")
    for index, paragraph in enumerate(
        e for e in office_text if e.tag in {f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h"}
    ):
        if index:
            text.append("\n")
            length += 1
        walk(paragraph)
    joined = "".join(text)
    ordered = sorted(found.values())
    return joined, [(joined[a:b], resolved) for a, b, resolved in ordered]


@pytest.mark.soffice
@needs_soffice
def test_libreoffice_finds_each_comment_on_its_span(tmp_path):
    spans = [
        at("家村调解委员会"),
        Span(REPORT_TEXT.index("明显提升。"), REPORT_TEXT.index("的不足")),
        at("调解委员会化解"),
    ]
    data = commented_report_docx(
        report(*(comment(s, resolved=i == 1) for i, s in enumerate(spans)))
    )

    status, odt = soffice_convert(data, "odt", tmp_path)

    assert status == 0
    assert libreoffice_anchors(odt) == (
        REPORT_TEXT,
        [("家村调解委员会", False), ("调解委员会化解", False), ("明显提升。\n二、存在", True)],
    )
