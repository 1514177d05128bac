"""Reading .docx: order, tables, tracked changes, what is left out, styles, bold and numbering."""

import io

import docx
import pytest

from reports.parsing import check_file
from reports.parsing.extract import read_document
from reports.parsing.types import Block
from tests.parsing import builders
from tests.parsing.builders import (
    GOV_LIST,
    document_xml,
    docx_package,
    numbered_docx,
    para,
    styles_xml,
)
from tests.parsing.builders import abstract_num as abstract
from tests.parsing.builders import num_instance as num
from tests.parsing.builders import num_level as level

OUTLINE = [
    "某某县司法局2023年度法治政府建设年度报告",
    "一、主要举措和成效",
    "（一）加强组织领导",
    "今年以来，我局坚持依法行政，推进法治政府建设。",
    "1.健全制度",
    "2.规范执法",
    "（1）开展培训",
    "（2）组织考试",
    "（二）推进依法决策",
    "1.完善程序",
    "二、存在的不足和原因",
    "三、党政主要负责人履行第一责任人职责情况",
    "四、2024年工作安排",
]


def texts(data: bytes) -> list[str]:
    return [block.text for block in read_document(data, "report.docx").blocks]


def blocks(data: bytes) -> tuple[Block, ...]:
    return read_document(data, "report.docx").blocks


def test_read_docx_typed_headings_read_as_written():
    assert texts(builders.docx_from_lines(OUTLINE)) == OUTLINE


def test_read_docx_word_numbering_reads_like_typed_markers():
    data = builders.docx_from_lines(OUTLINE, word_numbering=True)

    assert texts(data) == OUTLINE


def test_read_docx_word_numbering_marks_rendered_blocks():
    data = builders.docx_from_lines(OUTLINE, word_numbering=True)

    assert [block.numbered for block in blocks(data)] == [
        False, True, True, False, True, True, True, True, True, True, True, True, True,
    ]  # fmt: skip


def test_read_docx_word_numbering_stores_no_marker_in_text():
    data = builders.docx_from_lines(OUTLINE, word_numbering=True)

    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]

    assert paragraphs[1:3] == ["主要举措和成效", "加强组织领导"]


def test_read_docx_word_numbering_keeps_skips_repeats_and_restarts():
    lines = [
        "（一）没有一级标题就开始",
        "一、第一部分",
        "1.跳过二级",
        "（一）回到二级",
        "（三）二级跳号",
        "二、第二部分",
        "（一）重新开始",
        "四、一级跳号",
        "一、一级重复",
        "（2）四级从二开始",
    ]

    assert texts(builders.docx_from_lines(lines, word_numbering=True)) == lines


def test_read_docx_word_numbering_leaves_differently_punctuated_marker_typed():
    lines = ["（一）全角括号", "(二)半角括号", "1.点", "2、顿号"]

    data = builders.docx_from_lines(lines, word_numbering=True)

    assert [(b.text, b.numbered) for b in blocks(data)] == [
        ("（一）全角括号", True),
        ("(二)半角括号", False),
        ("1.点", True),
        ("2、顿号", False),
    ]


def test_read_docx_heading_styles_give_style_level():
    data = builders.docx_from_lines(OUTLINE[:4], heading_styles=True)

    assert [block.style_level for block in blocks(data)] == [None, 1, 2, None]


def test_read_docx_outline_level_gives_style_level():
    styles = styles_xml(
        '<w:style w:type="paragraph" w:styleId="A"><w:name w:val="公文一级"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="B"><w:name w:val="based"/>'
        '<w:basedOn w:val="A"/></w:style>'
    )
    body = (
        para("样式大纲", style="A")
        + para("继承大纲", style="B")
        + '<w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>直接大纲</w:t></w:r></w:p>'
        + '<w:p><w:pPr><w:pStyle w:val="A"/><w:outlineLvl w:val="9"/></w:pPr>'
        "<w:r><w:t>正文级别</w:t></w:r></w:p>"
    )

    data = docx_package(document_xml(body), styles=styles)

    assert [block.style_level for block in blocks(data)] == [1, 1, 3, None]


def test_read_docx_chinese_heading_style_ids_give_style_level():
    # Chinese Word names its heading styles "1", "2" but keeps the name "heading 1".
    styles = styles_xml(
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style>'
    )

    data = docx_package(
        document_xml(para("一级", style="1") + para("二级", style="2")), styles=styles
    )

    assert [block.style_level for block in blocks(data)] == [1, 2]


