"""What a signed-in person holds, read on every request: whether they have an authenticator app, and
their active memberships with their organisations.

Kept in the cache under versions, so a request reads it in one round trip instead of two queries. Every
change that alters it bumps a version: a person's memberships and authenticators bump theirs
(`memberships_changed`, by the membership services and the support admin; `authenticators_changed`, on
any save or delete of an authenticator), and an organisation's details bump the one version all people
share (`organisations_changed`). A version is a random token, never reused, so a token lost from the
cache (evicted, flushed) cannot bring back an older copy: the next request reads the database again.

A version is bumped at once and again when the change commits: a request that read the database between
the two would otherwise keep what it read, under the new token. Anything changed behind the services'
back (SQL typed into the database) shows within STANDING_SECONDS.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.db import transaction

from apcommission.tenancy.models import Membership
from apcommission.tenancy.selectors import memberships_of

STANDING_SECONDS = 60
ORGANISATIONS_VERSION = "standing:organisations"


@dataclass(frozen=True)
class Standing:
    has_authenticator: bool
    memberships: list[Membership]


def _person_version(user_id) -> str:
    return f"standing:person:{user_id}"


def _held(user_id) -> str:
    return f"standing:held:{user_id}"


def _bump(key: str) -> None:
    cache.set(key, secrets.token_urlsafe(12), None)
    transaction.on_commit(lambda: cache.set(key, secrets.token_urlsafe(12), None))


def memberships_changed(user_id) -> None:
    """A membership of this person was added, changed or ended: their next request reads it afresh."""
    _bump(_person_version(user_id))


def organisations_changed() -> None:
    """An organisation's details changed: everyone's next request reads their organisations afresh."""
    _bump(ORGANISATIONS_VERSION)


def authenticators_changed(sender, instance, **kwargs) -> None:
    """Connected to every save and delete of an allauth authenticator (apps.py): allauth's own views add
    and remove them, so this is how the next request learns of an app set up or taken away."""
    _bump(_person_version(instance.user_id))


def _versions(user_id) -> tuple[str, str]:
    keys = [_person_version(user_id), ORGANISATIONS_VERSION]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_urlsafe(12), None)  # of two requests at once, one token wins
    if len(found) < len(keys):
        found = cache.get_many(keys)
    return found[keys[0]], found[keys[1]]


def read_standing(user) -> Standing:
    """The person's standing from the database: two queries."""
    has_authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return Standing(has_authenticator, memberships_of(user))


def standing_of(user) -> Standing:
    """The person's standing as of their latest change: from the cache when it holds the current
    versions' copy (one round trip), else from the database, kept for the next request.

    The versions are read before the database, so a copy is never filed under a version newer than
    what it was read at."""
    held = cache.get_many([_person_version(user.pk), ORGANISATIONS_VERSION, _held(user.pk)])
    versions = (held.get(_person_version(user.pk)), held.get(ORGANISATIONS_VERSION))
    copy = held.get(_held(user.pk))
    if None not in versions and copy is not None and copy[0] == versions:
        return copy[1]
    versions = _versions(user.pk)
    standing = read_standing(user)
    cache.set(_held(user.pk), (versions, standing), STANDING_SECONDS)
    return standing


def standing_for(request) -> Standing:
    """The signed-in person's standing, read once per request."""
    standing = getattr(request, "_standing", None)
    if standing is None:
        standing = request._standing = standing_of(request.user)
    return standing
