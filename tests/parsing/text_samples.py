"""Made-up report texts for the understanding tests: a model report and a builder for variants.

The agency and every sentence are invented; nothing here is copied from a real report.
"""

MODEL_REPORT = """青溪县市场监督管理局文件

青市监发〔2024〕3号

青溪县市场监督管理局2023年度法治政府建设年度报告

中共青溪县委、青溪县人民政府：

2023年，青溪县市场监督管理局在县委、县政府的领导下，坚持依法行政，扎实推进法治政府建设。现将有关情况报告如下：

一、2023年推进法治政府建设的主要举措和成效

（一）健全依法决策机制

全年召开局务会议十二次，重大事项均经合法性审查后集体讨论决定，未发生因决策违法引发的行政复议或诉讼案件。

（二）规范行政执法行为

全面推行行政执法公示、执法全过程记录和重大执法决定法制审核制度，全年办理行政处罚案件八十六件，案卷评查合格率达到百分之百。

二、推进法治政府建设存在的不足和原因

一是执法人员专业能力参差不齐，部分人员对新修订的法规掌握不够；二是基层市场监管所执法装备不足，快速检测能力较弱。究其原因，主要是培训投入不够，经费保障有限，考核激励措施不够有力。

三、党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况

局主要负责人认真履行推进法治建设第一责任人职责，全年主持召开法治建设专题会议四次，带头讲授法治课两次，对重大执法案件亲自审定，把法治建设纳入班子年度考核内容，并在年终述职中专门报告履行法治建设职责情况。

四、2024年推进法治政府建设的主要安排

2024年，我局将继续完善执法制度体系，加大执法人员培训力度，推进基层所执法规范化建设，落实行政执法责任制，确保法治政府建设各项任务落到实处，不断提升依法行政水平。

青溪县市场监督管理局

2024年2月6日
"""

_NUMERALS = "一二三四五六七八九十"
_LONG_BODY = (
    "围绕年度目标，细化任务清单，明确责任科室和完成时限，按季度调度工作进展，"
    "对发现的偏差及时督促整改，全年各项任务均按计划完成，取得了较好的工作成效。"
    "同时注重总结经验，把行之有效的做法固化为制度，形成长效机制。"
)


def report_text(
    *sections: tuple[str, str],
    title: str = "青溪县市场监督管理局2023年度法治政府建设年度报告",
    closing: str = "",
    signature: str = "青溪县市场监督管理局\n2024年2月6日",
) -> str:
    """A report with the given (heading, body) top-level sections, numbered 一、二、三……

    A body of "" gets a long neutral paragraph, so only the heading decides the part.
    """
    lines = [title, "2023年，我局坚持依法行政，现将有关情况报告如下："]
    for index, (heading, body) in enumerate(sections):
        lines.append(f"{_NUMERALS[index]}、{heading}")
        lines.append(body or _LONG_BODY)
    if closing:
        lines.append(closing)
    if signature:
        lines.append(signature)
    return "\n".join(lines)


def complete_report(**overrides: str) -> str:
    """The four parts under prescribed headings; keyword arguments replace a part's body."""
    return report_text(
        ("2023年推进法治政府建设的主要举措和成效", overrides.get("measures", "")),
        (
            "推进法治政府建设存在的不足和原因",
            overrides.get(
                "shortcomings",
                "一是执法力量不足，二是宣传方式单一，三是基层所规范化建设进度偏慢。"
                "原因在于人员编制紧张、经费投入有限，对新媒体宣传手段运用不够，"
                "相关培训开展得还不够经常，需要在来年着力改进。",
            ),
        ),
        (
            "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
            overrides.get("leadership", ""),
        ),
        ("2024年推进法治政府建设的主要安排", overrides.get("plans", "")),
    )


THIN_LEADERSHIP = (
    "局主要负责人高度重视法治政府建设，认真履行推进法治建设第一责任人职责，始终把法治建设摆在"
    "全局工作的突出位置，对法治工作经常过问、亲自推动。局领导班子其他成员按照分工抓好分管领域的"
    "法治建设，形成了上下联动、齐抓共管的良好局面。"
)
VAGUE_SHORTCOMINGS = (
    "虽然我局法治政府建设工作取得了一定成效，但与上级要求相比还存在一定差距。工作中还存在一些"
    "薄弱环节，与人民群众的期待还有差距，仍有进步空间。部分工作还有待进一步加强和改进，各项工作"
    "与新形势新任务的要求相比还有一定差距。"
)
EMPTY_PLANS = (
    "下一步，我局将继续深入学习贯彻习近平法治思想，进一步提高依法行政水平，推动法治政府建设再上"
    "新台阶。持续推进法治政府建设，切实加强法治宣传，不断提升依法行政能力和水平，为经济社会"
    "高质量发展提供坚强法治保障。"
)
MEASURES = (
    "组织执法人员分三批赴市局跟班学习案件办理流程，每人至少参与办理两起完整案件。"
    "在全县十二个市场监管所推行执法文书电子签章，文书制作时间平均缩短一半。"
    "对食品小作坊开展飞行检查，责令停业整改九家，移送公安机关涉嫌犯罪线索一条。"
)
STOCK_LEADERSHIP = (
    "局主要负责人切实担负起推进法治建设第一责任人职责，做到重要工作亲自部署、重大问题亲自过问、"
    "重点环节亲自协调、重要任务亲自督办；带头尊法学法守法用法，严格落实领导干部学法制度，运用"
    "法治思维和法治方式，不断提高依法行政水平。"
)

GOOD_SHORTCOMINGS = (
    "一是执法人员专业能力参差不齐，部分人员对新修订的食品安全法实施条例掌握不够；二是基层所执法"
    "装备不足，快速检测能力较弱。究其原因，主要是培训投入不够，经费保障有限。"
)
GOOD_LEADERSHIP = (
    "局主要负责人全年主持召开法治建设专题会议4次，带头讲授法治课2次，对重大执法案件亲自审定，"
    "并在年终述职中专门报告履行法治建设职责情况。"
)
GOOD_PLANS = (
    "2024年，我局将修订行政处罚裁量基准，上半年完成全部执法人员轮训，在四个基层所建成执法"
    "规范化示范点，并对食品小作坊实行分级监管。"
)


def substantial_report(**parts: str) -> str:
    """A complete report with adequate parts, those given replaced."""
    bodies = {
        "measures": MEASURES,
        "shortcomings": GOOD_SHORTCOMINGS,
        "leadership": GOOD_LEADERSHIP,
        "plans": GOOD_PLANS,
    }
    return complete_report(**(bodies | parts))