def test_read_docx_bold_only_when_every_visible_run_is_bold():
    document = docx.Document()
    whole = document.add_paragraph()
    whole.add_run("一、").bold = True
    whole.add_run("主要举措").bold = True
    whole.add_run("  ")
    mixed = document.add_paragraph()
    mixed.add_run("（一）").bold = True
    mixed.add_run("加强学习")
    by_style = document.add_paragraph("二、存在的不足", style="Heading 1")
    turned_off = document.add_paragraph(style="Heading 1")
    turned_off.add_run("不加粗").bold = False
    out = io.BytesIO()
    document.save(out)

    assert [block.bold for block in blocks(out.getvalue())] == [True, False, True, False]
    assert by_style.style.name == "Heading 1"


def test_read_docx_bold_from_character_style_and_defaults():
    styles = styles_xml(
        '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/>'
        "<w:rPr><w:b/></w:rPr></w:style>"
        '<w:style w:type="character" w:styleId="Stronger"><w:name w:val="x"/>'
        '<w:basedOn w:val="Strong"/></w:style>'
    )
    body = (
        '<w:p><w:r><w:rPr><w:rStyle w:val="Stronger"/></w:rPr><w:t>字符样式加粗</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>普通</w:t></w:r></w:p>"
    )

    assert [b.bold for b in blocks(docx_package(document_xml(body), styles=styles))] == [
        True,
        False,
    ]


def test_read_docx_table_rows_are_blocks_in_table_and_never_headings():
    document = docx.Document()
    document.add_paragraph("一、主要举措")
    table = document.add_table(rows=2, cols=3)
    for row, cells in enumerate([["序号", "事项", "完成情况"], ["一、", "依法决策", "已完成"]]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    table.cell(1, 2).add_paragraph("第二段")
    document.add_paragraph("二、存在的不足")
    out = io.BytesIO()
    document.save(out)

    assert blocks(out.getvalue()) == (
        Block("一、主要举措"),
        Block("序号\t事项\t完成情况", in_table=True),
        Block("一、\t依法决策\t已完成 第二段", in_table=True),
        Block("二、存在的不足"),
    )


def test_read_docx_table_cell_heading_style_gives_no_style_level():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].style = document.styles["Heading 1"]
    table.cell(0, 0).paragraphs[0].text = "表内标题"
    table.cell(0, 1).text = "内容"
    out = io.BytesIO()
    document.save(out)

    assert blocks(out.getvalue()) == (Block("表内标题\t内容", in_table=True),)


def test_read_docx_one_column_table_is_read_as_paragraphs():
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "一、主要举措"
    frame.cell(0, 0).add_paragraph("今年以来，我局坚持依法行政。")
    out = io.BytesIO()
    document.save(out)

    assert blocks(out.getvalue()) == (Block("一、主要举措"), Block("今年以来，我局坚持依法行政。"))


def test_read_docx_tracked_deletion_left_out_and_insertion_kept():
    body = (
        "<w:p><w:r><w:t>推进</w:t></w:r>"
        '<w:del w:id="1" w:author="a"><w:r><w:delText>删掉的</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>法治政府</w:t></w:r></w:ins>'
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走</w:t></w:r></w:moveFrom>'
        "<w:r><w:t>建设</w:t></w:r></w:p>"
        # A whole paragraph deleted, its mark included.
        '<w:p><w:pPr><w:rPr><w:del w:id="4" w:author="a"/></w:rPr></w:pPr>'
        '<w:del w:id="5" w:author="a"><w:r><w:delText>整段删除</w:delText></w:r></w:del></w:p>'
        '<w:tbl><w:tr><w:trPr><w:del w:id="6" w:author="a"/></w:trPr>'
        "<w:tc><w:p><w:r><w:t>删除的行</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>保留的行</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )

    assert texts(docx_package(document_xml(body))) == ["推进法治政府建设", "保留的行\ty"]


def test_read_docx_deleted_numbered_paragraph_does_not_count():
    body = (
        para("甲", num=(1, 0))
        + '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        '<w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del></w:p>'
        + para("乙", num=(1, 0))
    )

    assert texts(numbered_docx(GOV_LIST + num(1, 1), body)) == ["一、甲", "二、乙"]


def test_read_docx_headers_footers_and_comments_left_out():
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "某某县司法局（页眉）"
    section.footer.paragraphs[0].text = "— 1 —"
    paragraph = document.add_paragraph("一、主要举措")
    document.add_comment(paragraph.runs, text="批注内容", author="审核人")
    document.add_paragraph("正文。")
    out = io.BytesIO()
    document.save(out)

    assert texts(out.getvalue()) == ["一、主要举措", "正文。"]


def test_read_docx_footnotes_left_out():
    body = '<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    footnotes = (
        f'<w:footnotes xmlns:w="{builders.W_NS}"><w:footnote w:id="1"><w:p><w:r>'
        "<w:t>脚注内容</w:t></w:r></w:p></w:footnote></w:footnotes>"
    ).encode()

    data = docx_package(document_xml(body), extra={"word/footnotes.xml": footnotes})

    assert texts(data) == ["正文"]


