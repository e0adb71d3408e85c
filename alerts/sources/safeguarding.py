"""A safeguarding concern raised and not yet handled: to the school's DSLs, always at once (DOMAIN.md 6).
The concern's service makes the alert when it is raised (`alerts.services.raise_now`); this source keeps
it open until the concern is handled, and would make it had that been missed."""

from __future__ import annotations

import datetime

from django.utils import timezone

from alerts.kinds import AlertKind
from alerts.sources import Due, path_pattern
from safeguarding.models import Concern, ConcernState


def concern_words(provider: str) -> str:
    return f"A safeguarding concern was raised at {provider}. Read it and decide what to do today."


def due_for(concern_id: int, school_id: int, provider: str, raised_on: datetime.date) -> Due:
    return Due(
        school_id,
        f"concern:{concern_id}",
        raised_on,
        path_pattern("safeguarding:detail")(concern_id),
        concern_words(provider),
    )


def safeguarding_concern(today: datetime.date) -> list[Due]:
    rows = Concern.objects.filter(state=ConcernState.RAISED).values_list(
        "pk", "school_id", "provider__name", "raised_at"
    )
    return [
        due_for(pk, school, provider, timezone.localdate(raised)) for pk, school, provider, raised in rows
    ]


SOURCES = {AlertKind.SAFEGUARDING_CONCERN: safeguarding_concern}
