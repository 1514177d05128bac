"""The report as read once, before any check looks at it."""

from __future__ import annotations

from dataclasses import dataclass

from .metadata import FrontMatter, SignatureBlock
from .normalise import NormalisedText
from .outline import Outline
from .parts import PartsReading


@dataclass(frozen=True, slots=True)
class ReadReport:
    """Everything the checks look at, read once by checker.py."""

    norm: NormalisedText
    front: FrontMatter
    signature: SignatureBlock
    outline: Outline
    parts: PartsReading
    agency: str | None
    title_agency: str | None
    period_year: int | None  # given by the caller
    title_year: int | None
    title_year_malformed: bool

    @property
    def year(self) -> int | None:
        """The reporting year N: the one the caller knows, else the one the title names."""
        return self.period_year or self.title_year
