"""Report texts for generated load: two dozen composed reports per voice, read by the checker once.

A voice (Group) is how one kind of agency at one level writes: a county's department (我局, 在县委、
县政府的坚强领导下), a provincial 厅 (我厅), a county's people's government (我县, addressed to
市委、市政府), the provincial government (我省, to 党中央、国务院)… Every text is composed for the
voice's stand-in agency of a stand-in region (样本县规划测绘局 of 样本县, 样本市人民政府 of 样本市)
and checked with `reports.parsing.check_text`. A generated report takes one of these and puts its
own agency's and region's names in place of the stand-ins; the offsets in the checker's result
move by the difference in length, so text, result, sections and quotes stay consistent without
reading a hundred thousand reports::

    group = group_for(kind="department", level="county", name="青川县司法局")
    variant = pool.pick(group=group.name, year=2023, late=False, verdict="partial", rng=rng)
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

from reports.models import KIND_DEADLINES, Agency, Region, default_submission_deadline
from reports.parsing import check_text

#: The stand-in region of each level. 样 and 本 never occur in generated names (names.py).
STAND_INS = {
    Region.Level.COUNTY: "样本县",
    Region.Level.CITY: "样本市",
    Region.Level.PROVINCE: "样本省",
}
CN_NUMERALS = "一二三四五六七八九十"
VERDICTS = ("complete", "partial", "incomplete")


@dataclass(frozen=True)
class Group:
    """What the reports of one kind of agency at one level sound like."""

    name: str  # "county department", "provincial government"…
    kind: str
    level: str
    agency: str  # the stand-in name
    me: str  # how the agency calls itself in its report: 我局, 我镇, 我县
    above: str  # under whose leadership it worked: 县委、县政府
    leader: str
    doc_code: str
    addressee: str
    # (subsection heading, paragraph with numbers {a} {b}… and the level's word {L}: 全{L} → 全县)
    measures: tuple[tuple[str, str], ...]
    problems: tuple[tuple[str, str], ...]  # (shortcoming, its cause)
    plans: tuple[str, ...]
    ending: str = ""  # of the names of the agencies that write so, where the kind says too little

    @property
    def region(self) -> str:
        return STAND_INS[self.level]


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

_MEASURES_GOVERNMENT = (
    *_MEASURES_COMMON,
    (
        "深化行政执法体制改革",
        "全面推行行政执法三项制度，全{L}行政执法主体{a}个、持证执法人员{b}名，组织开展行政执法"
        "案卷评查{s}次，案卷合格率{p}%。",
    ),
    (
        "发挥行政复议化解行政争议主渠道作用",
        "全{L}受理行政复议申请{b}件，审结{a}件，直接纠错率{q}%；行政机关负责人出庭应诉率100%。",
    ),
    (
        "加强行政规范性文件监督管理",
        "{L}政府制发行政规范性文件{s}件，全部经过合法性审核并按时报送备案，清理行政规范性文件"
        "{a}件。",
    ),
    (
        "健全矛盾纠纷多元化解机制",
        "全{L}各类调解组织调处矛盾纠纷{c}起，调解成功率{p}%，信访事项及时受理率100%。",
    ),
    (
        "统筹推进法治政府建设示范创建",
        "对照《法治政府建设示范指标体系》，组织{s}个地方和部门开展示范创建，培育法治建设特色品牌"
        "{t}个。",
    ),
)
_MEASURES_MODEL_AREA = (
    *_MEASURES_GOVERNMENT,
    (
        "巩固示范创建成果",
        "对照示范地区动态管理要求逐项开展自查，形成问题清单{s}项，已整改完成{t}项，整改率{p}%。",
    ),
    (
        "发挥示范引领作用",
        "总结提炼示范创建经验做法{s}项，接待外地考察交流{a}批次，{t}项做法被上级推广。",
    ),
)
_PROBLEMS_GOVERNMENT = (
    *_PROBLEMS_COMMON,
    ("部分地方和部门对法治政府建设重视不够", "考核督促不够有力，压力传导存在层层递减"),
    ("基层行政执法能力有待提升", "执法人员专业素质参差不齐，执法保障投入不足"),
    ("行政复议化解行政争议的主渠道作用发挥不够", "复议工作力量薄弱，宣传引导不够"),
)
_PROBLEMS_MODEL_AREA = (
    *_PROBLEMS_GOVERNMENT,
    ("示范创建成果巩固不够", "创建工作常态化、长效化机制尚未健全"),
)
_PLANS_GOVERNMENT = (
    *_PLANS,
    "以示范创建为抓手，推动法治政府建设提档升级",
    "深化行政复议体制改革，发挥行政复议化解行政争议主渠道作用",
)
_PLANS_MODEL_AREA = (*_PLANS_GOVERNMENT, "巩固拓展示范创建成果，持续发挥示范引领作用")


def _department(level: str, agency: str, me: str, leader: str, ending: str) -> Group:
    """A department of the county, city or province: it reports to the Party committee and the
    government of its own level."""
    region = STAND_INS[level]
    place = region[-1]
    return Group(
        name=f"{level} department" if level != Region.Level.PROVINCE else f"provincial {ending}",
        kind=Agency.Kind.DEPARTMENT,
        level=level,
        agency=f"{region}{agency}",
        me=me,
        above=f"{place}委、{place}政府",
        leader=leader,
        doc_code=f"{me[-1]}发",
        addressee=f"中共{region}委、{region}人民政府：",
        measures=_MEASURES_DEPARTMENT,
        problems=_PROBLEMS_DEPARTMENT,
        plans=_PLANS,
        ending=ending,
    )


def _government(level: str, *, kind: str = Agency.Kind.GOVERNMENT, name: str = "") -> Group:
    """A people's government: it speaks for its whole area (我县) and reports one level up."""
    region = STAND_INS[level]
    place = region[-1]
    model = kind == Agency.Kind.MODEL_AREA
    if level == Region.Level.PROVINCE:
        above, addressee = "党中央、国务院", "党中央、国务院："
    else:
        up = "市" if level == Region.Level.COUNTY else "省"
        above, addressee = f"{up}委、{up}政府和{place}委", f"{up}委、{up}政府："
    return Group(
        name=name or f"{level} government",
        kind=kind,
        level=level,
        agency=f"{region}人民政府",
        me=f"我{place}",
        above=above,
        leader=f"{place}长",
        doc_code=f"{place}政发",
        addressee=addressee,
        measures=_MEASURES_MODEL_AREA if model else _MEASURES_GOVERNMENT,
        problems=_PROBLEMS_MODEL_AREA if model else _PROBLEMS_GOVERNMENT,
        plans=_PLANS_MODEL_AREA if model else _PLANS_GOVERNMENT,
    )


