"""Raising a safeguarding concern, recording what the DSL did, and sharing the details. The pages call
these, and the API will.

Every function checks its rule (`safeguarding.rules`) first, reads and locks through the acting
membership's view, validates whole (plain-English messages keyed by form field) and writes in one
transaction. Nothing here is changed after it is written: the DSL's record grows by entries, and each
change of a concern's state is kept in its history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.forms.dates import long_date, years_ago
from placements.models import Placement
from safeguarding import alerts, rules
from safeguarding.models import (
    Concern,
    ConcernAction,
    ConcernDetail,
    ConcernState,
    DetailShare,
    ReferredTo,
    SharedWith,
)

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

TEXT_LIMIT = 5000
EARLIEST_YEARS = 1  # a concern or an action dated more than a year back is a typing mistake


def _text(
    errors: dict, field: str, value: str, name: str, *, missing: str = "", limit: int = TEXT_LIMIT
) -> str:
    """`value` trimmed; "Enter <name>" (or `missing`) on `field` when empty, and a message when too long."""
    value = (value or "").strip()
    if not value:
        errors[field] = missing or f"Enter {name}"
    elif len(value) > limit:
        errors[field] = f"{name[:1].upper()}{name[1:]} must be {limit:,} characters or fewer"
    return value


def _date(errors: dict, field: str, value: datetime.date | None, name: str, *, today: datetime.date) -> None:
    if value is None:
        errors[field] = f"Enter {name}"
    elif value > today:
        errors[field] = f"{name[:1].upper()}{name[1:]} must be today or in the past"
    elif value < (earliest := years_ago(EARLIEST_YEARS)()):
        errors[field] = f"{name[:1].upper()}{name[1:]} must be the same as or after {long_date(earliest)}"


@transaction.atomic
def raise_concern(
    placement: Placement,
    *,
    by: Membership,
    what_happened: str,
    happened_on: datetime.date | None,
    who_involved: str,
    immediate_risk: bool | None,
    provider_action: str,
    happened_time: str = "",
) -> Concern:
    """Raise a concern about the pupil of `placement`, by the provider delivering it; the school's DSLs
    are told at once (`alerts.notify_dsls`). Refused (PermissionDenied) to anyone else, and once the
    placement ended more than `rules.RAISE_AFTER_ENDING_DAYS` ago or was cancelled."""
    placement = Placement.objects.visible_to(by).get(pk=placement.pk)
    if not rules.raises_concerns(by) or placement.provider_id != by.organisation_id:
        raise PermissionDenied("Only the provider the pupil is placed with raises a concern about them")
    if not rules.may_still_raise(placement):
        raise PermissionDenied(
            "A concern is raised while a placement runs, or within "
            f"{rules.RAISE_AFTER_ENDING_DAYS} days of its end: call the school's DSL"
        )
    today = timezone.localdate()
    errors: dict[str, str] = {}
    what_happened = _text(errors, "what_happened", what_happened, "what was seen or heard")
    who_involved = _text(errors, "who_involved", who_involved, "who was involved")
    provider_action = _text(
        errors,
        "provider_action",
        provider_action,
        "what you have done already",
        missing="Enter what you have done already, or write that you have done nothing yet",
    )
    happened_time = (happened_time or "").strip()
    if len(happened_time) > 100:
        errors["happened_time"] = "Time must be 100 characters or fewer"
    _date(errors, "happened_on", happened_on, "the date it was seen or heard", today=today)
    if immediate_risk is None:
        errors["immediate_risk"] = "Select yes if the pupil is at immediate risk of harm"
    if errors:
        raise ValidationError(errors)
    keys = {
        "school_id": placement.school_id,
        "local_authority_id": placement.local_authority_id,
        "provider_id": placement.provider_id,
    }
    concern = Concern.objects.create(
        placement=placement, pupil_id=placement.pupil_id, raised_by=by.user, **keys
    )
    ConcernDetail.objects.create(
        concern=concern,
        what_happened=what_happened,
        happened_on=happened_on,
        happened_time=happened_time,
        who_involved=who_involved,
        immediate_risk=immediate_risk,
        provider_action=provider_action,
        **keys,
    )
    alerts.notify_dsls(concern)
    return concern


def _locked(concern: Concern, *, by: Membership) -> Concern:
    return Concern.objects.visible_to(by).select_for_update().get(pk=concern.pk)


@transaction.atomic
def record_dsl_action(
    concern: Concern,
    *,
    by: Membership,
    action: str,
    done_by: str,
    done_on: datetime.date | None,
    referred_to: Iterable[str] = (),
    referred_elsewhere: str = "",
    close: bool = False,
) -> ConcernAction:
    """Add to the DSL's record what was done, by whom, when and to whom it was referred. The concern is
    then being handled (first handled now, if it was new) or, with `close`, closed. Only the school's
    DSLs, and not once it is closed."""
    concern = _locked(concern, by=by)
    if not rules.can_record_action(by, concern):
        raise PermissionDenied("Only the school's DSLs record what was done, until the concern is closed")
    today = timezone.localdate()
    errors: dict[str, str] = {}
    action = _text(errors, "action", action, "what was done")
    done_by = _text(errors, "done_by", done_by, "who did it", limit=200)
    _date(errors, "done_on", done_on, "the date it was done", today=today)
    referred_to = list(dict.fromkeys(referred_to))
    referred_elsewhere = (referred_elsewhere or "").strip()
    if any(value not in ReferredTo.values for value in referred_to):
        errors["referred_to"] = "Select who it was referred to from the list"
    if ReferredTo.OTHER in referred_to and not referred_elsewhere:
        errors["referred_elsewhere"] = "Enter who else it was referred to"
    elif len(referred_elsewhere) > 200:
        errors["referred_elsewhere"] = "Who else it was referred to must be 200 characters or fewer"
    if errors:
        raise ValidationError(errors)
    if ReferredTo.OTHER not in referred_to:
        referred_elsewhere = ""
    state = ConcernState.CLOSED if close else ConcernState.BEING_HANDLED
    entry = ConcernAction.objects.create(
        concern=concern,
        school_id=concern.school_id,
        local_authority_id=concern.local_authority_id,
        provider_id=concern.provider_id,
        action=action,
        done_by=done_by,
        done_on=done_on,
        referred_to=referred_to,
        referred_elsewhere=referred_elsewhere,
        state_after=state,
        recorded_by=by.user,
    )
    now = timezone.now()
    changed = []
    if concern.handled_at is None:
        concern.handled_at = now
        changed.append("handled_at")
    if concern.state != state:
        concern.state = state
        changed.append("state")
    if close:
        concern.closed_at = now
        changed.append("closed_at")
    if changed:
        concern.save(update_fields=changed)
        alerts.concerns_changed(concern.school_id)
    return entry


@transaction.atomic
def share_details(concern: Concern, *, by: Membership, role: str, reason: str) -> DetailShare:
    """Let the school's AP leads or leaders read the concern's details and the DSL's record, with the
    reason: recorded, and never taken back silently. Only the school's DSLs."""
    concern = _locked(concern, by=by)
    if not rules.can_share_details(by, concern):
        raise PermissionDenied("Only the school's DSLs share a concern's details")
    errors: dict[str, str] = {}
    if role not in SharedWith.values:
        errors["role"] = "Select who to share the details with"
    elif DetailShare.objects.visible_to(by).filter(concern_id=concern.pk, role=role).exists():
        errors["role"] = f"The details are already shared with {SharedWith(role).in_a_sentence}"
    reason = _text(errors, "reason", reason, "why they need to know")
    if errors:
        raise ValidationError(errors)
    return DetailShare.objects.create(
        concern=concern,
        school_id=concern.school_id,
        local_authority_id=concern.local_authority_id,
        role=role,
        reason=reason,
        shared_by=by.user,
    )
