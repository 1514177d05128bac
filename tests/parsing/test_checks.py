import datetime
from pathlib import Path

import pytest

from reports.parsing import Part, Severity, Signature, check_text
from reports.parsing.checks import CHECKS
from tests.parsing.text_samples import MODEL_REPORT, complete_report, report_text

TITLE = "青溪县市场监督管理局2023年度法治政府建设年度报告"


def _codes(text, **kwargs):
    return [finding.code for finding in check_text(text, **kwargs).findings]


def _only(text, code, **kwargs):
    (finding,) = [f for f in check_text(text, **kwargs).findings if f.code == code]
    return finding


def _model(old, new):
    assert old in MODEL_REPORT
    return MODEL_REPORT.replace(old, new)


def test_checks_model_report_has_no_findings():
    assert _codes(MODEL_REPORT, period_year=2023) == []


def test_checks_each_check_states_its_rule():
    assert all(check.__doc__ and "\n" not in check.__doc__.strip() for check in CHECKS)


def test_part_missing_is_an_error_per_part():
    text = report_text(("主要举措和成效", ""), ("存在的不足和原因", "原因是投入不足。" * 10))

    missing = [f for f in check_text(text).findings if f.code == "part_missing"]

    assert [(f.part, f.severity) for f in missing] == [
        (Part.LEADERSHIP, Severity.ERROR),
        (Part.PLANS, Severity.ERROR),
    ]


def test_part_embedded_warns_with_where_and_span():
    closing = "总之，我局工作取得一定成绩，但还存在一些不足，原因是投入不够。下一步，我局将继续努力，推动工作再上新台阶。"
    text = report_text(
        ("主要举措和成效", ""), ("党政主要负责人履行第一责任人职责情况", ""), closing=closing
    )
    result = check_text(text)

    embedded = [f for f in result.findings if f.code == "part_embedded"]

    assert [(f.part, f.severity) for f in embedded] == [
        (Part.SHORTCOMINGS, Severity.WARNING),
        (Part.PLANS, Severity.WARNING),
    ]
    assert "结尾段落" in embedded[0].message
    assert (
        result.text[slice(*embedded[0].span)]
        == "总之，我局工作取得一定成绩，但还存在一些不足，原因是投入不够。"
    )


def test_part_embedded_absent_when_parts_stand_alone():
    assert "part_embedded" not in _codes(MODEL_REPORT)


def test_part_found_by_content_notes_leadership_read_from_opening():
    opening = "局党政主要负责人切实履行推进法治建设第一责任人职责，对重要工作亲自部署。" * 3
    text = complete_report().replace(
        "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况", "领导重视情况"
    )
    text = text.replace("三、领导重视情况\n", "三、领导重视情况\n" + opening, 1)

    finding = _only(text, "part_found_by_content")

    assert (finding.severity, finding.part) == (Severity.INFO, Part.LEADERSHIP)


def test_part_found_by_content_absent_for_named_parts():
    assert "part_found_by_content" not in _codes(MODEL_REPORT)


def test_parts_out_of_order_is_information():
    text = report_text(
        ("党政主要负责人履行推进法治建设第一责任人职责情况", ""),
        ("主要举措和成效", ""),
        ("存在的不足和原因", "原因是投入不足。" * 10),
        ("下一步工作计划", ""),
    )

    finding = _only(text, "parts_out_of_order")

    assert (finding.severity, finding.part) == (Severity.INFO, None)


def test_parts_out_of_order_absent_in_prescribed_order():
    assert "parts_out_of_order" not in _codes(complete_report())


def test_shortcomings_without_causes_warns():
    body = "一是执法力量不足，二是宣传方式单一，三是基层所规范化建设进度偏慢。" * 3
    text = report_text(
        ("主要举措和成效", ""),
        ("存在的不足", body),
        ("党政主要负责人履行推进法治建设第一责任人职责情况", ""),
        ("下一步工作计划", ""),
    )

    finding = _only(text, "shortcomings_without_causes")

    assert (finding.severity, finding.part) == (Severity.WARNING, Part.SHORTCOMINGS)


def test_shortcomings_without_causes_checks_embedded_sentence():
    closing = (
        "总之，我局工作取得一定成绩，但还存在一些不足，如宣传力度不够大。下步，我局将继续努力。"
    )
    text = report_text(
        ("主要举措和成效", ""), ("党政主要负责人履行第一责任人职责情况", ""), closing=closing
    )

    assert "shortcomings_without_causes" in _codes(text)


def test_shortcomings_without_causes_absent_when_causes_named():
    assert "shortcomings_without_causes" not in _codes(MODEL_REPORT)


