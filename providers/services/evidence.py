"""Changes to compliance evidence: recording checks, the validity periods an LA keeps (the types it adds
are `apcommission.vocabulary`'s to add and retire), and the
retention of uploaded copies of DBS certificates (KCSIE: not kept longer than six months)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.documents.uploads import check_document
from apcommission.tenancy.roles import OrganisationKind
from apcommission.tenancy.scoping import unscoped
from providers import rules
from providers.models import Evidence, EvidenceType, EvidenceValidity
from providers.selectors import validity_days

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from apcommission.tenancy.models import Membership, Organisation

DBS_COPY_REMOVED_REASON = "Copy of DBS certificates: not kept longer than 6 months"


def default_expiry(
    evidence_type: EvidenceType, checked_on: datetime.date, *, membership: Membership
) -> datetime.date:
    """The expiry date a check gets when none is given: the acting LA's validity period for the type."""
    return checked_on + datetime.timedelta(days=validity_days(evidence_type, membership=membership))


def _stored_name(checked) -> str:
    """The uploader's name, made safe by the upload check, with the extension the content was checked
    against (never one the uploader chose: "report.jpeg" is kept as "report.jpg")."""
    stem = checked.original_name.rpartition(".")[0] or checked.original_name
    return f"{stem}.{checked.extension}"


def record_evidence(
    *,
    provider: Organisation,
    by: Membership,
    evidence_type: EvidenceType,
    checked_on: datetime.date,
    outcome: str,
    expires_on: datetime.date | None = None,
    notes: str = "",
    document: UploadedFile | None = None,
    holds_dbs_copies: bool = False,
    today: datetime.date | None = None,
) -> Evidence:
    """Record one check of a provider's evidence by an LA officer, for their LA.

    Guarantees: only an LA officer records; the type is a standard one or the officer's LA's, in use; the
    check is not dated in the future; a missing expiry date defaults to the LA's validity period; a
    document is stored only if it passes the content check, and a copy of DBS certificates gets its
    deletion date. Nothing is saved when any of this fails (ValidationError, keyed by field)."""
    if not rules.can_record_evidence(by):
        raise PermissionDenied("Only LA officers record evidence")
    if provider.kind != OrganisationKind.PROVIDER:
        raise ValidationError("Evidence is recorded for providers only")
    today = today or timezone.localdate()
    # Another LA's type, or a retired one, is not there to choose.
    if not EvidenceType.objects.visible_to(by).in_use().filter(pk=evidence_type.pk).exists():
        raise ValidationError({"evidence_type": "Select a type of evidence"})
    if checked_on > today:
        raise ValidationError({"checked_on": "Date checked must be today or in the past"})
    if expires_on is None:
        expires_on = default_expiry(evidence_type, checked_on, membership=by)
    if expires_on < checked_on:
        raise ValidationError({"expires_on": "Expiry date must be the same as or after the date checked"})
    evidence = Evidence(
        provider=provider,
        evidence_type=evidence_type,
        checked_on=checked_on,
        expires_on=expires_on,
        outcome=outcome,
        notes=notes,
        checked_by=by.user,
        checked_for=by.organisation,
    )
    if document is not None:
        try:
            checked = check_document(document)
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from error
        evidence.document_name = _stored_name(checked)
        evidence.document_content_type = checked.content_type
        evidence.document_size = checked.size
        if holds_dbs_copies:
            evidence.holds_dbs_copies = True
            evidence.document_delete_after = today + datetime.timedelta(days=settings.DBS_COPY_RETENTION_DAYS)
    evidence.full_clean(exclude=["document", "provider", "checked_by", "checked_for", "evidence_type"])
    with transaction.atomic():
        if document is not None:
            evidence.document.save(evidence.document_name, document, save=False)
        evidence.save()
    return evidence


def purge_expired_dbs_copies(*, today: datetime.date | None = None) -> int:
    """Delete the stored file of every copy of DBS certificates whose deletion date has come, and say so
    on the check: the row (type, dates, outcome, when and why the file went) is kept. Returns how many."""
    today = today or timezone.localdate()
    purged = 0
    with unscoped("retention: DBS certificate copies"):
        due = (
            Evidence.objects.filter(
                holds_dbs_copies=True, document_delete_after__lte=today, document_removed_at__isnull=True
            )
            .exclude(document="")
            .order_by("pk")
        )
        for evidence in due:
            # The file goes first: a row that says "deleted" while the file remains would be a false record.
            evidence.document.delete(save=False)
            evidence.document_removed_at = timezone.now()
            evidence.document_removed_reason = DBS_COPY_REMOVED_REASON
            evidence.save(update_fields=["document", "document_removed_at", "document_removed_reason"])
            purged += 1
    return purged


# --- What an LA sets for itself --------------------------------------------------------------------------


def _require_la_settings(by) -> None:
    if not rules.can_manage_la_settings(by):
        raise PermissionDenied("Only LA officers change their LA's evidence settings")


def set_validity(*, by: Membership, evidence_type: EvidenceType, validity_days: int) -> EvidenceValidity:
    """This LA's validity period for a type (standard or its own); later checks default to it. Existing
    checks keep the expiry date they were given."""
    _require_la_settings(by)
    if not EvidenceType.objects.visible_to(by).filter(pk=evidence_type.pk).exists():
        raise PermissionDenied("Not a type this LA uses")
    EvidenceValidity(validity_days=validity_days).full_clean(exclude=["local_authority", "evidence_type"])
    # update_or_create locks the row and retries on the unique constraint: two officers saving the first
    # period at once do not both insert it.
    validity, _ = EvidenceValidity.objects.update_or_create(
        local_authority=by.organisation,
        evidence_type=evidence_type,
        defaults={"validity_days": validity_days},
    )
    return validity
