"""Section 4 of the area report: unregistered providers at the registration threshold or one pupil short
of it, today (s463 Education Act 1996; DOMAIN.md 4).

The counts are `placements.checks.threshold_counts` (every commissioner's pupils taught there more than
18 hours a week, counted in the database and naming nobody), and "at" and "near" are its `Threshold`'s,
as the registration threshold alert (`alerts.sources.providers.registration_threshold`) tells them. The
LA is shown the providers on its register and those its area's schools place pupils with now, with how
many of the area's placements are there; as the alert does, it is not told how many of the pupils have
an EHC plan or are looked after (some are other areas' pupils). Three queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from apcommission.numbers import hours_text
from apcommission.tenancy.models import Organisation
from placements.checks import threshold_counts
from placements.entitlement import THRESHOLD_HOURS, THRESHOLD_PUPILS
from placements.models import PlacementStatus
from reports.area.scope import AreaScope


@dataclass(frozen=True)
class ProviderStanding:
    name: str
    full_time: int  # pupils taught there more than 18 hours a week, by every commissioner
    at: bool  # else near
    on_register: bool  # on this LA's register of providers
    area_now: int  # the area's placements there now

    @property
    def standing(self) -> str:
        return "At the threshold" if self.at else "One pupil short"


@dataclass
class ThresholdSection:
    hours: str = hours_text(THRESHOLD_HOURS)
    pupils: int = THRESHOLD_PUPILS
    providers: list[ProviderStanding] = field(default_factory=list)

    @property
    def at(self) -> int:
        return sum(1 for each in self.providers if each.at)

    @property
    def near(self) -> int:
        return sum(1 for each in self.providers if not each.at)


def gather(scope: AreaScope) -> ThresholdSection:
    counts = {pk: each for pk, each in threshold_counts(scope.today).items() if each.at or each.near}
    area_now = dict(
        scope.placements()
        .filter(status__in=PlacementStatus.current_values(), provider_id__in=list(counts))
        .order_by()
        .values("provider_id")
        .annotate(n=Count("pk"))
        .values_list("provider_id", "n")
    )
    providers = (
        Organisation.objects.visible_to(scope.membership)
        .filter(pk__in=list(counts))
        .filter(Q(local_authority_id=scope.local_authority.pk) | Q(pk__in=list(area_now)))
        .order_by("name", "pk")
        .values_list("pk", "name", "local_authority_id")
    )
    return ThresholdSection(
        providers=[
            ProviderStanding(
                name=name,
                full_time=counts[pk].full_time,
                at=counts[pk].at,
                on_register=la_id == scope.local_authority.pk,
                area_now=area_now.get(pk, 0),
            )
            for pk, name, la_id in providers
        ]
    )
