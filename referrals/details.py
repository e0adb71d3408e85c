"""The detailed referral the school writes once it has accepted an offer (issue 10, step 6): health, risk
assessment, safeguarding information, support strategies, what has worked before and contacts, each
marked shared with the chosen provider or not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apcommission.changes import assign_changes
from referrals import rules
from referrals.models import DetailSection, Referral, ReferralDetail

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def details_of(referral: Referral, *, membership: Membership) -> dict[str, ReferralDetail]:
    """The sections of a referral `membership` may read, by section."""
    rows = ReferralDetail.objects.visible_to(membership).filter(referral_id=referral.pk)
    return {row.section: row for row in rows}


@transaction.atomic
def save_details(referral: Referral, *, by: Membership, sections: dict[str, tuple[str, bool]]) -> list[str]:
    """Write each section's text and whether it is shared; the same values again change nothing (a
    section never written and left empty is not stored). Returns the sections changed."""
    locked = Referral.objects.visible_to(by).select_for_update().get(pk=referral.pk)
    if not rules.can_write_details(by, locked):
        raise PermissionDenied("The detailed referral is written by the school once an offer is accepted")
    kept = details_of(locked, membership=by)
    changed = []
    for section in DetailSection.values:
        if section not in sections:
            continue
        text, shared = sections[section]
        text = text.strip()
        row = kept.get(section)
        if row is None:
            if not text and not shared:
                continue
            row = ReferralDetail(referral=locked, section=section)
            row.text, row.shared = text, shared
            row.save()
            changed.append(section)
        elif assign_changes(row, {"text": text, "shared": shared}):
            row.save()
            changed.append(section)
    return changed
