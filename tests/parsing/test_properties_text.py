"""Whatever text arrives, checking it never fails and every offset stays inside the text."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.parsing import REQUIRED_PARTS, PartStatus, Verdict, check_text
from reports.parsing.normalise import normalise
from reports.parsing.types import Block
from tests.parsing.text_samples import MODEL_REPORT

_SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
SAMPLES = [MODEL_REPORT] + (
    [path.read_text(encoding="utf-8") for path in sorted(_SEEDS.glob("*.txt"))]
    if _SEEDS.is_dir()
    else []
)
MARKERS = [
    "一、",
    "二、",
    "四、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "（1）",
    "①",
    "第一部分",
    "一是",
    "\n",
    "。",
    "[bookmark: _GoBack]",
]
REPORT_CHARS = st.sampled_from(
    list(
        "一二三四五六七八九十（）()、.．。，；：年月日度报告法治政府建设存在不足原因下一步计划第责任人主要负责"
    )
    + list("0123456789 　\n\t\u00a0")
    + [
        "2023",
        "2024年3月5日",
        "〔2024〕1号",
        "局",
        "县",
        "文件",
        "關於",
        "報告",
        "總之",
        "下步，我局將",
    ]
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_consistent(result):
    length = len(result.text)

    def walk(sections, low, high):
        previous_end = low
        for section in sections:
            assert low <= previous_end <= section.start <= section.end <= high
            walk(section.children, section.start, section.end)
            previous_end = section.end

    walk(result.sections, 0, length)
    for finding in result.findings:
        if finding.span is not None:
            assert 0 <= finding.span[0] <= finding.span[1] <= length
    for part in result.parts.values():
        if part.span is not None:
            assert 0 <= part.span[0] <= part.span[1] <= length
    statuses = [result.parts[part].status for part in REQUIRED_PARTS]
    if PartStatus.MISSING in statuses:
        expected = Verdict.INCOMPLETE
    elif PartStatus.EMBEDDED in statuses:
        expected = Verdict.PARTIAL
    else:
        expected = Verdict.COMPLETE
    assert result.verdict == expected
    assert result.to_dict()["verdict"] == expected.value


@FAST
@given(st.text())
def test_check_text_survives_any_unicode(text):
    _assert_consistent(check_text(text))


@FAST
@given(st.lists(REPORT_CHARS, max_size=400).map("".join))
def test_check_text_survives_report_like_noise(text):
    _assert_consistent(check_text(text))


@st.composite
def mutated_reports(draw):
    lines = draw(st.sampled_from(SAMPLES)).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "marker", "cut"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "marker":
            at = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:at] + draw(st.sampled_from(MARKERS)) + lines[index][at:]
        else:
            at = draw(st.integers(0, len(lines[index])))
            lines[index : index + 1] = [lines[index][:at], "", lines[index][at:]]
    separator = draw(st.sampled_from(["\n", "\n", "\n", "", "\r\n"]))
    return separator.join(lines)


@FAST
@given(mutated_reports(), st.one_of(st.none(), st.integers(2000, 2100)))
def test_check_text_survives_mutated_reports(text, period_year):
    _assert_consistent(check_text(text, period_year=period_year))


@FAST
@given(st.lists(st.text(max_size=60), max_size=30), st.booleans())
def test_normalise_lines_point_into_text_and_key_keeps_length(texts, bold):
    result = normalise(tuple(Block(text, bold=bold) for text in texts))

    assert len(result.key) == len(result.text)
    assert all(0 <= line.start <= line.end <= len(result.text) for line in result.lines)
    expected_lines = result.text.split("\n") if result.text else []
    assert [result.text[line.start : line.end] for line in result.lines] == expected_lines