def test_read_docx_run_content_tabs_breaks_hidden_text_and_fields():
    body = (
        "<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
        "<w:sdt><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>块级控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )

    assert texts(docx_package(document_xml(body))) == ["甲\t乙\n丙3链接控件", "块级控件"]


def test_read_docx_table_of_contents_lines_left_out():
    styles = styles_xml(
        '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'
    )
    body = para("一、主要举措\t3", style="TOC1") + para("一、主要举措")

    assert texts(docx_package(document_xml(body), styles=styles)) == ["一、主要举措"]


def test_read_docx_strict_namespace_is_read():
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    document = (
        f'<w:document xmlns:w="{strict}"><w:body><w:p><w:r><w:t>严格格式</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )

    assert texts(docx_package(document)) == ["严格格式"]


def test_read_docx_empty_paragraphs_are_skipped():
    assert texts(
        docx_package(document_xml("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>" + para("正文")))
    ) == ["正文"]


# Numbering ------------------------------------------------------------------------------------


def test_read_docx_numbering_restarts_deeper_levels():
    body = "".join(
        para(text, num=(1, ilvl))
        for text, ilvl in [
            ("甲", 0),
            ("乙", 1),
            ("丙", 2),
            ("丁", 2),
            ("戊", 1),
            ("己", 2),
            ("庚", 0),
            ("辛", 1),
        ]
    )

    assert texts(numbered_docx(GOV_LIST + num(1, 1), body)) == [
        "一、甲", "（一）乙", "1.丙", "2.丁", "（二）戊", "1.己", "二、庚", "（一）辛",
    ]  # fmt: skip


def test_read_docx_numbering_start_value():
    numbering = abstract(1, level(0, "chineseCounting", "%1、", start=3)) + num(1, 1)

    assert texts(numbered_docx(numbering, para("甲", num=(1, 0)) + para("乙", num=(1, 0)))) == [
        "三、甲",
        "四、乙",
    ]


def test_read_docx_numbering_continues_across_nums_of_one_abstract():
    numbering = GOV_LIST + num(1, 1) + num(2, 1)

    assert texts(numbered_docx(numbering, para("甲", num=(1, 0)) + para("乙", num=(2, 0)))) == [
        "一、甲",
        "二、乙",
    ]


def test_read_docx_start_override_restarts_list():
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    numbering = GOV_LIST + num(1, 1) + num(2, 1, override)
    body = (
        para("甲", num=(1, 0))
        + para("乙", num=(1, 0))
        + para("丙", num=(2, 0))
        + para("丁", num=(2, 0))
    )

    assert texts(numbered_docx(numbering, body)) == ["一、甲", "二、乙", "一、丙", "二、丁"]


def test_read_docx_lvl_override_replaces_level_definition():
    override = (
        '<w:lvlOverride w:ilvl="0">'
        + level(0, "chineseLegalSimplified", "第%1部分", start=2)
        + "</w:lvlOverride>"
    )
    numbering = GOV_LIST + num(1, 1, override)

    assert texts(numbered_docx(numbering, para("甲", num=(1, 0)) + para("乙", num=(1, 0)))) == [
        "第贰部分 甲",
        "第叁部分 乙",
    ]


def test_read_docx_lvl_restart_zero_never_restarts():
    numbering = abstract(
        1,
        level(0, "chineseCounting", "%1、"),
        level(1, "decimal", "%2.", extra='<w:lvlRestart w:val="0"/>'),
    ) + num(1, 1)
    body = (
        para("甲", num=(1, 0))
        + para("乙", num=(1, 1))
        + para("丙", num=(1, 0))
        + para("丁", num=(1, 1))
    )

    assert texts(numbered_docx(numbering, body)) == ["一、甲", "1.乙", "二、丙", "2.丁"]


def test_read_docx_numbering_inherited_through_style_chain():
    styles = styles_xml(
        '<w:style w:type="paragraph" w:styleId="Level1"><w:name w:val="一级标题"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Level2"><w:name w:val="二级标题"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Level1b"><w:name w:val="派生"/>'
        '<w:basedOn w:val="Level1"/></w:style>'
    )
    body = (
        para("甲", style="Level1")
        + para("乙", style="Level2")
        + para("丙", style="Level1b")
        + '<w:p><w:pPr><w:pStyle w:val="Level1"/><w:numPr><w:numId w:val="0"/></w:numPr>'
        "</w:pPr><w:r><w:t>取消编号</w:t></w:r></w:p>"
        + '<w:p><w:pPr><w:pStyle w:val="Level1"/><w:numPr><w:ilvl w:val="1"/></w:numPr>'
        "</w:pPr><w:r><w:t>直接改级别</w:t></w:r></w:p>"
    )

    data = numbered_docx(GOV_LIST + num(1, 1), body, styles=styles)

    assert [(b.text, b.numbered) for b in blocks(data)] == [
        ("一、甲", True),
        ("（一）乙", True),
        ("二、丙", True),
        ("取消编号", False),
        ("（一）直接改级别", True),
    ]


def test_read_docx_style_without_ilvl_uses_level_linked_to_style():
    styles = styles_xml(
        '<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    numbering = abstract(
        1,
        level(0, "chineseCounting", "%1、"),
        level(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="H2"/>'),
    ) + num(1, 1)

    data = numbered_docx(numbering, para("加强学习", style="H2"), styles=styles)

    assert blocks(data) == (Block("（一）加强学习", style_level=2, numbered=True),)


def test_read_docx_num_style_link_uses_linked_definition():
    styles = styles_xml(
        '<w:style w:type="numbering" w:styleId="GovList"><w:name w:val="gov list"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    numbering = (
        GOV_LIST
        + '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="GovList"/></w:abstractNum>'
        + num(1, 1)
        + num(2, 2)
    )

    data = numbered_docx(numbering, para("甲", num=(2, 0)) + para("乙", num=(2, 1)), styles=styles)

    assert texts(data) == ["一、甲", "（一）乙"]


def test_read_docx_is_lgl_shows_all_levels_as_decimal():
    numbering = abstract(
        1,
        level(0, "chineseCounting", "第%1章"),
        level(1, "decimal", "%1.%2", extra="<w:isLgl/>"),
    ) + num(1, 1)
    body = para("总则", num=(1, 0)) + para("适用范围", num=(1, 1))

    assert texts(numbered_docx(numbering, body)) == ["第一章 总则", "1.1 适用范围"]


@pytest.mark.parametrize(
    ("suff", "lvl_text", "expected"),
    [
        ("nothing", "%1、", "一、甲"),
        ("space", "%1、", "一、 甲"),
        ("tab", "%1、", "一、甲"),
        ("tab", "第%1条", "第一条 甲"),
        ("nothing", "第%1条", "第一条甲"),
        ("", "（%1）", "（一）甲"),
    ],
)
def test_read_docx_numbering_suffix(suff, lvl_text, expected):
    numbering = abstract(1, level(0, "chineseCounting", lvl_text, suff=suff)) + num(1, 1)

    assert texts(numbered_docx(numbering, para("甲", num=(1, 0)))) == [expected]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("decimal", ["1.", "2.", "3."]),
        ("chineseCounting", ["一.", "二.", "三."]),
        ("chineseCountingThousand", ["一.", "二.", "三."]),
        ("ideographTraditional", ["甲.", "乙.", "丙."]),
        ("ideographDigital", ["一.", "二.", "三."]),
        ("chineseLegalSimplified", ["壹.", "贰.", "叁."]),
        ("decimalEnclosedCircle", ["①.", "②.", "③."]),
        ("decimalFullWidth", ["１.", "２.", "３."]),
        ("lowerLetter", ["a.", "b.", "c."]),
        ("upperLetter", ["A.", "B.", "C."]),
        ("lowerRoman", ["i.", "ii.", "iii."]),
        ("upperRoman", ["I.", "II.", "III."]),
    ],
)
def test_read_docx_number_formats(fmt, expected):
    numbering = abstract(1, level(0, fmt, "%1.")) + num(1, 1)
    body = "".join(para("项", num=(1, 0)) for _ in range(3))

    assert texts(numbered_docx(numbering, body)) == [marker + "项" for marker in expected]


def test_read_docx_bullets_render_nothing():
    numbering = abstract(1, level(0, "bullet", "\uf06c")) + num(1, 1)

    data = numbered_docx(numbering, para("要点", num=(1, 0)))

    assert blocks(data) == (Block("要点"),)


def test_read_docx_wps_custom_format_in_alternate_content():
    wps_level = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice>'
        '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>'
        '<w:lvlText w:val="%1."/></w:lvl>'
    )
    numbering = abstract(1, wps_level) + num(1, 1)

    data = numbered_docx(numbering, para("甲", num=(1, 0)) + para("乙", num=(1, 0)))

    assert texts(data) == ["01.甲", "02.乙"]


