"""Build a province's history of reports in bulk: regions, agencies, people, versions, reviews.

Rows go in with bulk_create (who is there: province.py), then one legal office's agencies at a
time (a county's, a city's own, the province's own), in one transaction; the database constraints
(one current version per agency and period, complete spans and resolutions…) check every row.
Each report's history follows the workflow the services enforce:

    uploaded → submitted → [review_started →] accepted
                                            → returned → (next version) uploaded → …
"""

from __future__ import annotations

import datetime
import hashlib
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, reset_queries, transaction

from benchmarks.loadgen.province import BATCH, Office, ReviewerSample, build_province
from benchmarks.loadgen.texts import VERDICTS, group_for, variant_pool
from reports.models import Agency, Report, ReportingPeriod, Section, User, kind_deadlines
from reports.recipients import Recipients, usual_recipients
from reports.stored import fields_from_json
from reviews.models import Comparison, Publication, ReportEvent, ReviewerComment

SHANGHAI = ZoneInfo("Asia/Shanghai")

Status = Report.Status
# An agency's habits carry over from year to year: (share of agencies, verdict weights of the
# version the office has, chance of not handing in, chance of handing in late).
QUALITY = {
    "good": (0.6, (0.7, 0.25, 0.05), 0.03, 0.04),
    "average": (0.3, (0.25, 0.4, 0.35), 0.10, 0.12),
    "poor": (0.1, (0.05, 0.2, 0.75), 0.35, 0.30),
}
# Chance that the version the office has was preceded by returned ones, and their verdicts.
REVISED = {"complete": 0.22, "partial": 0.2, "incomplete": 0.12}
RETURNED_VERDICTS = (0.1, 0.35, 0.55)
# Chance that the version the office has was returned and is waiting for the next one.
RETURNED_FINAL = {
    "latest": {"complete": 0.04, "partial": 0.2, "incomplete": 0.5},
    "older": {"complete": 0.02, "partial": 0.08, "incomplete": 0.25},
}
# Where a report that was not returned stands: the legal office has long finished older years.
FINAL_STATUS = {
    "latest": ((Status.ACCEPTED, Status.IN_REVIEW, Status.SUBMITTED), (0.45, 0.3, 0.25)),
    "older": ((Status.ACCEPTED, Status.IN_REVIEW, Status.SUBMITTED), (0.94, 0.03, 0.03)),
}
FORMATS = (("docx", 70), ("pdf", 20), ("txt", 5), ("doc", 3), ("wps", 2))
COMMENT_COUNTS = {
    Status.IN_REVIEW: (0.4, 0.3, 0.2, 0.1),
    Status.RETURNED: (0, 0.25, 0.3, 0.2, 0.15, 0.1),
    Status.ACCEPTED: (0.5, 0.3, 0.15, 0.05),
}

