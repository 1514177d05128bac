import ast
import datetime
import io
import os
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from reports.access import agencies_for_user
from reports.models import Agency, AgencyAlias, Region, Report, ReportingPeriod, Role, Section, User
from reports.parsing import check_text
from reports.recipients import usual_recipients
from reports.stored import fields_from_json
from reviews.models import Comparison, Publication, ReportEvent, ReviewerComment
from reviews.queries import with_handed_in_report

ROOT = Path(__file__).resolve().parents[1]


def generate(settings, **options):
    settings.DEBUG = True
    options = {"agencies": 60, "years": 2, "seed": 7, **options}
    output = io.StringIO()
    call_command("generate_load", stdout=output, **options)
    return output.getvalue()


@pytest.fixture
def generated(db, settings):
    return generate(settings)


def current_reports():
    return Report.objects.current().select_related("period", "agency")


def test_generate_load_refuses_without_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate_load", agencies=5, years=1, stdout=io.StringIO())

    assert (Agency.objects.count(), User.objects.count()) == (0, 0)


def test_generate_load_runs_without_debug_when_forced(db, settings):
    settings.DEBUG = False

    call_command("generate_load", agencies=5, years=1, force=True, stdout=io.StringIO())

    assert Agency.objects.count() == 5


def test_generate_load_refuses_when_agencies_exist(agency, settings):
    with pytest.raises(CommandError, match="already has agencies"):
        generate(settings)

    assert list(Agency.objects.values_list("name", flat=True)) == ["甲县司法局"]


def test_generate_load_refuses_a_second_run_even_when_forced(generated, settings):
    counts = (Agency.objects.count(), Report.objects.count())

    with pytest.raises(CommandError, match="already here"):
        generate(settings, force=True)

    assert (Agency.objects.count(), Report.objects.count()) == counts


def test_generate_load_creates_the_requested_agencies_periods_and_people(generated):
    last_year = timezone.localdate().year - 1
    periods = list(ReportingPeriod.objects.order_by("year"))
    agencies = list(Agency.objects.all())
    clerks = Counter(User.objects.filter(role=Role.AGENCY).values_list("agency", flat=True))
    covered = set(User.objects.filter(role=Role.REVIEWER).values_list("regions", flat=True))

    assert len(agencies) == 60
    assert len({agency.name for agency in agencies}) == 60
    assert {agency.kind for agency in agencies} == set(Agency.Kind.values)
    assert Counter(Region.objects.values_list("level", flat=True)) == {
        "province": 1,
        "city": 1,
        "county": 1,
    }
    assert AgencyAlias.objects.count() > 0
    assert [(p.year, p.submission_deadline, p.is_open) for p in periods] == [
        (last_year - 1, datetime.date(last_year, 3, 1), False),
        (last_year, datetime.date(last_year + 1, 3, 1), True),
    ]
    assert set(clerks) == {agency.pk for agency in agencies}
    assert covered == set(Region.objects.values_list("pk", flat=True))
    assert "agencies                  60" in generated


def test_generate_load_gives_the_dashboard_a_realistic_mix(generated):
    handed_in = [r for r in current_reports() if r.status != Report.Status.DRAFT]
    slots_with_report = set(
        Report.objects.exclude(status=Report.Status.DRAFT).values_list("agency", "period")
    )

    assert {r.verdict for r in handed_in} == {"complete", "partial", "incomplete"}
    assert {r.status for r in handed_in} == {"submitted", "in_review", "returned", "accepted"}
    assert any(r.is_late for r in handed_in)
    assert any(not r.is_late for r in handed_in)
    assert Report.objects.filter(version__gte=2).exists()
    assert 0 < 60 * 2 - len(slots_with_report) < 60 * 2 * 0.2
    assert Report.objects.filter(status=Report.Status.DRAFT).exists()


def test_generate_load_publishes_accepted_reports_on_time_late_or_not_yet(generated):
    period = ReportingPeriod.objects.order_by("year").first()
    agencies = with_handed_in_report(Agency.objects.all(), period)
    states = Counter(
        agencies.filter(report_status=Report.Status.ACCEPTED).values_list(
            "publication_state", flat=True
        )
    )
    published = Publication.objects.exclude(published_on=None)

    assert {"published", "late", "none"} <= set(states)
    assert states["published"] > states["late"]
    assert not Publication.objects.exclude(report__status=Report.Status.ACCEPTED).exists()
    assert all(p.url.split("/")[2].endswith(".gov.example") for p in published)
    assert all(p.published_on <= timezone.localdate() for p in published)


