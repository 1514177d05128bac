"""What a checker finding says, in the reader's language.

The checker writes its findings in Chinese, with the particulars (the heading, the quoted
sentence, the names); that is what a Chinese page shows. In another language a finding is told
by its stable code, with the part it concerns and the agency it names where it has them.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reports.stored import PART_TITLES, StoredFinding

#: code → the finding told without its particulars.
MESSAGES: dict[str, Promise] = {
    "part_missing": _("The report has no part on “%(part)s”. Add it, as a section of its own."),
    "part_embedded": _(
        "“%(part)s” has no top-level section of its own; it is only touched on elsewhere."
    ),
    "part_found_by_content": _(
        "“%(part)s” was recognised from the section's text; its heading does not name it."
    ),
    "part_too_short": _("“%(part)s” is too short to say anything."),
    "parts_out_of_order": _("The four parts are not in the order Article 25 lists them."),
    "shortcomings_without_causes": _("The shortcomings are not explained by their causes."),
    "plans_year_mismatch": _("The plans speak of a year other than the next one."),
    "numbering_irregular": _("The top-level numbering skips or repeats a number."),
    "subsection_markers_mixed": _("Full-width and half-width subsection markers are mixed."),
    "subsection_marker_halfwidth": _("A subsection marker is written with half-width brackets."),
    "conversion_artifacts": _("Leftovers of a file conversion stand in the text."),
    "title_missing": _("No title was found."),
    "title_missing_year": _("The title does not name the year reported on."),
    "title_year_malformed": _("The year in the title is written incorrectly."),
    "title_year_mismatch": _("The title names another year than the one reported on."),
    "title_not_rule_of_law_government": _(
        "The title does not call it a report on building a rule-of-law government."
    ),
    "years_disagree": _("The years the report names disagree with each other."),
    "agency_mismatch": _("The report names %(named)s, not the agency that handed it in."),
    "agency_name_mismatch": _("The agency is named differently in the title and the signature."),
    "agency_name_variant": _("The agency's name is written in different ways."),
    "agency_not_in_title": _("The title does not name the agency."),
    "signature_missing": _("The report ends without the agency's signature."),
    "date_missing": _("The report ends without a date."),
    "signed_after_deadline": _("The report is dated after the submission deadline."),
    "leadership_thin": _(
        "“%(part)s” is only a sentence or two and names nothing the principal leaders did."
    ),
    "shortcomings_vague": _("“%(part)s” admits falling short but names no concrete problem."),
    "plans_not_concrete": _("“%(part)s” names no concrete task."),
    "plans_restate_measures": _("“%(part)s” mostly repeats this year's measures."),
    "part_boilerplate": _("“%(part)s” is mostly stock phrases."),
    "outline_truncated": _(
        "The report has far more headings than a report could; only the first are kept."
    ),
    "findings_truncated": _("There are more findings than are shown here."),
}


def finding_text(finding: StoredFinding) -> str:
    """The finding as the page should say it: the checker's own words in Chinese, else by code."""
    if (get_language() or settings.LANGUAGE_CODE).startswith("zh") or finding.code not in MESSAGES:
        return finding.message
    values = {
        "part": PART_TITLES.get(finding.part, finding.part) if finding.part else "",
        "named": finding.details.get("named") or "",
    }
    return str(MESSAGES[finding.code]) % values
