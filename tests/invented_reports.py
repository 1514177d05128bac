"""How the tests' invented reports are laid out: title, addressee, opening, the four parts with
their usual headings, signature and date. What each report says is up to its module."""

from __future__ import annotations

from collections.abc import Sequence

HEADINGS = {
    "measures": "{year}年推进法治政府建设的主要举措和成效",
    "shortcomings": "推进法治政府建设存在的不足和原因",
    "leadership": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "plans": "{next}年推进法治政府建设的主要安排",
}


def assemble(
    *,
    agency: str,
    year: int,
    addressee: str,
    opening: str,
    parts: dict[str, list[str]],
    subheadings: Sequence[str],
    day: int,
) -> str:
    """The report's text; `parts` gives each part's paragraphs in order, the measures' each
    under the next of `subheadings`; it is signed on `day` February of the following year."""
    lines = [
        f"{agency}{year}年度法治政府建设年度报告",
        addressee,
        opening + f"现将{year}年度法治政府建设情况报告如下：",
    ]
    for index, (part, paragraphs) in enumerate(parts.items()):
        heading = HEADINGS[part].format(year=year, next=year + 1)
        lines.append(f"{'一二三四'[index]}、{heading}")
        for number, paragraph in enumerate(paragraphs):
            if part == "measures":
                lines.append(subheadings[number])
            lines.append(paragraph)
    lines += ["", agency, f"{year + 1}年2月{day}日"]
    return "\n".join(lines)
