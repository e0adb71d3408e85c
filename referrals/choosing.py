"""Choosing the providers a referral is sent to: each provider as the school's LA sees it, read with the
directory's own selectors (`providers.selectors`), so the send page says what the directory says.

DOMAIN.md 3.1: schools may still use providers that are not on the LA's list, but the system shows it
plainly. So every status is shown beside the provider's name, and a provider the LA has suspended or
removed is sent the referral only when the AP lead confirms they know (`unconfirmed`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from providers import rules as provider_rules
from providers.models import ApprovalStatus, OfstedJudgement
from providers.selectors import approval_entries, profile_of, providers

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership, Organisation
    from providers.models import ApprovedListEntry, ProviderProfile

# Sending to these needs the AP lead to say they know: the LA has taken the provider off its list.
TO_CONFIRM = (ApprovalStatus.SUSPENDED, ApprovalStatus.REMOVED)

# The LA's list status, in the words of a sentence about the provider.
ON_THE_LIST = {
    ApprovalStatus.APPROVED: "Approved on your LA's list",
    ApprovalStatus.APPROVED_WITH_CONDITIONS: "Approved with conditions on your LA's list",
    ApprovalStatus.APPLIED: "Applied to your LA's list, not approved yet",
    ApprovalStatus.SUSPENDED: "Suspended from your LA's list",
    ApprovalStatus.REMOVED: "Removed from your LA's list",
}
NOT_ON_THE_LIST = "Not on your LA's approved list"


@dataclass(frozen=True)
class ProviderChoice:
    """A provider to send a referral to, with the school's LA's entry for it (None: not on the list)."""

    provider: Organisation
    entry: ApprovedListEntry | None
    profile: ProviderProfile | None
    placing_conditions: str = ""  # in force, and the school's to see

    @property
    def to_confirm(self) -> bool:
        return self.entry is not None and self.entry.status in TO_CONFIRM

    @property
    def status(self) -> str:
        """ "suspended" or "removed", for the confirmation's sentence."""
        return self.entry.get_status_display().lower() if self.entry is not None else ""

    @property
    def standing(self) -> list[str]:
        """What the school should know before sending, one short sentence each: the LA's list status,
        an unregistered setting, an inadequate Ofsted judgement, the conditions for placing."""
        words = [ON_THE_LIST[self.entry.status] if self.entry is not None else NOT_ON_THE_LIST]
        if self.profile is not None and self.profile.is_unregistered:
            words.append("Unregistered: not registered as a school")
        if self.profile is not None and self.profile.ofsted_judgement == OfstedJudgement.INADEQUATE:
            words.append("Ofsted: inadequate")
        if self.placing_conditions:
            words.append(f"Conditions for placing: {self.placing_conditions}")
        return words

    @property
    def confirmation(self) -> str:
        return f"I know {self.provider} is {self.status} from the LA's approved list"


def provider_choices(
    *, membership: Membership, provider_ids: Iterable[int] | None = None
) -> list[ProviderChoice]:
    """The providers `membership` may send a referral to (those of `provider_ids` only, when given), by
    name, each with its LA's list entry and profile: three queries however many there are."""
    found = providers(membership=membership).order_by("name", "pk")
    if provider_ids is not None:
        found = found.filter(pk__in=list(provider_ids))
    found = list(found)
    entries = approval_entries([provider.pk for provider in found], membership=membership)
    choices = []
    for provider in found:
        entry = entries.get(provider.pk)
        conditions = ""
        if entry is not None and provider_rules.can_see_placing_conditions(membership, entry):
            conditions = entry.placing_conditions_in_force
        choices.append(ProviderChoice(provider, entry, profile_of(provider), conditions))
    return choices


def unconfirmed(choices: Iterable[ProviderChoice], confirmed: Collection[int]) -> list[ProviderChoice]:
    """The chosen providers the LA has suspended or removed whose status the sender has not confirmed."""
    return [choice for choice in choices if choice.to_confirm and choice.provider.pk not in confirmed]
