from reports.parsing.normalise import matching_key, normalise
from reports.parsing.types import Block


def _blocks(*texts):
    return tuple(Block(text) for text in texts)


def test_normalise_joins_sentence_split_by_page_break():
    result = normalise(
        _blocks(
            "今年以来，我局坚持以新思想为指导，始终把学习宣传贯彻会议精神作为首",
            "",
            "要任务，认真组织干部职工开展专题学习。",
        )
    )

    assert result.text == (
        "今年以来，我局坚持以新思想为指导，始终把学习宣传贯彻会议精神作为首要任务，"
        "认真组织干部职工开展专题学习。"
    )
    assert len(result.lines) == 1


def test_normalise_joins_split_after_a_run_on_subsection():
    result = normalise(
        _blocks(
            "（一）加强组织领导。成立由局长任组长的领导小组，负责统筹协调，由分管领导",
            "",
            "担任副组长，各股室负责人为成员。",
        )
    )

    assert result.text == (
        "（一）加强组织领导。成立由局长任组长的领导小组，负责统筹协调，由分管领导"
        "担任副组长，各股室负责人为成员。"
    )


def test_normalise_counts_line_breaks_ending_a_block_as_blank_lines():
    first = "今年以来，我局坚持以新思想为指导，始终把学习宣传贯彻会议精神作为首"
    second = "要任务，认真组织干部职工开展专题学习。"

    near = normalise(_blocks(first + "\n\n", second))
    apart = normalise(_blocks(first + "\n\n\n", second))

    # Two blank lines are a page break inside the sentence; three end the paragraph.
    assert near.text == first + second
    assert apart.text == first + "\n" + second


def test_normalise_keeps_a_complete_sentence_apart_from_the_next():
    result = normalise(
        _blocks("全年办理案件八十六件。", "", "案卷评查合格率达到百分之百，无一被撤销。")
    )

    assert result.text == "全年办理案件八十六件。\n案卷评查合格率达到百分之百，无一被撤销。"


def test_normalise_keeps_heading_apart_from_its_body():
    result = normalise(
        _blocks(
            "（一）贯彻落实第一责任人职责，加强法治政府建设",
            "",
            "局主要负责人自觉履行推进法治建设第一责任人职责，带头学法用法，定期听取汇报。",
        )
    )

    assert len(result.lines) == 2


def test_normalise_keeps_title_apart_from_the_preamble():
    result = normalise(
        _blocks(
            "青溪县市场监督管理局2023年度法治政府建设年度报告",
            "2023年以来，我局在县委、县政府正确领导下，扎实推进依法行政，现将有关情况报告如下：",
        )
    )

    assert len(result.lines) == 2


def test_normalise_keeps_unnumbered_heading_with_comma_apart():
    result = normalise(
        _blocks(
            "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
            "局主要负责人认真履行职责，全年主持专题会议四次，带头讲授法治课两次。",
        )
    )

    assert len(result.lines) == 2


def test_normalise_never_joins_table_cells():
    result = normalise(
        (
            Block(
                "全年办理行政处罚案件，涉及食品安全、特种设备、价格监管等多个领域的", in_table=True
            ),
            Block("案件数量较上年增长，罚没款全部上缴国库。", in_table=True),
        )
    )

    assert len(result.lines) == 2


def test_normalise_removes_bookmark_artifact_and_records_it():
    result = normalise(_blocks("[bookmark: _GoBack]为提高干部依法行政能力，我局完善了学习制度。"))

    assert result.text == "为提高干部依法行政能力，我局完善了学习制度。"
    assert [artifact.text for artifact in result.artifacts] == ["[bookmark: _GoBack]"]
    assert result.artifacts[0].line == 0


def test_normalise_finds_no_artifact_in_clean_text():
    result = normalise(_blocks("为提高干部依法行政能力，我局完善了学习制度[见附件]。"))

    assert result.artifacts == ()


def test_normalise_folds_fullwidth_indentation_and_stray_spaces():
    result = normalise(
        _blocks("　　二、推进法 治政府建设存在的不足和原因  ", "\u00a0 2023 年，我局　继续推进。")
    )

    assert result.text == "二、推进法治政府建设存在的不足和原因\n2023 年，我局继续推进。"


def test_normalise_drops_blank_lines_and_page_numbers():
    result = normalise(
        _blocks("一、主要举措和成效", "", "— 3 —", "", "第 4 页 共 9 页", "全年办结案件十件。")
    )

    assert result.text == "一、主要举措和成效\n全年办结案件十件。"


