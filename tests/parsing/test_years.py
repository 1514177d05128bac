"""The year a report is about, read from its body when its title does not say it."""

import pytest

from reports.parsing import check_text

_PARTS = (
    "二、存在的不足和原因\n一是执法人员法律素养有待提高，原因是培训不够系统。\n"
    "三、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人带头学法，亲自部署重要工作。\n"
)


def _report(
    *,
    title="某某县司法局法治政府建设工作报告",
    opening="今年以来，我局认真贯彻落实上级部署。",
    measures="一、推进法治政府建设的主要举措和成效",
    plans="四、下一步工作安排",
):
    return "\n".join(
        [
            title,
            opening,
            measures,
            "全年组织法治培训四次，办理行政复议案件三件，规范性文件全部经过合法性审核。",
            _PARTS.rstrip(),
            plans,
            "我们将继续深化依法行政，加强执法监督，推进法治宣传。",
        ]
    )


def _codes(result):
    return [f.code for f in result.findings if f.code in ("years_disagree", "plans_year_mismatch")]


@pytest.mark.parametrize(
    ("report", "year"),
    [
        (_report(opening="2023年，我局在县委县政府的领导下扎实推进法治政府建设。"), 2023),
        (_report(opening="2022年以来，我局坚持依法行政。"), 2022),
        (_report(opening="按照县委部署，现将我局2023年度法治政府建设工作情况报告如下："), 2023),
        (_report(measures="一、2023年度推进法治政府建设的主要举措和成效"), 2023),
        (_report(plans="四、2024年推进法治政府建设的主要安排"), 2023),
        (_report(title="关于法治政府建设情况的报告"), None),
    ],
    ids=[
        "opening",
        "opening-since",
        "reported-as-follows",
        "measures-heading",
        "plans-heading",
        "none",
    ],
)
def test_year_read_from_the_body_when_the_title_has_none(report, year):
    result = check_text(report)

    assert (result.year, _codes(result)) == (year, [])


def test_year_from_the_title_comes_first():
    report = _report(
        title="某某县司法局2023年度法治政府建设年度报告", opening="2022年，我局扎实推进法治建设。"
    )

    result = check_text(report)

    assert (result.year, _codes(result)) == (2023, ["years_disagree"])


def test_year_opening_trusted_before_the_measures_heading_and_disagreement_noted():
    report = _report(
        opening="2023年，我局扎实推进法治政府建设。",
        measures="一、2022年度推进法治政府建设的主要举措和成效",
    )

    result = check_text(report)

    assert (result.year, _codes(result)) == (2023, ["years_disagree"])


def test_year_plans_heading_of_another_year_than_the_next_is_noted():
    report = _report(
        opening="2023年，我局扎实推进法治政府建设。", plans="四、2023年推进法治政府建设的主要安排"
    )

    assert _codes(check_text(report)) == ["plans_year_mismatch"]


def test_year_from_the_body_against_the_period():
    report = _report(opening="2022年，我局扎实推进法治政府建设。")

    result = check_text(report, period_year=2023)

    assert _codes(result) == ["years_disagree"]
    assert "2022" in next(f.message for f in result.findings if f.code == "years_disagree")


def test_year_read_from_the_body_lets_the_plans_be_found_by_their_year():
    report = _report(
        opening="2023年，我局扎实推进法治政府建设。",
        plans="四、2024年重点工作",
    )

    assert check_text(report).parts["plans"].status.value == "present"
