"""How many open alerts a person has not read, for the count beside "Alerts" on every page. Read from
the cache (the header costs no query), filed under a version token per person that every change to
their alerts bumps (`apcommission.versions`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.cache import cache

from apcommission import versions

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

KEPT_SECONDS = 60 * 60


def _version_key(membership_id: int) -> str:
    return f"alerts:version:{membership_id}"


def changed(memberships: Iterable[int]) -> None:
    versions.bump(_version_key(pk) for pk in memberships)


def version(membership_id: int) -> str:
    """The token copies of this person's alerts are filed under now."""
    (token,) = versions.current(_version_key(membership_id))
    return token


def unread(membership: Membership) -> int:
    from alerts.models import Alert

    key = f"alerts:unread:{membership.pk}:{version(membership.pk)}"
    found = cache.get(key)
    if found is None:
        found = Alert.objects.visible_to(membership).open().filter(read_at__isnull=True).count()
        cache.set(key, found, KEPT_SECONDS)
    return found
