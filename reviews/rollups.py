"""Counts that roll up the region tree: a city's are its own agencies' and its counties'.

    county A  3 expected   ┐
    county B  5 expected   ├─ city  8 + its own 2 = 10
    (city's own agencies)  ┘

One query groups the agencies by region; the tree is summed in Python (a province has a few
hundred regions at most).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from reports.models import Region
from reviews.queries import COUNT_KEYS


@dataclass
class RegionTotal:
    region: Region
    depth: int  # 0 for the top of what the user sees
    own: dict[str, int] = field(default_factory=dict)  # agencies in the region itself
    total: dict[str, int] = field(default_factory=dict)  # itself and every region below
    children: list[RegionTotal] = field(default_factory=list)


def region_totals(
    by_region: dict[int, dict[str, Any]], regions: Iterable[Region]
) -> list[RegionTotal]:
    """Each region with its own and its rolled-up counts, in tree order (parents first).

    `by_region` is reviews.queries.counts_by_region of the user's agencies; `regions` are
    those the user may see.
    """
    grouped = {
        region_id: {key: counts[key] for key in COUNT_KEYS}
        for region_id, counts in by_region.items()
    }
    nodes = {
        region.pk: RegionTotal(region, 0, own=grouped.get(region.pk, dict.fromkeys(COUNT_KEYS, 0)))
        for region in regions
    }
    roots = []
    for node in sorted(nodes.values(), key=lambda n: n.region.code):
        parent = nodes.get(node.region.parent_id)
        (parent.children if parent else roots).append(node)

    def total(node: RegionTotal, depth: int) -> dict[str, int]:
        node.depth = depth
        sums = dict(node.own)
        for child in node.children:
            for key, value in total(child, depth + 1).items():
                sums[key] = sums.get(key, 0) + value
        node.total = sums
        return sums

    ordered: list[RegionTotal] = []

    def walk(node: RegionTotal) -> None:
        ordered.append(node)
        for child in node.children:
            walk(child)

    for root in roots:
        total(root, 0)
        walk(root)
    return ordered
