"""Who is signed in and what they hold, read on every request: the user the session names, whether they
have an authenticator app, and their active memberships with their organisations.

Kept in the cache under versions, so a request reads all of it in one round trip instead of three
queries. Every change that alters it bumps a version: a person's account, memberships and
authenticators bump theirs (`people_changed`, on any save or delete of a user, so a password changed or
an account deactivated ends its sessions on their next request as Django would; `memberships_changed`,
by the membership services and the support admin; `authenticators_changed`, on any save or delete of an
authenticator), and an organisation's details bump the one version all people share
(`organisations_changed`). Versions are `apcommission.versions` tokens: a token lost from the cache
brings back no older copy, and a bump lands again when the change commits.

The kept user includes their password hash (salted and stretched, as in the database), which Django
checks every session against; the cache is already trusted with the sessions themselves.

Anything changed behind the services'
back (SQL typed into the database) shows within STANDING_SECONDS.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.cache import cache

from apcommission import versions
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


def memberships_changed(user_id) -> None:
    """A membership of this person was added, changed or ended: their next request reads it afresh."""
    versions.bump([_person_version(user_id)])


def organisations_changed() -> None:
    """An organisation's details changed: everyone's next request reads their organisations afresh."""
    versions.bump([ORGANISATIONS_VERSION])


def people_changed(sender, instance, **kwargs) -> None:
    """Connected to every save and delete of a user (accounts/apps.py): a changed password, a deactivated
    account or new details are read afresh on the person's next request."""
    versions.bump([_person_version(instance.pk)])


def authenticators_changed(sender, instance, **kwargs) -> None:
    """Connected to every save and delete of an allauth authenticator (apps.py): allauth's own views add
    and remove them, so this is how the next request learns of an app set up or taken away."""
    versions.bump([_person_version(instance.user_id)])


def read_standing(user) -> Standing:
    """The person's standing from the database: two queries."""
    has_authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return Standing(has_authenticator, memberships_of(user))


def signed_in_user(user_id):
    """The user a session names, carrying their standing, as of their latest change: from the cache when
    it holds the current versions' copy (one round trip), else from the database (three queries), kept
    for the next request. None when there is no such user.

    The versions are read before the database, so a copy is never filed under a version newer than
    what it was read at."""
    keys = [_person_version(user_id), ORGANISATIONS_VERSION, _held(user_id)]
    held = cache.get_many(keys)
    tokens = (held.get(keys[0]), held.get(keys[1]))
    copy = held.get(keys[2])
    if None not in tokens and copy is not None and copy[0] == tokens:
        user, standing = copy[1], copy[2]
    else:
        tokens = versions.current(_person_version(user_id), ORGANISATIONS_VERSION)
        user = get_user_model()._default_manager.filter(pk=user_id).first()
        if user is None:
            return None
        standing = read_standing(user)
        cache.set(_held(user_id), (tokens, user, standing), STANDING_SECONDS)
    user._standing = standing
    return user


def standing_of(user) -> Standing:
    """The person's standing: what their request's user carries, else as `signed_in_user` reads it."""
    standing = getattr(user, "_standing", None)
    if standing is None:
        found = signed_in_user(user.pk)
        standing = found._standing if found is not None else Standing(False, [])  # deleted meanwhile
        user._standing = standing
    return standing


def standing_for(request) -> Standing:
    """The signed-in person's standing, read with the user the session names."""
    return standing_of(request.user)
