"""Report texts for generated load: a few dozen composed reports, each read by the real checker once.

Every text is composed for a stand-in agency (样本县规划测绘局 of 样本县) and checked with
`reports.parsing.check_text`. A generated report takes one of these and puts its own agency's and
county's names in place of the stand-ins; the offsets in the checker's result move by the
difference in length, so text, result, sections and quotes stay consistent without reading
twenty thousand reports::

    variant = pool.pick(kind="department", year=2023, late=False, verdict="partial", rng=rng)
    text, result, quotes = variant.render("青川县司法局", "青川县")
"""

from __future__ import annotations

import bisect
import datetime
import functools
import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reports.models import Agency
from reports.parsing import check_text

CANON_REGION = "样本县"
CN_NUMERALS = "一二三四五六七八九十"
VERDICTS = ("complete", "partial", "incomplete")


@dataclass(frozen=True)
class Group:
    """What the reports of one kind of agency sound like."""

    agency: str  # the stand-in name
    me: str  # how the agency calls itself in its report: 我局, 我镇
    leader: str
    doc_code: str
    addressee: str
    measures: tuple[tuple[str, str], ...]  # (subsection heading, paragraph with numbers {a} {b}…)
    problems: tuple[tuple[str, str], ...]  # (shortcoming, its cause)
    plans: tuple[str, ...]


