"""The report as read once, before any check looks at it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .body import BodySentence
from .metadata import FrontMatter, SignatureBlock
from .normalise import NormalisedText
from .outline import Outline
from .parts import PartsReading


@dataclass(frozen=True, slots=True)
class TextYears:
    """Years the body names, where it names one: the opening sentence (2023年，…), the measures
    heading (一、2023年度……主要举措和成效) and the plans heading (四、2024年……安排)."""

    opening: int | None = None
    measures: int | None = None
    plans: int | None = None

    @property
    def year(self) -> int | None:
        """The reporting year they tell, trusted in that order (the plans heading's is N+1)."""
        if self.opening is not None:
            return self.opening
        if self.measures is not None:
            return self.measures
        return self.plans - 1 if self.plans is not None else None


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
    text_years: TextYears = TextYears()
    #: The names of the agency handing the report in (its name, then its aliases), if known.
    agency_names: tuple[str, ...] = ()
    #: The agency's submission deadline for the period, if the caller knows it.
    deadline: datetime.date | None = None
    sentences: tuple[BodySentence, ...] = ()  # the body's sentences (body.py)

    @property
    def year(self) -> int | None:
        """The reporting year N: the one the caller knows, else the title's, else the text's."""
        return self.period_year or self.title_year or self.text_years.year
