"""Parts present in name only, as the report page shows the checker's findings on them."""

from __future__ import annotations

from reports.services import upload_report

#: A report whose shortcomings, leadership and plans parts are long enough to read, and say
#: almost nothing: stock phrases, and a leadership part of two sentences that counts nothing.
WEAK = """甲县司法局2023年度法治政府建设年度报告
中共甲县县委、甲县人民政府：
现将2023年度法治政府建设情况报告如下：
一、2023年推进法治政府建设的主要举措和成效
全年开展河道采砂专项整治，依法查处非法采砂案件12起，没收采砂船只两艘。对全县二十座小型水库逐一落实防汛行政责任人、技术责任人和巡查责任人。推行取水许可电子证照，企业办理取水许可延续不再提交纸质材料。组织水政监察人员开展水法宣传进村入户活动，发放宣传资料300份。
二、推进法治政府建设存在的不足和原因
虽然取得了一定成效，但也存在一些不足，与上级的要求还有一定差距，与人民群众的期待还有差距，依法行政意识有待进一步提高，依法行政意识和能力还需进一步增强，工作中还存在一些薄弱环节。
三、党政主要负责人履行推进法治建设第一责任人职责情况
局主要负责人高度重视法治政府建设工作，认真履行推进法治建设第一责任人职责，把法治建设纳入全局工作的重要位置，重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。局领导班子带头尊法学法守法用法，营造浓厚的法治氛围。
四、2024年推进法治政府建设的主要安排
继续深入学习贯彻习近平法治思想，持续推进法治政府建设，全面推进依法行政，加快建设法治政府，确保法治政府建设各项任务落到实处，推动法治政府建设再上新台阶，为经济社会高质量发展提供坚强法治保障。
甲县司法局
2024年2月10日"""
SUBSTANCE = {"leadership_thin", "part_boilerplate"}


def test_part_substance_findings_point_at_what_they_quote(client, agency, agency_user, period):
    report = upload_report(
        agency=agency, period=period, user=agency_user, filename="报告.txt", data=WEAK.encode()
    )
    client.force_login(agency_user)

    response = client.get(report.get_absolute_url())

    html = response.content.decode()
    rows = [row for row in response.context["findings"] if row.code in SUBSTANCE]
    assert sorted({row.code for row in rows}) == sorted(SUBSTANCE)
    for row in rows:
        # A link to a marked place in the text, where the words it quotes begin.
        assert f'href="#{row.target}"' in html
        assert f'id="{row.target}"' in html
        assert report.text[row.offset : row.offset + 12] in row.message
    assert "hl-warning hl-warning" not in html
