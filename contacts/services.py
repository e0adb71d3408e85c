"""Logging the school's visits and contacts, changing one, and marking one entered in error. The pages
call these, and the API will.

Every function checks its rule (`contacts.rules`) first, reads the provider and placement through the
acting membership's view (another school's placement is not one to choose), validates whole with
messages keyed by form field, and writes in one transaction. A form saved unchanged writes nothing, and
nothing is deleted."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.changes import assign_changes
from apcommission.forms.dates import long_date, years_ago
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from contacts import rules
from contacts.models import Contact, ContactKind
from placements.models import Placement

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

FIELDS = ("provider", "placement", "kind", "on", "with_whom", "summary")
EARLIEST_YEARS = 2  # a contact further back is a typing mistake
SUMMARY_LIMIT = 5000


def _text(errors: dict, field: str, value: str, name: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = f"Enter {name}"
    elif len(value) > limit:
        errors[field] = f"{name[:1].upper()}{name[1:]} must be {limit:,} characters or fewer"
    return value


def _checked(values: dict, *, by: Membership, stored_on: datetime.date | None = None) -> dict:
    """The values, trimmed and checked whole; the pupil follows from the placement. A contact's date as
    stored (`stored_on`) is kept whatever the bounds say today: they are for dates being set, and a
    change to an old contact's summary must not fail because time has passed since it was logged."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"Not fields of a contact: {', '.join(sorted(unknown))}")
    errors: dict[str, str] = {}
    provider = values.get("provider")
    if (
        provider is None
        or not Organisation.objects.visible_to(by).filter(pk=provider.pk, kind=Kind.PROVIDER).exists()
    ):
        errors["provider"] = "Select a provider from the list"
        provider = None
    placement = values.get("placement")
    if placement is not None:
        found = (
            Placement.objects.visible_to(by)
            .filter(pk=placement.pk, school_id=by.organisation_id)
            .only("pk", "pupil_id", "provider_id")
            .first()
        )
        if found is None:
            errors["placement"] = "Select one of your school's placements, or none"
        elif provider is not None and found.provider_id != provider.pk:
            errors["placement"] = f"Select a placement at {provider.name}, or none"
        placement = found
    if values.get("kind") not in ContactKind.values:
        errors["kind"] = "Select the kind of contact"
    on = values.get("on")
    today = timezone.localdate()
    earliest = years_ago(EARLIEST_YEARS)()
    if on is None:
        errors["on"] = "Enter the date"
    elif on != stored_on and on > today:
        errors["on"] = "The date must be today or in the past"
    elif on != stored_on and on < earliest:
        errors["on"] = f"The date must be the same as or after {long_date(earliest)}"
    with_whom = _text(errors, "with_whom", values.get("with_whom"), "who it was with", 200)
    summary = _text(errors, "summary", values.get("summary"), "a summary", SUMMARY_LIMIT)
    if errors:
        raise ValidationError(errors)
    return {
        "provider": provider,
        "placement": placement,
        "pupil_id": placement.pupil_id if placement else None,
        "kind": values["kind"],
        "on": on,
        "with_whom": with_whom,
        "summary": summary,
    }


@transaction.atomic
def log_contact(
    *,
    by: Membership,
    provider: Organisation | None,
    kind: str,
    on: datetime.date | None,
    with_whom: str,
    summary: str,
    placement: Placement | None = None,
) -> Contact:
    """A visit or contact the school's AP lead or DSL made, about a provider and perhaps one of the
    school's placements there."""
    if not rules.can_log_contacts(by):
        raise PermissionDenied("Only a school's AP leads and DSLs log its visits and contacts")
    values = _checked(
        {
            "provider": provider,
            "placement": placement,
            "kind": kind,
            "on": on,
            "with_whom": with_whom,
            "summary": summary,
        },
        by=by,
    )
    return Contact.objects.create(
        school_id=by.organisation_id,
        local_authority_id=by.organisation.local_authority_id,
        by=by.user,
        **values,
    )


@transaction.atomic
def update_contact(contact: Contact, *, by: Membership, changes: dict) -> Contact:
    """Change a contact (its history keeps what it said); the same values again change nothing."""
    locked = Contact.objects.visible_to(by).select_for_update().get(pk=contact.pk)
    if not rules.can_change_contact(by, locked):
        raise PermissionDenied("Only the school's AP leads and DSLs change its contacts")
    current = {name: getattr(locked, name) for name in FIELDS}
    values = _checked({**current, **changes}, by=by, stored_on=locked.on)
    changed = assign_changes(locked, values)
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    return locked


@transaction.atomic
def mark_entered_in_error(contact: Contact, *, by: Membership, reason: str) -> Contact:
    """Mark a contact entered in error, saying why: it stays in the log, marked, and leaves "last visited"
    and the counts. Nothing is deleted."""
    locked = Contact.objects.visible_to(by).select_for_update().get(pk=contact.pk)
    if not rules.can_change_contact(by, locked):
        raise PermissionDenied("Only the school's AP leads and DSLs mark its contacts entered in error")
    errors: dict[str, str] = {}
    reason = _text(errors, "reason", reason, "why it was entered in error", SUMMARY_LIMIT)
    if errors:
        raise ValidationError(errors)
    locked.entered_in_error_at = timezone.now()
    locked.entered_in_error_by = by.user
    locked.error_reason = reason
    locked.save(update_fields=["entered_in_error_at", "entered_in_error_by", "error_reason", "updated_at"])
    return locked
