"""Phrases nearly every report uses, which are no sign of copying.

Two sources say what is common:

- STOCK_PHRASES, a short list of the formulas of these reports (以习近平新时代中国特色社会主义思想为指导,
  谁执法谁普法 …), always common; with two files to compare it is all there is to go on;
- PhraseStats, the document frequency of every shingle across the stored reports, learned as
  they come in: a shingle used by more than `share` of them is common once enough are stored.

    stats = PhraseStats.build(fingerprints)   # or stats.add(fp) at each upload
    stats.is_common(shingle)                  # used by more than 10 % of stored reports?
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from ..wording import trie_pattern
from .shingles import clean, matching_text, shingles

if TYPE_CHECKING:
    from .fingerprint import Fingerprint

#: A shingle used by more than this share of the stored reports is a common phrase. Stock
#: phrases stand in well over half of all reports; a template passed round one county's
#: agencies stays far below a tenth of a store that holds several counties and years.
COMMON_SHARE = 0.10
#: Below this many stored reports a share says little: only STOCK_PHRASES count as common.
MIN_DOCUMENTS = 50

STOCK_PHRASES: tuple[str, ...] = (
    "以习近平新时代中国特色社会主义思想为指导",
    "坚持以习近平法治思想为指导",
    "深入学习贯彻习近平法治思想",
    "深入学习宣传贯彻习近平法治思想",
    "深入学习贯彻党的二十大精神",
    "全面贯彻落实党的二十大精神",
    "深入学习贯彻习近平总书记关于全面依法治国的重要论述",
    "认真落实党中央全面依法治国决策部署",
    "认真贯彻落实中央、省、市、县关于法治政府建设的决策部署",
    "在县委、县政府的正确领导下",
    "在县委、县政府的坚强领导下",
    "在市委、市政府的正确领导下",
    "在区委、区政府的正确领导下",
    "在县委全面依法治县委员会的指导下",
    "法治政府建设实施纲要（2021—2025年）",
    "法治中国建设规划（2020—2025年）",
    "法治社会建设实施纲要（2020—2025年）",
    "党政主要负责人履行推进法治建设第一责任人职责",
    "认真履行推进法治建设第一责任人职责",
    "切实履行法治政府建设第一责任人职责",
    "重大行政决策程序暂行条例",
    "公众参与、专家论证、风险评估、合法性审查和集体讨论决定",
    "行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度",
    "全面推行行政执法三项制度",
    "落实“谁执法谁普法”普法责任制",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”",
    "深刻领悟“两个确立”的决定性意义",
    "抓住领导干部这个“关键少数”",
    "深化“放管服”改革",
    "持续优化法治化营商环境",
    "运用法治思维和法治方式",
    "不断提高依法行政水平",
    "依法行政能力和水平",
    "成立法治政府建设工作领导小组",
    "同部署、同推进、同督促、同考核、同奖惩",
    "与业务工作同部署、同推进、同考核",
    "纳入重要议事日程",
    "纳入年度工作要点",
    "严格落实领导干部学法制度",
    "国家宪法日和宪法宣传周",
    "“民法典宣传月”",
    "政府信息公开条例",
    "主动接受人大法律监督和政协民主监督",
    "认真办理人大代表建议和政协委员提案",
    "行政机关负责人出庭应诉",
    "“双随机、一公开”监管",
    "坚持和发展新时代“枫桥经验”",
    "矛盾纠纷排查化解",
    "现将有关情况报告如下",
    "现将有关工作情况报告如下",
    "现将有关工作情况汇报如下",
    "现将2023年度法治政府建设情况报告如下",
    "现将2023年法治政府建设工作情况报告如下",
    "取得了一定成效",
    "取得了一定的成绩",
    "但也存在一些不足",
    "还存在一些问题和不足",
    "与上级的要求还有一定差距",
    "与人民群众的期待还有差距",
    "主要表现在以下几个方面",
    "法治宣传教育的形式不够丰富",
    "依法行政意识有待进一步提高",
    "推动法治政府建设再上新台阶",
    "为经济社会高质量发展提供坚强法治保障",
    "为高质量发展提供有力法治保障",
    "全面推进依法行政",
    "加快建设法治政府",
    "确保法治政府建设各项任务落到实处",
    "法治政府建设示范创建",
    "规范性文件合法性审查",
    "有件必备、有备必审、有错必纠",
    "依法决策、科学决策、民主决策",
    "一体推进不敢腐、不能腐、不想腐",
    "全面从严治党主体责任",
    "党风廉政建设责任制",
    "理论学习中心组集体学法",
    "述职述廉述法",
    "充分发挥法律顾问作用",
    "重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办",
    "带头尊法学法守法用法",
    "高度重视法治政府建设工作",
    "把法治建设纳入全局工作的重要位置",
    "切实担负起推进法治建设第一责任人职责",
    "与中心工作同部署、同推进、同落实",
    "定期听取法治建设工作汇报",
    "研究解决法治建设中的重大问题",
    "法治观念和依法行政能力明显增强",
    "营造浓厚的法治氛围",
    "营造良好的法治环境",
    "法治宣传教育的针对性和实效性",
    "运用法治思维和法治方式深化改革、推动发展、化解矛盾、维护稳定",
    "依法行政意识和能力还需进一步增强",
    "工作中还存在一些薄弱环节",
    "针对存在的问题",
    "继续深入学习贯彻习近平法治思想",
    "持续推进法治政府建设",
)


@cache
def stock_pattern() -> re.Pattern[str]:
    """STOCK_PHRASES as they stand in cleaned text (shingles.clean)."""
    return re.compile(trie_pattern({clean(phrase) for phrase in STOCK_PHRASES}))


@cache
def stock_shingles() -> frozenset[int]:
    """The shingles of STOCK_PHRASES: common whatever the store holds."""
    return frozenset(h for phrase in STOCK_PHRASES for h in shingles(matching_text(phrase)))


# A count-min sketch: DEPTH rows of 2**WIDTH_BITS counters, a shingle counted in one counter
# of each row and estimated by the smallest. Collisions only ever raise an estimate: with
# 4,000 distinct shingles a report, a counter carries on average 1.5 % of the reports besides
# its own shingle's, far below the 10 % share, and all four rows would have to be crowded at
# once. 4 x 2**18 counters of 32 bits are 4 MiB, however many reports are counted.
WIDTH_BITS = 18
DEPTH = 4
_MULTIPLIERS = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F)
_MASK = 0xFFFFFFFF
_MAGIC = b"NBPS\x01"


class PhraseStats:
    """How many stored reports use each shingle, estimated in fixed memory; add and remove."""

    def __init__(self, *, share: float = COMMON_SHARE, min_documents: int = MIN_DOCUMENTS) -> None:
        self.share = share
        self.min_documents = min_documents
        self.documents = 0
        self._rows = [array("I", bytes(4 << WIDTH_BITS)) for _ in range(DEPTH)]

    @classmethod
    def build(
        cls,
        fingerprints: Iterable[Fingerprint],
        *,
        share: float = COMMON_SHARE,
        min_documents: int = MIN_DOCUMENTS,
    ) -> PhraseStats:
        """Stats counted over `fingerprints`; a sample of a few thousand estimates shares too."""
        stats = cls(share=share, min_documents=min_documents)
        for fingerprint in fingerprints:
            stats.add(fingerprint)
        return stats

    def add(self, fingerprint: Fingerprint) -> None:
        """Count a stored report: each shingle of its body once."""
        self._count(fingerprint.shingle_set(), 1)
        self.documents += 1

    def remove(self, fingerprint: Fingerprint) -> None:
        """Uncount a report added before (a replaced draft, a deleted report)."""
        self._count(fingerprint.shingle_set(), -1)
        self.documents -= 1

    def frequency(self, shingle: int) -> int:
        """How many counted reports use the shingle, at most (never fewer than truly do)."""
        shift = 32 - WIDTH_BITS
        return min(
            row[((shingle * multiplier) & _MASK) >> shift]
            for row, multiplier in zip(self._rows, _MULTIPLIERS, strict=False)
        )

    def is_common(self, shingle: int) -> bool:
        """A stock phrase's shingle, or one used by more than `share` of enough stored reports."""
        return shingle in stock_shingles() or (
            self.documents >= self.min_documents
            and self.frequency(shingle) > self.share * self.documents
        )

    def common_among(self, candidates: Iterable[int]) -> frozenset[int]:
        """Those of `candidates` that are common (see is_common)."""
        candidates = list(candidates)
        stock = stock_shingles()
        if self.documents < self.min_documents:
            return frozenset(h for h in candidates if h in stock)
        limit = self.share * self.documents
        shift = 32 - WIDTH_BITS
        estimates = [limit + 1] * len(candidates)
        for row, multiplier in zip(self._rows, _MULTIPLIERS, strict=False):
            counts = [row[((h * multiplier) & _MASK) >> shift] for h in candidates]
            estimates = list(map(min, estimates, counts))
        return frozenset(
            h for h, n in zip(candidates, estimates, strict=True) if n > limit or h in stock
        )

    def to_bytes(self) -> bytes:
        """The counters and the number of reports, to keep in a database row or a file."""
        rows = [_little_endian(row) for row in self._rows]
        return b"".join([_MAGIC, self.documents.to_bytes(8, "little"), *rows])

    @classmethod
    def from_bytes(
        cls, data: bytes, *, share: float = COMMON_SHARE, min_documents: int = MIN_DOCUMENTS
    ) -> PhraseStats:
        """Stats read back from to_bytes(); ValueError when the data is not theirs."""
        size = 4 << WIDTH_BITS
        header = len(_MAGIC) + 8
        if not data.startswith(_MAGIC) or len(data) != header + DEPTH * size:
            raise ValueError("not phrase statistics of this version")
        stats = cls(share=share, min_documents=min_documents)
        stats.documents = int.from_bytes(data[len(_MAGIC) : header], "little")
        for index in range(DEPTH):
            row = array("I")
            row.frombytes(data[header + index * size : header + (index + 1) * size])
            if sys.byteorder == "big":
                row.byteswap()
            stats._rows[index] = row
        return stats

    def _count(self, distinct: Iterable[int], step: int) -> None:
        shift = 32 - WIDTH_BITS
        hashes = list(distinct)
        for row, multiplier in zip(self._rows, _MULTIPLIERS, strict=False):
            for index in [((h * multiplier) & _MASK) >> shift for h in hashes]:
                row[index] += step


def _little_endian(row: array[int]) -> bytes:
    if sys.byteorder == "big":
        row = array(row.typecode, row)
        row.byteswap()
    return row.tobytes()
