"""Reads of the reused-text search for the pages, each as its viewer may see it.

    view = reuse_for_page(user, report, pager)
    view.share, view.sources[0].agency, view.sources[0].passages[0].text
    view.highlights            # the reused passages, for reports.presentation.layout
    reuse_story(agencies, period, shown)  # the dashboard's figures per region

A reviewer sees every source, with its agency's name, and a link where access lets them open
it; the notes that later reports reuse this one; last year's plans. The agency sees what its
report repeats of its own earlier reports, and its plans; nothing of another agency.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from reports import access
from reports.models import Region, Report, User
from reports.presentation import Highlight, TextPager
from reports.queries import FindingRow
from reports.stored import PART_TITLES, REQUIRED_PART_KEYS
from reviews.models import Comparison, ReportFingerprint, ReusedSource
from reviews.reuse.services import latest_handed_in

REUSE_FINDING = "text_reused"
_OTHER_PART = "other"


@dataclass(frozen=True)
class Passage:
    start: int  # offsets into the text of the page's report
    end: int
    text: str
    part: str
    anchor: str  # the id of its place in the page's text
    href: str  # a link to that place, by way of its page of the text
    #: A link to the same words in the other report; "" where the viewer may not open it.
    elsewhere: str


@dataclass(frozen=True)
class Source:
    """Another report this one shares text with: an earlier source, or a later report."""

    agency: str
    year: int
    version: int
    same_agency: bool
    share: float  # of the page's report for a source; of the page's report taken, for a later one
    url: str  # "" where the viewer may not open it
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class PartReuse:
    key: str
    title: str
    chars: int  # characters of the part's body text
    share: float | None  # reused; None where the viewer is not shown it


@dataclass(frozen=True)
class PlanRow:
    label: str
    plan: str  # as last year's report wrote it
    #: This report's passage carrying it out (offsets into its text); "" for 未见落实情况.
    passage: str
    start: int | None
    end: int | None
    anchor: str
    href: str


@dataclass(frozen=True)
class PlanTable:
    year: int  # the year of the report whose plans they were
    url: str  # "" where the viewer may not open it
    rows: tuple[PlanRow, ...]

    @property
    def followed(self) -> int:
        return sum(1 for row in self.rows if row.passage)


@dataclass(frozen=True)
class ReuseView:
    compared: bool  # False: no comparison is stored (no fingerprint, or not yet)
    share: float = 0.0
    own_only: bool = False  # the agency's view: only its own earlier reports count
    threshold: int = 0
    flagged: bool = False
    reports_compared: int = 0
    parts: tuple[PartReuse, ...] = ()
    sources: tuple[Source, ...] = ()
    later: tuple[Source, ...] = ()  # later reports reusing this one (the legal office only)
    plans: PlanTable | None = None
    highlights: list[Highlight] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)


def reuse_for_page(user: User, report: Report, pager: TextPager) -> ReuseView:
    """Reused text, later reuse and last year's plans on a report's page, as `user` may see them."""
    everything = access.sees_all_reuse(user, report)
    if not (everything or access.can_upload(user, report.agency)):
        return ReuseView(compared=False)
    comparison = (
        Comparison.objects.filter(report=report)
        .select_related("plans_from__period")
        .defer("plans_from__text", "plans_from__result")
        .first()
    )
    sources: list[ReusedSource] = []
    if comparison is not None:
        reused = ReusedSource.objects.filter(report=report)
        if not everything:
            reused = reused.filter(same_agency=True)
        sources = list(
            reused.select_related("source__agency", "source__period").defer(
                "source__text", "source__result"
            )
        )
    # Whether this report was compared or not, later ones may have taken its text.
    later = _later(report) if everything else []
    openable = access.openable_reports(
        user,
        [s.source_id for s in sources]
        + [r.report_id for r in later]
        + ([comparison.plans_from_id] if comparison and comparison.plans_from_id else []),
    )
    later_sources = tuple(_source(report, row, pager, openable, later=True) for row in later)
    if comparison is None:
        view = ReuseView(compared=False, later=later_sources)
    else:
        share = comparison.share if everything else comparison.own_share
        region = report.agency.region
        view = ReuseView(
            compared=True,
            share=share,
            own_only=not everything,
            threshold=region.reuse_threshold,
            flagged=region.flags_reuse(share),
            reports_compared=comparison.compared,
            parts=_parts(report, comparison, shares=everything),
            sources=tuple(_source(report, row, pager, openable) for row in sources),
            later=later_sources,
            plans=_plans(report, comparison, pager, openable),
        )
    view.highlights.extend(_highlights(view))
    if view.flagged:
        view.findings.append(_finding(view))
    return view


def _later(report: Report) -> list[ReusedSource]:
    """Handed-in reports that took text from this one: the version the legal office reads."""
    return list(
        ReusedSource.objects.filter(source=report, report__in=latest_handed_in().values("pk"))
        .select_related("report__agency", "report__period")
        .defer("report__text", "report__result")
        .order_by("-source_share", "pk")
    )


def _source(
    report: Report, row: ReusedSource, pager: TextPager, openable: set[int], *, later: bool = False
) -> Source:
    """A report the shown one shares text with: where it came from, or with `later`, a report
    handed in after it that reuses it. Each passage stands in the shown report's text and links
    to the same words in the other's."""
    other = row.report if later else row.source
    url = other.get_absolute_url() if other.pk in openable else ""
    here, there = ("reused-by", "reuse") if later else ("reuse", "reused-by")
    passages = []
    for index, stored in enumerate(row.passage_list()):
        start, end = (
            (stored.source_start, stored.source_end) if later else (stored.start, stored.end)
        )
        anchor = f"{here}-{row.pk}-{index}"
        passages.append(
            Passage(
                start=start,
                end=end,
                text=report.text[start:end],
                part=stored.part,
                anchor=anchor,
                href=pager.href(start, anchor),
                elsewhere=_into(
                    other,
                    url,
                    stored.start if later else stored.source_start,
                    f"{there}-{row.pk}-{index}",
                ),
            )
        )
    return Source(
        agency=other.agency.name,
        year=other.period.year,
        version=other.version,
        same_agency=row.same_agency,
        share=row.source_share if later else row.share,
        url=url,
        passages=tuple(passages),
    )