PART_LABELS = {
    "measures": "主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "leadership": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "plans": "下一年度推进法治政府建设的主要安排",
}
SPAN_REMARKS = (
    "此处数据与统计年报不一致，请核实。",
    "表述较为笼统，请补充具体举措和取得的成效。",
    "请补充相关数据的统计口径。",
    "该项工作是否已全部完成？请说明完成情况。",
    "建议删除与法治政府建设关联不大的内容。",
    "请说明具体原因，不要只罗列问题。",
    "原因分析不够深入，请从主观方面查找原因。",
    "此处提法不规范，请按照最新文件表述。",
    "请补充典型案例。",
)
SECTION_REMARKS = (
    "本部分内容较为简略，请充实。",
    "本部分与上一部分内容有重复，请精简。",
    "本部分小标题序号不规范，请统一使用（一）（二）。",
    "请按年度报告提纲调整本部分结构。",
)
GENERAL_REMARKS = (
    "请在落款处加盖单位公章后重新上传。",
    "报告已收悉，整体结构完整。",
    "请同步报送报告的Word版本。",
    "报告篇幅偏长，建议控制在3000字以内。",
)
AGENCY_REPLIES = (
    "已按要求修改。",
    "收到，已核实并更正。",
    "该数据已与统计部门核对，无误。",
    "已补充相关内容，见修改稿。",
    "好的，下一版本中一并修改。",
)
REVIEWER_REPLIES = ("好的。", "请在修改稿中体现。", "已核实，谢谢。")
RETURN_MESSAGES = (
    "请按审查意见修改后重新提交。",
    "报告结构不符合要求，请对照第二十五条调整后重新提交。",
    "部分数据有误，请核实后重新提交。",
)
SUBMISSION_NOTES = (
    "已按审查意见修改。",
    "已补充存在的不足和原因，并核实了相关数据。",
    "已按要求调整报告结构，请审查。",
)
ACCEPT_MESSAGES = ("", "", "同意。", "四个部分齐全，予以通过。", "经审查，予以通过。")
# What an agency does once its report is accepted (Article 26: public by the period's deadline).
PUBLISHED = (("on time", 0.72), ("late", 0.1), ("not yet", 0.14), ("exempt", 0.04))
EXEMPT_REASONS = (
    "报告涉及国家秘密，经保密审查不予公开。",
    "报告部分内容涉及国家秘密，按保密规定不予公开。",
)
# Of the versions compared with earlier reports, those that reuse much (a template, last year's).
HEAVY_REUSE = 0.07


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)  # of current versions
    verdicts: Counter[str] = field(default_factory=Counter)  # of reports the office has
    gaps: list[str] = field(default_factory=list)  # verdicts no composed report came out with
    reviewer_samples: list[ReviewerSample] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Member:
    """An agency as its reports are generated."""

    agency: Agency
    group: str  # the voice its reports are written in (texts.GROUPS)
    quality: str
    clerks: list[User]
    recipients: Recipients


@dataclass
class _Slot:
    """One agency's reports for one period, being built."""

    member: _Member
    period: ReportingPeriod
    reviewer: User
    deadline: datetime.date
    reports: list[Report] = field(default_factory=list)

    @property
    def agency(self) -> Agency:
        return self.member.agency


@dataclass
class _Batch:
    """The rows of one office's agencies, in the order they must be inserted."""

    reports: list[Report] = field(default_factory=list)
    sections: list[list[Section]] = field(default_factory=list)  # by depth
    comments: list[ReviewerComment] = field(default_factory=list)
    replies: list[ReviewerComment] = field(default_factory=list)
    events: list[ReportEvent] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)


