import datetime
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reports.markup import joined, markup
from reports.templatetags.badges import finding_counts, part_cell, status_badge, verdict_badge
from reviews.assessment import Assessment
from reviews.queries import DashboardRow, HandedIn
from reviews.templatetags.reuse import percent

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str) -> str:
    """A column heading that sorts by its column, and reverses the order on a second click."""
    current = context.get("sort", "")
    descending = current == key
    target = f"-{key}" if descending else key
    state = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
    arrow = {"ascending": " ▲", "descending": " ▼", "none": ""}[state]
    base = context.get("sort_query", "")
    href = f"?{base}&sort={target}" if base else f"?sort={target}"
    return format_html(
        '<th scope="col" aria-sort="{}"><a href="{}">{}{}</a></th>', state, href, label, arrow
    )


@register.simple_tag
def page_numbers(page) -> list[int | str]:  # type: ignore[no-untyped-def]
    """The page numbers to offer around the current one, with … for the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def points(value: Decimal | None) -> str:
    """A score or a deduction as a reader writes it: 5, 3.5, 0.25."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "0") else text


@register.simple_tag
def score_link(assessment: Assessment, agency_pk: int, year: int) -> str:
    """The score, linking to the agency's assessment; its deductions in the title."""
    lost = "; ".join(f"{d.label} −{points(d.points)}" for d in assessment.lost)
    return markup(
        '<a href="{}?year={}" title="{}">{}</a>',
        reverse("reviews:assessment", args=[agency_pk]),
        year,
        lost or _("No deduction"),
        points(assessment.score),
    )


@register.simple_tag
def reuse_cell(row: DashboardRow) -> str:
    """The reused share of the row's report, marked where it reaches the office's threshold."""
    if row.reuse is None:
        return markup('<td class="num nowrap">{}</td>', "—")
    if row.reuse_flagged:
        return markup(
            '<td class="num nowrap"><span class="badge badge-warning" title="{}">{}</span></td>',
            _("At or above the office’s threshold"),
            percent(row.reuse),
        )
    return markup('<td class="num nowrap">{}</td>', percent(row.reuse))


@register.simple_tag
def dashboard_row(row: DashboardRow, *, year: int, scored: bool) -> SafeString:
    """One agency's row of the dashboard's table, its cells in the order of the headings.

    Drawn in Python rather than as a template of seventeen cells: a page has fifty rows, and
    as template nodes they took most of the page's time.
    """
    report = row.report
    cells = [
        _agency_cell(row),
        markup('<td class="nowrap">{}</td>', row.agency.region.name),
        _status_cell(row),
        markup('<td class="num">{}</td>', report.version if report else "—"),
        _submitted_cell(row),
        *(part_cell(status, where) for _key, status, where in row.part_cells()),
        markup("<td>{}</td>", verdict_badge(report) if report else "—"),
        _order_cell(report),
        markup('<td class="nowrap">{}</td>', finding_counts(report) if report else "—"),
        reuse_cell(row),
        _open_comments_cell(row.open_comments),
        _decision_cell(row),
        _publication_cell(row),
    ]
    if scored:
        cells.append(
            markup('<td class="num">{}</td>', score_link(row.assessment, row.agency.pk, year))
        )
    return markup("<tr>{}</tr>", joined(cells))


def _agency_cell(row: DashboardRow) -> SafeString:
    if row.report is None:
        return markup('<th scope="row" class="dashboard-table__agency">{}</th>', row.agency.name)
    mismatch = (
        markup(
            ' <span class="badge badge-danger" title="{}">{}</span>',
            _("The report names another agency"),
            _("other agency"),
        )
        if row.report.agency_mismatch
        else ""
    )
    return markup(
        '<th scope="row" class="dashboard-table__agency"><a href="{}">{}</a>{}</th>',
        row.report.get_absolute_url(),
        row.agency.name,
        mismatch,
    )


def _status_cell(row: DashboardRow) -> SafeString:
    if row.report is not None:
        badge = status_badge(row.report)
    elif row.overdue:
        badge = markup('<span class="badge badge-danger">{}</span>', _("Overdue"))
    else:
        badge = markup('<span class="badge badge-status-none">{}</span>', _("Not submitted"))
    return markup("<td>{}</td>", badge)


def _submitted_cell(row: DashboardRow) -> SafeString:
    if row.report is None:
        return markup('<td class="nowrap">{}</td>', "—")
    late = (
        markup(' <span class="badge badge-danger">{}</span>', _("late"))
        if row.on_time is False
        else ""
    )
    return markup(
        '<td class="nowrap">{}{}</td>', _local(row.report.submitted_at, "%Y-%m-%d %H:%M"), late
    )


def _order_cell(report: HandedIn | None) -> SafeString:
    if report is None:
        return markup('<td class="center">{}</td>', "—")
    if report.order_ok:
        return markup(
            '<td class="center"><span title="{}">✓</span></td>', _("Prescribed order kept")
        )
    return markup(
        '<td class="center"><span class="muted" title="{}">≠</span></td>',
        _("Order differs from Article 25"),
    )


def _open_comments_cell(count: int) -> SafeString:
    if not count:
        return markup('<td class="num">{}</td>', "—")
    return markup('<td class="num"><span class="badge badge-info">{}</span></td>', count)


def _decision_cell(row: DashboardRow) -> SafeString:
    if not row.last_decision:
        return markup('<td class="nowrap">{}</td>', "—")
    return markup(
        '<td class="nowrap">{}<br><small class="muted">{}</small></td>',
        row.last_decision_label,
        _local(row.last_decision_at, "%Y-%m-%d"),
    )


def _publication_cell(row: DashboardRow) -> SafeString:
    if not row.publication_state:
        return markup('<td class="nowrap">{}</td>', "—")
    return markup(
        '<td class="nowrap"><span class="badge badge-publication-{}">{}</span></td>',
        row.publication_state,
        row.publication_label,
    )


def _local(moment: datetime.datetime | None, pattern: str) -> str:
    """A moment as the date filter writes it in the current time zone ("" for none)."""
    return timezone.localtime(moment).strftime(pattern) if moment else ""
