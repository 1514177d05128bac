"""What stands around the body: title, header, document number, addressee, signature and date.

古丈县科技和工业信息化局文件            ← header: names the agency
古科工信发〔2024〕1号                  ← document number
古丈县科技和工业信息化局 2023年度法治政府建设年度报告   ← title (may span two lines)
中共古丈县委、古丈县人民政府：          ← addressee
……body……
古丈县科技和工业信息化局                ← signature
2024年1月30日                          ← date
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .markers import CN_YEAR, DATE_RE, cn_year, match_marker, parse_date
from .normalise import NormalisedText

_AGENCY_END = (
    r"(?:局|委员会|管委会|委|办公室|办|厅|中心|政府|法院|检察院|研究院|公司|集团|街道|"
    r"街道办事处|开发区|园区|管理处|管理所|示范区|新区|支队|大队|镇|乡)"
)
# Two characters before the ending: 青云 in 青云街道办事处, 财政 in 财政局.
_AGENCY_LINE = re.compile(rf"[^，。；：,;:！？\d]{{2,38}}{_AGENCY_END}")
_DOCUMENT_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,16}\s*[〔\[【(（［]\s*(?:19|20)\d\d\s*[〕\]】)）］]\s*第?\s*\d{1,4}\s*号"
)
_HEADER = re.compile(r"(.{2,30}?)\s*文件")
_ADDRESSEE = re.compile(r"[^，。；]{2,60}[：:]")
_TITLE_WORDS = re.compile(r"报告|总结|工作要点|情况汇报")
_TITLE_END = re.compile(r"(?:报告|总结|汇报|工作要点)$")
_TITLE_TOPIC = re.compile(r"法治|依法行政")
_PUNCT = re.compile(r"[，。；,;！？]")
_YEAR = re.compile(rf"(?:19|20)\d\d|{CN_YEAR}(?=\s*年)")
_TITLE_YEAR = re.compile(rf"((?:19|20)\d\d)\s*(年?)\s*(度?)|({CN_YEAR})\s*年")
_TITLE_AGENCY = re.compile(rf"(.*?)\s*(?:关于|(?:19|20)\d\d|{CN_YEAR}年|法治|依法行政|年度)")
# What may stand before the agency in a title: 关于 and the year (2023年度临川县交通运输局……).
_TITLE_LEAD = re.compile(rf"\s*(?:关于)?\s*(?:(?:(?:19|20)\d\d|{CN_YEAR})\s*年?\s*度?)?\s*")
_SELF_NAMING = re.compile(
    rf"(?<![\u4e00-\u9fff])(?!按照|根据|在|为|经|由|对|向|据|全县|全市|全区)"
    rf"([\u4e00-\u9fff]{{2,18}}?{_AGENCY_END})"
    r"(?=在|坚持|认真|紧紧|始终|深入|全面|按照|聚焦|围绕|积极|高度|切实|不断)"
)
_PARTY_COMMITTEE = re.compile(r"[省市县区州旗]委$|党委$|党组$")
_DATE_LINE = re.compile(rf"(?:日期[:：]\s*)?[（(]?{DATE_RE.pattern}[）)]?")
_BYLINE_DATE = re.compile(rf"[（(]?{DATE_RE.pattern}[）)]?")
_SIGNED_LINE = re.compile(rf"(.{{3,40}}?{_AGENCY_END})\s*({DATE_RE.pattern})")
_TRAILER = re.compile(
    r"[（(][^（()）]{1,40}[）)]|(?:抄送|抄报|主送|分送|联系人|联系电话|附件\d*)\s*[:：].{0,120}"
    r"|.{2,60}印发"
)
_MAX_TRAILER_LINES = 3


@dataclass(frozen=True, slots=True)
class FrontMatter:
    title: str | None = None
    title_key: str | None = None  # the title's matching copy, same length
    title_span: tuple[int, int] | None = None
    header_agency: str | None = None  # a red header or agency line, else the byline
    document_number: str | None = None
    byline_agency: str | None = None  # an agency line under the title
    byline_span: tuple[int, int] | None = None
    date: datetime.date | None = None  # a dated line under the title: （2024年1月25日）
    date_span: tuple[int, int] | None = None
    body_line: int = 0  # index of the first line after the front matter


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    agency: str | None = None
    agency_span: tuple[int, int] | None = None
    date: datetime.date | None = None
    date_span: tuple[int, int] | None = None
    first_line: int | None = None  # index of its first line at the end; None when there is none


def read_front_matter(norm: NormalisedText) -> FrontMatter:
    """Title, header, document number and addressee: the short lines before the body."""
    roles: list[str] = []
    title_first: int | None = None
    title_last: int | None = None
    document_number: str | None = None
    date: tuple[datetime.date | None, tuple[int, int]] | None = None
    body_line = 0
    for index in range(min(len(norm.lines), 10)):
        key = norm.line_key(index)
        compact = key.replace(" ", "")
        if match_marker(key) is not None:
            break
        if len(compact) <= 40 and (found := _DOCUMENT_NUMBER.search(key)) is not None:
            line = norm.lines[index]
            document_number = norm.text[line.start + found.start() : line.start + found.end()]
            roles.append("number")
        elif title_first is None and compact.endswith("文件") and len(compact) <= 32:
            roles.append("header")
        elif title_first is None and _is_title(compact):
            title_first = title_last = index
            roles.append("title")
        elif title_last == index - 1 and _completes_title(norm, index - 1, compact):
            title_last = index
            roles.append("title")
        elif _ADDRESSEE.fullmatch(compact) and "如下" not in compact and len(compact) <= 60:
            roles.append("addressee")
        elif title_first is None and len(compact) <= 40 and not _PUNCT.search(compact):
            roles.append("agency" if _AGENCY_LINE.fullmatch(compact) else "fragment")
        elif title_first is not None and len(compact) <= 40 and _AGENCY_LINE.fullmatch(compact):
            # 公文 often put the agency on its own line under the title (a byline).
            roles.append("agency")
        elif title_first is not None and _BYLINE_DATE.fullmatch(key):
            found = DATE_RE.search(key)
            start = norm.lines[index].start
            if found is not None and date is None:
                date = parse_date(found), (start + found.start(), start + found.end())
            roles.append("dateline")
        else:
            break
        body_line = index + 1
    if title_first is None:
        # Lines kept aside for a title that never came are the body's first lines after all.
        while body_line > 0 and roles[body_line - 1] == "fragment":
            body_line -= 1
    else:
        title_first = _title_start(norm, roles, title_first, title_last or title_first)
    title = title_key = title_span = None
    if title_first is not None and title_last is not None:
        lines = range(title_first, title_last + 1)
        title = "".join(norm.line_text(i) for i in lines)
        title_key = "".join(norm.line_key(i) for i in lines)
        title_span = (norm.lines[title_first].start, norm.lines[title_last].end)
    header_agency = _agency_line(norm, roles, range(title_first or len(roles)))
    byline = _agency_line(norm, roles, range((title_last or len(roles)) + 1, len(roles)))
    return FrontMatter(
        title=title,
        title_key=title_key,
        title_span=title_span,
        header_agency=(header_agency or byline or (None, None))[0],
        document_number=document_number,
        byline_agency=byline[0] if byline else None,
        byline_span=byline[1] if byline else None,
        date=date[0] if date else None,
        date_span=date[1] if date else None,
        body_line=body_line,
    )


def _is_title(compact: str) -> bool:
    if len(compact) > 70 or _PUNCT.search(compact) or compact.endswith(("：", ":")):
        return False
    if _TITLE_WORDS.search(compact):
        return True
    return _TITLE_TOPIC.search(compact) is not None and _YEAR.search(compact) is not None


def _completes_title(norm: NormalisedText, title_line: int, compact: str) -> bool:
    """关于2023年度法治政府建设 / 工作情况的报告: a title broken before its last words."""
    return (
        _TITLE_WORDS.search(norm.line_key(title_line)) is None
        and len(compact) <= 30
        and not _PUNCT.search(compact)
        and _TITLE_END.search(compact) is not None
    )


def _title_start(norm: NormalisedText, roles: list[str], first: int, last: int) -> int:
    """The title's first line, one higher when the line above is the first half of the title.

    A fragment above (洞口经济开发区2023度 / 法治政府建设情况报告) always is; an agency line above
    is when the title does not name the agency itself (中站区科工信局 / 关于2023年……的报告).
    """
    if first == 0 or roles[first - 1] not in ("agency", "fragment"):
        return first
    if roles[first - 1] == "fragment":
        return first - 1
    text = "".join(norm.line_text(i) for i in range(first, last + 1))
    key = "".join(norm.line_key(i) for i in range(first, last + 1))
    return first - 1 if title_agency(text, key) is None else first


def _agency_line(
    norm: NormalisedText, roles: list[str], indexes: range
) -> tuple[str, tuple[int, int]] | None:
    """The agency a header (××局文件) or an agency line among `indexes` names, with its span."""
    for index in indexes:
        line = norm.lines[index]
        if roles[index] == "header":
            found = _HEADER.match(norm.line_key(index))
            if found is not None:
                return norm.text[line.start : line.start + found.end(1)], (
                    line.start,
                    line.start + found.end(1),
                )
        if roles[index] == "agency":
            return norm.line_text(index), (line.start, line.end)
    return None


def title_year(title: str | None) -> tuple[int | None, bool]:
    """The year a title names and whether it is written amiss ("2023度" for 2023年度)."""
    if not title:
        return None, False
    found = _TITLE_YEAR.search(title)
    if found is None:
        return None, False
    if found.group(4) is not None:
        return cn_year(found.group(4)), False
    malformed = not found.group(2) and bool(found.group(3))
    return int(found.group(1)), malformed


def title_agency(title: str | None, title_key: str | None = None) -> str | None:
    """The agency a title opens with: the words before 关于, the year or 法治, as written."""
    if not title:
        return None
    key = title_key or title
    # "关于××局2023年度……", "2023年度××局……": the agency follows 关于 and the year.
    skip = _TITLE_LEAD.match(key).end()
    found = _TITLE_AGENCY.match(key, skip)
    name = title[skip : found.end(1)].strip() if found else ""
    return name if len(name) >= 2 else None


def is_subsequence(short: str, long: str) -> bool:
    """Whether `short` is `long` with characters left out: 科工信局 in 科技和工业信息化局."""
    chars = iter(long)
    return all(ch in chars for ch in short)


def body_agency(norm: NormalisedText, first_line: int, last_line: int) -> str | None:
    """The first place the body names its own agency: "西峡县科技局在县委……"."""
    for index in range(first_line, min(last_line, first_line + 4)):
        line = norm.lines[index]
        for found in _SELF_NAMING.finditer(norm.key, line.start, line.end):
            # 县委 / 市委 are the Party committees the report goes to, not its author.
            if not _PARTY_COMMITTEE.search(found.group(1)):
                return norm.text[found.start(1) : found.end(1)]
    return None


def read_signature(norm: NormalisedText, front: FrontMatter) -> SignatureBlock:
    """The agency and date signed at the end; failing both, a byline and date under the title."""
    signed = _end_signature(norm, front.body_line)
    if signed.agency is None and signed.date is None:
        return SignatureBlock(front.byline_agency, front.byline_span, front.date, front.date_span)
    return signed


def _end_signature(norm: NormalisedText, first_body_line: int) -> SignatureBlock:
    index = len(norm.lines) - 1
    # A note (（此件公开发布）), an attachment line or the 版记 (抄送：…, ……印发) may follow.
    for _ in range(_MAX_TRAILER_LINES):
        if index <= first_body_line:
            break
        key = norm.line_key(index)
        if _DATE_LINE.fullmatch(key) or not _TRAILER.fullmatch(key):
            break
        index -= 1
    if index < max(first_body_line, 1):
        return SignatureBlock()
    # Lines come stripped from normalise(): offsets into the key are offsets into the line.
    offset = norm.lines[index].start
    key = norm.line_key(index)
    date: datetime.date | None = None
    date_span: tuple[int, int] | None = None
    first_line: int | None = None
    dated = _DATE_LINE.fullmatch(key)
    combined = None if dated else _SIGNED_LINE.fullmatch(key)
    if dated is not None or combined is not None:
        found = DATE_RE.search(key, combined.start(2) if combined else 0)
        if found is not None:
            date = parse_date(found)
            date_span = (offset + found.start(), offset + found.end())
        if combined is not None:
            agency_span = (offset + combined.start(1), offset + combined.end(1))
            return SignatureBlock(
                norm.text[agency_span[0] : agency_span[1]], agency_span, date, date_span, index
            )
        first_line = index
        index -= 1
    if index >= max(first_body_line, 1):
        compact = norm.line_key(index).replace(" ", "")
        if len(compact) <= 40 and match_marker(compact) is None and _AGENCY_LINE.fullmatch(compact):
            line = norm.lines[index]
            return SignatureBlock(
                norm.line_text(index), (line.start, line.end), date, date_span, index
            )
    return SignatureBlock(None, None, date, date_span, first_line)


# --- whose report it is --------------------------------------------------------------------------

# A place unit as a name begins with it: 天津市, 静海区, 青山镇, 洞口经济开发区. What stands before
# the level is two to eight characters without the words organs are named with.
_PLACE = re.compile(
    r"(?:(?!局|委员会|办公室|厅|中心|管理|[和与及、\s])[\u4e00-\u9fff]){1,8}?"
    r"(?:省|自治区|自治州|地区|市|州(?![市县区])|盟|自治县|县|区|旗|镇|乡|街道)"
)
# Words that read like a place unit but open an organ's name: 城乡建设局, 市场监督管理局.
_NOT_PLACE = re.compile(r"城乡|市场|市政|市容|区域|县域")
#: What an agency named by its place alone is: 静海区 for 天津市静海区人民政府.
_GOVERNMENT = re.compile(r"(?:人民政府|政府|管理委员会|管委会|委员会|办事处|街道办事处|工委)")
# 县科工信局: "the county's" bureau, the place left to the header.
_BARE_LEVEL = re.compile(r"^[省市县区镇乡]")


def split_place(name: str) -> tuple[list[str], str]:
    """天津市静海区人民政府 → (["天津市", "静海区"], "人民政府"); 县科工信局 → ([], "科工信局")."""
    places: list[str] = []
    position = 0
    while (found := _PLACE.match(name, position)) is not None and found.end() < len(name) + 1:
        piece = found.group(0)
        if _NOT_PLACE.match(piece):
            break
        places.append(piece)
        position = found.end()
    rest = name[position:]
    if not places and _BARE_LEVEL.match(rest) and len(rest) > 2:
        rest = rest[1:]
    return places, rest


def same_agency(named: str, known: str) -> bool:
    """Whether `named` (as a report writes it) is the agency `known`, written shorter or longer.

    The most specific place must be the same place (静海区 for 天津市静海区 is, 天津市 is not:
    a place within another is another place; 泸县 is not 泸州市); the organ may be shortened as
    Chinese abbreviations do, keeping its kind (科技局 for 科学技术局, not 县政府 for 县政府办公室);
    a place alone stands for its government or committee.
    """
    a, b = _compact(named), _compact(known)
    if a == b:
        return True
    places_a, organ_a = split_place(a)
    places_b, organ_b = split_place(b)
    if places_a and places_b:
        last_a, last_b = places_a[-1], places_b[-1]
        # 湖南洞口经济开发区 is 洞口经济开发区 with its province in front.
        if not (last_a.endswith(last_b) or last_b.endswith(last_a)):
            return False
    if not organ_a or not organ_b:
        rest = organ_a or organ_b
        return not rest or _GOVERNMENT.fullmatch(rest) is not None
    if organ_a == organ_b:
        return True
    short, long = sorted((organ_a, organ_b), key=len)
    return short[-1] == long[-1] and is_subsequence(short, long)


def one_typo(a: str, b: str) -> bool:
    """Two names of one length that differ in one character (古文县 for 古丈县)."""
    a, b = _compact(a), _compact(b)
    return len(a) == len(b) >= 4 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _compact(name: str) -> str:
    from .normalise import matching_key

    return matching_key("".join(name.split()))


def names_an_agency(name: str) -> bool:
    """A name that plainly is an agency's: it ends as agencies' names do, or is a place alone."""
    compact = _compact(name)
    if _AGENCY_NAME_END.search(compact):
        return True
    places, organ = split_place(compact)
    return bool(places) and not organ


_AGENCY_NAME_END = re.compile(rf"{_AGENCY_END}$")


# --- the year the text names ---------------------------------------------------------------------

# 2023年，… / 2023年以来，… / 在2023年里 — the year the opening sentence starts with.
_OPENING_YEAR = re.compile(r"(?:在|自)?\s*((?:19|20)\d\d)\s*年(?![\d\-—–~至到])")
# …现将区科工信局2023年度法治政府建设工作情况报告如下：
_REPORTED_YEAR = re.compile(
    r"现将[^。]{0,20}?((?:19|20)\d\d)\s*年度?[^。]{0,40}?(?:报告|汇报|总结|报送)如下"
)


def opening_year(norm: NormalisedText, first_line: int, end_line: int) -> int | None:
    """The year the body's opening paragraph names: 2023年，… or 现将2023年度……报告如下."""
    if first_line >= end_line:
        return None
    key = norm.line_key(first_line)
    if match_marker(key) is not None:
        return None
    found = _OPENING_YEAR.match(key) or _REPORTED_YEAR.search(key)
    return int(found.group(1)) if found else None
