"""What the provider delivering a placement reads of the pupil: `Placement.provider_copy`, the values the
school chose to share (`Placement.shared`), copied from the pupil's record when the plan is saved. The
provider never reads the record itself, so a detail the school did not tick never reaches it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from apcommission.forms.dates import long_date
from placements.models import Shared
from pupils.forms import year_group_name
from pupils.models import SENStatus, Sex

if TYPE_CHECKING:
    from pupils.models import Pupil


def provider_copy(pupil: Pupil, shared: list[str], *, starts_on: datetime.date) -> dict:
    """The shared values of `pupil`, as JSON: only the keys `shared` names. The year group is the one the
    pupil is in on the placement's start date."""
    chosen = set(shared)
    values = {
        Shared.NAME: lambda: pupil.name,
        Shared.DATE_OF_BIRTH: lambda: pupil.date_of_birth.isoformat(),
        Shared.YEAR_GROUP: lambda: pupil.year_group_on(starts_on),
        Shared.SEX: lambda: pupil.sex,
        Shared.UPN: lambda: pupil.upn,
        Shared.SEN_STATUS: lambda: pupil.sen_status,
    }
    return {str(key): read() for key, read in values.items() if key in chosen}


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


def shared_rows(copy: dict) -> list[tuple[str, str]]:
    """The copy as (label, words) in the order of `Shared`, for the provider's page."""
    return [
        (choice.label, _words(choice.value, copy[choice.value])) for choice in Shared if choice.value in copy
    ]
