"""The Word documents of a review, generated from invented inputs and read back.

python-docx reads what it has an API for; lxml reads the rest (the font table, borders).
LibreOffice, a second reader, opens them.
"""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from reports.parsing._convert import soffice_path
from reports.parsing.types import Part
from reviews.word import (
    Opinion,
    OpinionLetter,
    Outcome,
    PlanRow,
    Reply,
    opinion_docx,
)

ROOT = Path(__file__).resolve().parents[1]
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
    ],
    ids=["opinion"],
)
@pytest.mark.soffice
@needs_soffice
def test_libreoffice_opens_both_documents(make, tmp_path):
    status, pdf = soffice_convert(make(), "pdf", tmp_path)

    assert (status, pdf[:5]) == (0, b"%PDF-")
    assert len(pdf) > 1000
