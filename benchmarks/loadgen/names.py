"""Names for generated load: a province, its cities and counties, their agencies, people.

A province (江岭省) has its people's government and some forty departments (江岭省司法厅, alias
江岭省人社厅 for 江岭省人力资源和社会保障厅); each city (临江市) its government and forty to
fifty departments (临江市司法局); each county of ~120 reporting bodies (青川县) its government
(青川县人民政府), ~half departments (青川县司法局), townships and subdistricts
(青川县白石镇人民政府), a development zone or two (青川经济开发区管理委员会) and a few service
centres. A department names the one above it that it also reports to: 青川县司法局 → 临江市司法局
→ 江岭省司法厅.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from reports.models import Agency

# Characters of region names. 样 and 本 are left out: the composed report texts use 样本县,
# 样本市 and 样本省 as stand-ins. No pair of them names a real province (江西, 青海, 云南…), so
# the generated province passes for none.
_REGION_FIRST = "青临安永长新平宁德兴富泰通华嘉崇隆清丰阳武宜广桃龙凤云金石溪松江"
_REGION_SECOND = "川江山阳源平城宁水溪林州丰乐化安定和泉陵昌明"

# Department name after the county, and the short form some go by (their alias).
DEPARTMENTS: tuple[tuple[str, str | None], ...] = (
    ("司法局", None),
    ("教育局", None),
    ("公安局", None),
    ("民政局", None),
    ("财政局", None),
    ("人力资源和社会保障局", "人社局"),
    ("自然资源局", None),
    ("住房和城乡建设局", "住建局"),
    ("交通运输局", "交通局"),
    ("水利局", None),
    ("农业农村局", "农业局"),
    ("商务局", None),
    ("文化旅游广电体育局", "文旅广体局"),
    ("卫生健康局", "卫健局"),
    ("退役军人事务局", "退役军人局"),
    ("应急管理局", "应急局"),
    ("审计局", None),
    ("市场监督管理局", "市场监管局"),
    ("统计局", None),
    ("医疗保障局", "医保局"),
    ("林业局", None),
    ("城市管理综合执法局", "城管局"),
    ("发展和改革局", "发改局"),
    ("科学技术局", "科技局"),
    ("工业和信息化局", "工信局"),
    ("行政审批服务局", "行政审批局"),
    ("信访局", None),
    ("乡村振兴局", None),
    ("数据资源局", "数据局"),
    ("粮食和物资储备局", "粮储局"),
    ("民族宗教事务局", "民宗局"),
    ("档案局", None),
    ("地方金融监督管理局", "金融局"),
    ("招商合作局", "招商局"),
    ("生态环境保护综合执法局", "环保执法局"),
    ("畜牧水产事务局", "畜牧局"),
    ("农业综合执法局", "农执局"),
    ("文化市场综合执法局", "文化执法局"),
    ("交通运输综合行政执法局", "交通执法局"),
    ("国有资产事务服务局", "国资局"),
    ("机关事务管理局", "机关事务局"),
    ("供销合作事务局", "供销局"),
    ("移民开发局", "移民局"),
    ("公路建设养护局", "公路局"),
    ("体育事业发展局", "体育局"),
    ("消防救援局", None),
    ("经济合作局", "经合局"),
    ("住房保障局", None),
    ("城乡规划局", "规划局"),
    ("水务局", None),
    ("老龄工作局", "老龄局"),
    ("气象局", None),
    ("地震局", None),
)
# A provincial department, its short name, and the city and county departments it oversees.
PROVINCIAL_DEPARTMENTS: tuple[tuple[str, str | None, str | None], ...] = (
    ("教育厅", None, "教育局"),
    ("科学技术厅", "科技厅", "科学技术局"),
    ("工业和信息化厅", "工信厅", "工业和信息化局"),
    ("公安厅", None, "公安局"),
    ("民政厅", None, "民政局"),
    ("司法厅", None, "司法局"),
    ("财政厅", None, "财政局"),
    ("人力资源和社会保障厅", "人社厅", "人力资源和社会保障局"),
    ("自然资源厅", None, "自然资源局"),
    ("生态环境厅", None, "生态环境保护综合执法局"),
    ("住房和城乡建设厅", "住建厅", "住房和城乡建设局"),
    ("交通运输厅", "交通厅", "交通运输局"),
    ("水利厅", None, "水利局"),
    ("农业农村厅", "农业厅", "农业农村局"),
    ("商务厅", None, "商务局"),
    ("文化和旅游厅", "文旅厅", "文化旅游广电体育局"),
    ("退役军人事务厅", "退役军人厅", "退役军人事务局"),
    ("应急管理厅", "应急厅", "应急管理局"),
    ("审计厅", None, "审计局"),
    ("发展和改革委员会", "发改委", "发展和改革局"),
    ("卫生健康委员会", "卫健委", "卫生健康局"),
    ("民族宗教事务委员会", "民宗委", "民族宗教事务局"),
    ("国有资产监督管理委员会", "国资委", "国有资产事务服务局"),
    ("市场监督管理局", "市场监管局", "市场监督管理局"),
    ("广播电视局", "广电局", None),
    ("体育局", None, "体育事业发展局"),
    ("统计局", None, "统计局"),
    ("医疗保障局", "医保局", "医疗保障局"),
    ("林业局", None, "林业局"),
    ("地方金融监督管理局", "金融局", "地方金融监督管理局"),
    ("机关事务管理局", "机关事务局", "机关事务管理局"),
    ("信访局", None, "信访局"),
    ("粮食和物资储备局", "粮储局", "粮食和物资储备局"),
    ("乡村振兴局", None, "乡村振兴局"),
    ("能源局", None, None),
    ("药品监督管理局", "药监局", None),
    ("知识产权局", None, None),
    ("数据局", None, "数据资源局"),
    ("监狱管理局", "监狱局", None),
    ("戒毒管理局", None, None),
    ("气象局", None, "气象局"),
    ("地震局", None, "地震局"),
)
OTHERS = ("融媒体中心", "公共资源交易中心", "政务服务中心", "机关事务服务中心", "疾病预防控制中心")
# The zone's name is the county's without 县, as 洞口经济开发区管理委员会 is 洞口县's.
ZONES: tuple[tuple[str, str], ...] = (
    ("经济开发区管理委员会", "经开区管委会"),
    ("高新技术产业开发区管理委员会", "高新区管委会"),
    ("工业园区管理委员会", "工业园管委会"),
)
_PLACE_FIRST = "青白石桃柳龙凤金银马黄高新长平安太双三大小东西南北红花梅竹茶杨"
_PLACE_SECOND = "山河桥坪溪岭湾塘口田冲铺江洲庄源水市坝场湖林"
_TOWNSHIP_KINDS = (("镇人民政府", 6), ("乡人民政府", 3), ("街道办事处", 1))

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志文斌海波辉鹏宇晨欣怡浩然子轩雨佳思琪俊凯"


@dataclass(frozen=True)
class AgencySpec:
    name: str
    kind: str
    alias: str | None
    superior: str = ""  # the department one level up that it also reports to
    oversees: str | None = None  # the name, after the place, of the departments below it


def region_names(count: int, ending: str, rng: random.Random, taken: set[str]) -> list[str]:
    """`count` distinct region names ending in `ending` (临川县, 安平市…) on stems not in `taken`.

    The stems drawn join `taken`, so that 临川市 and 临川县 never both appear.
    """
    names: list[str] = []
    for stem in _stems(_REGION_FIRST, _REGION_SECOND, rng):
        if len(names) == count:
            break
        if stem not in taken:
            names.append(f"{stem}{ending}")
            taken.add(stem)
    return names


def _stems(first: str, second: str, rng: random.Random) -> Iterator[str]:
    """Two-character place names in random order, then three-character ones when they run out.

    No digits: the checker does not take 第12县司法局 for an agency's name, nor should it.
    """
    pairs = [a + b for a in first for b in second if a != b]
    rng.shuffle(pairs)
    yield from pairs
    for pair in pairs:
        for c in second:
            if c not in pair:
                yield pair + c


def agencies_of_province(province: str, size: int, rng: random.Random) -> list[AgencySpec]:
    """`size` bodies at the province's own level: its people's government, then departments."""
    if size < 1:
        return []
    specs = [AgencySpec(f"{province}人民政府", Agency.Kind.PROVINCE, None)]
    count = min(size - 1, len(PROVINCIAL_DEPARTMENTS))
    for suffix, short, oversees in rng.sample(PROVINCIAL_DEPARTMENTS, count):
        alias = f"{province}{short}" if short and rng.random() < 0.6 else None
        specs.append(
            AgencySpec(f"{province}{suffix}", Agency.Kind.DEPARTMENT, alias, oversees=oversees)
        )
    return specs


def agencies_of_city(
    city: str, size: int, rng: random.Random, superiors: Mapping[str, str]
) -> list[AgencySpec]:
    """`size` bodies at a city's own level: its people's government, then its departments.

    `superiors` names the provincial department above each kind of department (by its name
    after the place: 司法局 → 江岭省司法厅).
    """
    if size < 1:
        return []
    specs = [AgencySpec(f"{city}人民政府", Agency.Kind.GOVERNMENT, None)]
    specs += _departments(city, min(size - 1, len(DEPARTMENTS)), rng, superiors, oversee=True)
    return specs


def agencies_of_county(
    county: str,
    size: int,
    rng: random.Random,
    superiors: Mapping[str, str],
    *,
    model_area: bool = False,
) -> list[AgencySpec]:
    """`size` reporting bodies of one county in the mix of a real one; names unique in it.

    The county's people's government comes first: a model area (示范地区) reports as one.
    """
    if size < 1:
        return []
    kind = Agency.Kind.MODEL_AREA if model_area else Agency.Kind.GOVERNMENT
    specs = [AgencySpec(f"{county}人民政府", kind, None)]
    size -= 1
    zones = min(len(ZONES), max(1 if size >= 5 else 0, round(size * 0.02)))
    others = min(len(OTHERS), round(size * 0.04))
    departments = min(len(DEPARTMENTS), round(size * 0.5))
    townships = size - zones - others - departments
    stem = county.removesuffix("县")
    for suffix, short in rng.sample(ZONES, zones):
        specs.append(
            AgencySpec(f"{stem}{suffix}", Agency.Kind.DEVELOPMENT_ZONE, f"{county}{short}")
        )
    for suffix in rng.sample(OTHERS, others):
        specs.append(AgencySpec(f"{county}{suffix}", Agency.Kind.OTHER, None))
    specs += _departments(county, departments, rng, superiors, oversee=False)
    kinds, weights = zip(*_TOWNSHIP_KINDS, strict=True)
    for place in itertools.islice(_stems(_PLACE_FIRST, _PLACE_SECOND, rng), townships):
        kind = rng.choices(kinds, weights)[0]
        specs.append(AgencySpec(f"{county}{place}{kind}", Agency.Kind.TOWNSHIP, None))
    return specs


def _departments(
    place: str, count: int, rng: random.Random, superiors: Mapping[str, str], *, oversee: bool
) -> list[AgencySpec]:
    specs = []
    for suffix, short in rng.sample(DEPARTMENTS, count):
        # Not every agency's short name has made it into the register.
        alias = f"{place}{short}" if short and short != suffix and rng.random() < 0.6 else None
        specs.append(
            AgencySpec(
                f"{place}{suffix}",
                Agency.Kind.DEPARTMENT,
                alias,
                superior=superiors.get(suffix, ""),
                oversees=suffix if oversee else None,
            )
        )
    return specs


def person(rng: random.Random) -> tuple[str, str]:
    """(family name, given name)."""
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(_SURNAMES), given
