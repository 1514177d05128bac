"""Word number formats beyond the first few values."""

import pytest

from reports.parsing._numbering import format_number


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"),
        (99, "chineseCounting", "九十九"),
        (101, "chineseCountingThousand", "一百零一"),
        (110, "chineseCountingThousand", "一百一十"),
        (1001, "chineseCountingThousand", "一千零一"),
        (10, "chineseLegalSimplified", "壹拾"),
        (105, "chineseLegalSimplified", "壹佰零伍"),
        (10, "ideographDigital", "一〇"),
        (11, "ideographTraditional", "甲"),
        (21, "decimalEnclosedCircle", "㉑"),
        (51, "decimalEnclosedCircle", "51"),
        (27, "lowerLetter", "aa"),
        (1999, "upperRoman", "MCMXCIX"),
        (7, "decimalZero", "07"),
        (0, "chineseCounting", "〇"),
        (5, "none", ""),
        (5, "someFutureFormat", "5"),
    ],
)
def test_format_number(value, fmt, expected):
    assert format_number(value, fmt) == expected


@pytest.mark.parametrize(
    ("custom", "expected"),
    [
        ("01, 02, 03, ...", "03"),
        ("001, 002, 003, ...", "003"),
        ("一, 二, 三, ...", "三"),
        ("壹, 贰, 叁, ...", "叁"),
        ("①, ②, ③, ...", "③"),
        ("甲, 乙, 丙, ...", "丙"),
        ("", "3"),
    ],
)
def test_format_number_wps_custom(custom, expected):
    assert format_number(3, "custom", custom) == expected
