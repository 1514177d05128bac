"""Whose report it is: another agency's report is flagged before submitting and on the dashboard."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Agency, AgencyAlias, Report, Role
from reports.services import UploadRefused, submit_report, upload_report
from tests.conftest import RECIPIENT, make_user
from tests.samples import COMPLETE, demo_bytes

NAMED = "示范县司法局"  # the agency the demo report names


def upload_as(agency, period, user) -> Report:
    return upload_report(
        agency=agency, period=period, user=user, filename="报告.txt", data=demo_bytes(COMPLETE)
    )


def test_another_agencys_report_is_flagged_with_the_name_it_gives(agency, agency_user, open_period):
    report = upload_as(agency, open_period, agency_user)

    mismatch = [f for f in report.reading.findings if f.code == "agency_mismatch"]
    assert (report.agency_mismatch, report.reading.named_agency) == (True, NAMED)
    assert [f.severity for f in mismatch] == ["error"]


def test_own_report_and_a_report_under_an_alias_are_not_flagged(region, open_period):
    own = Agency.objects.create(name=NAMED, region=region)
    renamed = Agency.objects.create(name="示范县司法行政局", region=region)
    AgencyAlias.objects.create(agency=renamed, name=NAMED)
    results = []
    for agency, username in ((own, "own"), (renamed, "renamed")):
        clerk = make_user(username, Role.AGENCY, agency=agency)
        results.append(upload_as(agency, open_period, clerk).agency_mismatch)

    assert results == [False, False]


def test_preview_warns_and_submitting_needs_the_clerks_confirmation(
    client, agency, agency_user, open_period
):
    client.force_login(agency_user)
    client.post(
        reverse("reports:upload"),
        {"file": SimpleUploadedFile("报告.txt", demo_bytes(COMPLETE))},
    )
    report = Report.objects.get()

    preview = client.get(report.get_absolute_url()).content.decode()
    refused = client.post(reverse("reports:submit", args=[report.pk]), {"reported_to": RECIPIENT})
    report.refresh_from_db()
    status_after_refusal = report.status
    client.post(
        reverse("reports:submit", args=[report.pk]),
        {"agency_confirmed": "on", "reported_to": RECIPIENT},
    )
    report.refresh_from_db()

    assert f"这份报告写的单位是{NAMED}" in preview
    assert refused.status_code == 400
    assert list(refused.context["form"].errors) == ["agency_confirmed"]
    assert (status_after_refusal, report.status) == ("draft", "submitted")


def test_service_refuses_an_unconfirmed_mismatch(agency, agency_user, open_period):
    report = upload_as(agency, open_period, agency_user)

    with pytest.raises(UploadRefused) as refused:
        submit_report(report=report, user=agency_user)

    assert NAMED in refused.value.message


def test_reviewer_finds_it_on_the_dashboard_and_the_review_page(
    client, agency, agency_user, reviewer, region, open_period
):
    submit_report(
        agency_confirmed=True, report=upload_as(agency, open_period, agency_user), user=agency_user
    )
    own = Agency.objects.create(name=NAMED, region=region)
    clerk = make_user("own", Role.AGENCY, agency=own)
    submit_report(report=upload_as(own, open_period, clerk), user=clerk)
    client.force_login(reviewer)

    flagged = client.get(reverse("reviews:dashboard"), {"agency_mismatch": "on"})
    page = client.get(Report.objects.get(agency=agency).get_absolute_url()).content.decode()

    assert [row.agency.name for row in flagged.context["rows"]] == ["甲县司法局"]
    assert f"这份报告写的单位是{NAMED}，但由甲县司法局报送" in page
