"""Invented reports for the reused-text pages: a county's agencies over two years.

Every agency, figure and sentence is made up. A report is assembled from keyed sentences, so a
test knows which sentences a later report keeps and can look each one up in the stored text:

    draft = Draft("甲县司法局", 2023, {"measures": [["M1", "N2"]], ...}, shift=4)
    draft.data                    # the .txt an agency uploads
    draft.sentence("M1")          # as written there: its year, figures and name filled in
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.invented_reports import assemble

SUBHEADINGS = ("（一）夯实基层基础", "（二）规范权力运行", "（三）深化法治宣传")

SENTENCES = {
    # The justice bureau's measures.
    "M1": "{year}年，{name}组织全县人民调解员分三期参加业务轮训，累计培训{a}人次，调解员持证上岗率明显提高。",
    "M2": "在县城两个大型商场设立法律援助便民窗口，为农民工讨薪提供免费咨询和代书服务{b}件。",
    "M3": "对辖区内社区矫正对象实行分类管理，每月至少开展一次面对面谈话并建立电子定位台账。",
    "M4": "会同县信访局建立重大矛盾纠纷联席研判机制，对土地征收补偿引发的群体性纠纷提前介入化解。",
    "M5": "把行政规范性文件合法性审核意见书作为政府常务会议上会材料的必备件，退回补正文件{a}件。",
    "M6": "依托公共法律服务热线开通夜间值班坐席，夜间来电由值班律师当场答复或次日回访。",
    "M7": "组织律师、公证员走进全县各所中小学，围绕校园欺凌和网络诈骗开展以案释法宣讲{b}场。",
    "M8": "编写乡镇司法所规范化建设评分细则，从办公场所、人员配备、台账管理三方面逐项打分。",
    "M9": "推行行政复议案件繁简分流，对事实清楚的简易案件在三十日内审结，平均审理期限缩短了一周。",
    "M10": "在每个行政村选聘一名法律明白人，由司法所定期发放案例汇编并组织座谈交流。",
    "S1": "一是部分乡镇司法所只有一名工作人员，既要承担人民调解又要负责社区矫正，工作力量明显不足。",
    "S2": "二是法律援助经费主要依靠县级财政，办案补贴标准多年没有调整，律师参与的积极性不高。",
    "S3": "究其原因，主要是基层政法专项编制补充渠道不畅，专业人员招录和培养机制还不健全。",
    "L1": "局党组书记、局长全年主持召开党组会议专题研究法治政府建设工作{a}次，听取各股室情况汇报。",
    "L2": "局长带头到县委党校讲授行政复议法专题课，并在年终述职时专门报告履行法治建设职责情况。",
    "L3": "对涉及群众切身利益的重大行政处罚案件，局长亲自参加集体讨论并签署审查意见。",
    "P1": "{next}年，计划在全县推行人民调解案件线上登记，实现调解协议书统一编号和电子归档。",
    "P2": "选派业务骨干到市司法局跟班学习行政复议办案，提升复议案件审理的规范化水平。",
    "P3": "在三个中心集镇建设法治文化主题公园，把宪法和民法典条文融入群众休闲场所。",
    "P4": "争取县财政提高法律援助办案补贴标准，吸引更多执业律师承办援助案件。",
    # Written new the year after.
    "N1": "今年在两个乡镇试点人民调解案件线上登记，调解协议书实现统一编号并同步上传电子档案。",
    "N2": "与县人民法院建立诉调对接工作站，法院立案前先行引导当事人选择人民调解。",
    "N3": "县财政将法律援助办案补贴标准由每件八百元提高到一千二百元，新增承办律师{a}名。",
    "N4": "为全县社区矫正对象统一配发电子腕表，越界行为自动报警并推送到司法所值班手机。",
    "N5": "组织开展行政执法人员资格考试，{b}名新申领执法证件人员全部参加闭卷考试。",
    "N6": "三是基层调解员年龄普遍偏大，运用信息化手段登记案件的能力较弱。",
    "N7": "局长全年带队到八个乡镇司法所督导检查{a}次，现场解决办公用房紧张等实际困难。",
    "N8": "{next}年，将重点建设县级公共法律服务中心，整合法律援助、公证和调解窗口集中办公。",
    "N9": "逐步推行律师值班制度在各乡镇全覆盖，保证群众在家门口就能得到法律咨询。",
    # A template passed round the county, each agency's name in it.
    "T1": "{name}把法治政府建设列入年度重点工作，由{name}办公室牵头制定任务分解表并按月通报进度。",
    "T2": "{name}机关干部全年参加网上学法考试，参考率和合格率均达到百分之百。",
    "T3": "{name}在门户网站开设政务公开专栏，及时公开行政许可和行政处罚结果信息{a}条。",
    "T4": "{name}法律顾问全程参与重大合同审查，全年审查各类合同协议{b}份，提出修改意见四十余条。",
    "T5": "{name}对照上级督察反馈问题建立整改台账，逐项明确责任人和完成时限。",
    # The water bureau's own work.
    "W1": "{year}年，{name}开展河道采砂专项整治，依法查处非法采砂案件{a}起，没收采砂船只两艘。",
    "W2": "对全县二十座小型水库逐一落实防汛行政责任人、技术责任人和巡查责任人。",
    "W3": "推行取水许可电子证照，企业办理取水许可延续不再提交纸质材料。",
    "W4": "组织水政监察人员开展水法宣传进村入户活动，发放宣传资料{b}份。",
    "W5": "一是水政执法队伍专业人员少，部分执法人员对水土保持法掌握不够全面。",
    "W6": "原因在于近年来新进人员多为工程专业，缺少法律专业背景的执法骨干。",
    "W7": "局长主持召开局长办公会议专题研究河湖长制落实中的法律问题{a}次。",
    "W8": "局长带队检查防汛物资储备和水库安全度汛预案落实情况，对发现的问题当场交办整改。",
    "W9": "{next}年，计划完成全县河道管理范围划界成果公告，设立界桩和告示牌。",
    "W10": "开展水资源费征收专项稽查，对欠缴单位依法下达催缴通知书。",
    # Stock phrases only: in every report, and no sign of copying.
    "B1": "{year}年，{name}以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面推进依法行政。",
}


@dataclass(frozen=True)
class Draft:
    """A report of keyed sentences; `parts` gives each part's paragraphs as sentence keys."""

    agency: str  # as the title and signature name it
    year: int
    parts: dict[str, list[list[str]]]
    shift: int = 0  # moves every figure, as a later year's report changes them
    name: str | None = None  # how the body names the agency (default: `agency`)

    def sentence(self, key: str) -> str:
        return SENTENCES[key].format(
            year=self.year,
            next=self.year + 1,
            name=self.name or self.agency,
            a=12 + self.shift,
            b=230 + 9 * self.shift,
        )

    @property
    def text(self) -> str:
        return assemble(
            agency=self.agency,
            year=self.year,
            addressee="中共甲县县委、甲县人民政府：",
            opening=self.sentence("B1"),
            parts={
                part: ["".join(self.sentence(key) for key in paragraph) for paragraph in paragraphs]
                for part, paragraphs in self.parts.items()
            },
            subheadings=SUBHEADINGS,
            day=10 + self.shift,
        )

    @property
    def data(self) -> bytes:
        return self.text.encode()


