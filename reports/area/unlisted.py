"""Section 5 of the area report: providers in use that are not approved on this LA's list.

A placement of the period is at an unlisted provider when the LA's list has no entry for it approving it
(approved, or approved with conditions): not on the list at all, or applied, suspended or removed. The
same rule as the alert for a provider not on the approved list (`alerts.sources.providers
.unlisted_provider`) and the approved list's `unapproved_in_use`, asked of the period's placements rather
than today's. Counted by provider in the database: three queries (the counts, the schools and the list's
entries) however many placements.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from placements.models import PlacementStatus
from providers.models import ApprovalStatus, ApprovedListEntry
from reports.area.scope import AreaScope

CURRENT = Q(status__in=PlacementStatus.current_values())


@dataclass(frozen=True)
class UnlistedProvider:
    name: str
    status: str  # on the LA's list, in words: "Not on the list", "Suspended"
    placements: int  # in the period
    now: int
    schools: tuple[str, ...]


@dataclass
class UnlistedSection:
    providers: list[UnlistedProvider] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.providers)

    @property
    def placements(self) -> int:
        return sum(each.placements for each in self.providers)

    @property
    def now(self) -> int:
        return sum(each.now for each in self.providers)


def gather(scope: AreaScope) -> UnlistedSection:
    la_id = scope.local_authority.pk
    entries = ApprovedListEntry.objects.visible_to(scope.membership).filter(local_authority_id=la_id)
    approved = entries.filter(
        provider_id=OuterRef("provider_id"), status__in=ApprovalStatus.approved_values()
    )
    unlisted = scope.placements().filter(~Exists(approved))
    counted = list(
        unlisted.order_by()
        .values("provider_id", "provider__name")
        .annotate(placements=Count("pk"), now=Count("pk", filter=CURRENT))
        .order_by("provider__name", "provider_id")
    )
    ids = [row["provider_id"] for row in counted]
    schools = defaultdict(list)
    for provider_id, name in (
        unlisted.order_by("provider_id", "school__name").values_list("provider_id", "school__name").distinct()
    ):
        schools[provider_id].append(name)
    statuses = dict(entries.filter(provider_id__in=ids).values_list("provider_id", "status"))
    return UnlistedSection(
        providers=[
            UnlistedProvider(
                name=row["provider__name"],
                status=ApprovalStatus(statuses[row["provider_id"]]).label
                if row["provider_id"] in statuses
                else "Not on the list",
                placements=row["placements"],
                now=row["now"],
                schools=tuple(schools[row["provider_id"]]),
            )
            for row in counted
        ]
    )