_COUNTY = STAND_INS[Region.Level.COUNTY]
GROUPS: dict[str, Group] = {
    group.name: group
    for group in (
        _department(Region.Level.COUNTY, "规划测绘局", "我局", "局党组书记、局长", ""),
        _department(Region.Level.CITY, "规划测绘局", "我局", "局党组书记、局长", ""),
        _department(Region.Level.PROVINCE, "测绘地理信息厅", "我厅", "厅党组书记、厅长", "厅"),
        _department(Region.Level.PROVINCE, "城乡规划委员会", "我委", "委党组书记、主任", "委员会"),
        _department(Region.Level.PROVINCE, "测绘地理信息局", "我局", "局党组书记、局长", "局"),
        Group(
            name="other",
            kind=Agency.Kind.OTHER,
            level=Region.Level.COUNTY,
            agency=f"{_COUNTY}测绘服务中心",
            me="我中心",
            above="县委、县政府",
            leader="中心党支部书记、主任",
            doc_code="中心发",
            addressee=f"{_COUNTY}人民政府：",
            measures=_MEASURES_COMMON,
            problems=_PROBLEMS_COMMON,
            plans=_PLANS,
        ),
        Group(
            name="township",
            kind=Agency.Kind.TOWNSHIP,
            level=Region.Level.COUNTY,
            agency=f"{_COUNTY}青石镇人民政府",
            me="我镇",
            above="县委、县政府",
            leader="镇党委书记、镇长",
            doc_code="镇政发",
            addressee=f"中共{_COUNTY}委、{_COUNTY}人民政府：",
            measures=_MEASURES_TOWNSHIP,
            problems=_PROBLEMS_TOWNSHIP,
            plans=_PLANS,
        ),
        Group(
            name="zone",
            kind=Agency.Kind.DEVELOPMENT_ZONE,
            level=Region.Level.COUNTY,
            agency="样本经济开发区管理委员会",
            me="我委",
            above="县委、县政府",
            leader="党工委书记、管委会主任",
            doc_code="开管发",
            addressee=f"{_COUNTY}人民政府：",
            measures=_MEASURES_ZONE,
            problems=_PROBLEMS_ZONE,
            plans=_PLANS,
        ),
        _government(Region.Level.COUNTY),
        _government(Region.Level.COUNTY, kind=Agency.Kind.MODEL_AREA, name="model area"),
        _government(Region.Level.CITY),
        _government(Region.Level.PROVINCE, kind=Agency.Kind.PROVINCE, name="provincial government"),
    )
}


