"""The completeness table read back from CSV and XLSX and compared, cell by cell, with the database."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Agency, Report, Role, User
from reports.services import submit_report, upload_report
from reviews.models import ExportRecord
from reviews.services import add_comment, return_report
from tests.samples import COMPLETE, INCOMPLETE, PARTIAL, demo_bytes

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
PLACES = {"closing paragraph": "结尾段落", "preamble": "开头段落"}
TRICKY_NAME = '甲县"法治",\n示范局'


def hand_in(agency, period, name, at):
    clerk, _ = User.objects.get_or_create(
        username=f"clerk-{agency.pk}", defaults={"role": Role.AGENCY, "agency": agency}
    )
    report = upload_report(
        agency=agency,
        period=period,
        user=clerk,
        filename=name,
        data=demo_bytes(name),
        at=at - datetime.timedelta(hours=1),
    )
    return submit_report(agency_confirmed=True, report=report, user=clerk, at=at)


@pytest.fixture
def mixed_period(region, other_region, period, reviewer):
    """Submitted on time, submitted late, returned, never submitted; one agency in another region."""
    on_time = datetime.datetime(2024, 2, 20, 9, 30, tzinfo=SHANGHAI)
    late = datetime.datetime(2024, 3, 4, 16, 0, tzinfo=SHANGHAI)
    agencies = {
        "on_time": Agency.objects.create(name=TRICKY_NAME, region=region),
        "late": Agency.objects.create(name="甲县教育局", region=region),
        "returned": Agency.objects.create(name="甲县青山镇人民政府", region=region),
        "missing": Agency.objects.create(name="甲县交通运输局", region=region),
        "elsewhere": Agency.objects.create(name="乙县财政局", region=other_region),
    }
    hand_in(agencies["on_time"], period, COMPLETE, on_time)
    hand_in(agencies["late"], period, PARTIAL, late)
    returned = hand_in(agencies["returned"], period, INCOMPLETE, on_time)
    add_comment(report=returned, user=reviewer, body="请补充", span=(0, 4))
    return_report(report=returned, user=reviewer, message="缺少不足和原因")
    hand_in(agencies["elsewhere"], period, COMPLETE, on_time)
    return agencies


def expected_rows(agencies, period):
    """The table built straight from the models, independent of the export code."""
    words = {"present": "是", "embedded": "部分", "missing": "否"}
    rows = []
    for agency in agencies:
        report = (
            agency.reports.filter(period=period)
            .exclude(status="draft")
            .order_by("-version")
            .first()
        )
        people = [
            " ".join(
                x for x in (u.get_full_name().replace(" ", "") or u.username, u.phone, u.email) if x
            )
            for u in agency.users.filter(is_active=True).order_by("username")
        ]
        reminded = agency.reminders.filter(period=period).order_by("-created_at").first()
        publication = getattr(report, "publication", None) if report else None
        tail = [
            None
            if report is None or report.status != "accepted"
            else ("已公开" if publication else "尚未公开"),
            "；".join(people) or None,
            timezone.localtime(reminded.created_at).strftime("%Y-%m-%d %H:%M")
            if reminded
            else None,
            None,  # the score: this period has no rubric
        ]
        if report is None:
            rows.append([agency.region.name, agency.name, "逾期未报"] + [None] * 20 + tail)
            continue
        parts = []
        for key in ("measures", "shortcomings", "leadership", "plans"):
            where = report.result["parts"][key].get("where")
            parts += [words[getattr(report, f"{key}_status")], PLACES.get(where, where)]
        decision = (
            report.events.filter(kind__in=["accepted", "returned"]).order_by("-created_at").first()
        )
        open_comments = report.comments.filter(parent=None, resolved_at=None).count()
        rows.append(
            [
                agency.region.name,
                agency.name,
                report.get_status_display(),
                report.version,
                timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M"),
                "否" if report.is_late else "是",
                *parts,
                report.get_verdict_display(),
                "是" if report.order_ok else "否",
                report.error_count,
                report.warning_count,
                report.info_count,
                round(report.comparison.share * 100),
                open_comments,
                decision.get_kind_display() if decision else None,
                timezone.localtime(decision.created_at).strftime("%Y-%m-%d %H:%M")
                if decision
                else None,
                *tail,
            ]
        )
    return rows


def normalise(cell):
    if cell in ("", None):
        return None
    if isinstance(cell, datetime.datetime):
        return cell.strftime("%Y-%m-%d %H:%M")
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, str) and cell.isdigit():
        return int(cell)
    return cell


def csv_table(response):
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_book(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def ordered(agencies):
    return sorted(agencies, key=lambda a: (a.region.code, a.name))


def test_csv_export_matches_database_cell_by_cell(client, reviewer, mixed_period, period):
    client.force_login(reviewer)

    table = csv_table(client.get(reverse("reviews:export") + "?format=csv"))

    mine = ordered([a for key, a in mixed_period.items() if key != "elsewhere"])
    assert table[0][:3] == ["地区", "单位", "状态"]
    assert [[normalise(c) for c in row] for row in table[1:]] == expected_rows(mine, period)


def test_xlsx_export_matches_database_cell_by_cell(client, admin_user, mixed_period, period):
    client.force_login(admin_user)

    book = xlsx_book(client.get(reverse("reviews:export") + "?format=xlsx"))

    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert [[normalise(c) for c in row] for row in rows[1:]] == expected_rows(
        ordered(mixed_period.values()), period
    )
    assert sheet.freeze_panes == "C2"


def test_xlsx_second_sheet_counts_per_region(client, admin_user, mixed_period):
    client.force_login(admin_user)

    sheet = xlsx_book(client.get(reverse("reviews:export") + "?format=xlsx")).worksheets[1]

    assert list(sheet.iter_rows(values_only=True)) == [
        ("地区", "应报送", "已报送", "完整", "基本完整", "不完整", "逾期未报"),
        ("甲县", 4, 3, 1, 1, 1, 1),
        ("乙县", 1, 1, 1, 0, 0, 0),
    ]


def test_export_name_with_comma_quote_and_newline_survives(client, reviewer, mixed_period):
    client.force_login(reviewer)

    csv_names = [row[1] for row in csv_table(client.get(reverse("reviews:export") + "?format=csv"))]
    xlsx_names = [
        row[1]
        for row in xlsx_book(client.get(reverse("reviews:export") + "?format=xlsx"))
        .worksheets[0]
        .iter_rows(values_only=True)
    ]

    assert TRICKY_NAME in csv_names
    assert TRICKY_NAME in xlsx_names


def test_export_neutralises_formulas(client, admin_user, region, period):
    Agency.objects.create(name='=HYPERLINK("http://x")', region=region)
    client.force_login(admin_user)

    csv_rows = csv_table(client.get(reverse("reviews:export") + "?format=csv"))
    sheet = xlsx_book(client.get(reverse("reviews:export") + "?format=xlsx")).worksheets[0]

    assert csv_rows[1][1] == '\'=HYPERLINK("http://x")'
    assert (sheet["B2"].value, sheet["B2"].data_type) == ('=HYPERLINK("http://x")', "s")


def test_export_uses_dashboard_filters(client, reviewer, mixed_period):
    client.force_login(reviewer)

    table = csv_table(client.get(reverse("reviews:export") + "?format=csv&status=none"))

    assert [row[1] for row in table[1:]] == ["甲县交通运输局"]


def test_reviewer_exports_only_own_regions(client, reviewer, mixed_period):
    client.force_login(reviewer)

    table = csv_table(client.get(reverse("reviews:export") + "?format=csv"))

    assert "乙县财政局" not in [row[1] for row in table]


def test_every_export_is_recorded(client, reviewer, mixed_period, period):
    client.force_login(reviewer)

    client.get(reverse("reviews:export") + "?format=csv&verdict=partial")
    client.get(reverse("reviews:export") + "?format=xlsx")

    assert list(
        ExportRecord.objects.order_by("created_at").values_list(
            "user", "period", "format", "filters", "row_count"
        )
    ) == [
        (reviewer.pk, period.pk, "csv", {"verdict": "partial"}, 1),
        (reviewer.pk, period.pk, "xlsx", {}, 4),
    ]


def test_export_is_not_for_agency_staff(client, agency_user, period):
    client.force_login(agency_user)

    response = client.get(reverse("reviews:export") + "?format=csv")

    assert (response.status_code, ExportRecord.objects.count()) == (404, 0)


def test_export_unknown_format_is_404(client, reviewer, period):
    client.force_login(reviewer)

    assert client.get(reverse("reviews:export") + "?format=pdf").status_code == 404


def test_export_headers_make_a_download(client, reviewer, mixed_period):
    client.force_login(reviewer)

    response = client.get(reverse("reviews:export") + "?format=xlsx")

    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_not_submitted_page_lists_agencies_and_their_contacts(client, reviewer, mixed_period):
    User.objects.create_user(
        username="traffic",
        role=Role.AGENCY,
        agency=mixed_period["missing"],
        last_name="李",
        first_name="四",
        email="li@example.gov.cn",
    )
    client.force_login(reviewer)

    response = client.get(reverse("reviews:not_submitted"))

    assert [agency.name for agency in response.context["page"]] == ["甲县交通运输局"]
    assert "li@example.gov.cn" in response.content.decode()


def test_not_submitted_page_is_not_for_agency_staff(client, agency_user, period):
    client.force_login(agency_user)

    assert client.get(reverse("reviews:not_submitted")).status_code == 404


def test_returned_report_exported_with_its_open_comment_and_decision(
    client, reviewer, mixed_period, period
):
    client.force_login(reviewer)

    table = csv_table(client.get(reverse("reviews:export") + "?format=csv&status=returned"))

    header, row = table
    cells = dict(zip(header, row, strict=True))
    assert (cells["状态"], cells["未解决意见"], cells["最近决定"]) == (
        "已退回修改",
        "1",
        "已退回修改",
    )
    assert Report.objects.get(agency=mixed_period["returned"]).status == "returned"


def test_bundle_zips_the_current_versions_of_the_filter_with_the_table(
    client, reviewer, mixed_period, period
):
    client.force_login(reviewer)

    response = client.get(reverse("reviews:download_all"), {"verdict": "partial"})

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    partial = Report.objects.get(agency=mixed_period["late"])
    assert response["Content-Type"] == "application/zip"
    assert names == ["甲县/甲县教育局 2023年度报告 第1版.txt", "完整性统计 2023.xlsx"]
    assert archive.read(names[0]) == partial.file.open("rb").read()
    assert ExportRecord.objects.get().format == "zip"


def test_bundle_lists_a_file_missing_from_storage_instead_of_failing(
    client, reviewer, mixed_period, media_root
):
    client.force_login(reviewer)
    gone = Report.objects.get(agency=mixed_period["late"])
    (media_root / gone.file.name).unlink()

    response = client.get(reverse("reviews:download_all"))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    missing = archive.read("未能打包的文件.txt").decode("utf-8-sig")
    reports = [name for name in archive.namelist() if name.startswith("甲县/")]
    assert "甲县教育局" in missing
    assert len(reports) == 2


def test_not_submitted_export_carries_contacts_and_last_reminder(
    client, reviewer, mixed_period, period
):
    from reviews.models import Reminder
    from reviews.reminders import send_reminders

    silent = mixed_period["missing"]
    User.objects.create_user(
        username="wangfang",
        role=Role.AGENCY,
        agency=silent,
        last_name="王",
        first_name="芳",
        phone="0743-5550123",
        email="wf@example.gov.cn",
    )
    send_reminders(agencies=[silent], period=period, kind=Reminder.Kind.MANUAL, sender=reviewer)
    client.force_login(reviewer)

    response = client.get(reverse("reviews:export"), {"format": "csv", "status": "none"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert row[1] == "甲县交通运输局"
    assert row[header.index("联系人")] == "王芳 0743-5550123 wf@example.gov.cn"
    assert row[header.index("最近提醒")] != ""


def test_bundle_streams_each_file_in_bounded_pieces(media_root, db):
    from types import SimpleNamespace

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from reviews import bundles

    big = bytes(range(256)) * (bundles.CHUNK // 256) * 3  # three chunks, incompressible-ish
    entries = []
    for index in range(4):
        name = default_storage.save(f"reports/bench/{index}.pdf", ContentFile(big))
        report = SimpleNamespace(file=SimpleNamespace(name=name), format="pdf")
        entries.append(bundles.Entry(f"甲县/{index}.pdf", report))

    pieces = list(bundles.zip_stream(entries))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert [archive.read(f"甲县/{i}.pdf") == big for i in range(4)] == [True] * 4
    assert max(len(piece) for piece in pieces) <= bundles.CHUNK + 4096
    assert len(pieces) >= 12