def test_generate_load_compares_every_upload_with_the_reports_before_it(generated):
    first_year = ReportingPeriod.objects.order_by("year").first()
    shares = list(
        Comparison.objects.exclude(report__period=first_year).values_list("share", flat=True)
    )

    assert Comparison.objects.count() == Report.objects.count()
    assert not Report.objects.exclude(reuse_share=F("comparison__share")).exists()
    assert set(
        Comparison.objects.filter(report__period=first_year).values_list("share", flat=True)
    ) == {0.0}
    assert any(share >= 0.45 for share in shares)
    assert sorted(shares)[len(shares) // 2] < 0.3


def test_generate_load_comments_quote_the_report_text(generated):
    comments = list(ReviewerComment.objects.select_related("report", "section", "parent"))
    quoted = [c for c in comments if c.start is not None]
    replies = [c for c in comments if c.parent is not None]

    assert len(quoted) > 0
    assert [c.quote for c in quoted] == [c.report.text[c.start : c.end] for c in quoted]
    assert all(c.section.start <= c.start < c.end <= c.section.end for c in quoted)
    assert all(c.section.report_id == c.report_id for c in comments if c.section)
    assert all(r.parent.report_id == r.report_id and r.parent.parent_id is None for r in replies)
    assert len(replies) > 0
    assert ReviewerComment.objects.filter(resolved_at__isnull=False).exists()
    assert ReviewerComment.objects.open().exists()
    per_report = Counter(c.report_id for c in comments if c.parent is None)
    assert max(per_report.values()) <= 5


def test_generate_load_keeps_one_current_version_per_report(generated):
    versions = defaultdict(list)
    for report in Report.objects.order_by("version"):
        versions[report.agency_id, report.period_id].append(report)

    for history in versions.values():
        assert [r.version for r in history] == list(range(1, len(history) + 1))
        assert [r.is_current for r in history] == [False] * (len(history) - 1) + [True]
        assert all(r.status == Report.Status.RETURNED for r in history[:-1])
    assert len({r.sha256 for r in Report.objects.all()}) == Report.objects.count()


def test_generate_load_rows_pass_the_model_constraints(generated):
    # The database checked every row on insert; this asks Django's own validation too, on a
    # slice of each table (a query per unique constraint per row adds up).
    for model in (Agency, User, Report, Section, ReviewerComment, ReportEvent, Publication):
        for row in model.objects.order_by("pk")[:150]:
            row.validate_constraints()


def test_generate_load_results_are_what_the_checker_reads(generated):
    for report in Report.objects.select_related("period", "agency").prefetch_related("sections"):
        expected = check_text(report.text, period_year=report.period.year).to_dict()
        stored = {**report.result, "file": "", "format": "txt"}
        sections = [
            (s.number, s.heading, s.part, s.start, s.end)
            for s in sorted(report.sections.all(), key=lambda s: s.order)
        ]
        # What the upload service would store from a fresh reading of this file.
        columns = fields_from_json(
            {**expected, "file": report.original_name, "format": report.format}, text=report.text
        )

        assert stored == expected
        assert sections == [
            (n["number"], n["heading"], n["part"] or "", n["start"], n["end"])
            for n in flatten(expected["sections"])
        ]
        assert {key: getattr(report, key) for key in columns} == columns
        assert report.agency.name in report.text


def test_generate_load_has_reports_with_parts_in_name_only(db, settings):
    generate(settings, agencies=300, years=1)

    assert Report.objects.filter(parts_in_name_only__gt=0).exists()


def test_generate_load_hands_in_to_the_usual_recipients(generated):
    reports = list(Report.objects.select_related("agency__region__parent", "period"))
    handed_in = [r for r in reports if r.status != Report.Status.DRAFT]

    for report in handed_in:
        usual = usual_recipients(report.agency)
        assert (report.reported_to, report.copied_to) == (
            list(usual.reported_to),
            list(usual.copied_to),
        )
    assert all((r.reported_to, r.copied_to) == ([], []) for r in reports if r not in handed_in)
    assert any(r.submission_note for r in handed_in if r.version > 1)
    events = ReportEvent.objects.filter(kind=ReportEvent.Kind.SUBMITTED).select_related("report")
    assert all(e.message == e.report.submission_note for e in events)


def test_generate_load_hands_in_by_the_deadline_of_each_kind(db, settings):
    output = generate(settings, years=5)
    first_versions = [
        r
        for r in Report.objects.filter(version=1).select_related("agency", "period")
        if r.status != Report.Status.DRAFT
    ]
    signed = [datetime.date.fromisoformat(r.reading.signature_date) for r in first_versions]
    current = [r for r in current_reports() if r.status != Report.Status.DRAFT]
    late = sum(r.is_late for r in current)

    # A first version is uploaded within two days of being signed, and so it is late exactly
    # when it was signed after the deadline of its kind (model areas 31 January, provinces
    # 1 April, everyone else 1 March).
    assert all(
        0 <= (timezone.localtime(r.created_at).date() - day).days <= 2
        for r, day in zip(first_versions, signed, strict=True)
    )
    assert [r.is_late for r in first_versions] == [
        day > r.deadline for r, day in zip(first_versions, signed, strict=True)
    ]
    assert {r.agency.kind for r in first_versions} == set(Agency.Kind.values)
    assert late > 0
    assert f"late               {late:>9,}" in output


def flatten(nodes):
    for node in nodes:
        yield node
        yield from flatten(node["children"])


def test_generate_load_events_follow_the_workflow(generated):
    now = timezone.now()
    for report in Report.objects.select_related("period").prefetch_related("events"):
        events = sorted(report.events.all(), key=lambda e: (e.created_at, e.pk))
        window_opens = datetime.datetime(report.period.year + 1, 1, 1, tzinfo=datetime.UTC)

        assert [e.from_status for e in events] == ["", *(e.to_status for e in events[:-1])]
        assert events[-1].to_status == report.status
        assert events[0].created_at == report.created_at
        assert window_opens <= report.created_at <= now
        assert all(e.created_at <= now for e in events)
        if report.submitted_at is not None:
            assert report.created_at <= report.submitted_at


def test_generate_load_same_seed_same_data(db, settings):
    def fingerprint():
        return (
            sorted(Region.objects.values_list("name", "code", "level", "parent__name")),
            sorted(
                Agency.objects.values_list("name", "kind", "region__name", "superior_department")
            ),
            sorted(User.objects.values_list("username", "role", "agency__name", "regions__name")),
            sorted(
                Report.objects.values_list(
                    "agency__name", "period__year", "version", "status", "verdict", "text"
                )
            ),
        )

    first_output = generate(settings)
    first = fingerprint()
    for model in (
        Publication,
        ReportEvent,
        ReviewerComment,
        Section,
        Report,
        ReportingPeriod,
        User,
        Agency,
    ):
        model.objects.all().delete()
    for level in ("county", "city", "province"):
        Region.objects.filter(level=level).delete()
    second_output = generate(settings)

    assert fingerprint() == first
    assert second_output.split("\n")[1:] == first_output.split("\n")[1:]  # the time aside


def test_generate_load_builds_a_province_of_cities_and_counties(db, settings):
    output = generate(settings, agencies=1600, years=1)
    regions = {region.pk: region for region in Region.objects.all()}
    by_level = defaultdict(list)
    for region in regions.values():
        by_level[region.level].append(region)

    def chain(region):
        above = regions[region.parent_id] if region.parent_id else None
        return (chain(above) if above else "/") + f"{region.pk}/"

    [province] = by_level["province"]
    assert (len(by_level["city"]), len(by_level["county"])) == (2, 13)
    assert province.parent_id is None
    assert {city.parent_id for city in by_level["city"]} == {province.pk}
    assert {regions[county.parent_id].level for county in by_level["county"]} == {"city"}
    assert all(region.path == chain(region) for region in regions.values())
    assert len({region.code for region in regions.values()}) == len(regions)
    assert "agencies               1,600" in output
    kinds = Counter(Agency.objects.values_list("region__level", "kind"))
    assert kinds[("province", "province")] == 1
    assert kinds[("city", "government")] == 2
    assert kinds[("county", "government")] + kinds[("county", "model")] == 13
    assert kinds[("county", "model")] >= 1
    assert 38 <= kinds[("province", "department")] <= 42
    for city in by_level["city"]:
        assert 40 <= city.agencies.filter(kind="department").count() <= 60


def test_generate_load_reviewers_see_their_region_and_the_regions_below(db, settings):
    output = generate(settings, agencies=1600, years=1)
    county_reviewer = User.objects.get(username="load-r001")
    city_reviewer = User.objects.get(username="load-c01")
    province_reviewer = User.objects.get(username="load-p01")
    [county] = county_reviewer.regions.all()
    [city] = city_reviewer.regions.all()
    [province] = province_reviewer.regions.all()

    def seen(user):
        return set(agencies_for_user(user).values_list("name", flat=True))

    def agencies_in(*regions):
        return set(Agency.objects.filter(region__in=regions).values_list("name", flat=True))

    assert (county.level, city.level, province.level) == ("county", "city", "province")
    assert seen(county_reviewer) == agencies_in(county)
    assert seen(city_reviewer) == agencies_in(city, *city.children.all())
    assert seen(province_reviewer) == set(Agency.objects.values_list("name", flat=True))
    assert len(seen(county_reviewer)) < len(seen(city_reviewer)) < len(seen(province_reviewer))
    assert f"load-r001 sees {county.name}:" in output
    assert f"load-c01 sees {city.name} and its {city.children.count()} counties:" in output
    assert f"load-p01 sees {province.name}, its 2 cities and 13 counties: 1,600 agencies" in output


def test_generate_load_departments_name_the_one_above(db, settings):
    generate(settings, agencies=1600, years=1)
    agencies = {a.name: a for a in Agency.objects.select_related("region__parent")}
    with_superior = [a for a in agencies.values() if a.superior_department]

    assert {a.region.level for a in with_superior} == {"county", "city"}
    for agency in with_superior:
        superior = agencies[agency.superior_department]
        assert (superior.kind, superior.region) == ("department", agency.region.parent)


def test_generate_load_texts_read_as_every_verdict():
    from benchmarks.loadgen.texts import VariantPool

    assert VariantPool([2022, 2023], seed=7).gaps == []


def test_production_apps_do_not_import_the_benchmarks():
    importers = []
    for path in sorted([*ROOT.glob("reports/**/*.py"), *ROOT.glob("reviews/**/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(name.split(".")[0] == "benchmarks" for name in names):
                importers.append(str(path.relative_to(ROOT)))

    assert importers == []


def test_generate_load_is_not_in_the_production_image(tmp_path):
    # What the Dockerfile copies into the image, started the way the image starts it.
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                if (ROOT / source).is_dir():
                    shutil.copytree(
                        ROOT / source,
                        tmp_path / source,
                        ignore=shutil.ignore_patterns("__pycache__"),
                    )
                else:
                    shutil.copy(ROOT / source, tmp_path / source)
    keep = {"PATH", "HOME", "LANG"}
    environment = {key: value for key, value in os.environ.items() if key in keep}

    done = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=tmp_path,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    commands = done.stdout.split()

    assert not (tmp_path / "benchmarks").exists()
    assert (done.returncode, "loaddemo" in commands, "generate_load" in commands) == (
        0,
        True,
        False,
    )


def test_generate_load_marks_the_latest_handed_in_version_as_hand_in_does(generated):
    handed_in: dict[tuple[int, int], list[Report]] = {}
    for report in Report.objects.exclude(status=Report.Status.DRAFT).order_by("version"):
        handed_in.setdefault((report.agency_id, report.period_id), []).append(report)

    marked = {
        (r.agency_id, r.period_id): r.pk for r in Report.objects.filter(is_latest_handed_in=True)
    }

    assert marked == {slot: versions[-1].pk for slot, versions in handed_in.items()}
    assert all(
        report.first_submitted_at == versions[0].submitted_at
        for versions in handed_in.values()
        for report in versions
    )
