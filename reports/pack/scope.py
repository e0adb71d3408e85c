"""What an evidence pack covers: one school, a period, the person printing it, and how it names pupils.

Every section of the pack (`reports.pack.sections`) is a plain function of a `PackScope`, returning the
data its template lays out. A section reads tenant data only through `visible_to(scope.membership)` and
starts from `scope.placements()`, so a pack can never name a pupil the printer could not open, and
makes a fixed number of queries however many pupils the school has placed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet

from apcommission.forms.dates import long_date
from apcommission.tenancy.models import Membership, Organisation
from attendance.days import academic_year_start
from placements.models import Placement, PlacementStatus


class Naming(models.TextChoices):
    """How the pack names each pupil: the school chooses for the copy it prints."""

    FULL_NAME = "full_name", "Full name"
    INITIALS = "initials", "Initials"
    UPN = "upn", "Unique pupil number (UPN)"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def words(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    @classmethod
    def this_academic_year(cls, today: datetime.date) -> Period:
        """The pack's default: this academic year to today."""
        return cls(academic_year_start(today), today)

    def overlapping(self, prefix: str = "") -> Q:
        """Placements in AP at some time in the period: started by its end, not ended before its start,
        never cancelled (a cancelled placement never took place)."""
        return (
            Q(**{f"{prefix}starts_on__lte": self.end})
            & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": self.start}))
            & ~Q(**{f"{prefix}status": PlacementStatus.CANCELLED})
        )


def term_start(today: datetime.date) -> datetime.date:
    """The first day of the school term `today` is in, by the usual English terms: autumn from 1 September,
    spring from 1 January, summer from 1 April (schools' own term dates differ by days, not terms)."""
    if today.month >= 9:
        return datetime.date(today.year, 9, 1)
    if today.month >= 4:
        return datetime.date(today.year, 4, 1)
    return datetime.date(today.year, 1, 1)


def pupil_label(naming: str, *, forename: str, surname: str, upn: str) -> str:
    """A pupil as the pack names them."""
    if naming == Naming.UPN:
        return upn
    if naming == Naming.INITIALS:
        return f"{forename[:1]}{surname[:1]}".upper()
    return f"{forename} {surname}"


@dataclass(frozen=True)
class PackScope:
    membership: Membership  # whose view the pack is: every read is visible_to(membership)
    school: Organisation
    period: Period
    today: datetime.date
    naming: str = Naming.FULL_NAME

    def placements(self) -> QuerySet[Placement]:
        """The school's placements in AP at some time in the period, as the printer sees them."""
        return (
            Placement.objects.visible_to(self.membership)
            .filter(self.period.overlapping(), school_id=self.school.pk)
            .order_by("pupil__legal_surname", "pupil__legal_forename", "pupil_id", "starts_on", "pk")
        )

    @property
    def term_starts(self) -> datetime.date:
        """The first day of the term the period ends in: "this term" in the pack."""
        return term_start(self.period.end)

    def name_pupil(self, *, forename: str, surname: str, upn: str) -> str:
        return pupil_label(self.naming, forename=forename, surname=surname, upn=upn)

    @property
    def naming_words(self) -> str:
        return Naming(self.naming).label.lower() if self.naming != Naming.UPN else "UPN"
