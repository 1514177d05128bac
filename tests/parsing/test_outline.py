import pytest

from reports.parsing import Block, ExtractedDocument, check_document, check_text
from reports.parsing.metadata import read_front_matter
from reports.parsing.normalise import normalise
from reports.parsing.outline import build_outline

BODY = "全年召开会议十二次，重大事项均经合法性审查后集体讨论决定，未发生违法决策。"


def _tree(sections):
    return [(s.number, s.level, s.heading, _tree(s.children)) for s in sections]


def _top(text):
    return [f"{s.number}、{s.heading}" for s in check_text(text).sections]


def _outline(text):
    norm = normalise(tuple(Block(line) for line in text.split("\n")))
    return build_outline(norm, read_front_matter(norm).body_line, len(norm.lines))


def test_outline_reads_four_marker_levels():
    text = "\n".join(
        [
            "一、主要举措和成效",
            "（一）健全决策机制",
            "1.完善议事规则",
            "（1）明确会议范围",
            BODY,
            "二、存在的不足",
        ]
    )

    assert _tree(check_text(text).sections) == [
        (
            "一",
            1,
            "主要举措和成效",
            [
                (
                    "（一）",
                    2,
                    "健全决策机制",
                    [("1.", 3, "完善议事规则", [("（1）", 4, "明确会议范围", [])])],
                )
            ],
        ),
        ("二", 1, "存在的不足", []),
    ]


def test_outline_levels_follow_the_styles_a_report_uses():
    text = "\n".join(
        ["一、主要举措和成效", "1、健全决策机制", BODY, "2．规范执法行为", BODY, "二、存在的不足"]
    )

    assert _tree(check_text(text).sections) == [
        (
            "一",
            1,
            "主要举措和成效",
            [("1、", 2, "健全决策机制", []), ("2．", 2, "规范执法行为", [])],
        ),
        ("二", 1, "存在的不足", []),
    ]


def test_outline_accepts_dot_variants_of_level_one():
    assert _top("一.主要举措和成效\n" + BODY + "\n二．存在的不足\n" + BODY) == [
        "一、主要举措和成效",
        "二、存在的不足",
    ]


def test_outline_accepts_level_one_dot_before_a_year():
    assert _top("一.主要举措和成效\n" + BODY + "\n二.2024年工作安排\n" + BODY) == [
        "一、主要举措和成效",
        "二、2024年工作安排",
    ]


def test_outline_keeps_level_one_dot_before_a_short_number_as_text():
    assert _top("一.主要举措和成效\n一.1 全年召开会议十二次\n" + BODY) == ["一、主要举措和成效"]


def test_outline_numbers_part_style_headings_by_numeral():
    text = "第一部分 主要举措和成效\n" + BODY + "\n第二部分：存在的不足和原因\n" + BODY

    assert _top(text) == ["一、主要举措和成效", "二、存在的不足和原因"]


def test_outline_ignores_inline_enumeration():
    text = "\n".join(
        [
            "一、主要举措和成效",
            "一是完善决策机制，全年召开会议十二次。二是规范执法行为，案卷合格率百分之百。",
            "二是加强普法宣传，开展活动二十场。",
            "二、存在的不足",
            BODY,
        ]
    )

    assert _tree(check_text(text).sections) == [
        ("一", 1, "主要举措和成效", []),
        ("二", 1, "存在的不足", []),
    ]


def test_outline_ignores_numbers_inside_a_paragraph():
    text = (
        "一、主要举措和成效\n全年完成三项任务：1.修订制度；2.清理文件；（3）培训干部。\n二、存在的不足\n"
        + BODY
    )

    assert _tree(check_text(text).sections) == [
        ("一", 1, "主要举措和成效", []),
        ("二", 1, "存在的不足", []),
    ]


def test_outline_takes_first_clause_of_run_on_subsection_as_heading():
    text = "一、主要举措和成效\n（一）强化组织领导，落实工作责任。把法治建设纳入全局工作，摆上重要议事日程。"

    (section,) = check_text(text).sections

    assert [(c.number, c.heading) for c in section.children] == [
        ("（一）", "强化组织领导，落实工作责任")
    ]


