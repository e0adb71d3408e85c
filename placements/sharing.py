"""What the provider delivering a placement reads of the pupil: `Placement.provider_copy`, the values the
school chose to share (`Placement.shared`), copied from the pupil's record when the plan is saved. The
provider never reads the record itself, so a detail the school did not tick never reaches it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from apcommission.forms.dates import long_date
from placements.models import Shared
from pupils.forms import year_group_name
from pupils.identifiers import academic_year_start
from pupils.models import SENStatus, Sex

if TYPE_CHECKING:
    from pupils.models import Pupil


# Beside a shared year group: the academic year it is the pupil's year group in (its first calendar year).
YEAR_GROUP_IN = "year_group_in"


def provider_copy(pupil: Pupil, shared: list[str], *, starts_on: datetime.date) -> dict:
    """The shared values of `pupil`, as JSON: only the keys `shared` names. The year group is the one the
    pupil is in on the placement's start date, kept with that academic year so that it is read a year on
    each September after (`year_group_now`)."""
    chosen = set(shared)
    values = {
        Shared.NAME: lambda: pupil.name,
        Shared.DATE_OF_BIRTH: lambda: pupil.date_of_birth.isoformat(),
        Shared.YEAR_GROUP: lambda: pupil.year_group_on(starts_on),
        Shared.SEX: lambda: pupil.sex,
        Shared.UPN: lambda: pupil.upn,
        Shared.SEN_STATUS: lambda: pupil.sen_status,
    }
    copy = {str(key): read() for key, read in values.items() if key in chosen}
    if Shared.YEAR_GROUP in copy:
        copy[YEAR_GROUP_IN] = academic_year_start(starts_on)
    return copy


def year_group_now(copy: dict, today: datetime.date) -> int:
    """The shared year group as it is on `today`: pupils move up a year each 1 September, and a copy kept
    from a placement's start would otherwise say Year 10 of a pupil now in Year 11."""
    value = copy[Shared.YEAR_GROUP]
    kept_in = copy.get(YEAR_GROUP_IN)
    if kept_in is None:
        return value
    return value + max(academic_year_start(today) - kept_in, 0)


def _words(key: str, value) -> str:
    if key == Shared.DATE_OF_BIRTH:
        return long_date(datetime.date.fromisoformat(value))
    if key == Shared.YEAR_GROUP:
        return year_group_name(value)
    if key == Shared.SEX:
        return Sex(value).label if value in Sex.values else str(value)
    if key == Shared.SEN_STATUS:
        return SENStatus(value).label if value in SENStatus.values else str(value)
    return str(value)


def shared_rows(copy: dict, *, today: datetime.date | None = None) -> list[tuple[str, str]]:
    """The copy as (label, words) in the order of `Shared`, for the provider's page, its year group as it
    is `today`."""
    if Shared.YEAR_GROUP in copy:
        copy = {**copy, Shared.YEAR_GROUP: year_group_now(copy, today or timezone.localdate())}
    return [
        (choice.label, _words(choice.value, copy[choice.value])) for choice in Shared if choice.value in copy
    ]
