"""The cast every test can call on: two regions, an agency in each, and people on both sides.

The outsider has data of their own, so a view that leaks shows it.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from reports.models import Agency, Region, Report, ReportingPeriod, Role, Section, User
from reports.services import upload_report
from tests.samples import COMPLETE, demo_bytes

_sha = itertools.count(1)

#: What the hand-in form carries when a test does not care whom the report went to.
RECIPIENT = "中共甲县委"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores uploads in a folder of its own, so "nothing was stored" can be checked."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "reports.storage.ReportFileStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def period(db):
    return ReportingPeriod.objects.create(year=2023)


@pytest.fixture
def open_period(db):
    """A period whose deadline lies ahead, as in February."""
    today = timezone.localdate()
    return ReportingPeriod.objects.create(
        year=today.year - 1,
        submission_deadline=today + datetime.timedelta(days=10),
        publication_deadline=today + datetime.timedelta(days=40),
    )


@pytest.fixture
def region(db):
    return Region.objects.create(name="甲县", code="100001")


@pytest.fixture
def other_region(db):
    return Region.objects.create(name="乙县", code="100002")


@pytest.fixture
def agency(region):
    return Agency.objects.create(name="甲县司法局", region=region)


@pytest.fixture
def other_agency(other_region):
    return Agency.objects.create(name="乙县司法局", region=other_region)


def make_user(username: str, role: str, **fields) -> User:
    if role == Role.ADMIN:
        fields.setdefault("is_staff", True)
    return User.objects.create_user(username=username, password="pw", role=role, **fields)


@pytest.fixture
def agency_user(agency):
    return make_user("clerk", Role.AGENCY, agency=agency)


@pytest.fixture
def outsider(other_agency):
    return make_user("outsider", Role.AGENCY, agency=other_agency)


@pytest.fixture
def reviewer(region):
    user = make_user("reviewer", Role.REVIEWER)
    user.regions.add(region)
    return user


@pytest.fixture
def other_reviewer(other_region):
    user = make_user("other-reviewer", Role.REVIEWER)
    user.regions.add(other_region)
    return user


@pytest.fixture
def admin_user(db):
    return make_user("boss", Role.ADMIN)


def make_report(agency: Agency, period: ReportingPeriod, user: User, **fields) -> Report:
    """A stored report as the checker would leave it, without going through a file."""
    defaults = {
        "version": 1,
        "file": f"reports/test/{next(_sha)}.txt",
        "original_name": "报告.txt",
        "format": "txt",
        "size": 100,
        "sha256": f"{next(_sha):064x}",
        "text": "一、主要举措和成效\n全年办理案件。",
        "title": f"{agency.name}2023年度法治政府建设年度报告",
        "verdict": "incomplete",
        "measures_status": "present",
        "shortcomings_status": "missing",
        "leadership_status": "missing",
        "plans_status": "missing",
        "uploaded_by": user,
        "status": "submitted",
        "submitted_at": timezone.now(),
        "submitted_by": user,
        "result": {
            "parts": {
                "measures": {"status": "present", "sections": ["一"]},
                "shortcomings": {"status": "missing", "sections": []},
                "leadership": {"status": "missing", "sections": []},
                "plans": {"status": "missing", "sections": []},
            },
            "findings": [
                {
                    "code": "part_missing",
                    "severity": "error",
                    "message": "缺少“存在的不足和原因”部分",
                }
            ],
        },
    }
    defaults.update(fields)
    report = Report.objects.create(agency=agency, period=period, **defaults)
    _mark_latest_handed_in(agency, period)
    report.refresh_from_db()
    Section.objects.create(
        report=report,
        order=1,
        level=1,
        number="一",
        heading="主要举措和成效",
        part="measures",
        evidence="heading",
        start=0,
        end=len(report.text),
    )
    return report


def _mark_latest_handed_in(agency: Agency, period: ReportingPeriod) -> None:
    """What submit_report keeps, for reports made without it."""
    handed_in = Report.objects.filter(agency=agency, period=period).exclude(status="draft")
    handed_in.update(is_latest_handed_in=False)
    first = handed_in.order_by("submitted_at").first()
    latest = handed_in.order_by("-version").first()
    if latest is not None:
        handed_in.update(first_submitted_at=first.submitted_at)
        handed_in.filter(pk=latest.pk).update(is_latest_handed_in=True)


@pytest.fixture
def report(agency, period, agency_user):
    return make_report(agency, period, agency_user)


@pytest.fixture
def other_report(other_agency, period, outsider):
    return make_report(other_agency, period, outsider, title="乙县司法局的报告")


@pytest.fixture
def draft(agency, open_period, agency_user):
    """A checked report the agency has uploaded and not submitted yet."""
    return upload_report(
        agency=agency,
        period=open_period,
        user=agency_user,
        filename="年度报告.txt",
        data=demo_bytes(COMPLETE),
    )
