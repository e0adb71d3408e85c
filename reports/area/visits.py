"""Section 7 of the area report: how often each school visits the providers it uses.

For each school of the area with a placement in the period or a visit in it: its visits in person to
providers in the period (the contact log's visits, never those marked entered in error; calls and
welfare checks are not visits), the providers it had a placement with in the period, and those of them
it did not visit in the period, each with its last visit by that school (`contacts.selectors
.last_visits`, as the pack's "Providers not visited this term" reads it). Three queries: the schools'
providers (a row for each school and provider, never for each placement), the visits counted by school
and provider, and the last visits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from contacts.models import Contact, ContactKind
from contacts.selectors import last_visits
from reports.area.scope import AreaScope


@dataclass(frozen=True)
class NotVisited:
    provider: str
    last: str  # "Last visited 40 days ago (12 October 2026)", "Not visited"


@dataclass
class SchoolVisits:
    name: str
    visits: int = 0  # in the period, to any provider
    providers_used: int = 0
    providers_visited: int = 0  # of those used
    not_visited: list[NotVisited] = field(default_factory=list)

    @property
    def per_provider(self) -> str:
        """Visits in the period for each provider used, to one decimal place."""
        if not self.providers_used:
            return "None used"
        return f"{self.visits / self.providers_used:.1f}"


@dataclass
class VisitsSection:
    schools: list[SchoolVisits] = field(default_factory=list)

    @property
    def visits(self) -> int:
        return sum(each.visits for each in self.schools)

    @property
    def not_visited(self) -> int:
        return sum(len(each.not_visited) for each in self.schools)


def gather(scope: AreaScope) -> VisitsSection:
    period = scope.period
    used = list(
        scope.placements()
        .order_by()
        .values_list("school_id", "school__name", "provider_id", "provider__name")
        .distinct()
    )
    visits = (
        Contact.objects.visible_to(scope.membership)
        .filter(
            local_authority_id=scope.local_authority.pk,
            kind=ContactKind.VISIT,
            entered_in_error_at__isnull=True,
            on__gte=period.start,
            on__lte=period.end,
        )
        .order_by()
        .values("school_id", "school__name", "provider_id")
        .annotate(n=Count("pk"))
    )
    schools: dict[int, SchoolVisits] = {}
    visited = set()
    for row in visits:
        school = schools.setdefault(row["school_id"], SchoolVisits(row["school__name"]))
        school.visits += row["n"]
        visited.add((row["school_id"], row["provider_id"]))
    last = last_visits(
        {provider_id for *_school, provider_id, _name in used}, membership=scope.membership, today=scope.today
    )
    not_visited = defaultdict(list)
    for school_id, school_name, provider_id, provider_name in used:
        school = schools.setdefault(school_id, SchoolVisits(school_name))
        school.providers_used += 1
        if (school_id, provider_id) in visited:
            school.providers_visited += 1
        else:
            not_visited[school_id].append(NotVisited(provider_name, str(last.of(provider_id, school_id))))
    for school_id, missing in not_visited.items():
        schools[school_id].not_visited = sorted(missing, key=lambda each: each.provider)
    return VisitsSection(schools=sorted(schools.values(), key=lambda each: each.name))
