import pytest

from reports.parsing import Evidence, Part, PartResult, PartStatus, Verdict, check_text
from tests.parsing.text_samples import complete_report, report_text

SHORTCOMINGS = ("存在的不足和原因", "")
LEADERSHIP = ("党政主要负责人履行推进法治建设第一责任人职责情况", "")
PLANS = ("下一步工作计划", "")
MEASURES = ("主要举措和成效", "")


def _part_of_each_section(text):
    return [(s.number, s.part) for s in check_text(text).sections]


@pytest.mark.parametrize(
    "heading",
    [
        "2023年推进法治政府建设的主要举措和成效",
        "主要举措和成效",
        "依法行政工作情况",
        "推进法治政府建设情况",
        "工作开展情况",
        "强化组织领导",
        "健全工作机制",
        "主要做法",
        "亮点工作",
        "重点工作推进情况",
    ],
)
def test_parts_measures_wording_variants(heading):
    text = report_text((heading, ""), SHORTCOMINGS, LEADERSHIP, PLANS)

    assert check_text(text).parts[Part.MEASURES] == PartResult(
        PartStatus.PRESENT, sections=("一",), evidence=Evidence.HEADING
    )


def test_parts_thematic_sections_together_are_measures():
    text = report_text(
        ("强化组织领导", ""),
        ("健全工作机制", ""),
        ("加强宣传教育", ""),
        SHORTCOMINGS,
        LEADERSHIP,
        PLANS,
    )

    assert check_text(text).parts[Part.MEASURES].sections == ("一", "二", "三")


@pytest.mark.parametrize(
    "heading",
    [
        "推进法治政府建设存在的不足和原因",
        "存在问题及原因",
        "存在的问题",
        "不足之处",
        "工作中存在的短板和差距",
        "问题与原因分析",
        "存在的困难和问题",
        "面临的困难",
        "需要改进的地方",
    ],
)
def test_parts_shortcomings_wording_variants(heading):
    text = report_text(MEASURES, (heading, ""), LEADERSHIP, PLANS)

    assert _part_of_each_section(text)[1] == ("二", Part.SHORTCOMINGS)


@pytest.mark.parametrize(
    "heading",
    [
        "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        "主要负责人履行推进法治建设第一责任人职责情况",
        "局主要领导履职情况",
        "“一把手”抓法治建设情况",
        "主要负责人履职情况",
    ],
)
def test_parts_leadership_wording_variants(heading):
    text = report_text(MEASURES, SHORTCOMINGS, (heading, ""), PLANS)

    assert _part_of_each_section(text)[2] == ("三", Part.LEADERSHIP)


@pytest.mark.parametrize(
    "heading",
    [
        "2024年推进法治政府建设的主要安排",
        "下一步工作计划",
        "下步工作打算",
        "工作思路",
        "今后努力方向",
        "2024年工作重点",
        "下步工作重点",
        "今后工作打算",
        "2024年工作思路",
    ],
)
def test_parts_plans_wording_variants(heading):
    text = report_text(MEASURES, SHORTCOMINGS, LEADERSHIP, (heading, ""))

    assert _part_of_each_section(text)[3] == ("四", Part.PLANS)


def test_parts_leadership_recognised_from_opening_sentences():
    opening = (
        "局党政主要负责人切实履行推进法治建设第一责任人职责，对法治建设重要工作亲自部署、"
        "重大问题亲自过问。全年召开专题会议四次，听取法治建设工作汇报，研究解决具体问题。"
    )
    text = report_text(
        ("领导重视及工作开展情况", opening), ("主要举措和成效", ""), SHORTCOMINGS, PLANS
    )

    result = check_text(text)

    assert result.parts[Part.LEADERSHIP] == PartResult(
        PartStatus.PRESENT, sections=("一",), evidence=Evidence.CONTENT
    )
    assert result.parts[Part.MEASURES].sections == ("二",)
    assert result.sections[0].evidence == Evidence.CONTENT


