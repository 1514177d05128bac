"""Demo data for development: `python manage.py loaddemo`. Safe to run again; it adds what is missing."""

from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reports.models import Agency, AgencyAlias, Region, Report, ReportingPeriod, Role, User
from reports.services import submit_report, upload_report
from reviews.assessment import start_rubric
from reviews.services import accept_report, add_comment, return_report, start_review

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEFAULT_DEMO_PASSWORD = "nianbao-demo"
SHANGHAI = ZoneInfo("Asia/Shanghai")

REGIONS = [("示范县", "demo-a"), ("邻县", "demo-b")]

# name, region code, kind, aliases
AGENCIES = [
    ("示范县司法局", "demo-a", Agency.Kind.DEPARTMENT, []),
    ("示范县教育局", "demo-a", Agency.Kind.DEPARTMENT, []),
    ("示范县青山镇人民政府", "demo-a", Agency.Kind.TOWNSHIP, ["青山镇人民政府"]),
    ("示范县高新技术产业开发区管理委员会", "demo-a", Agency.Kind.DEVELOPMENT_ZONE, []),
    ("示范县交通运输局", "demo-a", Agency.Kind.DEPARTMENT, []),
    ("示范县卫生健康局", "demo-a", Agency.Kind.DEPARTMENT, []),
    ("示范县白云乡人民政府", "demo-a", Agency.Kind.TOWNSHIP, []),
    # The agencies of the sample reports in the shared corpus, so those files can be uploaded.
    ("古丈县科技和工业信息化局", "demo-a", Agency.Kind.DEPARTMENT, ["古丈县科工信局"]),
    ("中站区科工信局", "demo-a", Agency.Kind.DEPARTMENT, []),
    ("西峡县科技局", "demo-a", Agency.Kind.DEPARTMENT, []),
    ("岳阳县科学技术局", "demo-a", Agency.Kind.DEPARTMENT, ["岳阳县科技局"]),
    (
        "洞口经济开发区管理委员会",
        "demo-a",
        Agency.Kind.DEVELOPMENT_ZONE,
        ["湖南洞口经济开发区管理委员会"],
    ),
    ("邻县司法局", "demo-b", Agency.Kind.DEPARTMENT, []),
    ("邻县财政局", "demo-b", Agency.Kind.DEPARTMENT, []),
]


@dataclass(frozen=True)
class DemoReport:
    agency: str
    file: str
    upload_as: str  # the name the agency's clerk gave the file
    submitted: datetime.datetime
    outcome: str  # "submitted", "in_review", "accepted" or "returned"
    message: str = ""
    year: int = 2023


def _at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


DEMO_REPORTS = [
    # Last year's, first: the 2023 report reuses some of it and says how its plans were carried out.
    DemoReport(
        "示范县司法局",
        "sifaju_2022.txt",
        "司法局2022年法治政府建设工作报告.docx",
        _at("2023-02-24"),
        "accepted",
        "同意。",
        year=2022,
    ),
    DemoReport(
        "示范县司法局",
        "sifaju_complete.txt",
        "司法局2023年法治政府建设工作报告.docx",
        _at("2024-02-20"),
        "accepted",
        "四个部分齐全，予以通过。",
    ),
    DemoReport(
        "示范县教育局",
        "jiaoyuju_partial.txt",
        "教育局法治政府建设情况报告.txt",
        _at("2024-02-27"),
        "in_review",
    ),
    DemoReport(
        "示范县青山镇人民政府",
        "qingshanzhen_incomplete.txt",
        "青山镇2023年度法治政府建设情况报告.txt",
        _at("2024-03-08", 16),
        "returned",
        "报告缺少“存在的不足和原因”部分，请补充后重新提交。第一部分可单独列为第一责任人履职情况。",
    ),
    DemoReport(
        "示范县高新技术产业开发区管理委员会",
        "gaoxinqu_complete_traditional.txt",
        "高新区法治政府建设年度报告.txt",
        _at("2024-02-26", 15),
        "submitted",
    ),
    DemoReport(
        "邻县司法局",
        "linxian_sifaju_complete.txt",
        "邻县司法局年度报告.txt",
        _at("2024-02-28"),
        "submitted",
    ),
]


