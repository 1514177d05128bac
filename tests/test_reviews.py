"""The legal office's side through the HTTP client: dashboard, comments, decisions, versions."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.models import Agency, AgencyAlias, ReportingPeriod
from reports.services import submit_report, upload_report
from reviews.models import ReportEvent, ReviewerComment
from reviews.services import add_comment, return_report
from tests.samples import COMPLETE, INCOMPLETE, PARTIAL, demo_bytes, demo_text


def hand_in(agency, period, user, name=COMPLETE, at=None):
    report = upload_report(
        agency=agency,
        period=period,
        user=user,
        filename=name,
        data=demo_bytes(name),
        at=at - datetime.timedelta(hours=2) if at else None,
    )
    return submit_report(agency_confirmed=True, report=report, user=user, at=at)


@pytest.fixture
def reviewing(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def county(region, period, agency, agency_user):
    """Four agencies of one region: complete, partial, incomplete, and one that never reported."""
    from reports.models import Role, User

    made = {"complete": agency}
    for name, verdict in [("甲县教育局", "partial"), ("甲县青山镇人民政府", "incomplete")]:
        made[verdict] = Agency.objects.create(name=name, region=region)
    made["silent"] = Agency.objects.create(name="甲县交通运输局", region=region)
    AgencyAlias.objects.create(agency=made["partial"], name="甲县教体局")
    on_time = datetime.datetime(2024, 2, 20, 10, tzinfo=datetime.UTC)
    late = datetime.datetime(2024, 3, 5, 10, tzinfo=datetime.UTC)
    files = {"complete": COMPLETE, "partial": PARTIAL, "incomplete": INCOMPLETE}
    for verdict, name in files.items():
        clerk = (
            agency_user
            if verdict == "complete"
            else User.objects.create_user(
                username=f"clerk-{verdict}", role=Role.AGENCY, agency=made[verdict]
            )
        )
        made[f"{verdict}_report"] = hand_in(
            made[verdict], period, clerk, name, at=late if verdict == "incomplete" else on_time
        )
    return made


def rows(response):
    return [
        (row.agency.name, row.report.verdict if row.report else None)
        for row in response.context["rows"]
    ]


def test_dashboard_counts_on_top(reviewing, county, other_report):
    counts = reviewing.get(reverse("reviews:dashboard")).context["counts"]

    assert counts.__dict__ == {
        "expected": 4,
        "submitted": 3,
        "complete": 1,
        "partial": 1,
        "incomplete": 1,
        "overdue": 1,
        "awaiting_review": 3,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("verdict=incomplete", [("甲县青山镇人民政府", "incomplete")]),
        ("status=none", [("甲县交通运输局", None)]),
        ("overdue=on", [("甲县交通运输局", None)]),
        ("part=shortcomings:missing", [("甲县青山镇人民政府", "incomplete")]),
        ("part=leadership:embedded", [("甲县教育局", "partial")]),
        ("q=教体局", [("甲县教育局", "partial")]),
        ("q=青山", [("甲县青山镇人民政府", "incomplete")]),
    ],
)
def test_dashboard_filters(reviewing, county, query, expected):
    response = reviewing.get(f"{reverse('reviews:dashboard')}?{query}")

    assert rows(response) == expected


def test_dashboard_filter_open_comments(reviewing, reviewer, county):
    add_comment(report=county["partial_report"], user=reviewer, body="请单列第一责任人部分")

    response = reviewing.get(f"{reverse('reviews:dashboard')}?open_comments=on")

    assert rows(response) == [("甲县教育局", "partial")]
    assert response.context["rows"][0].open_comments == 1


def test_dashboard_sorts_by_verdict_both_ways(reviewing, county):
    ascending = rows(reviewing.get(f"{reverse('reviews:dashboard')}?sort=verdict"))
    descending = rows(reviewing.get(f"{reverse('reviews:dashboard')}?sort=-verdict"))

    assert [v for _, v in ascending] == ["complete", "partial", "incomplete", None]
    assert [v for _, v in descending] == ["incomplete", "partial", "complete", None]


def test_dashboard_marks_late_submission(reviewing, county):
    response = reviewing.get(f"{reverse('reviews:dashboard')}?sort=agency")

    on_time = {row.agency.name: row.on_time for row in response.context["rows"]}
    assert on_time == {
        "甲县交通运输局": None,
        "甲县司法局": True,
        "甲县教育局": True,
        "甲县青山镇人民政府": False,
    }


def test_dashboard_part_cells_say_where_an_embedded_part_is(reviewing, county):
    response = reviewing.get(f"{reverse('reviews:dashboard')}?verdict=partial")

    cells = response.context["rows"][0].part_cells()
    assert cells[2][:2] == ("leadership", "embedded")
    assert cells[2][2]
    assert f'title="未单独成章：{cells[2][2]}"' in response.content.decode()


def test_dashboard_paginates_fifty_rows_and_keeps_filters_in_links(reviewing, region, period):
    for index in range(120):
        Agency.objects.create(name=f"甲县第{index:03d}单位", region=region)

    response = reviewing.get(f"{reverse('reviews:dashboard')}?status=none&page=2")

    assert (len(response.context["rows"]), response.context["page"].paginator.count) == (50, 120)
    assert 'href="?status=none&page=3"' in response.content.decode()


def test_dashboard_shows_last_decision(reviewing, reviewer, county):
    return_report(report=county["incomplete_report"], user=reviewer, message="缺少不足和原因")

    response = reviewing.get(f"{reverse('reviews:dashboard')}?verdict=incomplete")

    assert response.context["rows"][0].last_decision == "returned"


def test_dashboard_of_earlier_year(reviewing, county, region):
    ReportingPeriod.objects.create(year=2022)

    response = reviewing.get(f"{reverse('reviews:dashboard')}?year=2022")

    assert response.context["period"].year == 2022
    assert response.context["counts"].submitted == 0


def test_review_page_comment_on_selected_span_keeps_quote(reviewing, county):
    report = county["incomplete_report"]
    start = report.text.index("调解成功率")

    response = reviewing.post(
        reverse("reviews:comment", args=[report.pk]),
        {"body": "请写明调解案件数", "start": start, "end": start + 5, "section": ""},
    )

    comment = ReviewerComment.objects.get()
    assert (comment.quote, comment.start, comment.end) == ("调解成功率", start, start + 5)
    assert response.url == f"{report.get_absolute_url()}#comment-{comment.pk}"
    report.refresh_from_db()
    assert report.status == "in_review"
    assert list(report.events.values_list("kind", flat=True)) == [
        "uploaded",
        "submitted",
        "review_started",
    ]


def test_review_page_comment_on_section(reviewing, county):
    report = county["complete_report"]
    section = report.sections.get(level=1, number="三")

    reviewing.post(
        reverse("reviews:comment", args=[report.pk]),
        {"body": "请补充具体事例", "section": section.pk},
    )

    assert list(ReviewerComment.objects.values_list("section__heading", "quote")) == [
        (section.heading, "")
    ]


def test_review_page_comment_with_bad_span_refused(reviewing, county):
    report = county["complete_report"]

    reviewing.post(
        reverse("reviews:comment", args=[report.pk]),
        {"body": "x", "start": 10, "end": 10**6},
    )

    assert ReviewerComment.objects.count() == 0


def test_comment_body_is_escaped_on_the_page(reviewing, reviewer, county):
    report = county["complete_report"]
    add_comment(report=report, user=reviewer, body="<script>alert(1)</script>\n第二行")

    page = reviewing.get(report.get_absolute_url()).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>第二行" in page


def test_resolve_and_reopen_comment(reviewing, reviewer, county):
    comment = add_comment(report=county["complete_report"], user=reviewer, body="请核实")

    reviewing.post(reverse("reviews:resolve", args=[comment.pk]))
    comment.refresh_from_db()
    resolved = (comment.is_resolved, comment.resolved_by)
    reviewing.post(reverse("reviews:reopen", args=[comment.pk]))
    comment.refresh_from_db()

    assert (resolved, comment.is_resolved) == ((True, reviewer), False)


def test_agency_cannot_resolve_comment(client, agency_user, reviewer, county):
    comment = add_comment(report=county["complete_report"], user=reviewer, body="请核实")
    client.force_login(agency_user)

    response = client.post(reverse("reviews:resolve", args=[comment.pk]))

    comment.refresh_from_db()
    assert (response.status_code, comment.is_resolved) == (404, False)


def test_accept_records_decision_in_history(reviewing, reviewer, county):
    report = county["complete_report"]

    reviewing.post(
        reverse("reviews:decide", args=[report.pk]), {"decision": "accept", "message": ""}
    )

    report.refresh_from_db()
    assert report.status == "accepted"
    assert list(report.events.values_list("kind", "from_status", "to_status", "actor"))[-1] == (
        "accepted",
        "submitted",
        "accepted",
        reviewer.pk,
    )


def test_return_needs_a_message(reviewing, county):
    report = county["incomplete_report"]

    reviewing.post(
        reverse("reviews:decide", args=[report.pk]), {"decision": "return", "message": " "}
    )

    report.refresh_from_db()
    assert report.status == "submitted"


def test_return_with_message_is_shown_to_the_agency(reviewing, client, county, agency_user):
    report = county["complete_report"]
    reviewing.post(
        reverse("reviews:decide", args=[report.pk]),
        {"decision": "return", "message": "请补充数据来源"},
    )
    client.force_login(agency_user)

    page = client.get(report.get_absolute_url()).content.decode()

    assert "请补充数据来源" in page
    assert "已退回修改" in page


@pytest.mark.parametrize("name", ["reviews:decide", "reviews:comment"])
def test_other_region_reviewer_cannot_act(client, other_reviewer, county, name):
    client.force_login(other_reviewer)
    report = county["complete_report"]

    response = client.post(reverse(name, args=[report.pk]), {"decision": "accept", "body": "x"})

    report.refresh_from_db()
    assert (response.status_code, report.status, ReviewerComment.objects.count()) == (
        404,
        "submitted",
        0,
    )


@pytest.mark.parametrize("name", ["reviews:decide", "reviews:comment"])
def test_agency_cannot_decide_or_open_a_comment_thread(client, agency_user, county, name):
    client.force_login(agency_user)
    report = county["complete_report"]

    response = client.post(reverse(name, args=[report.pk]), {"decision": "accept", "body": "x"})

    assert response.status_code == 404


def test_compare_versions_part_by_part(client, reviewing, reviewer, agency, period, agency_user):
    first = hand_in(agency, period, agency_user, INCOMPLETE)
    return_report(report=first, user=reviewer, message="请补充")
    second = hand_in(agency, period, agency_user, COMPLETE)

    response = reviewing.get(reverse("reviews:compare", args=[second.pk]))

    parts = {p.key: (p.old_status, p.new_status) for p in response.context["parts"]}
    assert parts == {
        "measures": ("present", "present"),
        "shortcomings": ("missing", "present"),
        "leadership": ("present", "present"),
        "plans": ("present", "present"),
    }
    shortcomings = next(p for p in response.context["parts"] if p.key == "shortcomings")
    assert {c.kind for c in shortcomings.changes} == {"added"}


def test_new_version_shows_earlier_comments_with_their_state(
    reviewing, reviewer, agency, period, agency_user
):
    first = hand_in(agency, period, agency_user, INCOMPLETE)
    kept = add_comment(report=first, user=reviewer, body="缺少不足和原因")
    done = add_comment(report=first, user=reviewer, body="标题请写全称")
    done.resolved_at, done.resolved_by = timezone.now(), reviewer
    done.save()
    return_report(report=first, user=reviewer, message="请修改")
    second = hand_in(agency, period, agency_user, COMPLETE)

    response = reviewing.get(second.get_absolute_url())

    assert [(c.pk, c.is_resolved) for c in response.context["earlier_comments"]] == [
        (kept.pk, False),
        (done.pk, True),
    ]


def test_review_page_query_count_does_not_grow_with_comments(reviewing, reviewer, county):
    report = county["complete_report"]

    def count():
        with CaptureQueriesContext(connection) as captured:
            reviewing.get(report.get_absolute_url())
        return len(captured)

    add_comment(report=report, user=reviewer, body="第一条")
    few = count()
    for index in range(40):
        parent = add_comment(
            report=report, user=reviewer, body=f"意见{index}", span=(index, index + 3)
        )
        add_comment(report=report, user=reviewer, body="回复", parent=parent)

    assert count() == few


def test_events_carry_who_and_when(reviewing, reviewer, county):
    report = county["partial_report"]

    reviewing.post(reverse("reviews:decide", args=[report.pk]), {"decision": "accept"})

    event = ReportEvent.objects.filter(report=report).latest("created_at")
    assert (event.actor, event.kind) == (reviewer, "accepted")
    assert abs((timezone.now() - event.created_at).total_seconds()) < 60


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_resolve_ignores_a_next_address_elsewhere(reviewing, reviewer, county, target):
    comment = add_comment(report=county["complete_report"], user=reviewer, body="请核实")

    response = reviewing.post(reverse("reviews:resolve", args=[comment.pk]), {"next": target})

    assert response.url == f"{comment.report.get_absolute_url()}#comment-{comment.pk}"


def test_resolve_returns_to_the_page_it_came_from(reviewing, reviewer, county):
    comment = add_comment(report=county["complete_report"], user=reviewer, body="请核实")
    back = county["partial_report"].get_absolute_url()

    response = reviewing.post(reverse("reviews:resolve", args=[comment.pk]), {"next": back})

    assert response.url == back


def test_review_page_versions_leave_out_the_agencys_new_draft(
    reviewing, reviewer, agency, period, agency_user
):
    first = hand_in(agency, period, agency_user, INCOMPLETE)
    return_report(report=first, user=reviewer, message="请补充")
    upload_report(
        agency=agency, period=period, user=agency_user, filename="v2.txt", data=demo_bytes(COMPLETE)
    )

    response = reviewing.get(first.get_absolute_url())

    assert [v.version for v in response.context["versions"]] == [1]
    assert "v2.txt" not in response.content.decode()


def test_reviewer_cannot_comment_on_a_draft_even_through_the_service(
    reviewer, agency, period, agency_user
):
    from reviews.services import DecisionRefused

    draft = upload_report(
        agency=agency, period=period, user=agency_user, filename="d.txt", data=demo_bytes(COMPLETE)
    )

    with pytest.raises(DecisionRefused):
        add_comment(report=draft, user=reviewer, body="提前看看")

    assert ReviewerComment.objects.count() == 0


def test_agency_replies_but_does_not_open_a_comment(agency_user, county):
    from reviews.services import DecisionRefused

    with pytest.raises(DecisionRefused, match="您可以回复"):
        add_comment(report=county["complete_report"], user=agency_user, body="自己提个意见")

    assert ReviewerComment.objects.count() == 0


def test_two_reviewers_commenting_at_once_both_keep_their_comment(county, reviewer, region):
    from reports.models import Role, User

    colleague = User.objects.create_user(username="colleague", role=Role.REVIEWER)
    colleague.regions.add(region)
    report = county["complete_report"]

    add_comment(report=report, user=reviewer, body="第一位")
    add_comment(report=report, user=colleague, body="第二位")  # the same stale object, submitted

    report.refresh_from_db()
    assert report.status == "in_review"
    assert list(ReviewerComment.objects.order_by("pk").values_list("body", flat=True)) == [
        "第一位",
        "第二位",
    ]
    assert report.events.filter(kind="review_started").count() == 1


def test_dashboard_keeps_valid_filters_when_one_is_stale(reviewing, county):
    response = reviewing.get(f"{reverse('reviews:dashboard')}?verdict=incomplete&region=gone")

    assert rows(response) == [("甲县青山镇人民政府", "incomplete")]


def test_only_one_navigation_item_is_current(reviewing, period):
    page = reviewing.get(reverse("reviews:not_submitted")).content.decode()

    # The same links twice: the header's, and the menu a phone shows instead (one is hidden).
    desktop = page.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    phone = page.split('<nav class="nav-menu__items"', 1)[1].split("</nav>", 1)[0]
    assert (desktop.count('aria-current="page"'), phone.count('aria-current="page"')) == (1, 1)


def test_return_without_message_shows_the_error_at_its_field_keeping_the_choice(reviewing, county):
    report = county["partial_report"]

    response = reviewing.post(reverse("reviews:decide", args=[report.pk]), {"decision": "return"})

    form = response.context["decision_form"]
    report.refresh_from_db()
    assert response.status_code == 400
    assert form.errors == {"message": ["请填写需要单位修改的内容。"]}
    assert re.search(r'<input[^>]*value="return"[^>]*checked', response.content.decode())
    assert report.status == "submitted"


def test_accept_with_open_comments_lists_them_and_asks_to_resolve(reviewing, county, reviewer):
    report = county["partial_report"]
    add_comment(report=report, user=reviewer, body="请补充数据来源。")

    refused = reviewing.post(reverse("reviews:decide", args=[report.pk]), {"decision": "accept"})
    accepted = reviewing.post(
        reverse("reviews:decide", args=[report.pk]), {"decision": "accept", "resolve_open": "on"}
    )

    report.refresh_from_db()
    assert refused.status_code == 400
    assert list(refused.context["decision_form"].errors) == ["resolve_open"]
    assert "请补充数据来源。" in refused.content.decode()
    assert accepted.status_code == 302
    assert report.status == "accepted"
    assert ReviewerComment.objects.open().count() == 0


def test_open_comments_on_an_earlier_version_count_on_the_dashboard(
    reviewing, county, reviewer, agency_user
):
    first = county["complete_report"]
    add_comment(report=first, user=reviewer, body="第一版的意见。")
    return_report(report=first, user=reviewer, message="请修改。")
    second = upload_report(
        agency=first.agency,
        period=first.period,
        user=agency_user,
        filename="v2.txt",
        data=demo_bytes(COMPLETE).replace("。".encode(), "；".encode(), 1),
    )
    submit_report(agency_confirmed=True, report=second, user=agency_user, note="已修改第一部分。")

    rows = reviewing.get(reverse("reviews:dashboard")).context["rows"]
    page = reviewing.get(second.get_absolute_url()).content.decode()

    row = next(row for row in rows if row.agency == first.agency)
    assert (row.report.pk, row.open_comments) == (second.pk, 1)
    assert "已修改第一部分。" in page


def test_reviewer_sees_the_agencys_reply_on_an_earlier_version(
    reviewing, county, reviewer, agency_user
):
    first = county["complete_report"]
    comment = add_comment(report=first, user=reviewer, body="数据需核实。")
    add_comment(report=first, user=agency_user, body="已核实，见第二版。", parent=comment)
    return_report(report=first, user=reviewer, message="请修改。")
    second = upload_report(
        agency=first.agency,
        period=first.period,
        user=agency_user,
        filename="v2.txt",
        data=demo_bytes(COMPLETE).replace("。".encode(), "；".encode(), 1),
    )
    submit_report(agency_confirmed=True, report=second, user=agency_user)

    page = reviewing.get(second.get_absolute_url()).content.decode()

    assert "已核实，见第二版。" in page


def test_compare_shows_an_edited_sentence_once_with_its_changed_characters(
    reviewing, reviewer, agency, period, agency_user
):
    text = demo_text(COMPLETE)
    sentence = next(s for s in re.findall(r"[^。\n]+。", text) if re.search(r"\d+[件名条]", s))
    edited = re.sub(r"\d+(?=[件名条])", lambda m: str(int(m.group()) + 1), sentence, count=1)
    first = hand_in(agency, period, agency_user, COMPLETE)
    return_report(report=first, user=reviewer, message="请核对数字")
    second = upload_report(
        agency=agency,
        period=period,
        user=agency_user,
        filename="v2.txt",
        data=text.replace(sentence, edited).replace("2024年2月", "2024年3月").encode(),
    )
    submit_report(agency_confirmed=True, report=second, user=agency_user)

    response = reviewing.get(reverse("reviews:compare", args=[second.pk]))

    changes = [change for part in response.context["parts"] for change in part.changes]
    assert [change.kind for change in changes] == ["edited"]
    old_marked = "".join(s.text for s in changes[0].old if s.changed)
    new_marked = "".join(s.text for s in changes[0].new if s.changed)
    assert (old_marked.isdigit(), new_marked.isdigit()) == (True, True)
    fields = {field.label: field.changed for field in response.context["fields"]}
    assert fields["落款日期"] is True
    assert fields["标题"] is False
    assert "<ins>" in response.content.decode()


def test_dashboard_rows_escape_the_names_they_show(reviewing, county, region):
    county["silent"].name = '<script>alert("局")</script>'
    county["silent"].save()
    region.name = "<b>甲县</b>"
    region.save()

    page = reviewing.get(reverse("reviews:dashboard")).content.decode()

    assert '<script>alert("局")' not in page
    assert "&lt;script&gt;alert(&quot;局&quot;)&lt;/script&gt;" in page
    assert '<td class="nowrap">&lt;b&gt;甲县&lt;/b&gt;</td>' in page
