"""Visits and tasters before a provider decides: scheduled, then their outcome recorded (issue 10, step
3). Who may is `referrals.rules.can_arrange_visit`, checked here first."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.changes import assign_changes
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
    pupil and parent thought of the setting. The same values again change nothing."""
    locked = Visit.objects.visible_to(by).select_for_update().get(pk=visit.pk)
    recipient = Recipient.objects.visible_to(by).get(pk=locked.recipient_id)
    referral = Referral.objects.visible_to(by).get(pk=recipient.referral_id)
    if not rules.can_arrange_visit(by, recipient, referral):
        raise PermissionDenied("A visit's outcome is recorded while the provider is still considering")
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
