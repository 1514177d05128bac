"""The Django admin, the administrators' tool for regions, agencies, users and periods."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from reports.models import Agency, Report, ReportingPeriod, User
from reviews.models import ExportRecord, ReportEvent


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label_lower)
def test_admin_changelist_opens_for_every_model(client, admin_user, report, model):
    client.force_login(admin_user)
    meta = model._meta

    response = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))

    assert response.status_code == 200


def test_admin_adds_agency_with_aliases(client, admin_user, region):
    client.force_login(admin_user)

    client.post(
        reverse("admin:reports_agency_add"),
        {
            "name": "甲县科学技术局",
            "kind": "department",
            "region": region.pk,
            "is_active": "on",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "甲县科技局",
        },
    )

    agency = Agency.objects.get(name="甲县科学技术局")
    assert agency.all_names() == ["甲县科学技术局", "甲县科技局"]


def test_admin_user_form_explains_agency_staff_without_agency(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:reports_user_add"),
        {
            "username": "new-clerk",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "role": "agency",
        },
    )

    assert response.status_code == 200
    assert "单位经办人必须属于一个单位" in response.content.decode()
    assert not User.objects.filter(username="new-clerk").exists()


def test_admin_closes_a_period(client, admin_user, period):
    client.force_login(admin_user)

    client.post(
        reverse("admin:reports_reportingperiod_changelist"),
        {"action": "close_periods", "_selected_action": [period.pk]},
    )

    period.refresh_from_db()
    assert period.is_open is False


def test_admin_period_deadlines_default_from_the_year(client, admin_user):
    client.force_login(admin_user)

    client.post(
        reverse("admin:reports_reportingperiod_add"),
        {
            "year": 2026,
            "is_open": "on",
            "kind_deadlines-TOTAL_FORMS": "1",
            "kind_deadlines-INITIAL_FORMS": "0",
            "kind_deadlines-0-kind": "township",
            "kind_deadlines-0-submission_deadline": "2027-02-15",
        },
    )

    period = ReportingPeriod.objects.get(year=2026)
    assert (str(period.submission_deadline), str(period.publication_deadline)) == (
        "2027-03-01",
        "2027-04-01",
    )
    assert list(period.kind_deadlines.values_list("kind", "submission_deadline")) == [
        ("township", datetime.date(2027, 2, 15))
    ]


def test_admin_report_page_links_to_the_private_download_and_cannot_delete(
    client, admin_user, report
):
    client.force_login(admin_user)

    page = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    delete = client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})

    assert reverse("reports:download", args=[report.pk]) in page
    editable = [f.name for f in Report._meta.fields if f'name="{f.name}"' in page]
    assert editable == []
    assert delete.status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()


def test_admin_shows_records_but_cannot_add_change_or_delete_them(client, admin_user, report):
    client.force_login(admin_user)
    records = [
        ReportEvent.objects.create(
            report=report, kind="submitted", actor=admin_user, to_status="submitted"
        ),
        ExportRecord.objects.create(
            user=admin_user, period=report.period, format="csv", row_count=1
        ),
    ]

    for record in records:
        meta = record._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        shown = client.get(reverse(f"{name}_change", args=[record.pk]))
        added = client.get(reverse(f"{name}_add"))
        changed = client.post(reverse(f"{name}_change", args=[record.pk]), {})
        deleted = client.post(reverse(f"{name}_delete", args=[record.pk]), {"post": "yes"})

        assert (shown.status_code, added.status_code, deleted.status_code) == (200, 403, 403)
        assert changed.status_code == 403
        assert type(record).objects.filter(pk=record.pk).exists()
