"""Blocks → one normalised text that every offset points into, plus a same-length matching copy.

The text keeps what the agency wrote; only noise goes: blank lines, indentation, conversion
artifacts, page numbers, and the line breaks a page break put inside a sentence::

    Block("……始终把学习宣传贯彻党的二十大精神作为首"), Block(""), Block("要政治任务，加强……")
    → "……作为首要政治任务，加强……"

`key` is the text with traditional characters mapped to simplified and full-width digits and
letters to ASCII, character for character, so a match in `key` is a span of `text`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ._text import PAGE_NUMBER, ends_sentence, strip_unstorable
from .markers import (
    CN_DIGITS,
    CN_STOP,
    DATE_RE,
    ENUMERATION_START,
    MARKER_START,
    match_marker,
)
from .types import Block

# The characters str.splitlines breaks a line at (and \r\n as one break).
_SPLITLINES_BREAKS = frozenset("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_FOLDABLE = re.compile(
    r"[\u200b-\u200d\u2060\ufeff\u00ad \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)
_HAN = "\u3400-\u9fff\uf900-\ufaff"
# Typists and PDF extraction put spaces inside words (法 治政府); between two Han characters
# a space never means anything.
_SPACE_IN_WORD = re.compile(f"(?<=[{_HAN}]) (?=[{_HAN}])")
ARTIFACT_RE = re.compile(
    r"\[(?:bookmark|image|img|picture|comment|footnote|endnote|anchor|toc)\s*[:：][^\]\n]{0,120}\]"
    r"|\{\s*(?:PAGE|NUMPAGES|TOC|HYPERLINK|MERGEFIELD|REF)\b[^}\n]{0,120}\}"
    r"|(?<![\w])_(?:GoBack|Toc\d+|Hlk\d+)\b",
    re.IGNORECASE,
)
CLAUSE_PUNCT = re.compile(r"[，、；。：,;:]")
HEADINGISH_END = re.compile(r"(?:情况|报告|安排|计划|打算|成效|原因|问题|措施|职责|不足|思路)$")

# Run-on text (a report pasted without line breaks): where a heading starts inside a line.
_INLINE_TOP = re.compile(
    rf"(?<=[。；！？：:;!?])(?= ?(?:第[{CN_DIGITS}]{{1,3}}部分|[{CN_DIGITS}]{{1,3}}{CN_STOP}))"
)
_INLINE_SUB = re.compile(
    r"(?<=[^\n])(?=[（(][一二三四五六七八九十]{1,3}[）)])"
    r"|(?<=[。；：:;])(?= ?\d{1,2}[.．、](?![\d.．]))"
)
# Front matter glued to the body: header (…文件), document number, title, addressee (…：).
_INLINE_FRONT = (
    re.compile(r"[^，。；：,;:]{2,30}?文件"),
    re.compile(r"[^，。；：,;:]{1,16}[〔\[【(（]\d{4}[〕\]】)）]第?\d{1,4}号"),
    re.compile(r"[^，。；：,;:]{4,60}?(?:报告|总结)"),
    re.compile(r"[^，。；：,;:]{2,40}?[：:]"),
)

_INLINE_SIGNATURE = re.compile(
    r"(?<=[。！？!?])([^。，；：！？]{2,40}?)?\s*"
    rf"({DATE_RE.pattern})\s*$"
)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line of the normalised text with the hints of the block it came from."""

    start: int
    end: int
    style_level: int | None = None
    bold: bool = False
    in_table: bool = False
    numbered: bool = False
    #: Cut out of run-on text: a heading on it may run straight into its body.
    inline: bool = False


@dataclass(frozen=True, slots=True)
class Artifact:
    text: str
    line: int  # index into NormalisedText.lines


@dataclass(frozen=True, slots=True)
class NormalisedText:
    text: str
    key: str  # same length as text: simplified characters, ASCII digits and letters
    lines: tuple[Line, ...]
    artifacts: tuple[Artifact, ...] = ()

    def line_text(self, index: int) -> str:
        line = self.lines[index]
        return self.text[line.start : line.end]

    def line_key(self, index: int) -> str:
        line = self.lines[index]
        return self.key[line.start : line.end]


@dataclass(slots=True)
class _Draft:
    text: str
    block: Block
    gap: int  # blank lines before it
    artifacts: list[str] = field(default_factory=list)
    inline: bool = False