def test_outline_rejects_long_level_one_sentence_as_heading():
    text = "\n".join(
        [
            "一、存在的不足和原因",
            "一、在履行行政职能上，还有待进一步提升行政办事效率，个别审批事项办理时限偏长。主要原因是人手不足。",
            "二、行政决策机制及制度建设仍需进一步加强和完善，合法性审查的范围还需扩大，审查力量较为薄弱。",
            "二、下一步工作安排",
            BODY,
        ]
    )

    assert _top(text) == ["一、存在的不足和原因", "二、下一步工作安排"]


def test_outline_marks_unnumbered_bold_headings():
    document = ExtractedDocument(
        "docx",
        (
            Block("青溪县市场监督管理局2023年度法治政府建设年度报告", bold=True),
            Block("主要举措和成效", bold=True),
            Block(BODY),
            Block("存在的不足和原因", bold=True),
            Block(BODY),
        ),
    )

    assert [(s.number, s.heading) for s in check_document(document).sections] == [
        ("#1", "主要举措和成效"),
        ("#2", "存在的不足和原因"),
    ]


def test_outline_ignores_bold_lines_when_headings_are_numbered():
    document = ExtractedDocument(
        "docx",
        (
            Block("一、主要举措和成效"),
            Block("全年成效显著", bold=True),
            Block(BODY),
            Block("二、存在的不足"),
        ),
    )

    assert [(s.number, s.heading, s.children) for s in check_document(document).sections] == [
        ("一", "主要举措和成效", ()),
        ("二", "存在的不足", ()),
    ]


def test_outline_uses_heading_styles_for_levels():
    document = ExtractedDocument(
        "docx",
        (
            Block("主要举措和成效", style_level=1),
            Block("健全决策机制", style_level=2),
            Block(BODY),
            Block("存在的不足", style_level=1),
        ),
    )

    assert _tree(check_document(document).sections) == [
        ("#1", 1, "主要举措和成效", [("#1", 2, "健全决策机制", [])]),
        ("#2", 1, "存在的不足", []),
    ]


def test_outline_never_takes_table_cells_as_headings():
    document = ExtractedDocument(
        "docx",
        (
            Block("一、主要举措和成效"),
            Block("二、行政处罚案件", in_table=True),
            Block("（一）食品安全", in_table=True, bold=True),
            Block("二、存在的不足"),
        ),
    )

    assert _tree(check_document(document).sections) == [
        ("一", 1, "主要举措和成效", []),
        ("二", 1, "存在的不足", []),
    ]


def test_outline_keeps_halfwidth_marker_as_written():
    text = "一、主要举措和成效\n(一)强化组织领导\n" + BODY + "\n(二) 加强法治宣传\n" + BODY

    (section,) = check_text(text).sections

    assert [c.number for c in section.children] == ["(一)", "(二)"]


def test_outline_section_spans_run_to_next_heading_of_same_level():
    text = "标题2023年度法治政府建设年度报告\n一、举措\n（一）学习\n" + BODY + "\n二、不足\n" + BODY
    result = check_text(text)
    first, second = result.sections

    assert (first.start, first.end) == (
        result.text.index("一、举措"),
        result.text.index("二、不足"),
    )
    assert (first.children[0].start, first.children[0].end) == (
        result.text.index("（一）"),
        second.start,
    )
    assert second.end == len(result.text)


def test_outline_ends_last_section_at_the_signature():
    text = "一、举措\n" + BODY + "\n青溪县市场监督管理局\n2024年2月6日"
    result = check_text(text)

    assert result.sections[0].end == result.text.index("青溪县市场监督管理局")


def test_outline_leaves_front_matter_and_preamble_out():
    text = "\n".join(
        [
            "青溪县市场监督管理局文件",
            "青市监发〔2024〕3号",
            "青溪县市场监督管理局2023年度法治政府建设年度报告",
            "中共青溪县委、青溪县人民政府：",
            "2023年，我局坚持依法行政，现将有关情况报告如下：",
            "一、主要举措和成效",
            BODY,
        ]
    )

    assert _top(text) == ["一、主要举措和成效"]


def test_outline_keeps_skipped_numbering_flat_and_reports_it():
    outline = _outline("一、举措\n" + BODY + "\n二、不足\n" + BODY + "\n四、安排\n" + BODY)

    assert [s.number for s in outline.sections] == ["一", "二", "四"]
    assert [(i.kind, i.node.number, i.expected) for i in outline.issues] == [("skip", "四", 3)]


