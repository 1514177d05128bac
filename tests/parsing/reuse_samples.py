"""Invented reports for the reused-text tests: an agency's two years, a neighbour, a stranger.

Every agency and sentence is made up. A report is written from numbered sentences, so a test
knows which sentences a later report keeps and where each stands:

    earlier = Report("青禾县农业农村局", 2022, {"measures": [["M1", "M2"], ["M3"]], ...})
    earlier.text                      # the report as a file would hold it
    earlier.sentence("M1")            # the sentence as written there, year and figures filled in
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.invented_reports import assemble

SUBHEADINGS = ("（一）强化农业执法", "（二）规范权力运行", "（三）深化普法宣传")

SENTENCES = {
    # measures
    "M1": "{year}年，{agency}围绕农业执法主责主业，组织开展农资打假专项行动{n}次，检查农资经营门店{m}家。",
    "M2": "对抽检不合格的种子和农药依法立案查处，全年办理行政处罚案件{n}件，罚没款全部上缴国库。",
    "M3": "执法人员在检查中全程佩戴执法记录仪，现场检查笔录和询问笔录当场交当事人签字确认。",
    "M4": "聘请{n}名执业律师担任常年法律顾问，对局机关签订的土地流转服务合同逐份审核把关。",
    "M5": "推行农机购置补贴网上申请，群众办事由过去跑三次改为一次都不用跑。",
    "M6": "将高标准农田建设项目招标文件、中标结果和资金拨付情况在局门户网站逐项公开。",
    "M7": "建立局领导包乡联村制度，每季度到联系乡镇听取群众对农业执法工作的意见。",
    "M8": "针对春耕期间农民集中购买化肥的特点，在乡镇集市设立咨询台，现场讲解识别假冒化肥的方法。",
    "M8r": "在乡镇集市设立咨询台，针对春耕期间农民集中购买化肥的特点，现场讲解识别假冒化肥的方法。",
    "M9": "编印《农民维权手册》{n}册，通过村级广播站每周播放农业法律法规小常识。",
    "M10": "{agency}被评为先进单位。",
    "M11": "{agency}印发《{agency}执法责任制办法》。",
    # shortcomings
    "S1": "一是农业综合行政执法队伍人员偏少，平均每名执法人员要负责两个乡镇的日常巡查。",
    "S2": "二是部分执法人员对新修订的种子法理解不深，办理品种侵权案件经验不足。",
    "S3": "三是农资门店分布零散，偏远山区的巡查频次难以保证。",
    "S4": "究其原因，主要是编制长期未能补充，专业培训经费安排偏少，执法车辆老化严重。",
    # leadership
    "L1": "局党组书记、局长作为第一责任人，全年主持召开党组会议专题研究法治工作{n}次。",
    "L2": "局长带头在县农业系统法治讲堂讲授农产品质量安全法解读专题课，参训人员达{m}人。",
    "L3": "对涉及群众切身利益的土地承包经营纠纷调处案件，局长亲自阅卷并参加集体讨论。",
    "L4": "年终述职时将履行推进法治建设职责情况作为单独章节，接受党组成员和干部职工评议。",
    # plans
    "P1": "{next}年，计划新招录执法人员三名，并为执法大队更新两台执法车辆。",
    "P2": "在春耕、秋种两个关键农时开展农资市场拉网式排查，实现全县农资门店检查全覆盖。",
    "P3": "开发农业执法案件网上办理模块，年底前实现立案、审批、结案全流程线上流转。",
    "P4": "联合县司法局在十个行政村建设农业法治文化广场，打造群众身边的普法阵地。",
    # written new in a later year
    "N1": "今年新增无人机巡查手段，对全县主要水稻种植区开展病虫害监测与违规用药排查。",
    "N2": "与市场监管部门签订农产品质量安全联合执法协议，明确双方案件移送的时限和程序。",
    "N3": "在县城农贸市场设立农产品快速检测室，每日公示蔬菜农药残留检测结果。",
    "N4": "组织执法人员参加省农业农村厅举办的执法技能比武，获得团体三等奖。",
    "N5": "全县培育农村学法用法示范户二百余户，带动周边群众遵法守法。",
    "N6": "对新入职的年轻干部实行以老带新，由业务骨干一对一指导执法文书制作。",
    "N8": "局长全年带队到乡镇检查农资市场{n}次，现场督办投诉举报案件的处理。",
    "N9": "局党组将法治建设情况纳入对各股室的年度绩效考评，考评结果与评先评优挂钩。",
    "N7": "下一年度将重点解决执法装备不足的问题，争取专项资金购置快速检测设备。",
    # another agency, another county, the same subject
    "C1": "{year}年，{agency}全面梳理社会救助领域权力事项，公布权责清单事项{n}项。",
    "C2": "对全县养老机构开展消防安全和食品安全联合检查，督促整改安全隐患{n}处。",
    "C3": "办理婚姻登记时推行告知承诺制，当事人不再需要提交户籍所在地证明材料。",
    "C4": "低保对象认定严格执行入户调查、民主评议和张榜公示，全年新增纳入低保{n}户。",
    "C5": "邀请律师到殡葬改革宣传现场解答群众关于公墓收费标准的法律咨询。",
    "C6": "在社区服务中心张贴未成年人保护法宣传挂图，组织志愿者开展防欺凌讲座。",
    "C7": "一是基层民政经办人员流动频繁，业务衔接不够顺畅。",
    "C8": "二是部分养老机构负责人法律意识淡薄，安全管理台账记录不全。",
    "C9": "原因在于乡镇民政岗位多为兼职，日常培训难以覆盖到每一名经办人员。",
    "C10": "局主要负责人带队走访敬老院，现场督办消防通道堵塞等问题的整改。",
    "C11": "局长在全县民政工作会议上作依法行政专题讲话，部署社会救助政策落实检查。",
    "C12": "局长亲自审签每一件行政复议答复书，确保答复意见依据充分。",
    "C13": "{next}年，推动建成县级未成年人救助保护中心，完善困境儿童关爱档案。",
    "C14": "开展养老服务市场失信联合惩戒，公开曝光违规收费的养老机构。",
    # stock phrases only
    "B1": "{year}年，{me}以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想。",
    "B2": "在县委、县政府的坚强领导下，全面推进依法行政，加快建设法治政府。",
    "B3": "全面推行行政执法三项制度，落实“谁执法谁普法”普法责任制。",
    "B4": "严格落实领导干部学法制度，运用法治思维和法治方式，不断提高依法行政水平。",
    "B5": "虽然取得了一定成效，但也存在一些不足，与上级的要求还有一定差距。",
    "B6": "认真履行推进法治建设第一责任人职责，同部署、同推进、同督促、同考核、同奖惩。",
    "B7": "推动法治政府建设再上新台阶，为经济社会高质量发展提供坚强法治保障。",
}


@dataclass
class Report:
    """A report of numbered sentences; `parts` gives each part's paragraphs, sentence ids."""

    agency: str
    year: int
    parts: dict[str, list[list[str]]]
    figures: int = 0  # shifts every figure, as a later year's report changes them
    me: str = "我局"
    name_in_text: str | None = None  # how the body names the agency (default: its name)
    preamble: list[str] = field(default_factory=list)

    def sentence(self, sid: str) -> str:
        return SENTENCES[sid].format(
            year=self.year,
            next=self.year + 1,
            agency=self.name_in_text or self.agency,
            me=self.me,
            n=3 + self.figures,
            m=120 + 7 * self.figures,
        )

    @property
    def text(self) -> str:
        return assemble(
            agency=self.agency,
            year=self.year,
            addressee="中共青禾县委、青禾县人民政府：",
            opening="".join(self.sentence(s) for s in self.preamble),
            parts={
                part: ["".join(self.sentence(s) for s in paragraph) for paragraph in paragraphs]
                for part, paragraphs in self.parts.items()
            },
            subheadings=SUBHEADINGS,
            day=10 + self.figures,
        )