def test_read_docx_numbering_without_numbering_part_renders_nothing():
    assert blocks(docx_package(document_xml(para("甲", num=(1, 0))))) == (Block("甲"),)


def test_read_docx_numbering_in_table_cells_counts_on():
    body = (
        para("甲", num=(1, 0))
        + "<w:tbl><w:tr><w:tc>"
        + para("乙", num=(1, 0))
        + "</w:tc><w:tc>"
        + para("内容")
        + "</w:tc></w:tr></w:tbl>"
        + para("丙", num=(1, 0))
    )

    assert texts(numbered_docx(GOV_LIST + num(1, 1), body)) == ["一、甲", "二、乙\t内容", "三、丙"]


# ---------------------------------------------------------------------------------------------
# Text boxes, form tables, nested tables


def _p(text):
    return para(text)


def test_read_docx_text_box_read_once_where_anchored():
    box = builders.text_box(_p("一、主要举措和成效"))
    body = (
        _p("前言。")
        + f"<w:p>{box}<w:r><w:t>今年以来，我局坚持依法行政。</w:t></w:r></w:p>"
        + _p("结尾。")
    )

    data = docx_package(builders.drawing_document_xml(body))

    assert texts(data) == ["前言。", "一、主要举措和成效", "今年以来，我局坚持依法行政。", "结尾。"]


