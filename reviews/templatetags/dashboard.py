from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from reviews.assessment import Assessment
from reviews.queries import DashboardRow
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
    return format_html(
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
        return format_html('<td class="num nowrap">{}</td>', "—")
    if row.reuse_flagged:
        return format_html(
            '<td class="num nowrap"><span class="badge badge-warning" title="{}">{}</span></td>',
            _("At or above the office’s threshold"),
            percent(row.reuse),
        )
    return format_html('<td class="num nowrap">{}</td>', percent(row.reuse))
