"""The LA's approved list: the state machine of an entry's status, and the changes an LA makes to its list.

An entry's status moves only through `change_status`, and only along the moves of `ENTRY_STATUS` (the
one table, applied by `apcommission.workflow`). Every move (and the first status of a new entry) writes a
`StatusChange` row saying who, when, why, from and to. The terms of an entry (categories, price, review
date, conditions) change through `update_terms`, whose history the database triggers (pghistory) keep.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.changes import assign_changes
from apcommission.tenancy.roles import OrganisationKind
from providers import rules
from providers.models import ApprovalStatus, ApprovedListEntry
from providers.models.approval import ENTRY_STATUS

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership, Organisation
    from providers.models import ApprovalCategory

S = ApprovalStatus

# The statuses an entry may start in when an LA puts a provider on its list.
STARTING_STATUSES = (S.APPLIED, S.APPROVED, S.APPROVED_WITH_CONDITIONS)

# An approval is reviewed a year after it is given, as is usual for AP frameworks; the officer may set
# another date on the entry.
REVIEW_AFTER_MONTHS = 12

# Every status and the statuses it may move to: `ENTRY_STATUS` read as a table.
TRANSITIONS: dict[str, frozenset[str]] = ENTRY_STATUS.table()


# What a move of status may change besides the status: the conditions, and the dates of an approval.
TERMS_MOVING_WITH_STATUS = ("conditions", "placing_conditions", "approved_on", "next_review_on", "updated_at")


def allowed_moves(status: str) -> list[ApprovalStatus]:
    """The statuses an entry in `status` may move to, in the order of the status choices."""
    return ENTRY_STATUS.targets(status)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (29 Feb -> 28 Feb)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def default_next_review(approved_on: datetime.date) -> datetime.date:
    return add_months(approved_on, REVIEW_AFTER_MONTHS)


def _required_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for this status"})
    return reason


def _required_conditions(conditions: str | None) -> str:
    conditions = (conditions or "").strip()
    if not conditions:
        raise ValidationError({"conditions": "Enter the conditions of approval"})
    return conditions


# Said on the field when conditions are given with a status other than approved with conditions.
ONLY_WITH_CONDITIONS = {
    "conditions": "Leave the conditions empty unless the status is approved with conditions",
    "placing_conditions": (
        "Leave the conditions for placing empty unless the status is approved with conditions"
    ),
}


def _conditions_for(status: str, *, stored: dict, **given: str | None) -> dict:
    """The conditions and conditions for placing an entry in `status` is to hold: those given (None:
    those stored), keyed by field.

    Both belong to approval with conditions: the provider and the LA's schools read them as in force.
    New ones with any other status are refused, on their field, rather than kept out of sight (to
    surface later as if they applied); those already stored (kept through a suspension, for a
    re-approval with conditions) may stay as they are (a form sends them back unchanged) or be cleared."""
    held, errors = {}, {}
    for name, value in given.items():
        if value is None:
            held[name] = stored[name]
            continue
        held[name] = value.strip()
        if status != S.APPROVED_WITH_CONDITIONS and held[name] and held[name] != stored[name]:
            errors[name] = ONLY_WITH_CONDITIONS[name]
    if errors:
        raise ValidationError(errors)
    return held


def _check_terms(*, la_id: int, categories, price, price_unit) -> None:
    if any(category.local_authority_id not in (None, la_id) for category in categories):
        raise ValidationError({"categories": "Choose categories from your LA's list"})
    if price is not None and not price_unit:
        raise ValidationError({"price_unit": "Say what the price is for"})


def change_status(
    *,
    entry: ApprovedListEntry,
    to_status: str,
    reason: str,
    by: Membership,
    conditions: str | None = None,
    placing_conditions: str | None = None,
    today: datetime.date | None = None,
) -> ApprovedListEntry:
    """Move `entry` to `to_status`, if the table allows it, and record who, when and why.

    Guarantees: only an officer of the entry's LA changes it; a move not in `ENTRY_STATUS` changes
    nothing; a reason is recorded; approved with conditions always has conditions (they are kept, or
    replaced when given) and plain approval clears them, the conditions for placing with them; new
    conditions, or conditions for placing, are refused with any status but approved with conditions;
    `approved_on` is set to today whenever the entry becomes approved from a status that was not, with the
    next review a year on unless a later date is set. The entry is locked for the move, so two officers
    cannot move it from the same status at once.
    """
    if not rules.can_manage_approved_list(by, entry):
        raise PermissionDenied("Only the LA's officers change its approved list")
    reason = _required_reason(reason)
    today = today or timezone.localdate()

    def terms(locked: ApprovedListEntry, from_status: str) -> tuple[str, ...]:
        held = _conditions_for(
            to_status,
            stored={"conditions": locked.conditions, "placing_conditions": locked.placing_conditions},
            conditions=conditions,
            placing_conditions=placing_conditions,
        )
        locked.conditions, locked.placing_conditions = held["conditions"], held["placing_conditions"]
        if to_status == S.APPROVED_WITH_CONDITIONS:
            locked.conditions = _required_conditions(locked.conditions)
        elif to_status == S.APPROVED:
            # Approval without conditions lifts any earlier ones, those for placing too.
            locked.conditions = locked.placing_conditions = ""
        if to_status in S.approved_values() and from_status not in S.approved_values():
            locked.approved_on = today
            if locked.next_review_on is None or locked.next_review_on <= today:
                locked.next_review_on = default_next_review(today)
        return TERMS_MOVING_WITH_STATUS

    locked = ENTRY_STATUS.move(entry, to=to_status, by=by, reason=reason, effects=terms)
    for name in ("status", *TERMS_MOVING_WITH_STATUS):
        setattr(entry, name, getattr(locked, name))
    return entry


def add_to_list(
    *,
    provider: Organisation,
    by: Membership,
    reason: str,
    status: str = S.APPLIED,
    categories: Iterable[ApprovalCategory] = (),
    price: Decimal | None = None,
    price_unit: str = "",
    next_review_on: datetime.date | None = None,
    conditions: str = "",
    placing_conditions: str = "",
    today: datetime.date | None = None,
) -> ApprovedListEntry:
    """Put `provider` on the acting LA's list, with its first status and the StatusChange that says why.

    Guarantees: only an LA officer adds, to its own LA's list, one entry per provider; the first status is
    applied, approved or approved with conditions (which needs conditions, and alone takes them and
    conditions for placing: given with another status, they are refused); an approval gets today's date
    and, unless one is given, a review a year on.
    """
    if not rules.can_manage_approved_list(by):
        raise PermissionDenied("Only LA officers add providers to their approved list")
    if provider.kind != OrganisationKind.PROVIDER:
        raise ValidationError("Only a provider can go on the approved list")
    if status not in STARTING_STATUSES:
        raise ValidationError({"status": "Choose applied, approved or approved with conditions"})
    reason = _required_reason(reason)
    held = _conditions_for(
        status,
        stored={"conditions": "", "placing_conditions": ""},
        conditions=conditions or "",
        placing_conditions=placing_conditions or "",
    )
    conditions, placing_conditions = held["conditions"], held["placing_conditions"]
    if status == S.APPROVED_WITH_CONDITIONS:
        conditions = _required_conditions(conditions)
    la_id = by.organisation_id
    categories = list(categories)
    _check_terms(la_id=la_id, categories=categories, price=price, price_unit=price_unit)
    today = today or timezone.localdate()
    approved_on = today if status in S.approved_values() else None
    if approved_on and next_review_on is None:
        next_review_on = default_next_review(approved_on)
    try:
        with transaction.atomic():
            entry = ApprovedListEntry.objects.create(
                local_authority_id=la_id,
                provider=provider,
                status=status,
                conditions=conditions,
                placing_conditions=placing_conditions,
                price=price,
                price_unit=price_unit or "",
                approved_on=approved_on,
                next_review_on=next_review_on,
            )
            entry.categories.set(categories)
            ENTRY_STATUS.record(entry, by=by, reason=reason)
    except IntegrityError as error:
        if (
            ApprovedListEntry.objects.visible_to(by)
            .filter(local_authority_id=la_id, provider=provider)
            .exists()
        ):
            raise ValidationError(f"{provider} is already on your approved list") from error
        raise
    return entry


def update_terms(
    *,
    entry: ApprovedListEntry,
    by: Membership,
    categories: Iterable[ApprovalCategory],
    price: Decimal | None,
    price_unit: str,
    next_review_on: datetime.date | None,
    conditions: str | None = None,
    placing_conditions: str | None = None,
) -> ApprovedListEntry:
    """Change what `entry` is approved for and on what terms. The status does not change here.

    Guarantees: only an officer of the entry's LA changes it; categories are standard or the LA's own;
    an entry approved with conditions keeps some conditions; the conditions and the conditions for
    placing are kept unless given, and new ones are refused unless it is approved with conditions; only
    the terms that differ are written (saved as they stand, nothing is). History is kept by the database
    triggers.
    """
    if not rules.can_manage_approved_list(by, entry):
        raise PermissionDenied("Only the LA's officers change its approved list")
    categories = list(categories)
    _check_terms(la_id=entry.local_authority_id, categories=categories, price=price, price_unit=price_unit)
    with transaction.atomic():
        locked = ApprovedListEntry.objects.visible_to(by).select_for_update().get(pk=entry.pk)
        held = _conditions_for(
            locked.status,
            stored={"conditions": locked.conditions, "placing_conditions": locked.placing_conditions},
            conditions=conditions,
            placing_conditions=placing_conditions,
        )
        if locked.status == S.APPROVED_WITH_CONDITIONS:
            held["conditions"] = _required_conditions(held["conditions"])
        locked.categories.set(categories)  # set() itself adds and removes only what differs
        terms = {
            "price": price,
            "price_unit": price_unit or "",
            "next_review_on": next_review_on,
            **held,
        }
        changed = assign_changes(locked, terms)
        if changed:  # terms saved as they stand write nothing
            locked.save(update_fields=[*changed, "updated_at"])
    return locked