def test_parts_leadership_hint_without_confirming_content_stays_measures():
    text = report_text(("强化组织领导", ""), SHORTCOMINGS, PLANS)

    assert check_text(text).parts[Part.LEADERSHIP].status == PartStatus.MISSING


def test_parts_shortcomings_recognised_from_opening_sentences():
    opening = (
        "过去一年工作虽有进步，但还存在一些不足：执法人员专业能力参差不齐，部分法规掌握不够。"
        "究其原因，主要是培训投入不够，经费保障有限，考核激励措施不够有力。"
    )
    text = report_text(MEASURES, ("几点思考", opening), LEADERSHIP, PLANS)

    assert check_text(text).parts[Part.SHORTCOMINGS] == PartResult(
        PartStatus.PRESENT, sections=("二",), evidence=Evidence.CONTENT
    )


def test_parts_remedy_heading_is_not_shortcomings():
    text = report_text(
        ("着力解决群众急难愁盼问题", ""), ("补齐执法能力短板", ""), SHORTCOMINGS, LEADERSHIP, PLANS
    )

    assert check_text(text).parts[Part.MEASURES].sections == ("一", "二")


def test_parts_combined_heading_gives_both_parts():
    text = report_text(MEASURES, LEADERSHIP, ("存在的问题及下一步工作打算", ""))

    result = check_text(text)

    assert result.parts[Part.SHORTCOMINGS].sections == ("三",)
    assert result.parts[Part.PLANS].sections == ("三",)
    assert result.verdict == Verdict.COMPLETE


def test_parts_other_matters_section():
    text = report_text(MEASURES, SHORTCOMINGS, LEADERSHIP, PLANS, ("其他需要报告的情况", ""))

    result = check_text(text)

    assert result.parts[Part.OTHER] == PartResult(
        PartStatus.PRESENT, sections=("五",), evidence=Evidence.HEADING
    )
    assert result.parts[Part.PLANS].sections == ("四",)


def test_parts_unnamed_section_after_plans_is_other():
    text = report_text(MEASURES, SHORTCOMINGS, LEADERSHIP, PLANS, ("典型案例", ""))

    assert _part_of_each_section(text)[4] == ("五", Part.OTHER)


def test_parts_leadership_embedded_in_subsection():
    body = "（一）健全决策机制\n全年召开会议十二次。\n（二）贯彻落实第一责任人职责，加强法治政府建设\n局长带头学法。"
    text = report_text(("依法行政工作情况", body), SHORTCOMINGS, PLANS)

    result = check_text(text)

    assert result.parts[Part.LEADERSHIP] == PartResult(
        PartStatus.EMBEDDED,
        where="一（二）",
        evidence=Evidence.HEADING,
        span=(result.text.index("（二）贯彻"), result.text.index("二、存在")),
    )
    assert result.sections[0].children[1].part == Part.LEADERSHIP
    assert result.verdict == Verdict.PARTIAL


def test_parts_shortcomings_and_plans_embedded_in_closing_paragraph():
    closing = (
        "总之，我局法治政府建设取得了一定成绩，但还存在一些不足，如宣传力度不够大。"
        "下步，我局将继续强化法治学习，努力开创法治政府建设工作新局面。"
    )
    text = report_text(MEASURES, LEADERSHIP, closing=closing)

    result = check_text(text)
    shortcomings, plans = result.parts[Part.SHORTCOMINGS], result.parts[Part.PLANS]

    assert (shortcomings.status, shortcomings.where, shortcomings.evidence) == (
        PartStatus.EMBEDDED,
        "closing paragraph",
        Evidence.CONTENT,
    )
    assert (plans.status, plans.where) == (PartStatus.EMBEDDED, "closing paragraph")
    assert result.text[slice(*plans.span)].startswith("下步，我局将")
    assert result.verdict == Verdict.PARTIAL