EARLIER = Report(
    "青禾县农业农村局",
    2022,
    {
        "measures": [["M1", "M2", "M3"], ["M4", "M5", "M6", "M7"], ["M8", "M9", "M10"]],
        "shortcomings": [["S1", "S2", "S3", "S4"]],
        "leadership": [["L1", "L2", "L3", "L4"]],
        "plans": [["P1", "P2", "P3", "P4"]],
    },
)

#: The same agency a year on: kept sentences with year and figures changed, some moved within
#: their paragraph (M2, M5), one with its clauses reordered (M8r), new ones between them.
LATER_KEPT = ("M1", "M3", "M2", "M6", "M5", "M9", "M8r", "S1", "S4", "L2", "P2", "P3")
LATER = Report(
    "青禾县农业农村局",
    2023,
    {
        "measures": [["M1", "N1", "M3", "M2"], ["N2", "M6", "M5", "N3", "N4"], ["M9", "M8r", "N5"]],
        "shortcomings": [["S1", "N6", "S4"]],
        "leadership": [["N8", "L2", "N9"]],
        "plans": [["N7", "P2", "P3", "N1"]],
    },
    figures=5,
)

STRANGER = Report(
    "松溪县民政局",
    2023,
    {
        "measures": [["C1", "C2", "C3"], ["C4", "C5"], ["C6"]],
        "shortcomings": [["C7", "C8", "C9"]],
        "leadership": [["C10", "C11", "C12"]],
        "plans": [["C13", "C14"]],
    },
)


def boilerplate(agency: str, me: str) -> Report:
    """A report written in stock phrases only."""
    return Report(
        agency,
        2023,
        {
            "measures": [["B1", "B2"], ["B3"], ["B4"]],
            "shortcomings": [["B5"]],
            "leadership": [["B6"]],
            "plans": [["B7"]],
        },
        me=me,
    )