def normalise(blocks: tuple[Block, ...] | list[Block], format: str = "txt") -> NormalisedText:
    """Clean `blocks` into one text; see the module docstring."""
    drafts = _clean_lines(blocks, format)
    drafts = _join_split_sentences(drafts)
    drafts = _split_run_on(drafts)
    return _assemble(drafts)


def matching_key(text: str) -> str:
    """`text` with traditional characters simplified and full-width ASCII folded, same length."""
    # Most reports need no mapping at all. str.translate through a dict of thousands of
    # characters costs a dictionary lookup per character, and so does a set test; a regex
    # character class is a bitmap test, but only within the BMP, so any text with a character
    # beyond it (an extension-plane name, an emoji) takes the slow road.
    if _mapped_in_bmp().search(text) is None and _BEYOND_BMP.search(text) is None:
        return text
    return text.translate(_key_table())


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@cache
def _mapped_in_bmp() -> re.Pattern[str]:
    mapped = sorted(chr(code) for code in _key_table() if code <= 0xFFFF)
    return re.compile(f"[{''.join(re.escape(char) for char in mapped)}]")


def _clean_lines(blocks: tuple[Block, ...] | list[Block], format: str) -> list[_Draft]:
    drafts: list[_Draft] = []
    gap = 0
    for block in blocks:
        for raw in _physical_lines(block.text):
            raw = strip_unstorable(raw)
            artifacts: list[str] = []
            if "[" in raw or "{" in raw or "_" in raw:
                artifacts = [m.group(0) for m in ARTIFACT_RE.finditer(raw)]
                if artifacts:
                    raw = ARTIFACT_RE.sub("", raw)
            line = _fold_spaces(raw)
            if not line or PAGE_NUMBER.fullmatch(line) or (format == "pdf" and line.isdigit()):
                gap += 1
                continue
            drafts.append(_Draft(line, block, gap, artifacts))
            gap = 0
    if format == "pdf":
        drafts = _drop_running_heads(drafts)
    return drafts


def _physical_lines(text: str) -> list[str]:
    """`text` cut at every line break; a break at the very end leaves an empty last line."""
    lines = text.splitlines()
    if not text or text[-1] in _SPLITLINES_BREAKS:
        lines.append("")
    return lines


def _fold_spaces(raw: str) -> str:
    # Most lines hold neither spaces nor invisible characters: one search instead of the subs.
    if _FOLDABLE.search(raw) is None:
        return raw.strip()
    line = _INVISIBLE.sub("", raw)
    line = _SPACES.sub(" ", line).strip()
    if " " in line:
        line = _SPACE_IN_WORD.sub("", line)
    return line


def _drop_running_heads(drafts: list[_Draft]) -> list[_Draft]:
    """PDF headers and footers repeat on every page: short lines seen three times or more."""
    counts: dict[str, int] = {}
    for draft in drafts:
        if len(draft.text) <= 30:
            counts[draft.text] = counts.get(draft.text, 0) + 1
    repeated = {text for text, n in counts.items() if n >= 3 and not MARKER_START.match(text)}
    return [d for d in drafts if d.text not in repeated] if repeated else drafts


def _join_split_sentences(drafts: list[_Draft]) -> list[_Draft]:
    if not drafts:
        return drafts
    merged = [drafts[0]]
    for draft in drafts[1:]:
        previous = merged[-1]
        if _continues(previous, draft):
            previous.text += draft.text
            previous.artifacts.extend(draft.artifacts)
        else:
            merged.append(draft)
    return merged


def _continues(previous: _Draft, following: _Draft) -> bool:
    """A paragraph cut mid-sentence: no sentence end here, prose on both sides, no heading."""
    if following.gap > 2 or _styled(previous.block) or _styled(following.block):
        return False
    before, after = previous.text, following.text
    if len(before) < 20 or ends_sentence(before) or _looks_like_heading(before):
        return False
    if before[0] in "（(" and before[-1] in "）)":
        return False  # a bracketed note (（联系人：……）) stands alone
    if "。" not in before:
        # A heading without a number may carry a comma too; it ends on a heading word.
        clauses = len(CLAUSE_PUNCT.findall(before))
        if HEADINGISH_END.search(before) or not (clauses >= 2 or (clauses and len(before) >= 45)):
            return False
    if MARKER_START.match(after) or ENUMERATION_START.match(after):
        return False
    return CLAUSE_PUNCT.search(after) is not None