_MEASURES_COMMON = (
    (
        "健全依法决策机制",
        "严格落实重大行政决策程序规定，全年{s}项重大行政决策事项全部经过公众参与、专家论证、"
        "风险评估、合法性审查和集体讨论决定程序。提交合法性审查的规范性文件和合同{a}件，"
        "提出修改意见{b}条，均被采纳。",
    ),
    (
        "深化法治宣传教育",
        "落实“谁执法谁普法”普法责任制，组织开展“宪法宣传周”“民法典宣传月”等主题活动{a}场次，"
        "发放宣传资料{c}份，受众{d}余人次。",
    ),
    (
        "加强法治能力建设",
        "领导班子开展集体学法{s}次，组织全体干部参加法治专题培训{t}期，年度学法考试参考率、"
        "合格率均达到100%。",
    ),
    (
        "推进政务公开",
        "通过政府门户网站主动公开政府信息{a}条，办理依申请公开{b}件，均在法定期限内答复，"
        "未发生因政府信息公开引起的行政复议和诉讼。",
    ),
    (
        "自觉接受监督",
        "自觉接受人大法律监督和政协民主监督，办理人大代表建议{s}件、政协委员提案{t}件，"
        "办复率100%，满意率{p}%。",
    ),
)
_MEASURES_DEPARTMENT = (
    *_MEASURES_COMMON,
    (
        "规范行政执法行为",
        "全面推行行政执法公示、执法全过程记录、重大执法决定法制审核三项制度，全年办理行政处罚"
        "案件{a}件、行政许可事项{b}件，案卷评查合格率{p}%。新增持证执法人员{a}名。",
    ),
    (
        "深化“放管服”改革",
        "梳理公布权责清单事项{a}项，政务服务事项网上可办率达到{p}%。推行告知承诺制，办理承诺"
        "审批事项{b}件，平均办理时限压缩{q}%。",
    ),
    (
        "依法化解矛盾纠纷",
        "全年受理群众来信来访{a}件次，办结率{p}%。参加行政复议{s}件、行政应诉{t}件，行政机关"
        "负责人出庭应诉率100%。",
    ),
    (
        "落实公平竞争审查",
        "对涉及市场主体经济活动的{a}件政策措施开展公平竞争审查，清理妨碍统一市场和公平竞争的"
        "文件{s}件。",
    ),
    (
        "推进“互联网+监管”",
        "依托“双随机、一公开”监管平台开展部门联合抽查{s}次，抽查市场主体{b}户，抽查结果全部"
        "按时向社会公示。",
    ),
)
_MEASURES_TOWNSHIP = (
    *_MEASURES_COMMON,
    (
        "推进基层依法治理",
        "全镇{a}个村（社区）全部配备法律顾问，创建“民主法治示范村”{s}个，修订完善村规民约{a}部。",
    ),
    (
        "规范综合行政执法",
        "承接县级下放行政执法事项{a}项，依法查处农村乱占耕地建房、违规焚烧秸秆等案件{a}件，"
        "执法文书规范率{p}%。",
    ),
    (
        "坚持和发展新时代“枫桥经验”",
        "镇村两级调解组织排查调处矛盾纠纷{b}起，调解成功率{p}%，未发生因调处不及时引发的"
        "群体性事件。",
    ),
    (
        "培育基层法治力量",
        "培育农村“法律明白人”{b}名，组织开展送法下乡活动{a}场次，建成村级法治文化阵地{s}处。",
    ),
)
_MEASURES_ZONE = (
    *_MEASURES_COMMON,
    (
        "优化法治化营商环境",
        "推行“标准地+承诺制”改革，全年新签约项目{a}个，为企业提供“一对一”帮代办服务{b}次，"
        "企业满意度{p}%。",
    ),
    (
        "加强安全生产和生态环境执法",
        "开展园区企业安全生产和环保检查{b}家次，督促整改隐患{b}处，立案查处违法行为{s}起。",
    ),
    (
        "依法化解涉企纠纷",
        "设立园区涉企法律服务站，为企业提供法律咨询{b}次，协调化解劳资、合同纠纷{a}起。",
    ),
)
_PROBLEMS_COMMON = (
    (
        "部分干部依法行政意识不强，运用法治思维解决问题的能力有待提高",
        "日常法治培训针对性不强，以会代训现象仍然存在",
    ),
    ("法治宣传形式较为单一，覆盖面不够广", "对新媒体手段运用不足，普法工作经费保障不够"),
    ("合法性审查力量薄弱", "专职法制审核人员少，专业人员缺乏"),
    ("重大行政决策公众参与度不高", "意见征集渠道较少，对公众意见的反馈不够及时"),
)
_PROBLEMS_DEPARTMENT = (
    *_PROBLEMS_COMMON,
    ("行政执法信息化水平不高", "执法信息平台尚未与上级系统全面联通"),
    ("执法案卷质量参差不齐", "执法人员业务水平不一，案卷评查结果运用不够"),
)
_PROBLEMS_TOWNSHIP = (
    *_PROBLEMS_COMMON,
    ("基层法治力量不足", "镇村两级法治工作人员多为兼职，人员流动性较大"),
    ("部分村规民约内容陈旧", "修订工作指导不够，群众参与不充分"),
)
_PROBLEMS_ZONE = (
    *_PROBLEMS_COMMON,
    ("园区执法权限不够清晰", "赋权事项承接尚未完全到位，与县直部门的衔接机制不健全"),
)
_PLANS = (
    "持续深入学习贯彻习近平法治思想，把法治建设摆在全局工作的重要位置",
    "严格落实重大行政决策程序，进一步提高合法性审查质量",
    "加强执法人员培训，全面提升规范公正文明执法水平",
    "创新普法宣传方式，提高普法工作的针对性和实效性",
    "健全法治建设考核机制，推动法治建设责任全面落实",
    "加强法治工作队伍建设，配齐配强法制审核人员",
)

GROUPS: dict[str, Group] = {
    Agency.Kind.DEPARTMENT: Group(
        agency=f"{CANON_REGION}规划测绘局",
        me="我局",
        leader="局党组书记、局长",
        doc_code="局发",
        addressee=f"中共{CANON_REGION}委、{CANON_REGION}人民政府：",
        measures=_MEASURES_DEPARTMENT,
        problems=_PROBLEMS_DEPARTMENT,
        plans=_PLANS,
    ),
    Agency.Kind.OTHER: Group(
        agency=f"{CANON_REGION}测绘服务中心",
        me="我中心",
        leader="中心党支部书记、主任",
        doc_code="中心发",
        addressee=f"{CANON_REGION}人民政府：",
        measures=_MEASURES_COMMON,
        problems=_PROBLEMS_COMMON,
        plans=_PLANS,
    ),
    Agency.Kind.TOWNSHIP: Group(
        agency=f"{CANON_REGION}青石镇人民政府",
        me="我镇",
        leader="镇党委书记、镇长",
        doc_code="镇政发",
        addressee=f"中共{CANON_REGION}委、{CANON_REGION}人民政府：",
        measures=_MEASURES_TOWNSHIP,
        problems=_PROBLEMS_TOWNSHIP,
        plans=_PLANS,
    ),
    Agency.Kind.DEVELOPMENT_ZONE: Group(
        agency="样本经济开发区管理委员会",
        me="我委",
        leader="党工委书记、管委会主任",
        doc_code="开管发",
        addressee=f"{CANON_REGION}人民政府：",
        measures=_MEASURES_ZONE,
        problems=_PROBLEMS_ZONE,
        plans=_PLANS,
    ),
}