def _into(other: Report, url: str, offset: int, anchor: str) -> str:
    """A link to a place in another report's text, on the page of its text it stands on."""
    if not url:
        return ""
    return url + TextPager.of(other.page_starts, 0, None).href(offset, anchor)


def _parts(report: Report, comparison: Comparison, *, shares: bool) -> tuple[PartReuse, ...]:
    lengths = (
        ReportFingerprint.objects.filter(report=report)
        .values_list("part_lengths", flat=True)
        .first()
    ) or {}
    keys = [*REQUIRED_PART_KEYS, *([_OTHER_PART] if lengths.get(_OTHER_PART) else [])]
    return tuple(
        PartReuse(
            key=key,
            title=str(PART_TITLES.get(key, _("Other matters"))),
            chars=lengths.get(key, 0),
            share=comparison.part_shares.get(key, 0.0) if shares else None,
        )
        for key in keys
    )


def _plans(
    report: Report, comparison: Comparison, pager: TextPager, openable: set[int]
) -> PlanTable | None:
    earlier = comparison.plans_from
    if earlier is None or not comparison.plans:
        return None
    rows = []
    for index, plan in enumerate(comparison.plan_list()):
        anchor = f"plan-{index}"
        rows.append(
            PlanRow(
                label=plan.label,
                plan=plan.plan,
                passage=report.text[plan.start : plan.end] if plan.start is not None else "",
                start=plan.start,
                end=plan.end,
                anchor=anchor,
                href=pager.href(plan.start, anchor) if plan.start is not None else "",
            )
        )
    return PlanTable(
        year=earlier.period.year,
        url=earlier.get_absolute_url() if earlier.pk in openable else "",
        rows=tuple(rows),
    )


def _highlights(view: ReuseView) -> list[Highlight]:
    marks = [Highlight(p.start, p.end, "reuse", p.anchor) for s in view.sources for p in s.passages]
    marks += [
        Highlight(p.start, p.end, "reused-by", p.anchor) for s in view.later for p in s.passages
    ]
    if view.plans is not None:
        marks += [
            Highlight(row.start, row.end, "plan", row.anchor)
            for row in view.plans.rows
            if row.start is not None and row.end is not None
        ]
    return marks


def _finding(view: ReuseView) -> FindingRow:
    if view.own_only:
        message = _(
            "%(share)s of the body text repeats your agency's own earlier reports. Bring what "
            "has changed this year up to date before you submit."
        ) % {"share": f"{view.share:.0%}"}
    else:
        message = _(
            "%(share)s of the body text also stands in earlier reports (the office flags "
            "%(threshold)s%% or more)."
        ) % {"share": f"{view.share:.0%}", "threshold": view.threshold}
    return FindingRow(
        code=REUSE_FINDING, severity="warning", message=message, target="reuse", offset=None
    )


@dataclass(frozen=True)
class RegionStory:
    """One region's year in figures, from the stored comparisons of the reports handed in."""

    region: str
    threshold: int | None  # None where the regions below set different ones
    compared: int  # handed-in reports with a comparison
    flagged: int  # of them, at or above the threshold
    median: float | None
    plans: int  # plans of last year's reports, of the reports that had one
    followed: int

    @property
    def followed_share(self) -> float | None:
        return self.followed / self.plans if self.plans else None


def reuse_story(
    by_region: Mapping[int, Mapping[str, Any]],
    regions: Iterable[Region],
    shown: Sequence[Region],
) -> list[RegionStory]:
    """For each of the `shown` regions, with every region below it: reports at or above their
    office's threshold, the median reuse, plans followed through.

    `by_region` is the dashboard's reviews.queries.counts_by_region, which counts the handed-in
    reports' comparisons with the rest; `regions` those the user sees. Each report is flagged
    by its own region's threshold, so a city's count adds up its counties' as they set them.
    """
    compared = [
        (region, by_region[region.pk])
        for region in regions
        if by_region.get(region.pk, {}).get("compared")
    ]
    stories = []
    for region in shown:
        below = [(r, counts) for r, counts in compared if r.path.startswith(region.path)]
        shares = [share for _r, counts in below for share in counts["shares"]]
        thresholds = {r.reuse_threshold for r, _counts in below} or {region.reuse_threshold}
        stories.append(
            RegionStory(
                region=region.name,
                threshold=thresholds.pop() if len(thresholds) == 1 else None,
                compared=len(shares),
                flagged=sum(counts["flagged"] for _r, counts in below),
                median=statistics.median(shares) if shares else None,
                plans=sum(counts["plans"] for _r, counts in below),
                followed=sum(counts["followed"] for _r, counts in below),
            )
        )
    return stories


def has_plan_follow_up(report: Report) -> bool:
    """Whether the report's page lists last year's plans (so a review opinion may too)."""
    return Comparison.objects.filter(report=report, plans_total__gt=0).exists()


def plan_follow_up(report: Report) -> list[tuple[str, str]]:
    """Last year's plans, each with this report's passage carrying it out ("" for none)."""
    comparison = Comparison.objects.filter(report=report).first()
    if comparison is None:
        return []
    return [
        (plan.plan, report.text[plan.start : plan.end] if plan.start is not None else "")
        for plan in comparison.plan_list()
    ]
