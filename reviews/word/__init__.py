"""Word documents of a review: the 审查意见书 and a report with its comments. Plain Python, no Django.

    opinion_docx(OpinionLetter(...)) → bytes        commented_report_docx(CommentedReport(...)) → bytes

The inputs are frozen dataclasses (types.py) that the web side fills from its models.
"""

from .commented import commented_report_docx
from .opinion import opinion_docx
from .types import (
    CommentedReport,
    Heading,
    Opinion,
    OpinionLetter,
    Outcome,
    PlanRow,
    Reply,
    ReportComment,
    SectionAnchor,
    Span,
)

__all__ = [
    "CommentedReport",
    "Heading",
    "Opinion",
    "OpinionLetter",
    "Outcome",
    "PlanRow",
    "Reply",
    "ReportComment",
    "SectionAnchor",
    "Span",
    "commented_report_docx",
    "opinion_docx",
]