def compose(group: Group, seed: int, year: int, *, late: bool) -> str:
    """One report on `year`: the same seed gives the same structure whatever the year.

    About half come out complete; the others embed a part in another one or leave it out, put
    the parts out of order, or carry the small faults the checker warns of.
    """
    rng = random.Random(seed)
    mode = rng.choices(("complete", "partial", "incomplete"), (5, 3, 3))[0]
    parts = {"shortcomings": "heading", "leadership": "heading", "plans": "heading"}
    if mode == "complete" and rng.random() < 0.25:
        parts["leadership"] = "content"
    elif mode == "partial":
        embedded = rng.sample(["shortcomings", "leadership", "plans"], rng.choice((1, 1, 2)))
        for part in embedded:
            parts[part] = "subsection" if part == "leadership" else "closing"
    elif mode == "incomplete":
        for part in rng.sample(["shortcomings", "leadership", "plans"], rng.choice((1, 1, 2))):
            parts[part] = "missing"
        if parts["leadership"] == "heading" and rng.random() < 0.3:
            parts["leadership"] = "subsection"
    leadership_first = parts["leadership"] in ("heading", "content") and rng.random() < 0.12
    half_width = rng.random() < 0.08
    causes = rng.random() < 0.85
    short_shortcomings = rng.random() < 0.06
    malformed_year = rng.random() < 0.04
    me = group.me

    def marker(index: int) -> str:
        numeral = CN_NUMERALS[index]
        return f"({numeral})" if half_width else f"（{numeral}）"

    title_year = f"{year}度" if malformed_year else f"{year}年度"
    lines: list[str] = []
    style = rng.randrange(4)
    if style == 0:
        lines.append(f"{group.agency}{title_year}法治政府建设情况报告")
    elif style == 1:
        lines += [group.agency, f"{title_year}法治政府建设工作报告"]
    elif style == 2:
        lines.append(f"{group.agency}关于{year}年度法治政府建设工作情况的报告")
    else:
        lines += [
            f"{group.agency}文件",
            f"{group.doc_code}〔{year + 1}〕{rng.randint(1, 30)}号",
            f"{group.agency}{title_year}法治政府建设年度报告",
        ]
    if rng.random() < 0.7:
        lines.append(group.addressee)
    lines.append(
        f"{year}年，{me}在县委、县政府的坚强领导下，深入学习贯彻习近平法治思想，认真落实"
        "《法治政府建设实施纲要（2021—2025年）》，扎实推进法治政府建设各项工作。现将有关情况"
        "报告如下："
    )

    lead = (
        f"{group.leader}作为主要负责人，认真履行推进法治建设第一责任人职责，全年主持召开会议专题"
        f"研究法治建设工作{rng.randint(2, 8)}次，带头讲法治课{rng.randint(1, 3)}次，对重大事项亲自"
        "部署、重要环节亲自协调。将法治建设纳入年度工作要点和干部考核内容，做到与业务工作同部署、"
        "同推进、同考核。"
    )
    problems = rng.sample(group.problems, rng.randint(2, 3))
    if short_shortcomings:
        shortcoming_text = "存在问题较少，原因是制度落实不够。"
    else:
        shortcoming_text = "".join(
            f"{CN_NUMERALS[i]}是{problem}，原因是{cause}。"
            if causes
            else f"{CN_NUMERALS[i]}是{problem}。"
            for i, (problem, cause) in enumerate(problems)
        )
    plans = rng.sample(group.plans, rng.randint(2, 4))

    sections: list[tuple[str, list[str]]] = []
    measures_heading = rng.choice(
        (
            f"{year}年推进法治政府建设的主要举措和成效",
            "主要举措和成效",
            f"{year}年法治政府建设工作开展情况",
            "法治政府建设主要工作及成效",
        )
    )
    body: list[str] = []
    chosen = rng.sample(group.measures, rng.randint(3, min(5, len(group.measures))))
    for index, (heading, paragraph) in enumerate(chosen):
        numbers = {
            "s": rng.randint(2, 12),
            "t": rng.randint(1, 6),
            "a": rng.randint(3, 60),
            "b": rng.randint(10, 900),
            "c": rng.randint(200, 5000),
            "d": rng.randint(1000, 30000),
            "p": rng.randint(90, 99),
            "q": rng.randint(15, 60),
        }
        body += [f"{marker(index)}{heading}", paragraph.format(**numbers)]
    if parts["leadership"] == "subsection":
        body += [f"{marker(len(chosen))}认真履行法治建设第一责任人职责", lead]
    sections.append((measures_heading, body))
    if parts["shortcomings"] == "heading":
        heading = rng.choice(
            ("存在的不足和原因", "存在的问题及原因", "存在的主要问题和原因分析", "存在的不足")
        )
        sections.append((heading, [shortcoming_text]))
    if parts["leadership"] == "heading":
        heading = rng.choice(
            (
                "党政主要负责人履行推进法治建设第一责任人职责情况",
                "主要负责人履行推进法治建设第一责任人职责情况",
                "党政主要负责人履行法治建设第一责任人职责情况",
            )
        )
        sections.insert(0 if leadership_first else len(sections), (heading, [lead]))
    elif parts["leadership"] == "content":
        heading = rng.choice(("加强组织领导", "强化组织领导，压实工作责任"))
        sections.insert(0 if leadership_first else len(sections), (heading, [lead]))
    if parts["plans"] == "heading":
        heading = rng.choice(
            (
                f"{year + 1}年推进法治政府建设的主要安排",
                "下一步工作打算",
                f"{year + 1}年工作计划",
                "下一步工作思路",
            )
        )
        if rng.random() < 0.5:
            items = [f"{marker(i)}{plan}。" for i, plan in enumerate(plans)]
        else:
            items = [f"下一步，{me}将{'；'.join(plans)}。"]
        sections.append((heading, items))
    for index, (heading, section_body) in enumerate(sections):
        lines += [f"{CN_NUMERALS[index]}、{heading}", *section_body]

    closing = []
    if parts["shortcomings"] == "closing":
        problem, cause = problems[0]
        closing.append(
            f"总之，{year}年{me}法治政府建设工作取得了一定成效，但也存在一些不足，主要是{problem}，"
            f"原因是{cause}。"
        )
    if parts["plans"] == "closing":
        closing.append(f"下一步，{me}将{'，'.join(plans[:2])}，推动法治政府建设再上新台阶。")
    if closing:
        lines.append("".join(closing))

    early = datetime.date(year + 1, 1, 4) + datetime.timedelta(days=rng.randint(0, 53))
    later = datetime.date(year + 1, 3, 2) + datetime.timedelta(days=rng.randint(0, 45))
    signed = later if late else early
    lines += ["", group.agency, f"{signed.year}年{signed.month}月{signed.day}日"]
    return "\n".join(lines)


