from pathlib import Path

import pytest

from reports.parsing import Part, PartStatus, Severity, Verdict, check_text
from reports.parsing.substance import part_lengths
from tests.parsing.text_samples import MODEL_REPORT, complete_report

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
SUBSTANCE = {
    "leadership_thin",
    "shortcomings_vague",
    "plans_not_concrete",
    "plans_restate_measures",
    "part_boilerplate",
}

THIN_LEADERSHIP = (
    "局主要负责人高度重视法治政府建设，认真履行推进法治建设第一责任人职责，始终把法治建设摆在"
    "全局工作的突出位置，对法治工作经常过问、亲自推动。局领导班子其他成员按照分工抓好分管领域的"
    "法治建设，形成了上下联动、齐抓共管的良好局面。"
)
VAGUE_SHORTCOMINGS = (
    "虽然我局法治政府建设工作取得了一定成效，但与上级要求相比还存在一定差距。工作中还存在一些"
    "薄弱环节，与人民群众的期待还有差距，仍有进步空间。部分工作还有待进一步加强和改进，各项工作"
    "与新形势新任务的要求相比还有一定差距。"
)
EMPTY_PLANS = (
    "下一步，我局将继续深入学习贯彻习近平法治思想，进一步提高依法行政水平，推动法治政府建设再上"
    "新台阶。持续推进法治政府建设，切实加强法治宣传，不断提升依法行政能力和水平，为经济社会"
    "高质量发展提供坚强法治保障。"
)
MEASURES = (
    "组织执法人员分三批赴市局跟班学习案件办理流程，每人至少参与办理两起完整案件。"
    "在全县十二个市场监管所推行执法文书电子签章，文书制作时间平均缩短一半。"
    "对食品小作坊开展飞行检查，责令停业整改九家，移送公安机关涉嫌犯罪线索一条。"
)
STOCK_LEADERSHIP = (
    "局主要负责人切实担负起推进法治建设第一责任人职责，做到重要工作亲自部署、重大问题亲自过问、"
    "重点环节亲自协调、重要任务亲自督办；带头尊法学法守法用法，严格落实领导干部学法制度，运用"
    "法治思维和法治方式，不断提高依法行政水平。"
)

GOOD_SHORTCOMINGS = (
    "一是执法人员专业能力参差不齐，部分人员对新修订的食品安全法实施条例掌握不够；二是基层所执法"
    "装备不足，快速检测能力较弱。究其原因，主要是培训投入不够，经费保障有限。"
)
GOOD_LEADERSHIP = (
    "局主要负责人全年主持召开法治建设专题会议4次，带头讲授法治课2次，对重大执法案件亲自审定，"
    "并在年终述职中专门报告履行法治建设职责情况。"
)
GOOD_PLANS = (
    "2024年，我局将修订行政处罚裁量基准，上半年完成全部执法人员轮训，在四个基层所建成执法"
    "规范化示范点，并对食品小作坊实行分级监管。"
)


def _report(**parts):
    """A complete report with adequate parts, those given replaced."""
    bodies = {
        "measures": MEASURES,
        "shortcomings": GOOD_SHORTCOMINGS,
        "leadership": GOOD_LEADERSHIP,
        "plans": GOOD_PLANS,
    }
    return complete_report(**(bodies | parts))


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