def test_shortcomings_without_causes_absent_when_heading_promises_causes():
    body = "一是执法力量不足，二是宣传方式单一，三是基层所规范化建设进度偏慢。" * 3

    assert "shortcomings_without_causes" not in _codes(complete_report(shortcomings=body))


def test_title_missing_warns():
    text = MODEL_REPORT.replace(TITLE, "")

    assert _only(text, "title_missing").severity == Severity.WARNING
    assert check_text(text).title is None


def test_title_missing_year_warns():
    text = _model(TITLE, "青溪县市场监督管理局法治政府建设年度报告")

    assert _only(text, "title_missing_year").severity == Severity.WARNING


def test_title_missing_year_absent_when_year_in_chinese_numerals():
    result = check_text(_model(TITLE, "青溪县市场监督管理局二〇二三年度法治政府建设年度报告"))

    assert (result.year, "title_missing_year" in [f.code for f in result.findings]) == (2023, False)


def test_title_not_rule_of_law_government_warns():
    text = _model(TITLE, "青溪县市场监督管理局 2023 年法治建设年度报告")

    finding = _only(text, "title_not_rule_of_law_government")

    assert finding.severity == Severity.WARNING
    assert (
        check_text(text).text[slice(*finding.span)]
        == "青溪县市场监督管理局 2023 年法治建设年度报告"
    )


def test_title_not_rule_of_law_government_absent_for_proper_title():
    assert "title_not_rule_of_law_government" not in _codes(MODEL_REPORT)


def test_title_year_malformed_notes_missing_nian():
    text = _model(TITLE, "青溪县市场监督管理局2023度法治政府建设年度报告")

    assert _only(text, "title_year_malformed").severity == Severity.INFO
    assert check_text(text).year == 2023


def test_title_year_malformed_absent_for_2023_nian_du():
    assert "title_year_malformed" not in _codes(MODEL_REPORT)


def test_title_year_mismatch_warns_against_period_year():
    assert _only(MODEL_REPORT, "title_year_mismatch", period_year=2024).severity == Severity.WARNING


@pytest.mark.parametrize("period_year", [2023, None])
def test_title_year_mismatch_absent_when_year_agrees_or_unknown(period_year):
    assert "title_year_mismatch" not in _codes(MODEL_REPORT, period_year=period_year)


def test_agency_name_mismatch_warns_on_substituted_character():
    text = _model("青溪县市场监督管理局\n\n2024年2月6日", "青漢县市场监督管理局\n\n2024年2月6日")
    result = check_text(text)

    finding = _only(text, "agency_name_mismatch")

    assert finding.severity == Severity.WARNING
    assert result.text[slice(*finding.span)] == "青漢县市场监督管理局"
    assert result.signature.agency == "青漢县市场监督管理局"


def test_agency_name_mismatch_absent_when_names_agree():
    assert "agency_name_mismatch" not in _codes(MODEL_REPORT)


def test_agency_name_variant_notes_abbreviation():
    text = _model(TITLE, "青溪县市监局2023年度法治政府建设年度报告")
    result = check_text(text)

    finding = _only(text, "agency_name_variant")

    assert finding.severity == Severity.INFO
    assert result.agency == "青溪县市场监督管理局"


def test_agency_name_variant_absent_for_qualified_signature():
    text = _model(
        "青溪县市场监督管理局\n\n2024年2月6日", "江南省青溪县市场监督管理局\n\n2024年2月6日"
    )

    assert [c for c in _codes(text) if c.startswith("agency")] == []


def test_agency_not_in_title_notes_and_takes_body_name():
    text = _model(TITLE, "关于2023年度法治政府建设的工作报告").replace(
        "青溪县市场监督管理局文件\n", ""
    )
    text = text.replace("\n青溪县市场监督管理局\n\n2024年2月6日", "")
    result = check_text(text)

    assert _only(text, "agency_not_in_title").severity == Severity.INFO
    assert result.agency == "青溪县市场监督管理局"


def test_agency_not_in_title_absent_when_title_names_it():
    assert "agency_not_in_title" not in _codes(MODEL_REPORT)


def test_signature_missing_and_date_missing_are_information():
    text = _model("\n青溪县市场监督管理局\n\n2024年2月6日\n", "\n")
    result = check_text(text)

    assert [(f.code, f.severity) for f in result.findings] == [
        ("signature_missing", Severity.INFO),
        ("date_missing", Severity.INFO),
    ]
    assert result.signature == Signature()