@dataclass(frozen=True)
class Variant:
    """A checked stand-in report, ready to be given to any agency of its kind."""

    text: str
    result: dict[str, Any]
    verdict: str
    agency: str  # the stand-in agency name
    stand_ins: tuple[tuple[int, str], ...]  # (offset, stand-in name) in reading order
    quotes: tuple[tuple[int, int, int], ...]  # (section reading order, start, end): sentences

    def render(
        self, agency: str, region: str
    ) -> tuple[str, dict[str, Any], list[tuple[int, int, int]]]:
        """The text as `agency` of `region` wrote it, its checker result and quotable spans."""
        names = {self.agency: agency, CANON_REGION: region}
        pieces, last = [], 0
        starts: list[int] = []
        ends: list[int] = []
        lengths: list[int] = []
        shifts = [0]  # shifts[i]: how far the text after the first i names moves
        for at, stand_in in self.stand_ins:
            name = names[stand_in]
            pieces += [self.text[last:at], name]
            last = at + len(stand_in)
            starts.append(at)
            ends.append(last)
            lengths.append(len(name))
            shifts.append(shifts[-1] + len(name) - len(stand_in))
        pieces.append(self.text[last:])

        def move(offset: int) -> int:
            index = bisect.bisect_right(starts, offset)  # names starting at or before offset
            if index and offset < ends[index - 1]:
                # Inside a name (a finding quoting it): keep the distance into the new name.
                start = starts[index - 1]
                return start + shifts[index - 1] + min(offset - start, lengths[index - 1])
            return offset + shifts[index]

        result = _rebase(self.result, move, names)
        quotes = [(order, move(start), move(end)) for order, start, end in self.quotes]
        return "".join(pieces), result, quotes


