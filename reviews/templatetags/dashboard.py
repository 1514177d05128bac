import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports.markup import joined, markup
from reports.presentation import PerLanguage
from reports.templatetags.badges import finding_counts, part_cell, status_badge, verdict_badge
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
def dashboard_rows(rows: list[DashboardRow], *, year: int, scored: bool) -> SafeString:
    """The dashboard table's rows, their cells in the order of the headings.

    Drawn in Python rather than as a template of seventeen cells: a page has fifty rows, and
    as template nodes they took most of the page's time. The page asks for its language once
    and reverses each link's pattern once.
    """
    page = _Page(
        language=get_language(),
        report_url=_url_for_each("reports:detail"),
        assessment_url=_url_for_each("reviews:assessment"),
        year=year,
        scored=scored,
    )
    return joined([_row(row, page) for row in rows])


@dataclass(frozen=True)
class _Page:
    language: str
    report_url: Callable[[int], str]
    assessment_url: Callable[[int], str]
    year: int
    scored: bool

    @property
    def words(self) -> dict[str, str]:
        return _ROW_WORDS(self.language)


_ROW_WORDS = PerLanguage(
    lambda: {
        "mismatch": _("other agency"),
        "mismatch_title": _("The report names another agency"),
        "overdue": _("Overdue"),
        "not_submitted": _("Not submitted"),
        "late": _("late"),
        "order_kept": _("Prescribed order kept"),
        "order_differs": _("Order differs from Article 25"),
        "reuse_flagged": _("At or above the office’s threshold"),
        "no_deduction": _("No deduction"),
    }
)


def _url_for_each(name: str) -> Callable[[int], str]:
    """reverse() of a URL whose last part is a primary key, for many keys: the pattern is
    reversed once (reverse() costs some 35 µs, and each row links twice)."""
    probe = 987654321987
    before, _probe, after = reverse(name, args=[probe]).rpartition(str(probe))
    return lambda pk: f"{before}{int(pk)}{after}"


def _row(row: DashboardRow, page: _Page) -> SafeString:
    report = row.report
    language = page.language
    cells = [
        _agency_cell(row, page),
        markup('<td class="nowrap">{}</td>', row.agency.region.name),
        _status_cell(row, page),
        markup('<td class="num">{}</td>', report.version if report else "—"),
        _submitted_cell(row, page),
        *(part_cell(status, where, language) for _key, status, where in row.part_cells(language)),
        markup("<td>{}</td>", verdict_badge(report, language) if report else "—"),
        _order_cell(report, page),
        markup('<td class="nowrap">{}</td>', finding_counts(report, language) if report else "—"),
        _reuse_cell(row, page),
        _open_comments_cell(row.open_comments),
        _decision_cell(row, page),
        _publication_cell(row, page),
    ]
    if page.scored:
        cells.append(_score_cell(row, page))
    return markup("<tr>{}</tr>", joined(cells))


def _agency_cell(row: DashboardRow, page: _Page) -> SafeString:
    if row.report is None:
        return markup('<th scope="row" class="dashboard-table__agency">{}</th>', row.agency.name)
    mismatch = (
        markup(
            ' <span class="badge badge-danger" title="{}">{}</span>',
            page.words["mismatch_title"],
            page.words["mismatch"],
        )
        if row.report.agency_mismatch
        else ""
    )
    return markup(
        '<th scope="row" class="dashboard-table__agency"><a href="{}">{}</a>{}</th>',
        page.report_url(row.report.pk),
        row.agency.name,
        mismatch,
    )


def _status_cell(row: DashboardRow, page: _Page) -> SafeString:
    if row.report is not None:
        badge = status_badge(row.report, page.language)
    elif row.overdue:
        badge = markup('<span class="badge badge-danger">{}</span>', page.words["overdue"])
    else:
        badge = markup(
            '<span class="badge badge-status-none">{}</span>', page.words["not_submitted"]
        )
    return markup("<td>{}</td>", badge)


def _submitted_cell(row: DashboardRow, page: _Page) -> SafeString:
    if row.report is None:
        return markup('<td class="nowrap">{}</td>', "—")
    late = (
        markup(' <span class="badge badge-danger">{}</span>', page.words["late"])
        if row.on_time is False
        else ""
    )
    return markup(
        '<td class="nowrap">{}{}</td>', _local(row.report.submitted_at, "%Y-%m-%d %H:%M"), late
    )


def _order_cell(report: HandedIn | None, page: _Page) -> SafeString:
    if report is None:
        return markup('<td class="center">{}</td>', "—")
    if report.order_ok:
        return markup('<td class="center"><span title="{}">✓</span></td>', page.words["order_kept"])
    return markup(
        '<td class="center"><span class="muted" title="{}">≠</span></td>',
        page.words["order_differs"],
    )


def _reuse_cell(row: DashboardRow, page: _Page) -> SafeString:
    """The reused share of the row's report, marked where it reaches the office's threshold."""
    if row.reuse is None:
        return markup('<td class="num nowrap">{}</td>', "—")
    if row.reuse_flagged:
        return markup(
            '<td class="num nowrap"><span class="badge badge-warning" title="{}">{}</span></td>',
            page.words["reuse_flagged"],
            percent(row.reuse),
        )
    return markup('<td class="num nowrap">{}</td>', percent(row.reuse))


def _open_comments_cell(count: int) -> SafeString:
    if not count:
        return markup('<td class="num">{}</td>', "—")
    return markup('<td class="num"><span class="badge badge-info">{}</span></td>', count)


def _decision_cell(row: DashboardRow, page: _Page) -> SafeString:
    if not row.last_decision:
        return markup('<td class="nowrap">{}</td>', "—")
    return markup(
        '<td class="nowrap">{}<br><small class="muted">{}</small></td>',
        row.last_decision_label(page.language),
        _local(row.last_decision_at, "%Y-%m-%d"),
    )


def _publication_cell(row: DashboardRow, page: _Page) -> SafeString:
    if not row.publication_state:
        return markup('<td class="nowrap">{}</td>', "—")
    return markup(
        '<td class="nowrap"><span class="badge badge-publication-{}">{}</span></td>',
        row.publication_state,
        row.publication_label(page.language),
    )


def _score_cell(row: DashboardRow, page: _Page) -> SafeString:
    """The score, linking to the agency's assessment; its deductions in the title."""
    assessment = row.assessment
    lost = "; ".join(f"{d.label} −{points(d.points)}" for d in assessment.lost)
    return markup(
        '<td class="num"><a href="{}?year={}" title="{}">{}</a></td>',
        page.assessment_url(row.agency.pk),
        page.year,
        lost or page.words["no_deduction"],
        points(assessment.score),
    )


def _local(moment: datetime.datetime | None, pattern: str) -> str:
    """A moment as the date filter writes it in the current time zone ("" for none)."""
    return timezone.localtime(moment).strftime(pattern) if moment else ""