def group_for(*, kind: str, level: str, name: str) -> Group:
    """The voice of an agency of this kind, in a region of this level, named so."""
    for group in GROUPS.values():
        if group.kind == kind and group.level == level and name.endswith(group.ending):
            return group
    raise LookupError(f"no composed reports for {name} ({kind}, {level})")


def _usual_deadline(kind: str, year: int) -> datetime.date:
    """The day an agency of this kind reports by when its period sets no day of its own."""
    if kind in KIND_DEADLINES:
        return datetime.date(year + 1, *KIND_DEADLINES[kind])
    return default_submission_deadline(year)


# Parts long enough to read that say nothing of their own (reports/parsing/substance.py).
_THIN_LEADERSHIP = (
    "{leader}高度重视法治建设，始终把推进法治建设作为事关全局的重要工作来抓，切实扛起第一责任人的"
    "政治责任，坚持重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。同时将"
    "法治建设与业务工作同谋划、同部署、同推进、同落实，以上率下推动形成了齐抓共管的良好局面。"
)
_VAGUE_SHORTCOMINGS = (
    "虽然法治政府建设工作取得了一定成效，但与上级要求相比还存在一定差距。同时，与人民群众的期待"
    "相比，法治建设各项工作还有较大的提升空间，还存在一些不足和薄弱环节，有待进一步加强和改进。"
)
_HOLLOW_PLANS = (
    "继续深入学习贯彻习近平法治思想，持续推进法治政府建设各项工作，不断提高依法行政水平，"
    "切实提升法治工作实效，推动法治政府建设再上新台阶。"
)


