from reports.parsing import Part, check_text
from reports.parsing.body import MAX_SENTENCES, sentences_of

REPORT = """青溪县林业局2023年度法治政府建设年度报告
中共青溪县委、青溪县人民政府：
2023年，我局依法履行森林资源保护职责。现将有关情况报告如下：
一、主要举措和成效
（一）严格林地保护管理。全年查处毁林案件6起；恢复林地面积12亩。
（二）推进执法公开
在局网站公示行政处罚结果，接受社会监督！
二、党政主要负责人履行推进法治建设第一责任人职责情况
局长主持召开专题会议4次，研究林权纠纷调处工作。
总之，全年工作取得一定成效，但还存在一些不足，主要是执法车辆不足，原因是经费紧张。下一步，我局将争取资金更新执法车辆。
青溪县林业局
2024年1月18日"""


def _texts(result):
    return [(result.text[s.start : s.end], s.part) for s in sentences_of(result)]


def test_sentences_of_leave_out_front_matter_headings_and_signature():
    result = check_text(REPORT)

    assert [text for text, _part in _texts(result)] == [
        "2023年，我局依法履行森林资源保护职责。",
        "现将有关情况报告如下：",
        "全年查处毁林案件6起；",
        "恢复林地面积12亩。",
        "在局网站公示行政处罚结果，接受社会监督！",
        "局长主持召开专题会议4次，研究林权纠纷调处工作。",
        "总之，全年工作取得一定成效，但还存在一些不足，主要是执法车辆不足，原因是经费紧张。",
        "下一步，我局将争取资金更新执法车辆。",
    ]


def test_sentences_of_give_embedded_parts_their_own_part():
    result = check_text(REPORT)

    assert [part for _text, part in _texts(result)] == [
        None,
        None,
        Part.MEASURES,
        Part.MEASURES,
        Part.MEASURES,
        Part.LEADERSHIP,
        Part.SHORTCOMINGS,
        Part.PLANS,
    ]


def test_sentences_of_number_the_stretches_between_headings():
    result = check_text(REPORT)

    assert [s.run for s in sentences_of(result)] == [0, 0, 2, 2, 3, 4, 4, 4]


def test_sentences_of_stop_at_max_sentences_in_a_text_no_report_could_be():
    text = "青溪县林业局2023年度法治政府建设年度报告\n一、主要举措和成效\n" + "巡查林地一次。" * (
        MAX_SENTENCES + 10
    )

    assert len(sentences_of(check_text(text))) == MAX_SENTENCES
