"""The checker's result rebuilt from what the database keeps: the reading, the text, the extras."""

from __future__ import annotations

import pytest

from reports.parsing import check_text
from reports.stored import check_result, reading_extras
from tests.reuse_reports import JUSTICE_2022, WATER_TEMPLATE_2023
from tests.samples import COMPLETE, INCOMPLETE, PARTIAL, demo_text

TEXTS = {
    "complete": demo_text(COMPLETE),
    # Its shortcomings, leadership and plans are embedded: their spans are in the extras only.
    "partial": demo_text(PARTIAL),
    "incomplete": demo_text(INCOMPLETE),
    "invented": JUSTICE_2022.text,
    "template": WATER_TEMPLATE_2023.text,
}


@pytest.mark.parametrize("name", TEXTS)
def test_check_result_rebuilds_the_reading_exactly(name):
    result = check_text(TEXTS[name], period_year=2023)

    rebuilt = check_result(result.to_dict(), text=result.text, extras=reading_extras(result))

    assert rebuilt == result


def test_check_result_without_extras_reads_the_body_from_the_first_heading():
    result = check_text(TEXTS["partial"], period_year=2023)

    rebuilt = check_result(result.to_dict(), text=result.text)

    assert rebuilt.body is None
    assert {part: reading.span for part, reading in rebuilt.parts.items()} == dict.fromkeys(
        result.parts
    )
    assert rebuilt.sections == result.sections
