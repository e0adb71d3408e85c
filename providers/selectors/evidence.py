"""Reads about evidence that warn an LA officer before a decision: how many providers a new evidence type
reaches, and what is wrong with a provider's evidence when it is about to be approved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from providers.models import ApprovalStatus, ApprovedListEntry, EvidenceState
from providers.selectors import TypeState, evidence_summaries, providers

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership, Organisation

# What an officer is warned about before approving: anything that is not in date, or failed.
NOT_IN_ORDER = (EvidenceState.NOT_SATISFACTORY, EvidenceState.MISSING, EvidenceState.EXPIRED)


@dataclass(frozen=True)
class NewTypeReach:
    providers: int  # every provider in the directory: the LA and its schools see the new type as missing
    approved: int  # of those, the ones approved on the LA's own list


def new_type_reach(*, membership: Membership) -> NewTypeReach:
    """How many providers an evidence type the LA adds would turn to "missing" (two queries): every
    provider its officers and schools see, as the new type is required of each until checked."""
    approved = ApprovedListEntry.objects.visible_to(membership).filter(
        local_authority_id=membership.organisation_id, status__in=ApprovalStatus.approved_values()
    )
    return NewTypeReach(providers=providers(membership=membership).count(), approved=approved.count())


def evidence_not_in_order(provider: Organisation, *, membership: Membership) -> list[TypeState]:
    """The types of `provider`'s evidence that are missing, expired or failed for the acting LA, worst
    first (two queries): what an officer is warned about before approving it."""
    summary = evidence_summaries([provider.pk], membership=membership)[provider.pk]
    order = list(EvidenceState)
    problems = [item for item in summary.types if item.state in NOT_IN_ORDER]
    return sorted(problems, key=lambda item: order.index(item.state))
