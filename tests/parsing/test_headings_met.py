"""Headings and plans as real reports write them, which earlier versions missed."""

import pytest

from reports.parsing import check_text

_BODY = "全年组织法治培训四次，办理行政复议案件三件，规范性文件全部经过合法性审核，重大行政决策均经过合法性审查和集体讨论决定。"
_SHORTCOMINGS = "一是执法人员法律素养有待提高，原因是培训不够系统。"
_LEADERSHIP = "三、党政主要负责人履行推进法治建设第一责任人职责情况"


def _sections(result):
    return [(s.number, s.heading) for s in result.sections]


def test_measures_heading_with_spaced_year_in_text_without_line_breaks():
    text = (
        "某某县司法局法治政府建设年度报告"
        "2020 年，我局在县委县政府的领导下扎实推进法治 政府建设，现将有关情况报告如下："
        "一、2020 年推进法治政府建设的主要举措和成效"
        f"2020 年以来，我局{_BODY}{_BODY}"
        f"二、存在的不足和原因{_SHORTCOMINGS}{_BODY}"
        f"{_LEADERSHIP}主要负责人带头学法，亲自部署重要工作。{_BODY}"
        f"四、2021 年工作安排2021 年，我局将继续深化依法行政，加强执法监督。{_BODY}"
    )

    result = check_text(text)

    assert [number for number, _ in _sections(result)] == ["一", "二", "三", "四"]
    assert (result.sections[0].heading, result.year, result.verdict.value) == (
        "2020 年推进法治政府建设的主要举措和成效",
        2020,
        "complete",
    )


def test_topical_measures_sections_whose_first_sentence_runs_on():
    text = "\n".join(
        [
            "某某县司法局2023年度法治政府建设年度报告",
            "2023年，我局扎实推进法治政府建设。",
            f"一、坚持政治引领，全面建设法治政府。一是加强理论学习。{_BODY}",
            f"二、坚持依法决策，规范行政权力运行。（一）完善决策制度。{_BODY}",
            f"三、坚持严格执法，提升执法水平。首先，{_BODY}",
            "四、存在的不足和原因",
            _SHORTCOMINGS,
            "五、党政主要负责人履行推进法治建设第一责任人职责情况",
            f"主要负责人带头学法。{_BODY}",
            "六、2024年工作安排",
            f"2024年，我局将继续深化依法行政。{_BODY}",
        ]
    )

    result = check_text(text)

    assert _sections(result)[:3] == [
        ("一", "坚持政治引领，全面建设法治政府"),
        ("二", "坚持依法决策，规范行政权力运行"),
        ("三", "坚持严格执法，提升执法水平"),
    ]
    assert (result.parts["measures"].sections, result.verdict.value) == (
        ("一", "二", "三"),
        "complete",
    )


def test_numbered_sentence_with_a_comma_is_still_no_heading():
    text = "\n".join(
        [
            "某某县司法局2023年度法治政府建设年度报告",
            "一、主要举措和成效",
            f"一、全面落实行政执法三项制度，规范执法行为。{_BODY}",
        ]
    )

    assert [number for number, _ in _sections(check_text(text))] == ["一"]


def test_marker_with_stray_comma_in_traditional_copy():
    text = "\n".join(
        [
            "某某縣司法局2023年度法治政府建設年度報告",
            "一,、推進法治政府建設的主要舉措和成效",
            _BODY,
            "二,、存在的不足和原因",
            "一是執法人員法律素養有待提高，原因是培訓不夠系統。",
            "三,、黨政主要負責人履行推進法治建設第一責任人職責情況",
            _BODY,
            "四,、2024年工作安排",
            "2024年，我局將繼續深化依法行政。",
        ]
    )

    result = check_text(text)

    assert (_sections(result)[1], result.verdict.value) == (("二", "存在的不足和原因"), "complete")


@pytest.mark.parametrize(
    "plans",
    [
        "下一步，我们将继续深化依法行政，加强执法监督。",
        "今后，我局将继续深化依法行政，加强执法监督。",
        "2024年，我局将继续深化依法行政，加强执法监督。",
        "接下来，我局将持续深化依法行政。",
        "在新的一年里，我们将着力深化依法行政。",
        "展望2024年，我局将坚持深化依法行政。",
        "未来，我局将进一步深化依法行政。",
        "新的一年，我局将努力提升依法行政水平。",
    ],
)
def test_plans_folded_into_the_closing_paragraph(plans):
    text = "\n".join(
        [
            "某某县司法局2023年度法治政府建设年度报告",
            "一、主要举措和成效",
            _BODY,
            "二、存在的不足和原因",
            _SHORTCOMINGS,
            _LEADERSHIP,
            _BODY,
            f"总之，我局法治政府建设取得一定成效。{plans}",
        ]
    )

    found = check_text(text).parts["plans"]

    assert (found.status.value, found.where) == ("embedded", "closing paragraph")


def test_plans_opening_needs_a_time_and_a_will():
    text = "\n".join(
        [
            "某某县司法局2023年度法治政府建设年度报告",
            "一、主要举措和成效",
            _BODY,
            "二、存在的不足和原因",
            _SHORTCOMINGS,
            _LEADERSHIP,
            _BODY,
            "总之，我局法治政府建设取得一定成效，未来可期。",
        ]
    )

    assert check_text(text).parts["plans"].status.value == "missing"