def test_read_docx_text_box_without_fallback_and_vml_only_box_are_read():
    body = (
        f"<w:p>{builders.text_box(_p('一、新式文本框'), fallback=False)}</w:p>"
        f"<w:p>{builders.text_box(_p('二、旧式文本框'), drawingml=False)}</w:p>"
    )

    data = docx_package(builders.drawing_document_xml(body))

    assert texts(data) == ["一、新式文本框", "二、旧式文本框"]


def test_read_docx_text_box_inside_text_box_read_once():
    inner = builders.text_box(_p("（一）内层"))
    body = f"<w:p>{builders.text_box(_p('一、外层') + f'<w:p>{inner}</w:p>')}</w:p>"

    data = docx_package(builders.drawing_document_xml(body))

    assert texts(data) == ["一、外层", "（一）内层"]


def test_report_with_top_headings_in_text_boxes_keeps_its_levels():
    lines = [
        ("title", "某某县司法局2023年度法治政府建设年度报告"),
        ("box", "一、主要举措和成效"),
        ("p", "（一）加强组织领导"),
        ("p", "今年以来，我局成立法治政府建设领导小组，局长任组长，定期研究部署法治工作。"),
        ("box", "二、存在的不足和原因"),
        ("p", "一是执法人员法律素养有待提高，原因是培训不够系统。"),
        ("box", "三、党政主要负责人履行推进法治建设第一责任人职责情况"),
        ("p", "局主要负责人认真履行第一责任人职责，带头学法，亲自部署重要工作。"),
        ("box", "四、2024年推进法治政府建设的主要安排"),
        ("p", "2024年，我局将继续深化依法行政，加强执法监督，推进法治宣传。"),
    ]
    body = "".join(
        f"<w:p>{builders.text_box(_p(text))}</w:p>" if kind == "box" else _p(text)
        for kind, text in lines
    )

    result = check_file(docx_package(builders.drawing_document_xml(body)), "report.docx")

    assert [s.number for s in result.sections] == ["一", "二", "三", "四"]
    assert [c.number for c in result.sections[0].children] == ["（一）"]
    assert result.verdict.value == "complete"


