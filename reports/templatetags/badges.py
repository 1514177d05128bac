"""The small marks every list of reports shows: status, verdict, findings, a part's ✓ ◐ ✗.

Tags rather than included templates: the dashboard draws eight of them in each of its fifty
rows, and an include costs a template render each time. Called from Python, they take the
page's `language`, asked once, where a template's call asks it each time.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reports.markup import joined, markup
from reports.models import Report
from reports.presentation import PerLanguage

register = template.Library()


@register.simple_tag
def status_badge(report: Report, language: str | None = None) -> SafeString:
    return markup(
        '<span class="badge badge-status-{}">{}</span>',
        report.status,
        _STATUS_LABELS(language).get(report.status, report.status),
    )


@register.simple_tag
def verdict_badge(report: Report, language: str | None = None) -> SafeString:
    return markup(
        '<span class="badge badge-verdict-{}">{}</span>',
        report.verdict,
        _VERDICT_LABELS(language).get(report.verdict, report.verdict),
    )


_SEVERITY_TITLES = PerLanguage(lambda: (_("Must fix"), _("Should fix"), _("Note")))
_PART_MEANINGS = PerLanguage(
    lambda: {"present": _("Present"), "embedded": _("Only embedded"), "missing": _("Missing")}
)
_STATUS_LABELS = PerLanguage(lambda: {key: str(label) for key, label in Report.Status.choices})
_VERDICT_LABELS = PerLanguage(lambda: {key: str(label) for key, label in Report.Verdict.choices})


@register.simple_tag
def finding_counts(report: Report, language: str | None = None) -> SafeString:
    """Errors, warnings and notes as three badges, or — when the checker found nothing."""
    errors, warnings, notes = _SEVERITY_TITLES(language)
    counts = [
        ("badge-error", errors, report.error_count),
        ("badge-warning", warnings, report.warning_count),
        ("badge-info", notes, report.info_count),
    ]
    shown = [
        markup('<span class="badge {}" title="{}">{}</span>', css, title, count)
        for css, title, count in counts
        if count
    ]
    return joined(shown, " ") if shown else SafeString("—")


_PART_MARKS = {"present": "✓", "embedded": "◐", "missing": "✗"}


@register.simple_tag
def part_cell(status: str, where: str = "", language: str | None = None) -> SafeString:
    """A table cell with a part's mark, its meaning in the title and for screen readers."""
    if not status:
        return SafeString('<td class="part-cell part-cell--none">—</td>')
    meaning = _PART_MEANINGS(language)[status]
    if status == "embedded" and where:
        meaning = f"{meaning}：{where}"
    return markup(
        '<td class="part-cell part-cell--{}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></td>',
        status,
        meaning,
        _PART_MARKS[status],
        meaning,
    )