def _styled(block: Block) -> bool:
    return block.in_table or block.bold or block.style_level is not None


def _looks_like_heading(line: str) -> bool:
    return match_marker(line) is not None and "。" not in line and len(line) <= 60


def _split_run_on(drafts: list[_Draft]) -> list[_Draft]:
    """Text pasted with no line breaks: cut it before the heading markers running inside it."""
    total = sum(len(d.text) for d in drafts)
    if not drafts or total < 400 * len(drafts):
        return drafts
    if sum(len(_INLINE_TOP.findall(d.text)) for d in drafts) < 2:
        return drafts
    result: list[_Draft] = []
    for index, draft in enumerate(drafts):
        if len(draft.text) < 200:
            result.append(draft)
            continue
        cuts = {m.start() for m in _INLINE_TOP.finditer(draft.text)}
        cuts.update(m.start() for m in _INLINE_SUB.finditer(draft.text))
        if index == 0:
            cuts.update(_front_cuts(draft.text))
        if index == len(drafts) - 1 and (signed := _INLINE_SIGNATURE.search(draft.text)):
            cuts.update(signed.start(group) for group in (1, 2) if signed.start(group) >= 0)
        cuts.discard(0)
        bounds = [0, *sorted(cuts), len(draft.text)]
        pieces = [
            _Draft(piece, draft.block, draft.gap, inline=True)
            for start, end in itertools.pairwise(bounds)
            if (piece := draft.text[start:end].strip())
        ]
        # Artifacts stay with the first piece: only their presence is reported.
        pieces[0].artifacts.extend(draft.artifacts)
        result.extend(pieces)
    return result


def _front_cuts(text: str) -> list[int]:
    """Where the front matter of a run-on text ends, piece by piece."""
    cuts: list[int] = []
    position = 0
    for pattern in _INLINE_FRONT:
        found = pattern.match(text, position)
        if found is not None and found.end() < len(text):
            cuts.append(found.end())
            position = found.end()
    return cuts


def _assemble(drafts: list[_Draft]) -> NormalisedText:
    parts: list[str] = []
    lines: list[Line] = []
    artifacts: list[Artifact] = []
    offset = 0
    for index, draft in enumerate(drafts):
        block = draft.block
        end = offset + len(draft.text)
        lines.append(
            Line(
                offset,
                end,
                block.style_level,
                block.bold,
                block.in_table,
                block.numbered,
                draft.inline,
            )
        )
        if draft.artifacts:
            artifacts.extend(Artifact(text, index) for text in draft.artifacts)
        parts.append(draft.text)
        offset = end + 1
    text = "\n".join(parts)
    key = matching_key(text)
    return NormalisedText(
        text=text,
        key=key,
        lines=tuple(lines),
        artifacts=tuple(artifacts),
    )


@cache
def _key_table() -> dict[int, str]:
    """Character map built once from OpenCC's data: regional variant → traditional → simplified."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    simplified = _single_chars(folder / "TSCharacters.txt")
    table = {ord(source): target for source, target in simplified.items() if source != target}
    # Taiwan and Hong Kong spellings (裡, 爲) reach simplified through the standard form; a
    # variant that is itself simplified usage (著 in 显著, 么) must stay as it is.
    plain = set(simplified.values())
    for name in ("TWVariantsRev.txt", "HKVariantsRev.txt"):
        for source, standard in _single_chars(folder / name).items():
            target = simplified.get(standard)
            if target and source not in simplified and source not in plain and target != source:
                table[ord(source)] = target
    # Full-width ASCII (２０２３, ＡＢ) reads as ASCII; full-width punctuation stays, the
    # markers tell （一） from (一) by it.
    for code in range(ord("０"), ord("９") + 1):
        table[code] = chr(code - 0xFEE0)
    for code in [*range(ord("Ａ"), ord("Ｚ") + 1), *range(ord("ａ"), ord("ｚ") + 1)]:
        table[code] = chr(code - 0xFEE0)
    return table


def _single_chars(path: Path) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = row.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1:
            mapping[source] = target
    return mapping
