"""Adding to and retiring from an LA's vocabularies: one pair of services for every vocabulary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.vocabulary import rules
from apcommission.vocabulary.models import VocabularyEntry

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def add_entry[Entry: VocabularyEntry](
    model: type[Entry], *, by: Membership, name: str, **fields: object
) -> Entry:
    """Add an entry of `by`'s LA's own to the vocabulary `model`, with any other fields it has.

    Guarantees: only an LA officer adds, for its own LA; the name (spaces tidied) is given and repeats
    no name the LA sees in that vocabulary, whatever the case, retired ones included (they still name
    old records); text is trimmed; the fields are valid for the model, or nothing is saved
    (ValidationError, keyed by field)."""
    if not rules.can_manage_la_settings(by):
        raise PermissionDenied(f"Only LA officers add to their LA's {model._meta.verbose_name_plural}")
    name = " ".join((name or "").split())
    already = ValidationError({"name": f"There is already {_a(model.noun)} with this name"})
    if not name:
        raise ValidationError({"name": f"Enter the name of the {model.noun}"})
    if model.objects.visible_to(by).filter(name__iexact=name).exists():
        raise already
    fields = {key: value.strip() if isinstance(value, str) else value for key, value in fields.items()}
    entry = model(name=name, local_authority_id=by.organisation_id, **fields)
    entry.full_clean(validate_constraints=False)  # the name was checked above; the database has the last word
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:  # the same name added by another officer a moment ago
        raise already from error
    return entry


def retire_entry[Entry: VocabularyEntry](entry: Entry, *, by: Membership) -> Entry:
    """Retire one of `by`'s LA's own entries, once: it is no longer offered for new records, and stays on
    those that name it. Standard entries and other LAs' are refused (PermissionDenied); the entry is
    locked, so two officers cannot both retire it."""
    refused = PermissionDenied(f"Only the LA that added {_a(entry.noun)} retires it, once")
    if not rules.can_retire_la_setting(by, entry):
        raise refused
    with transaction.atomic():
        locked = type(entry).objects.visible_to(by).select_for_update().get(pk=entry.pk)
        if locked.retired_at is not None:
            raise refused
        locked.retired_at = timezone.now()
        locked.save(update_fields=["retired_at"])
    entry.retired_at = locked.retired_at
    return entry
