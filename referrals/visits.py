"""Visits and tasters before a provider decides: scheduled, then their outcome recorded (issue 10, step
3). Who may is `referrals.rules.can_arrange_visit`, checked here first."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.changes import assign_changes
from apcommission.forms.dates import long_date
from referrals import rules
from referrals.models import Recipient, Referral, Visit, VisitKind

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


@transaction.atomic
def schedule_visit(recipient: Recipient, *, by: Membership, kind: str, scheduled_on: datetime.date) -> Visit:
    """A visit or taster at a provider asked, on a date. The referral is locked first, so a decision
    made at the same moment is seen."""
    referral = Referral.objects.visible_to(by).select_for_update().get(pk=recipient.referral_id)
    recipient = Recipient.objects.visible_to(by).get(pk=recipient.pk)
    if not rules.can_arrange_visit(by, recipient, referral):
        raise PermissionDenied("A visit is arranged while the provider is still considering the pupil")
    if kind not in VisitKind.values:
        raise ValidationError({"kind": "Choose a visit or a taster session"})
    visit = Visit(recipient=recipient, kind=kind, scheduled_on=scheduled_on)
    visit.full_clean()
    visit.save()
    return visit


def outcome_waits(visit: Visit, today: datetime.date) -> str:
    """Why how a visit went cannot be recorded yet, or "" once its day has come. An outcome is dated when
    it is recorded, so recording it from the visit's day on keeps it from being dated before the visit
    (or after today)."""
    if visit.scheduled_on <= today:
        return ""
    kind = visit.get_kind_display().lower()
    return (
        f"You can record how the {kind} went from {long_date(visit.scheduled_on)}, the day it is arranged for"
    )


@transaction.atomic
def record_visit_outcome(
    visit: Visit,
    *,
    by: Membership,
    went_ahead: bool,
    risk_found: str = "",
    pupil_thought: str = "",
    parent_thought: str = "",
) -> Visit:
    """Whether it went ahead, any risk found (an existing relationship in the cohort, say) and what the
    pupil and parent thought of the setting, from the visit's day on (`outcome_waits`). The same values
    again change nothing."""
    locked = Visit.objects.visible_to(by).select_for_update().get(pk=visit.pk)
    recipient = Recipient.objects.visible_to(by).get(pk=locked.recipient_id)
    referral = Referral.objects.visible_to(by).get(pk=recipient.referral_id)
    if not rules.can_arrange_visit(by, recipient, referral):
        raise PermissionDenied("A visit's outcome is recorded while the provider is still considering")
    if waits := outcome_waits(locked, timezone.localdate()):
        raise ValidationError(waits)
    changed = assign_changes(
        locked,
        {
            "went_ahead": went_ahead,
            "risk_found": risk_found.strip(),
            "pupil_thought": pupil_thought.strip(),
            "parent_thought": parent_thought.strip(),
        },
    )
    if changed:
        locked.outcome_recorded_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=[*changed, "outcome_recorded_at"])
    return locked
