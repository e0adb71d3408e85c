"""Section 8 of the area report: the outcomes of the placements that ended in the period, by provider.

For each provider: the area's placements there that ended in the period, how many have their outcome
recorded (DOMAIN.md 3.7: every placement ends with one), how far they met their objectives, and where
the pupils went (the outcomes app's destinations, as its area page counts them: `outcomes.selectors
.area_destinations`, there for every outcome ever recorded, here for the period's). Two grouped queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from outcomes.models import Destination, ObjectivesMet, Outcome
from placements.models import PlacementStatus
from reports.area.scope import AreaScope


@dataclass
class ProviderOutcomes:
    name: str
    ended: int = 0
    recorded: int = 0
    objectives: Counter = field(default_factory=Counter)  # ObjectivesMet value -> placements
    destinations: Counter = field(default_factory=Counter)  # Destination value -> placements

    @property
    def met(self) -> int:
        return self.objectives[ObjectivesMet.MET]

    @property
    def partly_met(self) -> int:
        return self.objectives[ObjectivesMet.PARTLY_MET]

    @property
    def not_met(self) -> int:
        return self.objectives[ObjectivesMet.NOT_MET]

    @property
    def not_recorded(self) -> int:
        return self.ended - self.recorded

    @property
    def destination_words(self) -> list[str]:
        """ "Further education: 3", most first, in the destinations' own order on a tie."""
        order = list(Destination.values)
        ranked = sorted(self.destinations.items(), key=lambda item: (-item[1], order.index(item[0])))
        return [f"{Destination(value).label}: {number}" for value, number in ranked]


@dataclass
class OutcomesSection:
    providers: list[ProviderOutcomes] = field(default_factory=list)

    @property
    def ended(self) -> int:
        return sum(each.ended for each in self.providers)

    @property
    def recorded(self) -> int:
        return sum(each.recorded for each in self.providers)

    @property
    def destinations(self) -> list[tuple[str, int]]:
        """Every destination with how many went there, in the destinations' order (none left out)."""
        total = Counter()
        for each in self.providers:
            total.update(each.destinations)
        return [(label, total[value]) for value, label in Destination.choices]


def gather(scope: AreaScope) -> OutcomesSection:
    ended = scope.placements().filter(status=PlacementStatus.ENDED, ended_on__lte=scope.period.end)
    providers: dict[int, ProviderOutcomes] = {}
    for row in ended.order_by().values("provider_id", "provider__name").annotate(n=Count("pk")).order_by():
        providers[row["provider_id"]] = ProviderOutcomes(row["provider__name"], ended=row["n"])
    recorded = (
        Outcome.objects.visible_to(scope.membership)
        .filter(placement__in=ended.values("pk"))
        .order_by()
        .values("placement__provider_id", "objectives_met", "destination")
        .annotate(n=Count("pk"))
    )
    for row in recorded:
        provider = providers[row["placement__provider_id"]]
        provider.recorded += row["n"]
        provider.objectives[row["objectives_met"]] += row["n"]
        provider.destinations[row["destination"]] += row["n"]
    return OutcomesSection(providers=sorted(providers.values(), key=lambda each: each.name))