def test_outline_nests_restarted_numbering_under_the_open_section():
    text = "\n".join(
        [
            "一、主要举措和成效",
            "一、健全决策机制",
            "（一）完善议事规则",
            BODY,
            "二、规范执法行为",
            BODY,
            "二、存在的不足和原因",
            BODY,
            "三、下一步工作安排",
            BODY,
        ]
    )
    outline = _outline(text)

    assert _tree(outline.sections) == [
        (
            "一",
            1,
            "主要举措和成效",
            [
                ("一、", 2, "健全决策机制", [("（一）", 3, "完善议事规则", [])]),
                ("二、", 2, "规范执法行为", []),
            ],
        ),
        ("二", 1, "存在的不足和原因", []),
        ("三", 1, "下一步工作安排", []),
    ]
    assert [(i.kind, i.node.heading) for i in outline.issues] == [("repeat", "健全决策机制")]


def test_outline_nests_restarted_run_on_items_and_reports_the_repeat():
    text = "\n".join(
        [
            "一、主要举措和成效",
            "一、严格林地管理。" + BODY,
            "二、加强森林执法。" + BODY,
            "二、存在的不足和原因",
            BODY,
        ]
    )
    outline = _outline(text)

    assert _tree(outline.sections) == [
        (
            "一",
            1,
            "主要举措和成效",
            [("一、", 2, "严格林地管理", []), ("二、", 2, "加强森林执法", [])],
        ),
        ("二", 1, "存在的不足和原因", []),
    ]
    assert [(i.kind, i.node.heading) for i in outline.issues] == [("repeat", "严格林地管理")]


@pytest.mark.parametrize("stop", ["：", "。"])
def test_outline_reads_level_one_headings_whose_text_runs_on(stop):
    text = "\n".join(
        [
            f"一、主要举措和成效{stop}" + BODY,
            f"二、党政主要负责人履行推进法治建设第一责任人职责情况{stop}" + BODY,
        ]
    )

    assert _top(text) == [
        "一、主要举措和成效",
        "二、党政主要负责人履行推进法治建设第一责任人职责情况",
    ]


def test_outline_keeps_level_one_list_sentence_with_commas_as_text():
    text = "一、主要举措和成效\n" + BODY + "\n一、全年召开会议十二次，审查文件八件。\n"

    assert _top(text) == ["一、主要举措和成效"]


def test_outline_reads_traditional_report_like_its_simplified_form():
    simplified = (
        "一、推进法治政府建设的主要举措和成效\n（一）健全决策机制\n"
        + BODY
        + "\n二、存在的不足和原因\n"
        + BODY
    )
    traditional = (
        "一、推進法治政府建設的主要舉措和成效\n（一）健全決策機制\n"
        "全年召開會議十二次，重大事項均經合法性審查後集體討論決定，未發生違法決策。\n"
        "二、存在的不足和原因\n全年召開會議十二次，重大事項均經合法性審查後集體討論決定，未發生違法決策。"
    )

    plain, written = check_text(simplified), check_text(traditional)

    assert [(s.number, s.start, s.end, s.part) for s in written.sections] == [
        (s.number, s.start, s.end, s.part) for s in plain.sections
    ]
    assert [s.heading for s in written.sections] == [
        "推進法治政府建設的主要舉措和成效",
        "存在的不足和原因",
    ]
    assert written.sections[0].children[0].heading == "健全決策機制"


def test_outline_finds_headings_in_text_without_line_breaks():
    paragraph = (
        "全年召开局务会议十二次，重大事项均经合法性审查后集体讨论决定，未发生因决策违法引发的诉讼。"
    )
    text = (
        "青溪县市场监督管理局2023年度法治政府建设年度报告2023年，我局坚持依法行政，现将有关情况报告如下："
        f"一、主要举措和成效（一）健全依法决策机制{paragraph * 2}（二）规范执法行为{paragraph * 2}"
        f"二、存在的不足和原因一是执法力量不足。{paragraph}"
        f"三、党政主要负责人履行推进法治建设第一责任人职责情况我局主要负责人认真履行职责。{paragraph}"
        f"四、下一步工作计划2024年，我局将继续完善执法制度。{paragraph}"
    )

    result = check_text(text)

    assert result.title == "青溪县市场监督管理局2023年度法治政府建设年度报告"
    assert [f"{s.number}、{s.heading}" for s in result.sections] == [
        "一、主要举措和成效",
        "二、存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、下一步工作计划",
    ]
    assert [c.number for c in result.sections[0].children] == ["（一）", "（二）"]