def compose(group: Group, seed: int, year: int, *, late: bool) -> str:
    """One report on `year`: the same seed gives the same structure whatever the year.

    About half come out complete; the others embed a part in another one or leave it out, put
    the parts out of order, or carry the small faults the checker warns of. Some parts are there
    in name only: a leadership part that counts nothing, shortcomings that name no problem,
    plans that name no task.
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
    thin_leadership = rng.random() < 0.08
    vague_shortcomings = rng.random() < 0.06
    hollow_plans = rng.random() < 0.06
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
        f"{year}年，{me}在{group.above}的坚强领导下，深入学习贯彻习近平法治思想，认真落实"
        "《法治政府建设实施纲要（2021—2025年）》，扎实推进法治政府建设各项工作。现将有关情况"
        "报告如下："
    )

    lead = (
        f"{group.leader}作为主要负责人，认真履行推进法治建设第一责任人职责，全年主持召开会议专题"
        f"研究法治建设工作{rng.randint(2, 8)}次，带头讲法治课{rng.randint(1, 3)}次，对重大事项亲自"
        "部署、重要环节亲自协调。将法治建设纳入年度工作要点和干部考核内容，做到与业务工作同部署、"
        "同推进、同考核。"
    )
    if thin_leadership:
        lead = _THIN_LEADERSHIP.format(leader=group.leader)
    problems = rng.sample(group.problems, rng.randint(2, 3))
    if short_shortcomings:
        shortcoming_text = "存在问题较少，原因是制度落实不够。"
    elif vague_shortcomings:
        shortcoming_text = _VAGUE_SHORTCOMINGS
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
            "L": group.region[-1],
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
        if hollow_plans:
            items = [f"下一步，{me}将{_HOLLOW_PLANS}"]
        elif rng.random() < 0.5:
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

    # Signed in the new year, at least three days before the deadline of its kind, or after it.
    deadline = _usual_deadline(group.kind, year)
    new_year = datetime.date(year + 1, 1, 4)
    early = new_year + datetime.timedelta(days=rng.randint(0, (deadline - new_year).days - 3))
    later = deadline + datetime.timedelta(days=rng.randint(1, 46))
    signed = later if late else early
    lines += ["", group.agency, f"{signed.year}年{signed.month}月{signed.day}日"]
    return "\n".join(lines)


@dataclass(frozen=True)
class Variant:
    """A checked stand-in report, ready to be given to any agency that writes in its voice."""

    text: str
    result: dict[str, Any]
    verdict: str
    agency: str  # the stand-in agency name
    region: str  # the stand-in region name
    stand_ins: tuple[tuple[int, str], ...]  # (offset, stand-in name) in reading order
    quotes: tuple[tuple[int, int, int], ...]  # (section reading order, start, end): sentences

    def render(
        self, agency: str, region: str
    ) -> tuple[str, dict[str, Any], list[tuple[int, int, int]]]:
        """The text as `agency` of `region` wrote it, its checker result and quotable spans."""
        names = {self.agency: agency, self.region: region}
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


def _stand_ins(text: str, agency: str, region: str) -> tuple[tuple[int, str], ...]:
    spans = [(m.start(), agency) for m in re.finditer(re.escape(agency), text)]
    covered = [(at, at + len(agency)) for at, _name in spans]
    for match in re.finditer(re.escape(region), text):
        if not any(start <= match.start() < end for start, end in covered):
            spans.append((match.start(), region))
    return tuple(sorted(spans))


def make_variant(group: Group, seed: int, year: int, *, late: bool) -> Variant:
    checked = check_text(compose(group, seed, year, late=late), period_year=year)
    result = checked.to_dict()
    return Variant(
        text=checked.text,
        result=result,
        verdict=result["verdict"],
        agency=group.agency,
        region=group.region,
        stand_ins=_stand_ins(checked.text, group.agency, group.region),
        quotes=tuple(_quotes(checked.text, result["sections"])),
    )


class VariantPool:
    """Checked variants by (group name, year, signed late?, verdict)."""

    def __init__(self, years: list[int], seed: int, per_group: int = 24) -> None:
        self._pool: dict[tuple[str, int, bool, str], list[Variant]] = defaultdict(list)
        self.checked = 0
        seeds = random.Random(seed)
        for group in GROUPS.values():
            group_seeds = [seeds.randrange(2**32) for _ in range(per_group)]
            for year in years:
                for late in (False, True):
                    for variant_seed in group_seeds:
                        variant = make_variant(group, variant_seed, year, late=late)
                        self._pool[group.name, year, late, variant.verdict].append(variant)
                        self.checked += 1
        # The checker keeps learning: should a wording stop reading as intended, report the gap
        # and fall back to a neighbouring pool rather than fail.
        self.gaps = [
            f"{name} {year}{' late' if late else ''} {verdict}"
            for name in GROUPS
            for year in years
            for late in (False, True)
            for verdict in VERDICTS
            if not self._pool[name, year, late, verdict]
        ]

    def pick(
        self, *, group: str, year: int, late: bool, verdict: str, rng: random.Random
    ) -> Variant:
        for key in [
            (group, year, late, verdict),
            (group, year, not late, verdict),
            *((group, year, late, other) for other in VERDICTS),
        ]:
            if self._pool[key]:
                return rng.choice(self._pool[key])
        raise LookupError(f"no composed report for {group} {year}")


@functools.cache
def variant_pool(years: tuple[int, ...], seed: int) -> VariantPool:
    """The pool for these years and seed; variants are never changed, so one per process does."""
    return VariantPool(list(years), seed)
