"""Links into a report's text that find the page their target stands on."""

from django import template

from reports.presentation import TextPager

register = template.Library()


@register.simple_tag
def text_href(pager: TextPager | None, offset: int | None, *anchor_parts: object) -> str:
    """`#anchor`, or `?page=N#anchor` when the target is on another page of the text.

    The anchor is its parts joined by hyphens: {% text_href pager section.start "section" section.order %}
    """
    anchor = "-".join(str(part) for part in anchor_parts)
    if pager is None:
        return f"#{anchor}"
    return pager.href(offset, anchor)