def test_date_missing_alone_when_agency_signed():
    text = _model("\n\n2024年2月6日\n", "\n")
    result = check_text(text)

    assert _codes(text) == ["date_missing"]
    assert result.signature == Signature(agency="青溪县市场监督管理局", date=None)


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("2024年3月15日", datetime.date(2024, 3, 15)),
        ("二〇二四年三月十五日", datetime.date(2024, 3, 15)),
        ("2024-03-02", datetime.date(2024, 3, 2)),
    ],
)
def test_signed_after_deadline_warns(written, date):
    text = _model("2024年2月6日", written)

    assert check_text(text).signature.date == date
    assert _only(text, "signed_after_deadline").severity == Severity.WARNING


@pytest.mark.parametrize("written", ["2024年2月6日", "2024年3月1日", "2024年1月30日"])
def test_signed_after_deadline_absent_on_or_before_1_march(written):
    assert "signed_after_deadline" not in _codes(_model("2024年2月6日", written))


def test_signed_after_deadline_uses_period_year():
    assert "signed_after_deadline" in _codes(MODEL_REPORT, period_year=2022)


def test_plans_year_mismatch_warns_on_other_year():
    text = _model("四、2024年推进法治政府建设的主要安排", "四、2023年推进法治政府建设的主要安排")

    finding = _only(text, "plans_year_mismatch")

    assert (finding.severity, finding.part) == (Severity.WARNING, Part.PLANS)
    assert check_text(text).text[slice(*finding.span)] == "2023"


def test_plans_year_mismatch_absent_for_next_year():
    assert "plans_year_mismatch" not in _codes(MODEL_REPORT)


def test_numbering_irregular_warns_on_skip():
    text = _model("四、2024年推进", "五、2024年推进")

    finding = _only(text, "numbering_irregular")

    assert finding.severity == Severity.WARNING
    assert "四" in finding.message


def test_numbering_irregular_warns_on_repeat():
    text = _model("三、党政主要负责人", "二、党政主要负责人").replace("四、2024年", "三、2024年")

    assert _codes(text) == ["numbering_irregular"]


def test_numbering_irregular_absent_for_sequence():
    assert "numbering_irregular" not in _codes(MODEL_REPORT)


def test_part_too_short_warns():
    text = complete_report(plans="2024年，我局将继续努力。")

    finding = _only(text, "part_too_short")

    assert (finding.severity, finding.part) == (Severity.WARNING, Part.PLANS)


def test_part_too_short_absent_for_full_parts():
    assert "part_too_short" not in _codes(complete_report())


def test_conversion_artifacts_notes_bookmark():
    text = _model("全年召开局务会议", "[bookmark: _GoBack]全年召开局务会议")
    result = check_text(text)

    finding = _only(text, "conversion_artifacts")

    assert finding.severity == Severity.INFO
    assert "[bookmark: _GoBack]" in finding.message
    assert "[bookmark" not in result.text
    assert result.text[slice(*finding.span)].startswith("全年召开局务会议")


def test_conversion_artifacts_absent_in_clean_text():
    assert "conversion_artifacts" not in _codes(MODEL_REPORT)


def test_subsection_marker_halfwidth_notes_halfwidth_brackets():
    text = _model("（一）健全", "(一)健全").replace("（二）规范", "(二)规范")

    assert _codes(text) == ["subsection_marker_halfwidth"]


def test_subsection_markers_mixed_notes_both_widths():
    text = _model("（二）规范", "(二) 规范")
    result = check_text(text)

    finding = _only(text, "subsection_markers_mixed")

    assert (finding.severity, result.text[slice(*finding.span)]) == (Severity.INFO, "(二)")
    assert "subsection_marker_halfwidth" not in _codes(text)


def test_subsection_markers_absent_for_fullwidth():
    assert [c for c in _codes(MODEL_REPORT) if c.startswith("subsection")] == []


def test_metadata_reads_model_report():
    result = check_text(MODEL_REPORT)

    assert (result.title, result.agency, result.year, result.document_number, result.signature) == (
        TITLE,
        "青溪县市场监督管理局",
        2023,
        "青市监发〔2024〕3号",
        Signature(agency="青溪县市场监督管理局", date=datetime.date(2024, 2, 6)),
    )


def test_metadata_title_spans_agency_line_and_guanyu_line():
    text = _model(TITLE, "青溪县市场监督管理局\n关于2023年法治政府建设工作情况的报告").replace(
        "青溪县市场监督管理局文件\n", ""
    )

    result = check_text(text)

    assert (result.title, result.agency) == (
        "青溪县市场监督管理局关于2023年法治政府建设工作情况的报告",
        "青溪县市场监督管理局",
    )


def test_metadata_title_spans_line_ending_in_year():
    text = _model(TITLE, "青溪县市场监督管理局2023年度\n法治政府建设年度报告")

    assert check_text(text).title == TITLE