class Command(BaseCommand):
    help = (
        "Create demo regions, agencies, users, the 2022 and 2023 periods and a few checked reports."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off. The demo users have a known password.",
        )

    def handle(self, *args, force: bool = False, **options):  # type: ignore[no-untyped-def]
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo users with a known password while DEBUG is off "
                "(use --force on a throwaway database)."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        with transaction.atomic():
            regions = {
                code: Region.objects.get_or_create(code=code, defaults={"name": name})[0]
                for name, code in REGIONS
            }
            for name, code, kind, aliases in AGENCIES:
                agency, _ = Agency.objects.get_or_create(
                    name=name, defaults={"region": regions[code], "kind": kind}
                )
                for alias in aliases:
                    AgencyAlias.objects.get_or_create(name=alias, defaults={"agency": agency})
            periods = {
                year: ReportingPeriod.objects.get_or_create(year=year)[0] for year in (2022, 2023)
            }
            start_rubric(periods[2023])
            users = self._users(password, regions["demo-a"])
        created = sum(self._report(demo, periods[demo.year], users) for demo in DEMO_REPORTS)
        # Open only while its report was uploaded: the agencies report on 2023 now.
        periods[2022].is_open = False
        periods[2022].save(update_fields=["is_open"])

        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} reports added)."))
        self.stdout.write("Sign in at http://127.0.0.1:8000 as:")
        for username, role in [("admin", "admin"), ("reviewer", "reviewer"), ("agency", "agency")]:
            self.stdout.write(f"  {username:<9} password {password:<16} ({role})")

    def _users(self, password: str, reviewed_region: Region) -> dict[str, User]:
        specs = {
            "admin": {
                "role": Role.ADMIN,
                "is_staff": True,
                "is_superuser": True,
                "last_name": "管理员",
            },
            "reviewer": {"role": Role.REVIEWER, "last_name": "审查员"},
            "agency": {
                "role": Role.AGENCY,
                "agency": Agency.objects.get(name="示范县青山镇人民政府"),
                "last_name": "青山镇经办人",
            },
        }
        users = {}
        for username, fields in specs.items():
            user, _ = User.objects.update_or_create(username=username, defaults=fields)
            user.set_password(password)
            user.save(update_fields=["password"])
            users[username] = user
        users["reviewer"].regions.add(reviewed_region)
        other_region_reviewer, created = User.objects.get_or_create(
            username="reviewer-linxian", defaults={"role": Role.REVIEWER, "last_name": "邻县审查员"}
        )
        if created:
            other_region_reviewer.set_unusable_password()
            other_region_reviewer.save(update_fields=["password"])
        other_region_reviewer.regions.add(Region.objects.get(code="demo-b"))
        users["reviewer-linxian"] = other_region_reviewer
        return users

    def _report(self, demo: DemoReport, period: ReportingPeriod, users: dict[str, User]) -> bool:
        agency = Agency.objects.get(name=demo.agency)
        if Report.objects.filter(agency=agency, period=period).exists():
            return False
        if not period.is_open:
            period.is_open = True
            period.save(update_fields=["is_open"])
        clerk = self._clerk_for(agency, users)
        data = (DEMO_DIR / demo.file).read_bytes()
        if demo.upload_as.endswith(".docx"):
            data = _as_docx(data.decode("utf-8"))
        uploaded_at = demo.submitted - datetime.timedelta(hours=2)
        report = upload_report(
            agency=agency,
            period=period,
            user=clerk,
            filename=demo.upload_as,
            data=data,
            at=uploaded_at,
        )
        report = submit_report(report=report, user=clerk, at=demo.submitted)
        reviewer = (
            users["reviewer"] if agency.region.code == "demo-a" else users["reviewer-linxian"]
        )
        reviewed_at = demo.submitted + datetime.timedelta(days=2)
        if demo.outcome in ("in_review", "accepted", "returned"):
            report = start_review(report=report, user=reviewer, at=reviewed_at)
        if demo.outcome == "accepted":
            accept_report(report=report, user=reviewer, message=demo.message, at=reviewed_at)
        elif demo.outcome == "returned":
            late_date = "2024年3月8日"
            start = report.text.find(late_date)
            add_comment(
                report=report,
                user=reviewer,
                span=(start, start + len(late_date)) if start >= 0 else None,
                body="落款日期已超过3月1日的报送期限，请在重新提交时说明原因。",
                at=reviewed_at,
            )
            return_report(report=report, user=reviewer, message=demo.message, at=reviewed_at)
        return True

    def _clerk_for(self, agency: Agency, users: dict[str, User]) -> User:
        if users["agency"].agency_id == agency.pk:
            return users["agency"]
        clerk, created = User.objects.get_or_create(
            username=f"clerk-{agency.pk}",
            defaults={"role": Role.AGENCY, "agency": agency, "last_name": f"{agency.name}经办人"},
        )
        if created:
            clerk.set_unusable_password()
            clerk.save(update_fields=["password"])
        return clerk


def _as_docx(text: str) -> bytes:
    """Lay the text out as a clerk would in Word: headings in bold, body paragraphs indented."""
    document = docx.Document()
    for line in text.splitlines():
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        if line[:2] in {"一、", "二、", "三、", "四、"}:
            run.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