class Generator:
    def __init__(
        self,
        *,
        seed: int,
        years: int,
        now: datetime.datetime,
        log: Callable[[str], None] = lambda _line: None,
    ) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.log = log
        latest = now.astimezone(SHANGHAI).year - 1
        self.years = list(range(latest - years + 1, latest + 1))
        self.seed = seed
        self.summary = Summary()
        self.deadlines: dict[int, dict[str, datetime.date]] = {}  # by period pk, then kind

    def run(self, agency_count: int) -> Summary:
        started = time.perf_counter()
        self.pool = variant_pool(tuple(self.years), self.seed)
        self.log(
            f"{self.pool.checked} composed reports checked in {time.perf_counter() - started:.1f} s"
        )
        self.summary.gaps = self.pool.gaps
        with transaction.atomic():
            periods = self._periods()
            # Per period, the deadline of each kind of agency: model areas report earlier,
            # provinces later.
            self.deadlines = {period.pk: kind_deadlines(period) for period in periods}
            joined = datetime.datetime(self.years[0] + 1, 1, 2, 9, tzinfo=SHANGHAI)
            province = build_province(agency_count, self.rng, joined=joined)
            self.summary.counts.update(province.counts)
            self.summary.reviewer_samples = province.reviewer_samples
            for index, office in enumerate(province.offices, start=1):
                batch = _Batch()
                for member in self._members(office, province.clerks):
                    for period in periods:
                        slot = _Slot(
                            member,
                            period,
                            self.rng.choice(office.reviewers),
                            self.deadlines[period.pk][member.agency.kind],
                        )
                        self._history(slot, member.quality, batch)
                self._insert(batch)
                # With DEBUG on, Django keeps the SQL of every query, report texts and all:
                # gigabytes at province size.
                reset_queries()
                if index % 10 == 0 or index == len(province.offices):
                    self.log(
                        f"{index}/{len(province.offices)} offices, "
                        f"{self.summary.counts['reports']} report versions, "
                        f"{time.perf_counter() - started:.0f} s"
                    )
        # Fresh planner statistics, as a database in use would have: without them PostgreSQL
        # plans the first minutes of queries for empty tables. VACUUM also marks the pages
        # visible, as autovacuum soon would, so that the dashboard's covering index answers
        # alone; it cannot run inside a transaction (a test's).
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    # --- who is there ------------------------------------------------------------------------

    def _periods(self) -> list[ReportingPeriod]:
        periods = []
        for year in self.years:
            period, created = ReportingPeriod.objects.get_or_create(
                year=year, defaults={"is_open": year == self.years[-1]}
            )
            self.summary.counts["periods"] += created
            periods.append(period)
        return periods

    def _members(self, office: Office, clerks: dict[int, list[User]]) -> list[_Member]:
        qualities = list(QUALITY)
        shares = [QUALITY[q][0] for q in qualities]
        level = office.region.level
        return [
            _Member(
                agency=agency,
                group=group_for(kind=agency.kind, level=level, name=agency.name).name,
                quality=self.rng.choices(qualities, shares)[0],
                clerks=clerks[agency.pk],
                recipients=usual_recipients(agency),
            )
            for agency in office.agencies
        ]

    # --- one agency, one period --------------------------------------------------------------

    def _history(self, slot: _Slot, quality: str, batch: _Batch) -> None:
        """The versions of one agency's report for one period, marked as submit_report marks
        them: the latest handed in, and each with the time of the first hand-in."""
        self._versions(slot, quality, batch)
        handed_in = [report for report in slot.reports if report.status != Status.DRAFT]
        if handed_in:
            handed_in[-1].is_latest_handed_in = True
            first = min(report.submitted_at for report in handed_in)
            for report in handed_in:
                report.first_submitted_at = first

    def _versions(self, slot: _Slot, quality: str, batch: _Batch) -> None:
        """The versions of one agency's report for one period, oldest first.

        The verdict of the version the legal office now has is drawn first, so the dashboard
        shows the intended mix; versions returned before it are drawn worse.
        """
        rng = self.rng
        _share, verdicts, not_handed_in, late_rate = QUALITY[quality]
        stage = "latest" if slot.period.year == self.years[-1] else "older"
        verdict = rng.choices(VERDICTS, verdicts)[0]
        if rng.random() < not_handed_in:
            self.summary.counts["not handed in"] += 1
            if rng.random() < 0.4:  # started, never submitted
                late = rng.random() < 0.5
                self._version(slot, batch, verdict=verdict, late=late, at=None, status=Status.DRAFT)
            return
        late = rng.random() < late_rate
        at = None
        revisions = 0
        if rng.random() < REVISED[verdict]:
            revisions = 2 if rng.random() < 0.15 else 1
        for _ in range(revisions):
            earlier = rng.choices(VERDICTS, RETURNED_VERDICTS)[0]
            returned_at = self._version(
                slot,
                batch,
                verdict=earlier,
                late=late,
                at=at,
                status=Status.RETURNED,
                resolve_later=True,
            )
            at = self._later(returned_at, 48, 24 * 20)
            # A corrected version is signed before the deadline, as the first was meant to be;
            # it is uploaded at `at`, after the return.
            late = False

        if rng.random() < RETURNED_FINAL[stage][verdict]:
            returned_at = self._version(
                slot, batch, verdict=verdict, late=late, at=at, status=Status.RETURNED
            )
            next_at = self._later(returned_at, 24, 24 * 10)
            if stage == "latest" and rng.random() < 0.5 and next_at < self.now:
                # The agency is working on the next version; the office still has this one.
                better = rng.choices(VERDICTS, (0.75, 0.2, 0.05))[0]
                self._version(
                    slot, batch, verdict=better, late=False, at=next_at, status=Status.DRAFT
                )
            return
        statuses, weights = FINAL_STATUS[stage]
        status = rng.choices(statuses, weights)[0]
        self._version(slot, batch, verdict=verdict, late=late, at=at, status=status)

    def _version(
        self,
        slot: _Slot,
        batch: _Batch,
        *,
        verdict: str,
        late: bool,
        at: datetime.datetime | None,
        status: str,
        resolve_later: bool = False,
    ) -> datetime.datetime:
        """Add the next version of the slot's report with its sections, events and comments.

        `at` is the upload time of a resubmission; a first version is uploaded soon after the
        date it was signed. Returns the time of the version's last step.
        """
        rng = self.rng
        period, agency = slot.period, slot.agency
        variant = self.pool.pick(
            group=slot.member.group, year=period.year, late=late, verdict=verdict, rng=rng
        )
        text, result, quotes = variant.render(agency.name, agency.region.name)
        version = len(slot.reports) + 1
        if slot.reports:
            slot.reports[-1].is_current = False
        if at is None:
            signed = datetime.date.fromisoformat(result["signature"]["date"])
            day = signed + datetime.timedelta(days=rng.randint(0, 2))
            if not late:
                day = min(day, slot.deadline)
            at = self._on(day)
        uploaded_at = min(at, self.now)
        fmt = rng.choices(*zip(*FORMATS, strict=True))[0]
        original_name = self._file_name(agency, period.year, version, fmt)
        digest = hashlib.sha256(f"{agency.pk}/{period.year}/{version}\n{text}".encode()).hexdigest()
        result = {**result, "file": original_name, "format": fmt}
        clerk = rng.choice(slot.member.clerks)
        report = Report(
            agency=agency,
            period=period,
            version=version,
            is_current=True,
            status=status,
            file=f"reports/{period.year}/{agency.pk}/{digest}.{fmt}",
            original_name=original_name,
            size=self._size(fmt, text),
            sha256=digest,
            uploaded_by=clerk,
            created_at=uploaded_at,
            **fields_from_json(result, text=text),
        )
        slot.reports.append(report)
        batch.reports.append(report)
        sections = self._sections(report, result["sections"], batch)
        batch.comparisons.append(
            self._comparison(report, uploaded_at, first=slot.period.year == self.years[0])
        )
        trail = [""]  # the status the report is in, as its audit trail tells it

        def step(kind: str, actor: User, to: str, at: datetime.datetime, message: str = "") -> None:
            batch.events.append(
                ReportEvent(
                    report=report,
                    kind=kind,
                    actor=actor,
                    from_status=trail[-1],
                    to_status=to,
                    message=message,
                    created_at=at,
                )
            )
            trail.append(to)

        step(ReportEvent.Kind.UPLOADED, clerk, Status.DRAFT, uploaded_at, original_name)
        if status == Status.DRAFT:
            return uploaded_at

        submitted_at = self._later(uploaded_at, 0.1, 6)
        if not late and submitted_at.astimezone(SHANGHAI).date() > slot.deadline:
            submitted_at = self._later(uploaded_at, 0.05, 0.2)
        report.submitted_at, report.submitted_by = submitted_at, clerk
        # What the hand-in form suggests, as most agencies leave it.
        report.reported_to = list(slot.member.recipients.reported_to)
        report.copied_to = list(slot.member.recipients.copied_to)
        if version > 1 and rng.random() < 0.6:
            report.submission_note = rng.choice(SUBMISSION_NOTES)
        step(
            ReportEvent.Kind.SUBMITTED,
            clerk,
            Status.SUBMITTED,
            submitted_at,
            report.submission_note,
        )
        if status == Status.SUBMITTED:
            return submitted_at

        reviewer = slot.reviewer
        reading_from = submitted_at
        if status != Status.ACCEPTED or rng.random() < 0.85:  # some are accepted at first sight
            reading_from = self._later(submitted_at, 20, 24 * 10)
            step(ReportEvent.Kind.REVIEW_STARTED, reviewer, Status.IN_REVIEW, reading_from)
        # For a report still in review, the moment up to which the reviewer has commented.
        decided_at = self._later(reading_from, 1, 24 * 5)
        self._comments(
            batch, report, sections, quotes, slot, status, reading_from, decided_at, resolve_later
        )
        if status == Status.RETURNED:
            missing = [p for p in PART_LABELS if result["parts"][p]["status"] == "missing"]
            if missing:
                message = f"报告缺少“{PART_LABELS[missing[0]]}”部分，请补充后重新提交。"
            else:
                message = rng.choice(RETURN_MESSAGES)
            if self._is_late(report):
                message += "请一并说明逾期报送原因。"
            step(ReportEvent.Kind.RETURNED, reviewer, status, decided_at, message)
        elif status == Status.ACCEPTED:
            step(
                ReportEvent.Kind.ACCEPTED, reviewer, status, decided_at, rng.choice(ACCEPT_MESSAGES)
            )
            self._publication(slot, report, decided_at, batch)
        return decided_at

    def _comparison(self, report: Report, at: datetime.datetime, *, first: bool) -> Comparison:
        """What the upload's comparison with the reports stored before it found: little, as
        a rule; much for a few. The first year had nothing to compare with."""
        rng = self.rng
        share = 0.0 if first else min(rng.betavariate(1.3, 7), 1.0)
        if not first and rng.random() < HEAVY_REUSE:
            share = rng.uniform(0.45, 0.95)
        report.reuse_share = share  # as the upload copies it (COMPARISON_FIGURES); no plans
        return Comparison(
            report=report,
            share=share,
            own_share=share * rng.uniform(0.3, 1.0),
            part_shares={
                part: round(min(share * rng.uniform(0.5, 1.5), 1.0), 3) for part in PART_LABELS
            },
            compared=0 if first else rng.randint(20, 120),
            handed_in_before=None if first else at,
            computed_at=at,
        )

    def _publication(
        self, slot: _Slot, report: Report, accepted_at: datetime.datetime, batch: _Batch
    ) -> None:
        """Where and when the agency made its accepted report public, if it has yet."""
        rng = self.rng
        done = rng.choices(*zip(*PUBLISHED, strict=True))[0]
        if done == "not yet":
            return
        accepted_on = accepted_at.astimezone(SHANGHAI).date()
        clerk = report.uploaded_by
        if done == "exempt":
            recorded_at = self._later(accepted_at, 2, 24 * 5)
            confirmed = rng.random() < 0.7
            batch.publications.append(
                Publication(
                    report=report,
                    exempt=True,
                    exempt_reason=rng.choice(EXEMPT_REASONS),
                    exempt_confirmed_by=slot.reviewer if confirmed else None,
                    exempt_confirmed_at=self._later(recorded_at, 4, 24 * 7) if confirmed else None,
                    recorded_by=clerk,
                    recorded_at=recorded_at,
                )
            )
            return
        deadline = slot.period.publication_deadline
        day = accepted_on + datetime.timedelta(days=rng.randint(1, 20))
        if done == "on time":
            day = min(day, max(deadline, accepted_on))
        else:
            day = max(day, deadline + datetime.timedelta(days=rng.randint(1, 40)))
        recorded_at = self._on(day)
        if recorded_at > self.now:
            return
        # A reserved domain: a development database must never send the publication check
        # to a real government site.
        url = (
            f"https://{slot.agency.region.code}.gov.example/zwgk/fzzfjs/"
            f"{slot.period.year}/{report.sha256[:12]}.html"
        )
        batch.publications.append(
            Publication(
                report=report, url=url, published_on=day, recorded_by=clerk, recorded_at=recorded_at
            )
        )

    def _sections(
        self, report: Report, nodes: list[dict[str, Any]], batch: _Batch
    ) -> dict[int, Section]:
        """The heading tree in reading order, as the upload service stores it."""
        by_order: dict[int, Section] = {}

        def walk(nodes: list[dict[str, Any]], parent: Section | None, depth: int) -> None:
            if len(batch.sections) <= depth:
                batch.sections.append([])
            for node in nodes:
                section = Section(
                    report=report,
                    parent=parent,
                    order=len(by_order) + 1,
                    level=min(max(node["level"], 1), 4),
                    number=node["number"][:20],
                    heading=node["heading"][:500],
                    part=node["part"] or "",
                    evidence=node["evidence"] or "",
                    start=node["start"],
                    end=node["end"],
                )
                by_order[section.order] = section
                batch.sections[depth].append(section)
                walk(node["children"], section, depth + 1)

        walk(nodes, None, 0)
        return by_order

    def _comments(
        self,
        batch: _Batch,
        report: Report,
        sections: dict[int, Section],
        quotes: list[tuple[int, int, int]],
        slot: _Slot,
        status: str,
        reading_from: datetime.datetime,
        decided_at: datetime.datetime,
        resolve_later: bool,
    ) -> None:
        rng = self.rng
        weights = COMMENT_COUNTS.get(status)
        if not weights:
            return
        count = rng.choices(range(len(weights)), weights)[0]
        resolve_rate = {Status.ACCEPTED: 0.8, Status.IN_REVIEW: 0.2}.get(
            status, 0.6 if resolve_later else 0.1
        )
        part_remarks = [
            f"报告缺少“{label}”部分，请按照《法治政府建设与责任落实督察工作规定》第二十五条补充。"
            if report.result["parts"][part]["status"] == "missing"
            else f"“{label}”没有单独成章，建议单列一级标题。"
            for part, label in PART_LABELS.items()
            if report.result["parts"][part]["status"] != "present"
        ]
        window = max((decided_at - reading_from).total_seconds(), 60)
        for index in range(count):
            at = reading_from + datetime.timedelta(seconds=window * rng.random())
            section, span, body = None, None, ""
            roll = rng.random()
            if index < len(part_remarks) and roll < 0.7:
                body = part_remarks[index]
            elif roll < 0.6 and quotes:
                order, start, end = rng.choice(quotes)
                section, span, body = sections[order], (start, end), rng.choice(SPAN_REMARKS)
            elif roll < 0.75 and sections:
                section = rng.choice(list(sections.values()))
                body = rng.choice(SECTION_REMARKS)
            else:
                body = rng.choice(GENERAL_REMARKS)
            comment = ReviewerComment(
                report=report,
                section=section,
                start=span[0] if span else None,
                end=span[1] if span else None,
                quote=report.text[span[0] : span[1]] if span else "",
                author=slot.reviewer,
                body=body,
                created_at=at,
            )
            if rng.random() < resolve_rate:
                resolved_at = self._later(max(at, decided_at), 1, 24 * 15)
                if resolved_at < self.now:
                    comment.resolved_by, comment.resolved_at = slot.reviewer, resolved_at
            batch.comments.append(comment)
            self.summary.counts["comments"] += 1
            self.summary.counts["quoted comments"] += span is not None
            if rng.random() < 0.35:
                reply_at = self._later(at, 2, 48)
                if reply_at < self.now:
                    clerk = rng.choice(slot.member.clerks)
                    batch.replies.append(
                        ReviewerComment(
                            report=report,
                            author=clerk,
                            body=rng.choice(AGENCY_REPLIES),
                            parent=comment,
                            created_at=reply_at,
                        )
                    )
                    if (
                        rng.random() < 0.3
                        and (answer_at := self._later(reply_at, 1, 30)) < self.now
                    ):
                        batch.replies.append(
                            ReviewerComment(
                                report=report,
                                author=slot.reviewer,
                                body=rng.choice(REVIEWER_REPLIES),
                                parent=comment,
                                created_at=answer_at,
                            )
                        )

    # --- storing -----------------------------------------------------------------------------

    def _insert(self, batch: _Batch) -> None:
        Report.objects.bulk_create(batch.reports, batch_size=BATCH)
        for generation in batch.sections:
            Section.objects.bulk_create(generation, batch_size=BATCH * 2)
        ReviewerComment.objects.bulk_create(batch.comments, batch_size=BATCH)
        ReviewerComment.objects.bulk_create(batch.replies, batch_size=BATCH)
        ReportEvent.objects.bulk_create(batch.events, batch_size=BATCH * 2)
        Comparison.objects.bulk_create(batch.comparisons, batch_size=BATCH)
        Publication.objects.bulk_create(batch.publications, batch_size=BATCH)

        counts = self.summary.counts
        counts["reports"] += len(batch.reports)
        counts["sections"] += sum(len(generation) for generation in batch.sections)
        counts["replies"] += len(batch.replies)
        counts["resolved comments"] += sum(c.resolved_at is not None for c in batch.comments)
        counts["events"] += len(batch.events)
        counts["comparisons"] += len(batch.comparisons)
        counts["publications"] += len(batch.publications)
        for report in batch.reports:
            counts["versions ≥ 2"] += report.version >= 2
            if report.is_current:
                self.summary.statuses[report.status] += 1
            if report.is_current and report.status != Status.DRAFT:
                self.summary.verdicts[report.verdict] += 1
                counts["late"] += self._is_late(report)

    # --- small helpers -----------------------------------------------------------------------

    def _is_late(self, report: Report) -> bool:
        # Generated agencies get no extension: the deadline of their kind for the period is theirs.
        if report.submitted_at is None:
            return False
        deadline = self.deadlines[report.period_id][report.agency.kind]
        return report.submitted_at.astimezone(SHANGHAI).date() > deadline

    def _on(self, day: datetime.date) -> datetime.datetime:
        """A moment in office hours on `day`."""
        minutes = self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), SHANGHAI)

    def _later(
        self, moment: datetime.datetime, low_hours: float, high_hours: float
    ) -> datetime.datetime:
        """A moment between `low_hours` and `high_hours` after `moment`, never after now."""
        later = moment + datetime.timedelta(hours=self.rng.uniform(low_hours, high_hours))
        return min(later, self.now)

    def _file_name(self, agency: Agency, year: int, version: int, fmt: str) -> str:
        short = agency.name.removeprefix(agency.region.name)
        name = self.rng.choice(
            (
                f"{short}{year}年度法治政府建设情况报告",
                f"关于{year}年度法治政府建设工作情况的报告",
                f"{agency.name}{year}年法治政府建设年度报告",
                f"{year}年法治政府建设工作报告（{short}）",
            )
        )
        if version > 1:
            name += self.rng.choice(("（修改稿）", f"（第{version}稿）", "-修改"))
        return f"{name}.{fmt}"

    def _size(self, fmt: str, text: str) -> int:
        length = len(text.encode())
        extra = {"txt": 0, "docx": 14_000, "doc": 30_000, "wps": 25_000, "pdf": 80_000}[fmt]
        return length * (1 if fmt == "txt" else 2) + extra + self.rng.randint(0, extra // 2)