def test_metadata_red_header_is_not_the_title():
    result = check_text(MODEL_REPORT)

    assert "文件" not in result.title


@pytest.mark.parametrize(
    "number", ["青市监发[2024]3号", "青市监发【2024】3号", "青市监函〔2024〕12号"]
)
def test_metadata_reads_document_number_variants(number):
    assert check_text(_model("青市监发〔2024〕3号", number)).document_number == number


def test_metadata_addressee_line_is_not_a_section_or_title():
    result = check_text(MODEL_REPORT)

    assert result.sections[0].number == "一"
    assert result.text.index("中共青溪县委") < result.sections[0].start


def test_metadata_title_opening_with_the_year_names_the_agency_after_it():
    result = check_text(_model(TITLE, "2023年度青溪县市场监督管理局法治政府建设年度报告"))

    assert (result.agency, result.year) == ("青溪县市场监督管理局", 2023)


def test_metadata_title_takes_agency_line_above_when_it_names_none():
    text = _model(TITLE, "青溪县市场监督管理局\n2023年度法治政府建设年度报告")

    assert check_text(text).title == TITLE


def test_metadata_title_keeps_agency_line_above_apart_when_it_names_one():
    text = _model(TITLE, "青溪县市场监督管理局\n青溪县市场监管局2023年度法治政府建设年度报告")

    assert check_text(text).title == "青溪县市场监管局2023年度法治政府建设年度报告"


def test_metadata_title_joins_its_broken_last_words():
    text = _model(TITLE, "青溪县市场监督管理局2023年度法治政府建设\n工作情况的报告")

    assert check_text(text).title == "青溪县市场监督管理局2023年度法治政府建设工作情况的报告"


def test_metadata_byline_and_dateline_stand_in_for_a_missing_signature():
    text = _model(TITLE, "2023年度法治政府建设年度报告\n青溪县市场监督管理局\n（2024年1月25日）")
    text = text.replace("\n青溪县市场监督管理局\n\n2024年2月6日\n", "\n")

    assert check_text(text).signature == Signature(
        "青溪县市场监督管理局", datetime.date(2024, 1, 25)
    )


def test_metadata_end_signature_wins_over_the_byline():
    text = _model(TITLE, "2023年度法治政府建设年度报告\n青溪县市场监督管理局\n（2024年1月25日）")

    assert check_text(text).signature == Signature(
        "青溪县市场监督管理局", datetime.date(2024, 2, 6)
    )


@pytest.mark.parametrize("agency", ["青云街道办事处", "财政局", "白沙镇", "石门乡人民政府"])
def test_metadata_reads_short_agency_names_in_the_signature(agency):
    text = _model("青溪县市场监督管理局\n\n2024年2月6日", f"{agency}\n\n2024年2月6日")

    assert check_text(text).signature.agency == agency


@pytest.mark.parametrize(
    "trailer",
    [
        "（此件公开发布）",
        "抄送：县委依法治县办，县司法局。\n青溪县市场监督管理局办公室 2024年2月6日印发",
        "（联系人：张明，联系电话：0731-1234567）\n附件：2023年度法治政府建设任务清单",
    ],
)
def test_metadata_signature_read_above_a_note_or_distribution_lines(trailer):
    text = MODEL_REPORT.rstrip("\n") + "\n" + trailer

    assert check_text(text).signature == Signature(
        "青溪县市场监督管理局", datetime.date(2024, 2, 6)
    )


def test_metadata_signature_with_date_on_the_same_line_without_a_space():
    text = _model("青溪县市场监督管理局\n\n2024年2月6日", "青溪县市场监督管理局2024年2月6日")

    assert check_text(text).signature == Signature(
        "青溪县市场监督管理局", datetime.date(2024, 2, 6)
    )


def test_parsing_package_imports_no_django():
    import subprocess
    import sys

    code = "import reports.parsing, sys; sys.exit('django' in sys.modules)"
    completed = subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=Path(__file__).resolve().parents[2]
    )

    assert completed.returncode == 0


def test_signed_after_deadline_reads_the_agencys_own_deadline():
    text = report_text(
        ("主要举措和成效", "全年办理行政复议案件三件。" * 5),
        signature="青溪县市场监督管理局\n2024年3月20日",
    )

    department = [f.code for f in check_text(text, period_year=2023).findings]
    province = [
        f.code
        for f in check_text(text, period_year=2023, deadline=datetime.date(2024, 4, 1)).findings
    ]

    assert "signed_after_deadline" in department
    assert "signed_after_deadline" not in province
