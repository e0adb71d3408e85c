"""Setting an LA's numbers for the rules no single school can check (`PlacementRules`). Who may is
`placements.area_rules`, asked first; the row is read and locked through the officer's own view."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from apcommission.changes import assign_changes
from placements import area_rules
from placements.entitlement import DEFAULT_RULES, RULE_FIELDS, Rules
from placements.models import PlacementRules

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


# The bounds of each number: the form says the same in its messages.
LIMITS = {
    "hours_reception_to_ks1": (Decimal(10), Decimal(40)),
    "hours_ks2": (Decimal(10), Decimal(40)),
    "hours_ks3_and_year_10": (Decimal(10), Decimal(40)),
    "hours_year_11": (Decimal(10), Decimal(40)),
    "part_time_notice_days": (1, 90),
    "non_school_max_weeks": (1, 52),
    "non_school_max_sessions": (1, 9),
}


def _checked(values: dict) -> dict:
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"Not an LA's placement numbers: {', '.join(sorted(unknown))}")
    errors = {}
    for name, value in values.items():
        low, high = LIMITS[name]
        if not isinstance(value, int | Decimal) or isinstance(value, bool) or not low <= value <= high:
            errors[name] = f"Enter a number from {low} to {high}"
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def set_placement_rules(*, by: Membership, values: dict) -> PlacementRules | None:
    """Set the officer's LA's numbers. The same numbers again change nothing: no row is written, so no
    history says something changed; an LA that has never set them and saves the defaults keeps none,
    which means the same. Returns the LA's row, if it has one."""
    if not area_rules.can_set_placement_rules(by):
        raise PermissionDenied("Only the LA's officers set its numbers")
    values = _checked(values)
    la_id = by.organisation_id
    row = PlacementRules.objects.visible_to(by).select_for_update().filter(local_authority_id=la_id).first()
    if row is None:
        if Rules(**{**DEFAULT_RULES.__dict__, **values}) == DEFAULT_RULES:
            return None
        row = PlacementRules(local_authority_id=la_id, **values)
        row.full_clean()
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # another officer saved the first numbers at the same moment
            row = PlacementRules.objects.visible_to(by).select_for_update().get(local_authority_id=la_id)
        else:
            return row
    changed = assign_changes(row, values)
    if changed:
        row.full_clean()
        row.save(update_fields=[*changed, "updated_at"])
    return row