_FORM_BODY = "我局坚持以习近平法治思想为指导，认真落实法治政府建设各项任务，全年开展法治培训四次，办理行政复议案件三件。"


def test_read_docx_form_table_reads_headings_and_paragraphs():
    rows = [
        [_p("报告单位"), _p("某某县司法局")],
        [_p("一、主要举措和成效"), _p("（一）加强组织领导") + _p(_FORM_BODY)],
        [_p("二、存在的不足和原因"), _p(_FORM_BODY)],
    ]

    data = docx_package(document_xml(builders.table_xml(rows)))

    assert blocks(data) == (
        Block("报告单位\t某某县司法局", in_table=True),
        Block("一、主要举措和成效", style_level=1, bold=True),
        Block("（一）加强组织领导"),
        Block(_FORM_BODY),
        Block("二、存在的不足和原因", style_level=1, bold=True),
        Block(_FORM_BODY),
    )


def test_read_docx_data_table_stays_rows_in_table():
    rows = [
        [_p("事项"), _p("完成情况")],
        [_p("依法决策"), _p("已完成")],
        [_p("执法"), _p("已完成")],
    ]

    data = docx_package(document_xml(builders.table_xml(rows)))

    assert all(block.in_table for block in blocks(data))


def test_report_laid_out_as_form_table_yields_its_sections():
    rows = [
        [_p("某某县司法局2023年度法治政府建设年度报告")],
        [_p("主要举措和成效"), _p(_FORM_BODY)],
        [
            _p("存在的不足和原因"),
            _p("一是执法人员法律素养有待提高，原因是培训不够系统，考核机制不健全。"),
        ],
        [_p("党政主要负责人履行推进法治建设第一责任人职责情况"), _p(_FORM_BODY)],
        [
            _p("2024年推进法治政府建设的主要安排"),
            _p("2024年，我局将继续深化依法行政，加强执法监督，推进法治宣传，全面提升法治水平。"),
        ],
    ]
    body = _p("某某县司法局2023年度法治政府建设年度报告") + builders.table_xml(rows[1:])

    result = check_file(docx_package(document_xml(body)), "report.docx")

    assert [s.heading for s in result.sections] == [
        "主要举措和成效",
        "存在的不足和原因",
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        "2024年推进法治政府建设的主要安排",
    ]
    assert result.verdict.value == "complete"


def test_read_docx_form_table_inside_frame_and_table_inside_body_cell():
    data_table = builders.table_xml([[_p("事项"), _p("数量")], [_p("培训"), _p("4次")]])
    form = builders.table_xml(
        [
            [_p("一、主要举措和成效"), _p(_FORM_BODY) + data_table],
            [_p("二、存在的不足和原因"), _p(_FORM_BODY)],
        ]
    )
    frame = builders.table_xml([[_p("某某县司法局2023年度法治政府建设年度报告") + form]])

    assert blocks(docx_package(document_xml(frame))) == (
        Block("某某县司法局2023年度法治政府建设年度报告"),
        Block("一、主要举措和成效", style_level=1, bold=True),
        Block(_FORM_BODY),
        Block("事项\t数量", in_table=True),
        Block("培训\t4次", in_table=True),
        Block("二、存在的不足和原因", style_level=1, bold=True),
        Block(_FORM_BODY),
    )


def test_read_docx_form_table_keeps_word_numbering_in_order():
    rows = [
        [para("主要举措和成效", num=(1, 0)), _p(_FORM_BODY)],
        [para("存在的不足和原因", num=(1, 0)), _p(_FORM_BODY)],
    ]
    data = numbered_docx(
        GOV_LIST + num(1, 1), builders.table_xml(rows) + para("工作安排", num=(1, 0))
    )

    assert [b.text for b in blocks(data) if b.numbered] == [
        "一、主要举措和成效",
        "二、存在的不足和原因",
        "三、工作安排",
    ]
