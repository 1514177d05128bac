"""Shares of reused text as the pages write them."""

from django import template

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """0.456 → "46%"; nothing known → "—"."""
    return "—" if share is None else f"{share:.0%}"
