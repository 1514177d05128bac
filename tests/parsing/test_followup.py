"""An invented agency's two reports: the plans of 2022, and what the report on 2023 says was done."""

from reports.parsing import check_text
from reports.parsing.followup import NOT_FOUND, follow_through, plan_items

YEAR_2022 = """青禾县农业农村局2022年度法治政府建设年度报告
一、2022年推进法治政府建设的主要举措和成效
全年办理农业行政处罚案件二十三件，案卷评查合格率达到百分之百。在乡镇集市设立咨询台，现场讲解识别假冒化肥的方法。
二、存在的不足和原因
执法人员偏少，执法车辆老化，偏远山区巡查频次难以保证。原因是编制长期未能补充，经费安排偏少。
三、党政主要负责人履行推进法治建设第一责任人职责情况
局长全年主持召开党组会议专题研究法治工作四次，带头讲授农产品质量安全法专题课一次。
四、2023年推进法治政府建设的主要安排
2023年，我局将重点抓好以下工作：
（一）充实执法力量。计划新招录执法人员三名，并为执法大队更新两台执法车辆。
（二）开展农资市场排查。在春耕、秋种两个关键农时开展农资市场拉网式排查，实现全县农资门店检查全覆盖。
（三）建设网上办案系统。开发农业执法案件网上办理模块，年底前实现立案、审批、结案全流程线上流转。
（四）建设法治文化阵地。联合县司法局在十个行政村建设农业法治文化广场，打造群众身边的普法阵地。
青禾县农业农村局
2023年2月10日"""

YEAR_2023 = """青禾县农业农村局2023年度法治政府建设年度报告
一、2023年推进法治政府建设的主要举措和成效
（一）执法队伍更加充实
通过公开招考新录用执法人员三名，县财政安排专项资金为执法大队购置执法车辆两台，执法装备明显改善。全年办理农业行政处罚案件三十一件，案卷评查合格率达到百分之百。
（二）农资市场秩序持续好转
春耕和秋种期间，组织执法人员对全县农资门店开展拉网式排查，检查门店二百一十家，做到检查全覆盖。对抽检不合格的种子依法立案查处。
（三）普法阵地向村里延伸
与县司法局联合在八个行政村建成农业法治文化广场，群众在家门口就能学法。编印农民维权手册三千册，发放到各村农家书屋。
二、存在的不足和原因
执法人员对新修订的种子法理解不深，办理品种侵权案件经验不足。原因是专业培训安排偏少。
三、党政主要负责人履行推进法治建设第一责任人职责情况
局长全年主持召开专题会议五次研究法治工作，带队检查农资市场三次。
四、2024年推进法治政府建设的主要安排
2024年，我局将完成农业执法案件网上办理模块的开发，并组织执法人员参加种子法专题培训。
青禾县农业农村局
2024年2月8日"""


def test_plan_items_are_the_plans_subsections_without_the_lead_in():
    result = check_text(YEAR_2022)

    items = plan_items(result)

    assert [item.label for item in items] == ["（一）", "（二）", "（三）", "（四）"]
    assert (
        items[0].text
        == "（一）充实执法力量。计划新招录执法人员三名，并为执法大队更新两台执法车辆。"
    )
    assert [result.text[item.start : item.end] for item in items] == [item.text for item in items]


def test_plan_items_split_an_enumeration():
    text = YEAR_2022.replace(
        "2023年，我局将重点抓好以下工作：\n（一）充实执法力量。",
        "一是充实执法力量，",
    )
    text = text.replace("（二）开展农资市场排查。", "二是").replace(
        "（三）建设网上办案系统。", "三是"
    )
    text = text.replace("（四）建设法治文化阵地。", "四是")

    items = plan_items(check_text(text))

    assert [(item.label, item.text[:6]) for item in items] == [
        ("一是", "一是充实执法"),
        ("二是", "二是在春耕、"),
        ("三是", "三是开发农业"),
        ("四是", "四是联合县司"),
    ]


def test_plan_items_are_sentences_when_nothing_else_divides_the_plans():
    items = plan_items(check_text(YEAR_2023))

    assert [(item.label, item.text) for item in items] == [
        (
            None,
            "2024年，我局将完成农业执法案件网上办理模块的开发，并组织执法人员参加种子法专题培训。",
        )
    ]


def test_follow_through_finds_the_measures_that_carry_out_each_plan():
    earlier, later = check_text(YEAR_2022), check_text(YEAR_2023)

    matches = follow_through(plan_items(earlier), later)

    assert [match.text for match in matches] == [
        "通过公开招考新录用执法人员三名，县财政安排专项资金为执法大队购置执法车辆两台，执法装备明显改善。",
        "春耕和秋种期间，组织执法人员对全县农资门店开展拉网式排查，检查门店二百一十家，做到检查全覆盖。",
        None,
        "与县司法局联合在八个行政村建成农业法治文化广场，群众在家门口就能学法。",
    ]
    assert [later.text[m.start : m.end] for m in matches if m.followed] == [
        m.text for m in matches if m.followed
    ]


def test_follow_through_scores_the_unfollowed_plan_low_and_says_so():
    matches = follow_through(plan_items(check_text(YEAR_2022)), check_text(YEAR_2023))

    unfollowed = matches[2]
    assert (unfollowed.followed, unfollowed.start, unfollowed.end) == (False, None, None)
    assert unfollowed.score < min(m.score for m in matches if m.followed)
    assert (unfollowed.text or NOT_FOUND) == "未见落实情况"


def test_follow_through_without_a_later_measures_part_follows_nothing():
    later = check_text(
        "青禾县农业农村局2023年度法治政府建设年度报告\n四、2024年工作安排\n继续做好各项工作。"
    )

    matches = follow_through(plan_items(check_text(YEAR_2022)), later)

    assert [(m.followed, m.score) for m in matches] == [(False, 0.0)] * 4
