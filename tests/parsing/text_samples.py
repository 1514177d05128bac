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