JUSTICE = "甲县司法局"
WATER = "甲县水利局"

#: The justice bureau's report on 2022, naming itself by its older name.
JUSTICE_2022 = Draft(
    JUSTICE,
    2022,
    {
        "measures": [["M1", "M2", "M3"], ["M4", "M5", "M6"], ["M7", "M8", "M9", "M10"]],
        "shortcomings": [["S1", "S2", "S3"]],
        "leadership": [["L1", "L2", "L3"]],
        "plans": [["P1", "P2", "P3", "P4"]],
    },
    name="甲县司法行政局",
)
#: The same bureau a year on: these sentences kept, year and figures changed, some moved within
#: their paragraph, new ones between them.
KEPT_2023 = ("M3", "M1", "M5", "M6", "M8", "S1", "S3", "L2")
JUSTICE_2023 = Draft(
    JUSTICE,
    2023,
    {
        "measures": [["N2", "M3", "M1"], ["N1", "M5", "N3", "M6"], ["N4", "M8", "N5"]],
        "shortcomings": [["S1", "N6", "S3"]],
        "leadership": [["N7", "L2"]],
        "plans": [["N8", "N9"]],
    },
    shift=4,
)
#: The justice bureau's 2023 report on a template (T1–T5), next to its own sentences.
JUSTICE_TEMPLATE_2023 = Draft(
    JUSTICE,
    2023,
    {
        "measures": [["T1", "N2", "T2"], ["T3", "N4", "T4"], ["T5", "N5"]],
        "shortcomings": [["N6", "S3"]],
        "leadership": [["N7", "L1"]],
        "plans": [["N8", "N9"]],
    },
    shift=2,
)
#: The water bureau's, on the same template with its own name in it.
WATER_TEMPLATE_2023 = Draft(
    WATER,
    2023,
    {
        "measures": [["T1", "W1", "T2"], ["W2", "T3", "W3", "T4"], ["T5", "W4"]],
        "shortcomings": [["W5", "W6"]],
        "leadership": [["W7", "W8"]],
        "plans": [["W9", "W10"]],
    },
    shift=7,
)
#: The water bureau's own report, sharing nothing but stock phrases with the others.
WATER_2023 = Draft(
    WATER,
    2023,
    {
        "measures": [["W1", "W2"], ["W3", "W4"], ["W10"]],
        "shortcomings": [["W5", "W6"]],
        "leadership": [["W7", "W8"]],
        "plans": [["W9"]],
    },
)