def test_normalise_drops_running_heads_only_in_pdf():
    blocks = _blocks(
        "青溪县市场监督管理局",
        "一、主要举措和成效",
        "青溪县市场监督管理局",
        "全年办结案件十件。",
        "青溪县市场监督管理局",
    )

    assert normalise(blocks, "pdf").text == "一、主要举措和成效\n全年办结案件十件。"
    assert len(normalise(blocks, "txt").lines) == 5


def test_normalise_line_offsets_point_into_text():
    result = normalise(_blocks("标题", "", "一、主要举措", "正文。"))

    assert [result.text[line.start : line.end] for line in result.lines] == [
        "标题",
        "一、主要举措",
        "正文。",
    ]


def test_normalise_keeps_block_hints_on_lines():
    result = normalise(
        (
            Block("依法行政工作情况", bold=True),
            Block("强化组织领导", style_level=2, numbered=True),
            Block("案件数", in_table=True),
        )
    )

    assert [
        (line.bold, line.style_level, line.numbered, line.in_table) for line in result.lines
    ] == [
        (True, None, False, False),
        (False, 2, True, False),
        (False, None, False, True),
    ]


def test_normalise_splits_block_text_on_inner_line_breaks():
    result = normalise((Block("一、主要举措\r\n全年办结案件十件。", bold=True),))

    assert result.text == "一、主要举措\n全年办结案件十件。"
    assert [line.bold for line in result.lines] == [True, True]


def test_matching_key_simplifies_traditional_characters_at_same_length():
    written = "推進法治政府建設存在的不足和原因，黨政主要負責人履行職責，爲群衆辦實事，裡外"

    key = matching_key(written)

    assert key == "推进法治政府建设存在的不足和原因，党政主要负责人履行职责，为群众办实事，里外"
    assert len(key) == len(written)


def test_matching_key_leaves_simplified_text_alone():
    written = "成效显著，著作权保护，什么时候，台账齐全"

    assert matching_key(written) == written


def test_matching_key_folds_fullwidth_digits():
    assert matching_key("２０２３年（一）") == "2023年（一）"


def test_matching_key_maps_a_traditional_character_beyond_the_bmp():
    # U+2005E is a traditional form of U+2003E in OpenCC's table; such characters are tested
    # apart from the BMP ones, so one alone in an otherwise simplified text must still map.
    written = "推进\U0002005e法治"

    assert matching_key(written) == "推进\U0002003e法治"


def test_matching_key_leaves_unmapped_characters_beyond_the_bmp_alone():
    written = "张\U00020000同志"

    assert matching_key(written) == written


def test_normalise_keeps_traditional_text_and_simplifies_its_key():
    traditional = normalise(
        _blocks("二、推進法治政府建設存在的不足和原因", "黨政主要負責人認真履行職責。")
    )
    simplified = normalise(
        _blocks("二、推进法治政府建设存在的不足和原因", "党政主要负责人认真履行职责。")
    )

    assert traditional.text == "二、推進法治政府建設存在的不足和原因\n黨政主要負責人認真履行職責。"
    assert traditional.key == simplified.text


def test_normalise_splits_run_on_text_before_heading_markers():
    paragraph = (
        "全年召开局务会议十二次，重大事项均经合法性审查后集体讨论决定，未发生因决策违法引发的诉讼。"
    )
    text = (
        "青溪县市场监督管理局2023年度法治政府建设年度报告现将有关情况报告如下："
        f"一、主要举措和成效（一）健全依法决策机制{paragraph * 3}"
        f"（二）规范执法行为{paragraph * 3}二、存在的不足和原因{paragraph * 2}"
    )

    result = normalise(_blocks(text))

    assert [result.text[line.start : line.start + 6] for line in result.lines] == [
        "青溪县市场监",
        "现将有关情况",
        "一、主要举措",
        "（一）健全依",
        "（二）规范执",
        "二、存在的不",
    ]
    assert all(line.inline for line in result.lines)
    assert result.text.replace("\n", "") == text


def test_normalise_leaves_paragraphs_with_inline_enumeration_whole():
    text = (
        "主要表现在：一、在履行行政职能上，还有待进一步提升行政办事效率；"
        "二、行政决策机制及制度建设仍需进一步加强和完善。"
    )

    result = normalise(_blocks("一、存在的不足和原因", text, "二、下一步工作安排", "继续推进。"))

    assert len(result.lines) == 4