def _rebase(value: Any, move: Callable[[int], int], names: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {
            key: move(item)
            if key in ("start", "end") and isinstance(item, int)
            else _rebase(item, move, names)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rebase(item, move, names) for item in value]
    if isinstance(value, str) and "样本" in value:
        for stand_in, name in names.items():
            value = value.replace(stand_in, name)
    return value


_SENTENCE = re.compile(r"[^。；\n]{8,}[。；]")


def _quotes(text: str, sections: list[dict[str, Any]]) -> list[tuple[int, int, int]]:
    """Sentences a reviewer might quote, each with the innermost section it lies in."""
    found: list[tuple[int, int, int]] = []
    order = 0

    def walk(nodes: list[dict[str, Any]]) -> None:
        nonlocal order
        for node in nodes:
            order += 1
            body_start = text.find("\n", node["start"], node["end"]) + 1 or node["end"]
            body_end = node["children"][0]["start"] if node["children"] else node["end"]
            for match in list(_SENTENCE.finditer(text, body_start, body_end))[:4]:
                found.append((order, match.start(), min(match.end() - 1, match.start() + 40)))
            walk(node["children"])

    walk(sections)
    return found


def _stand_ins(text: str, agency: str) -> tuple[tuple[int, str], ...]:
    spans = [(m.start(), agency) for m in re.finditer(re.escape(agency), text)]
    covered = [(at, at + len(agency)) for at, _name in spans]
    for match in re.finditer(CANON_REGION, text):
        if not any(start <= match.start() < end for start, end in covered):
            spans.append((match.start(), CANON_REGION))
    return tuple(sorted(spans))


def make_variant(kind: str, seed: int, year: int, *, late: bool) -> Variant:
    group = GROUPS[kind]
    checked = check_text(compose(group, seed, year, late=late), period_year=year)
    result = checked.to_dict()
    return Variant(
        text=checked.text,
        result=result,
        verdict=result["verdict"],
        agency=group.agency,
        stand_ins=_stand_ins(checked.text, group.agency),
        quotes=tuple(_quotes(checked.text, result["sections"])),
    )


class VariantPool:
    """Checked variants by (agency kind, year, signed late?, verdict)."""

    def __init__(self, years: list[int], seed: int, per_kind: int = 24) -> None:
        self._pool: dict[tuple[str, int, bool, str], list[Variant]] = defaultdict(list)
        self.checked = 0
        seeds = random.Random(seed)
        for kind in GROUPS:
            kind_seeds = [seeds.randrange(2**32) for _ in range(per_kind)]
            for year in years:
                for late in (False, True):
                    for variant_seed in kind_seeds:
                        variant = make_variant(kind, variant_seed, year, late=late)
                        self._pool[kind, year, late, variant.verdict].append(variant)
                        self.checked += 1
        # The checker keeps learning: should a wording stop reading as intended, report the gap
        # and fall back to a neighbouring pool rather than fail.
        self.gaps = [
            f"{kind} {year}{' late' if late else ''} {verdict}"
            for kind in GROUPS
            for year in years
            for late in (False, True)
            for verdict in VERDICTS
            if not self._pool[kind, year, late, verdict]
        ]

    def pick(
        self, *, kind: str, year: int, late: bool, verdict: str, rng: random.Random
    ) -> Variant:
        for key in [
            (kind, year, late, verdict),
            (kind, year, not late, verdict),
            *((kind, year, late, other) for other in VERDICTS),
        ]:
            if self._pool[key]:
                return rng.choice(self._pool[key])
        raise LookupError(f"no composed report for {kind} {year}")


@functools.cache
def variant_pool(years: tuple[int, ...], seed: int) -> VariantPool:
    """The pool for these years and seed; variants are never changed, so one per process does."""
    return VariantPool(list(years), seed)