def test_parts_closing_paragraph_read_before_a_sign_off_line():
    closing = "总之，我局法治建设还存在一些不足。下步，我局将继续强化法治学习，提升依法行政水平。"
    text = report_text(MEASURES, SHORTCOMINGS, LEADERSHIP, closing=closing + "\n特此报告。")

    plans = check_text(text).parts[Part.PLANS]

    assert (plans.status, plans.where) == (PartStatus.EMBEDDED, "closing paragraph")


@pytest.mark.parametrize("opening", ["2024年，我局将", "新的一年，我局将"])
def test_parts_closing_paragraph_may_open_with_the_coming_year(opening):
    closing = opening + "继续深化法治政府建设，加强执法队伍建设，全面提升依法行政水平。"
    text = report_text(MEASURES, SHORTCOMINGS, LEADERSHIP, closing=closing)

    plans = check_text(text).parts[Part.PLANS]

    assert (plans.status, plans.where) == (PartStatus.EMBEDDED, "closing paragraph")


def test_parts_plans_sentence_inside_a_section_is_embedded_there():
    body = "全年推进执法规范化建设，案卷合格率百分之百。下一步，我局将继续完善执法制度，加强培训。"
    text = report_text(MEASURES, SHORTCOMINGS, LEADERSHIP, ("执法规范化建设", body))

    result = check_text(text)

    assert (result.parts[Part.PLANS].status, result.parts[Part.PLANS].where) == (
        PartStatus.EMBEDDED,
        "四",
    )


def test_parts_missing_part_makes_report_incomplete():
    text = report_text(MEASURES, SHORTCOMINGS, LEADERSHIP)

    result = check_text(text)

    assert result.parts[Part.PLANS] == PartResult(PartStatus.MISSING)
    assert result.verdict == Verdict.INCOMPLETE


def test_parts_all_present_is_complete_in_order():
    result = check_text(complete_report())

    assert {part: r.status for part, r in result.parts.items()} == {
        Part.MEASURES: PartStatus.PRESENT,
        Part.SHORTCOMINGS: PartStatus.PRESENT,
        Part.LEADERSHIP: PartStatus.PRESENT,
        Part.PLANS: PartStatus.PRESENT,
    }
    assert (result.verdict, result.order_ok) == (Verdict.COMPLETE, True)


def test_parts_order_counts_only_present_parts():
    text = report_text(LEADERSHIP, MEASURES, SHORTCOMINGS, PLANS)

    assert check_text(text).order_ok is False


def test_parts_order_ignores_embedded_parts():
    closing = "总之，工作取得了一定成绩，但还存在一些不足。下一步，我局将继续努力。"
    text = report_text(MEASURES, LEADERSHIP, closing=closing)

    assert check_text(text).order_ok is True


def test_parts_plans_by_next_year_uses_period_year():
    text = report_text(MEASURES, SHORTCOMINGS, LEADERSHIP, ("2025年推进法治政府建设重点", ""))

    assert check_text(text, period_year=2024).parts[Part.PLANS].sections == ("四",)


def test_last_thematic_section_is_not_shortcomings_because_of_the_closing_paragraph():
    text = "\n".join(
        [
            "某县农业农村局2023年度法治政府建设情况报告",
            "一、健全制度机制",
            "修订局重大行政决策程序规定，全年按程序作出重大决策两项，均经合法性审查和集体讨论。",
            "二、加强普法宣传",
            "开展农资打假宣传进村活动十二场，发放宣传资料三千余份。",
            "总之，我局法治政府建设取得了一定成效，但也存在一些不足，主要是基层执法力量薄弱，原因在于编制紧张。"
            "下一步，我局将充实执法力量，继续加强普法宣传。",
        ]
    )

    result = check_text(text)

    assert [(s.number, s.part) for s in result.sections] == [
        ("一", Part.MEASURES),
        ("二", Part.MEASURES),
    ]
    assert (
        result.parts[Part.SHORTCOMINGS].status,
        result.parts[Part.SHORTCOMINGS].where,
    ) == (PartStatus.EMBEDDED, "closing paragraph")
