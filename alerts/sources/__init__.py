"""Where alerts come from: for each kind, one function of the day that lists what is due that day, as
`Due` rows (to which organisation, about what, due when, a link and the words). Each is one set-based
query over every organisation (the sweep runs unscoped), never a query per placement.

The sweep makes an alert for each row and each person in the organisation with one of the kind's roles
(`alerts.kinds`), and closes the open alerts of the kind that the source no longer lists: the review was
held, the evidence renewed. A source lists a thing for as long as it wants action.

Words name no pupil and nothing sensitive (DOMAIN.md 9): the kind of thing, the provider or school, and
dates. They are shown in the product and sent by email.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Due:
    organisation_id: int
    subject: str
    due_on: datetime.date
    link: str
    words: str


Source = Callable[[datetime.date], Iterable[Due]]


def long_date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def path_pattern(url_name: str) -> Callable[[int], str]:
    """A function from an id to the path of `url_name` for it, with `reverse` called once, not per row."""
    marker = 987654321
    template = reverse(url_name, args=[marker]).replace(str(marker), "{}")
    return template.format


def all_sources() -> dict[str, Source]:
    """Every kind's source. Imported here, not at the top, so apps load before their models are read."""
    from alerts.sources import attendance, outcomes, placements, providers, reviews, safeguarding

    found: dict[str, Source] = {}
    for module in (reviews, safeguarding, providers, placements, attendance, outcomes):
        found.update(module.SOURCES)
    return found
