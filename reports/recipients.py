"""Whom a report goes to (主送) and who gets a copy (抄送), after Articles 24–26.

A department reports to the Party committee and the government at its own level and to the
department above, with a copy to the local rule-of-law coordinating office; a township or a
development zone reports to the level above it, which is the county it sits in; a government
reports to its own Party committee and people's congress and to the Party committee and
government one level up; a province to the Party Central Committee and the State Council.
The agency sees these names filled in when it hands in, corrects them if its practice differs,
and what it hands in with is recorded on that version.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.models import Agency, Region, Report

#: What a region's own name ends with when it says its level (岳阳县, 岳阳市, 湖南省, 君山区).
_LEVEL_ENDINGS = "省市县区旗州盟"
_LEVEL_WORDS = {Region.Level.PROVINCE: "省", Region.Level.CITY: "市", Region.Level.COUNTY: "县"}


@dataclass(frozen=True)
class Recipients:
    reported_to: tuple[str, ...]
    copied_to: tuple[str, ...] = ()


def party_committee(region: Region) -> str:
    return f"中共{region.name}委"


def government(region: Region) -> str:
    return f"{region.name}人民政府"


def congress(region: Region) -> str:
    return f"{region.name}人大常委会"


def coordinating_office(region: Region) -> str:
    """本级党委法治建设议事协调机构的办事机构: 中共岳阳县委全面依法治县委员会办公室."""
    ending = region.name[-1:]
    level = ending if ending in _LEVEL_ENDINGS else _LEVEL_WORDS.get(region.level, "县")
    return f"中共{region.name}委全面依法治{level}委员会办公室"


def usual_recipients(agency: Agency) -> Recipients:
    """The recipients the regulation names for an agency of this kind in this region."""
    region = agency.region
    copy = (coordinating_office(region),)
    if agency.kind == Agency.Kind.PROVINCE:
        return Recipients(("中共中央", "国务院", party_committee(region), congress(region)))
    if agency.kind in (Agency.Kind.GOVERNMENT, Agency.Kind.MODEL_AREA):
        above = region.parent
        upward = (party_committee(above), government(above)) if above else ()
        return Recipients((party_committee(region), congress(region), *upward), copy)
    own_level = (party_committee(region), government(region))
    if agency.kind == Agency.Kind.DEPARTMENT and agency.superior_department:
        return Recipients((*own_level, agency.superior_department), copy)
    return Recipients(own_level, copy)


def suggested_recipients(agency: Agency) -> Recipients:
    """What the hand-in form starts with: what the agency named last time, else the usual."""
    last = (
        Report.objects.filter(agency=agency, submitted_at__isnull=False)
        .exclude(reported_to=[])
        .order_by("-submitted_at")
        .values_list("reported_to", "copied_to")
        .first()
    )
    if last:
        return Recipients(tuple(last[0]), tuple(last[1]))
    return usual_recipients(agency)


def parse_lines(text: str) -> tuple[str, ...]:
    """One recipient per line (or separated by 、，;), blanks and repeats dropped, order kept."""
    for separator in "、，,；;":
        text = text.replace(separator, "\n")
    names = (" ".join(line.split()) for line in text.splitlines())
    return tuple(dict.fromkeys(name for name in names if name))
