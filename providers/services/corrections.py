"""Correcting what was recorded: an evidence check or a QA visit recorded by mistake is marked "entered in
error" with a reason. Nothing is deleted or overwritten: the row stays (shown struck through), the history
tables keep the change, and the record stops counting (evidence states, the latest visit, open actions).
Who may do it is `rules.can_correct_evidence` and `rules.can_correct_visit`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from providers import rules
from providers.models import Evidence, QAVisit
from providers.models.corrections import REASON_MAX_LENGTH

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why it was entered in error"})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer"})
    return reason


def _mark(model, record, *, by, reason: str, what: str):
    reason = _reason(reason)
    with transaction.atomic():
        # Locked, so two people marking the same record at once cannot both write a reason.
        locked = model.objects.visible_to(by).select_for_update(of=("self",)).get(pk=record.pk)
        if locked.is_entered_in_error:
            raise ValidationError(
                f"This {what} was already marked as entered in error on "
                f"{timezone.localtime(locked.entered_in_error_at):%-d %B %Y}."
            )
        locked.entered_in_error_at = timezone.now()
        locked.entered_in_error_by = by.user
        locked.entered_in_error_reason = reason
        locked.save(update_fields=["entered_in_error_at", "entered_in_error_by", "entered_in_error_reason"])
    for name in ("entered_in_error_at", "entered_in_error_by", "entered_in_error_reason"):
        setattr(record, name, getattr(locked, name))
    return record


def mark_evidence_entered_in_error(*, evidence: Evidence, by: Membership, reason: str) -> Evidence:
    """Mark a check as entered in error, saying why. Guarantees: only an officer of the LA the check
    belongs to; a reason of at most 1,000 characters; once only; the check is kept, and no longer decides
    its type's state (the latest check that counts does)."""
    if not rules.can_correct_evidence(by, evidence):
        raise PermissionDenied("Only the checking LA's officers correct its checks")
    return _mark(Evidence, evidence, by=by, reason=reason, what="check")


def mark_visit_entered_in_error(*, visit: QAVisit, by: Membership, reason: str) -> QAVisit:
    """Mark a visit as entered in error, saying why. Guarantees: only the visiting LA's officers (or, for
    a school's own visit, its AP leads and leaders); a reason; once only; the visit, its judgements and
    actions are kept, but it is no longer anyone's latest visit and its actions are no longer open."""
    if not rules.can_correct_visit(by, visit):
        raise PermissionDenied("Only the organisation that made the visit corrects it")
    return _mark(QAVisit, visit, by=by, reason=reason, what="visit")
