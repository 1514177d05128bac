from pathlib import Path

import pytest

from reports.parsing import Part, PartStatus, Severity, Verdict, check_text
from reports.parsing.substance import part_lengths
from tests.parsing.text_samples import (
    EMPTY_PLANS,
    MEASURES,
    MODEL_REPORT,
    STOCK_LEADERSHIP,
    THIN_LEADERSHIP,
    VAGUE_SHORTCOMINGS,
)
from tests.parsing.text_samples import substantial_report as _report

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
SUBSTANCE = {
    "leadership_thin",
    "shortcomings_vague",
    "plans_not_concrete",
    "plans_restate_measures",
    "part_boilerplate",
}


def _substance(text):
    return [f for f in check_text(text).findings if f.code in SUBSTANCE]


def _only(text, code):
    (finding,) = [f for f in check_text(text).findings if f.code == code]
    return finding


def test_leadership_thin_when_two_sentences_count_nothing():
    finding = _only(_report(leadership=THIN_LEADERSHIP), "leadership_thin")

    assert (finding.severity, finding.part) == (Severity.WARNING, Part.LEADERSHIP)
    assert "只有2句话" in finding.message
    assert THIN_LEADERSHIP[:30] in finding.message


def test_leadership_with_counted_acts_is_not_thin():
    counted = THIN_LEADERSHIP.replace("亲自推动。", "亲自推动，全年主持召开专题会议3次。")

    assert _substance(_report(leadership=counted)) == []


def test_leadership_of_three_sentences_is_not_thin():
    longer = (
        THIN_LEADERSHIP + "局长在年终述职中专门报告了履行法治建设职责的情况，接受干部职工评议。"
    )

    assert _substance(_report(leadership=longer)) == []


def test_leadership_too_short_to_read_is_left_to_part_too_short():
    codes = [f.code for f in check_text(_report(leadership="局长高度重视法治建设。")).findings]

    assert "part_too_short" in codes
    assert "leadership_thin" not in codes


def test_shortcomings_vague_when_they_only_admit_falling_short():
    finding = _only(_report(shortcomings=VAGUE_SHORTCOMINGS), "shortcomings_vague")

    assert (finding.severity, finding.part) == (Severity.WARNING, Part.SHORTCOMINGS)
    assert VAGUE_SHORTCOMINGS[:30] in finding.message


def test_shortcomings_naming_one_problem_are_not_vague():
    named = VAGUE_SHORTCOMINGS.replace("仍有进步空间。", "执法车辆老化，偏远乡镇的巡查难以保证。")

    assert "shortcomings_vague" not in [f.code for f in _substance(_report(shortcomings=named))]


def test_plans_not_concrete_when_made_of_words_of_intent():
    finding = _only(_report(plans=EMPTY_PLANS), "plans_not_concrete")

    assert (finding.severity, finding.part) == (Severity.WARNING, Part.PLANS)
    assert EMPTY_PLANS[:30] in finding.message


def test_plans_naming_a_task_are_concrete():
    task = EMPTY_PLANS.replace("切实加强法治宣传，", "年内为执法大队更新两台执法车辆，")

    assert "plans_not_concrete" not in [f.code for f in _substance(_report(plans=task))]


def test_plans_restate_measures_when_they_repeat_this_years_sentences():
    restated = "2024年，我局将" + MEASURES

    finding = _only(_report(plans=restated), "plans_restate_measures")

    assert finding.part == Part.PLANS
    assert "组织执法人员分三批赴市局跟班学习" in finding.message


def test_plans_continuing_a_measure_in_new_words_do_not_restate():
    plans = (
        "2024年，我局将把跟班学习扩大到全体新进执法人员，上半年完成食品小作坊登记管理办法的修订，"
        "并在各市场监管所设立执法文书质量月度通报。"
    )

    assert _substance(_report(plans=plans)) == []


def test_part_boilerplate_when_stock_phrases_fill_a_part():
    findings = _substance(_report(leadership=STOCK_LEADERSHIP))

    (boilerplate,) = [f for f in findings if f.code == "part_boilerplate"]
    assert (boilerplate.severity, boilerplate.part) == (Severity.WARNING, Part.LEADERSHIP)
    assert "带头尊法学法守法用法" in boilerplate.message


def test_substance_warnings_change_no_status_and_no_verdict():
    weak = _report(leadership=THIN_LEADERSHIP, shortcomings=VAGUE_SHORTCOMINGS, plans=EMPTY_PLANS)

    result = check_text(weak)

    assert {f.code for f in result.findings} >= {
        "leadership_thin",
        "shortcomings_vague",
        "plans_not_concrete",
    }
    assert {r.status for r in result.parts.values()} == {PartStatus.PRESENT}
    assert result.verdict == Verdict.COMPLETE


def test_substance_is_silent_on_adequate_parts():
    assert _substance(_report()) == []
    assert _substance(MODEL_REPORT) == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed corpus is not checked out at {SEEDS}")
# 001 folds its shortcomings and plans into one closing paragraph, the thin kind these rules
# are about: whether they speak there is left open.
@pytest.mark.parametrize("stem", ["000", "002", "003", "004"])
def test_substance_is_silent_on_the_corpus_parts_a_reader_finds_adequate(stem):
    (path,) = SEEDS.glob(f"{stem}_*.txt")

    assert _substance(path.read_text(encoding="utf-8")) == []


def test_part_lengths_count_each_parts_text_without_headings():
    text = _report(plans=EMPTY_PLANS)

    lengths = part_lengths(check_text(text))

    assert lengths[Part.MEASURES] == len(MEASURES)
    assert lengths[Part.PLANS] == len(EMPTY_PLANS)
    assert set(lengths) == {Part.MEASURES, Part.SHORTCOMINGS, Part.LEADERSHIP, Part.PLANS}
