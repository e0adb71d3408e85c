"""Telling a school's DSLs at once that a concern was raised: the count of new concerns (raised, not yet
handled) that their home page's panel and the navigation show on every page.

`notify_dsls(concern)` is the one place a raised concern is announced. It renews the count in the
service and makes each DSL's alert (DOMAIN.md 6: "safeguarding concern raised (immediate, to the DSL)"),
emailed at once, saying only that a concern was raised at a provider, with a link (DOMAIN.md 9: no
pupil's name or details in an email).

Pages read the count from the cache (a home page makes no query of its own: apcommission/tenancy/
standing.py), filed under a version token per school that every change of a concern's state bumps
(`concerns_changed`): at once, and again when the change commits (`apcommission.versions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils import timezone

from apcommission import versions
from safeguarding import rules
from safeguarding.models import Concern, ConcernState

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

KEPT_SECONDS = 60 * 60


def _version_key(school_id: int) -> str:
    return f"safeguarding:new:version:{school_id}"


def concerns_changed(school_id: int) -> None:
    """A concern of the school was raised or changed state: its DSLs' next page counts afresh."""
    versions.bump([_version_key(school_id)])


def notify_dsls(concern: Concern) -> None:
    """Tell the DSLs of the concern's school that it was raised: the new-concern count their pages show
    is renewed, and each active DSL gets an alert, emailed at once and only once (`alerts`)."""
    from alerts.kinds import AlertKind
    from alerts.services import raise_now
    from alerts.sources.safeguarding import due_for

    concerns_changed(concern.school_id)
    due = due_for(concern.pk, concern.school_id, concern.provider.name, timezone.localdate(concern.raised_at))
    raise_now(AlertKind.SAFEGUARDING_CONCERN, due)


def new_concerns(*, membership: Membership) -> int:
    """How many of the school's concerns are new (raised, not yet handled), for a DSL; 0 for anyone else.
    From the cache; one query when the cache has no current count."""
    if not rules.is_dsl(membership):
        return 0
    (version,) = versions.current(_version_key(membership.organisation_id))
    key = f"safeguarding:new:{membership.organisation_id}:{version}"
    found = cache.get(key)
    if found is None:
        found = Concern.objects.visible_to(membership).filter(state=ConcernState.RAISED).count()
        cache.set(key, found, KEPT_SECONDS)
    return found
