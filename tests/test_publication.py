"""Publication by 1 April: what an agency records, what the dashboard says, and the check.

The check runs against a real HTTP server process on loopback, never the internet.
"""

from __future__ import annotations

import datetime
import io
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reports.models import Agency, ReportingPeriod
from reports.services import UploadRefused, record_publication, submit_report, upload_report
from reviews.models import Notice, Publication, Reminder
from reviews.published import FetchRefused, fetch
from reviews.services import accept_report, confirm_exemption
from tests.samples import COMPLETE, demo_bytes, demo_text
from tests.servers import free_port, running


@pytest.fixture
def accepted(agency, agency_user, reviewer, db):
    today = timezone.localdate()
    period = ReportingPeriod.objects.create(
        year=today.year - 1,
        submission_deadline=today - datetime.timedelta(days=20),
        publication_deadline=today + datetime.timedelta(days=10),
    )
    draft = upload_report(
        agency=agency,
        period=period,
        user=agency_user,
        filename="报告.txt",
        data=demo_bytes(COMPLETE),
    )
    report = submit_report(agency_confirmed=True, report=draft, user=agency_user)
    return accept_report(report=report, user=reviewer)


def state_of(report) -> str:
    return Publication.objects.get(report=report).state(report.period.publication_deadline)


def test_published_on_time_late_and_exempt(accepted, agency_user, reviewer):
    deadline = accepted.period.publication_deadline
    states = []
    for day in (deadline, deadline + datetime.timedelta(days=1)):
        record_publication(
            report=accepted, user=agency_user, url="https://gov.example.cn/nb", published_on=day
        )
        states.append(state_of(accepted))
    publication = record_publication(
        report=accepted, user=agency_user, exempt=True, reason="报告涉及国家秘密事项"
    )
    states.append(state_of(accepted))
    confirm_exemption(publication=publication, user=reviewer)
    states.append(state_of(accepted))

    assert states == ["published", "late", "claimed", "exempt"]
    assert Notice.objects.filter(recipient=reviewer, kind="exemption").count() == 1


def test_only_an_accepted_report_is_published(agency, agency_user, period, db):
    draft = upload_report(
        agency=agency, period=period, user=agency_user, filename="r.txt", data=demo_bytes(COMPLETE)
    )

    with pytest.raises(UploadRefused):
        record_publication(
            report=draft, user=agency_user, url="https://x.cn", published_on=timezone.localdate()
        )


def test_agency_records_publication_on_its_page_and_errors_show_at_fields(
    client, accepted, agency_user
):
    client.force_login(agency_user)
    url = reverse("reports:publication", args=[accepted.pk])

    refused = client.post(url, {"how": "published", "url": "", "published_on": ""})
    client.post(
        url,
        {"how": "published", "url": "https://gov.example.cn/a", "published_on": "2026-03-20"},
    )

    assert refused.status_code == 400
    assert set(refused.context["publication_form"].errors) == {"url", "published_on"}
    assert Publication.objects.get().url == "https://gov.example.cn/a"


def test_dashboard_filters_and_exports_the_publication_state(client, accepted, reviewer, region):
    Agency.objects.create(name="甲县交通运输局", region=region)
    client.force_login(reviewer)

    unpublished = client.get(reverse("reviews:dashboard"), {"publication": "none"})
    export = client.get(reverse("reviews:export"), {"format": "csv"})

    assert [row.agency.name for row in unpublished.context["rows"]] == ["甲县司法局"]
    assert "尚未公开" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_unpublished_accepted_reports_are_reminded_once_a_day(accepted, agency_user):
    call_command("sendreminders", "--days-before", "14", stdout=io.StringIO())
    call_command("sendreminders", "--days-before", "14", stdout=io.StringIO())

    reminders = Reminder.objects.filter(kind="publication")
    assert [reminder.agency for reminder in reminders] == [accepted.agency]
    assert Notice.objects.filter(recipient=agency_user, kind="publication").count() == 1


# --- fetching the published report -----------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A web server on loopback with the pages the tests fetch."""
    root = tmp_path_factory.mktemp("site")
    text = demo_text(COMPLETE)
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    (root / "report.html").write_text(
        f"<html><head><script>var x = 1;</script></head><body>{paragraphs}</body></html>",
        encoding="utf-8",
    )
    (root / "other.html").write_text("<html><body><p>无关的新闻稿。</p></body></html>")
    (root / "notes.txt").write_text("纯文本")
    (root / "big.html").write_bytes(b"<html>" + b"x" * 300_000 + b"</html>")
    port = free_port()
    with running(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], port, cwd=root
    ):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def checking(settings):
    settings.PUBLICATION_CHECK = True
    settings.PUBLICATION_CHECK_NETWORKS = ["127.0.0.1/32"]
    settings.PUBLICATION_CHECK_MAX_MB = 5
    return settings


def test_check_finds_the_accepted_text_on_the_published_page(
    client, accepted, agency_user, reviewer, site, checking
):
    record_publication(
        report=accepted,
        user=agency_user,
        url=f"{site}/report.html",
        published_on=timezone.localdate(),
    )
    client.force_login(reviewer)

    client.post(reverse("reviews:check_publication", args=[accepted.pk]))

    publication = Publication.objects.get()
    assert publication.check_problem == ""
    assert publication.matched_share >= 0.95


def test_check_of_an_unrelated_page_finds_almost_nothing(
    client, accepted, agency_user, reviewer, site, checking
):
    record_publication(
        report=accepted,
        user=agency_user,
        url=f"{site}/other.html",
        published_on=timezone.localdate(),
    )
    client.force_login(reviewer)

    client.post(reverse("reviews:check_publication", args=[accepted.pk]))

    assert Publication.objects.get().matched_share < 0.05


def test_fetch_refuses_a_private_address_unless_allowed(site):
    with pytest.raises(FetchRefused) as refused:
        fetch(f"{site}/report.html", max_bytes=1_000_000, timeout=5)

    assert refused.value.message == "该网址指向内部网络，不予检查。"


@pytest.mark.parametrize(
    "address",
    [
        "http://10.0.0.1/report",
        "http://192.168.1.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest",
    ],
)
def test_fetch_refuses_private_and_metadata_addresses_without_connecting(address):
    with pytest.raises(FetchRefused):
        fetch(address, max_bytes=1_000_000, timeout=1)


def test_fetch_refuses_what_is_too_large(site):
    with pytest.raises(FetchRefused) as refused:
        fetch(f"{site}/big.html", max_bytes=100_000, timeout=5, allowed_networks=["127.0.0.1/32"])

    assert refused.value.message == "该网址的内容过大，无法检查。"


def test_fetch_refuses_what_is_neither_html_nor_pdf(site):
    with pytest.raises(FetchRefused):
        fetch(f"{site}/notes.txt", max_bytes=100_000, timeout=5, allowed_networks=["127.0.0.1/32"])


@pytest.mark.parametrize(
    "address", ["ftp://example.cn/a", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_fetch_refuses_other_schemes(address):
    with pytest.raises(FetchRefused):
        fetch(address, max_bytes=1000, timeout=1)


def test_check_is_not_offered_when_it_is_off(client, accepted, agency_user, reviewer, settings):
    settings.PUBLICATION_CHECK = False
    record_publication(
        report=accepted, user=agency_user, url="https://x.cn", published_on=timezone.localdate()
    )
    client.force_login(reviewer)

    response = client.post(reverse("reviews:check_publication", args=[accepted.pk]))

    assert response.status_code == 404
