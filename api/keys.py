"""Making, revoking and recognising API keys. Every rule about keys is here: the pages and the API's
authentication call these.

A key reads `apc_<prefix>_<secret>`: the prefix (shown in lists) finds the key's row, and the SHA-256 of
the whole key (`hash_token`, as for invitations), compared in constant time, proves it. Keys are random
(256 bits from `secrets`), so a fast hash is as good as a slow one and keeps each request cheap. The key
itself is returned once, by `create_key`, and never stored.
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from apcommission.accounts.models import User, hash_token
from apcommission.forms.dates import years_on
from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import unscoped
from api import rules
from api.models import ApiKey

if TYPE_CHECKING:
    from apcommission.tenancy.roles import Role

SCHEME = "Api-Key"  # Authorization: Api-Key apc_...
LONGEST_LIFE_YEARS = 2
DEFAULT_LIFE_YEARS = 1
# A key's last use is written at most this often: a busy key would otherwise write on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=5)


def latest_expiry(today: datetime.date) -> datetime.date:
    return years_on(today, LONGEST_LIFE_YEARS)


def _prefix_of(key: str) -> str | None:
    parts = key.split("_", 2)  # the secret itself may hold "_"
    if len(parts) != 3 or parts[0] != "apc" or not parts[1] or not parts[2]:
        return None
    return parts[1]


def key_errors(*, by: Membership, name: str, role: str, expires_on, today: datetime.date) -> dict[str, str]:
    errors = {}
    if not (name or "").strip():
        errors["name"] = "Enter a name for the key, saying what uses it"
    elif len(name.strip()) > 100:
        errors["name"] = "The name must be 100 characters or fewer"
    if role not in rules.key_roles(by):
        errors["role"] = "Choose what the key may do"
    if not isinstance(expires_on, datetime.date):
        errors["expires_on"] = "Enter the date the key expires"
    elif expires_on <= today:
        errors["expires_on"] = "The expiry date must be in the future"
    elif expires_on > latest_expiry(today):
        errors["expires_on"] = "A key can last at most 2 years: choose an earlier expiry date"
    return errors


def create_key(
    *,
    by: Membership,
    name: str,
    role: Role | str,
    expires_on: datetime.date,
    today: datetime.date | None = None,
) -> tuple[ApiKey, str]:
    """A new key for the acting administrator's organisation, and the key itself (shown once). Its account
    has no password and cannot sign in; its membership holds `role`."""
    if not rules.can_manage_api_keys(by):
        raise PermissionDenied
    today = today or timezone.localdate()
    if errors := key_errors(by=by, name=name, role=role, expires_on=expires_on, today=today):
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    key = f"apc_{prefix}_{secrets.token_urlsafe(32)}"
    name = name.strip()
    with transaction.atomic():
        account = User(
            email=f"api-key-{prefix}@keys.invalid",  # .invalid (RFC 2606): no mail can reach it
            full_name=f"API key “{name}”",
            is_api_client=True,
        )
        account.set_unusable_password()
        account.save()
        membership = Membership.objects.create(user=account, organisation_id=by.organisation_id, role=role)
        api_key = ApiKey.objects.create(
            organisation_id=by.organisation_id,
            membership=membership,
            name=name,
            prefix=prefix,
            hashed_key=hash_token(key),
            expires_on=expires_on,
            created_by_id=by.user_id,
        )
    return api_key, key


def revoke_key(api_key: ApiKey, *, by: Membership) -> ApiKey:
    """Stops the key at once, for good: its membership is removed (recorded, not deleted)."""
    if not rules.can_revoke(by, api_key):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by_id=by.user_id
        )
        Membership.objects.filter(pk=api_key.membership_id, removed_at__isnull=True).update(
            removed_at=now, removed_by_id=by.user_id
        )
    api_key.refresh_from_db()
    return api_key


def key_for(presented: str, *, today: datetime.date | None = None) -> ApiKey | None:
    """The usable key `presented` is (not revoked, not expired, its organisation's membership active), with
    its membership and organisation, or None. Read before anyone acts, so outside every tenant's scope."""
    prefix = _prefix_of(presented.strip())
    if prefix is None:
        return None
    with unscoped("recognising the API key a request presents, before it acts for anyone"):
        found = (
            ApiKey.objects.usable(today)
            .filter(prefix=prefix, membership__removed_at__isnull=True, membership__user__is_active=True)
            .select_related(
                "membership__user",
                "membership__organisation__local_authority",
                "membership__organisation__trust",
            )
            .first()
        )
        if found is None or not constant_time_compare(found.hashed_key, hash_token(presented.strip())):
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_EVERY:
            ApiKey.objects.filter(pk=found.pk).update(last_used_at=now)
    return found
