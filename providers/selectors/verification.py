"""What an LA saw when it last verified a provider's profile, and what has changed since."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import InvalidOperation
from typing import TYPE_CHECKING

from django.contrib.postgres.fields import ArrayField

from apcommission.numbers import plain_number
from providers.models import (
    ProfileVerification,
    ProviderProfile,
)
from providers.selectors import profile_of

if TYPE_CHECKING:
    from django.db.models import Field

    from apcommission.tenancy.models import Membership, Organisation

# --- What changed since an LA last verified a profile ------------------------------------------------
IDENTITY_LABELS = {"name": "Name", "urn": "URN", "ukprn": "UKPRN"}
NOT_SNAPSHOTTED = {"provider", "added_by", "updated_at", "updated_by"}
# Numbers people read as numbers, not as stored: 15 hours or 12.5, never "15.0" (a price keeps its pence).
PLAIN_NUMBERS = {"hours_per_week"}


def _as_read(key: str, text: str) -> str:
    """A snapshot's value as it is shown now: an older snapshot holds "15.0" where the page says "15"."""
    if key in PLAIN_NUMBERS and text:
        try:
            return plain_number(text)
        except InvalidOperation:
            return text
    return text


def snapshot_fields() -> list[Field]:
    return [f for f in ProviderProfile._meta.concrete_fields if f.name not in NOT_SNAPSHOTTED]


def _shown(instance, model_field) -> str:
    """A field's value as a person reads it: choice labels, "Yes"/"No", "5 March 2026", "" for nothing."""
    value = getattr(instance, model_field.attname) if instance is not None else None
    if value in (None, "", []):
        return ""
    if isinstance(model_field, ArrayField):
        labels = dict(model_field.base_field.choices or ())
        return ", ".join(str(labels.get(item, item)) for item in value)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    if model_field.name in PLAIN_NUMBERS:
        return plain_number(value)
    return str(value)


def _site_shown(site) -> str:
    shown = f"{site.name}, {site.address}"
    return shown + (f" (closed {site.closed_on.day} {site.closed_on:%B %Y})" if site.closed_on else "")


def profile_snapshot(provider: Organisation) -> dict[str, str]:
    """The provider's identity, profile and sites as strings, keyed by field name (`site:<id>` for a
    site). Reads the sites through `provider.sites.all()`: prefetch them (`provider_with_profile`)."""
    profile = profile_of(provider)
    snapshot = {name: getattr(provider, name) or "" for name in IDENTITY_LABELS}
    snapshot |= {f.name: _shown(profile, f) for f in snapshot_fields()}
    snapshot |= {f"site:{site.pk}": _site_shown(site) for site in provider.sites.all()}
    return snapshot


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class VerificationState:
    """The viewer's LA's latest verification of a profile (or None) and what changed since."""

    last: ProfileVerification | None
    changes: list[Change]


def _label(key: str) -> str:
    if key.startswith("site:"):
        return "Site"
    if key in IDENTITY_LABELS:
        return IDENTITY_LABELS[key]
    name = ProviderProfile._meta.get_field(key).verbose_name
    return name[:1].upper() + name[1:]


def changes_since_verified(
    provider: Organisation, now: dict[str, str] | None = None, *, membership: Membership
) -> VerificationState:
    """Compares the snapshot of `membership`'s LA's latest verification with the profile `now` (its
    `profile_snapshot`, worked out here if not given), in one query. Fields no longer in the model are
    ignored; a site added since shows with nothing as its old value."""
    verifications = ProfileVerification.objects.visible_to(membership)
    last = verifications.filter(provider=provider).select_related("verified_by").first()
    if last is None:
        return VerificationState(None, [])
    now = now if now is not None else profile_snapshot(provider)
    changes = [
        Change(_label(key), was, value)
        for key, value in now.items()
        if (was := _as_read(key, last.snapshot.get(key, ""))) != value
    ]
    return VerificationState(last, changes)
