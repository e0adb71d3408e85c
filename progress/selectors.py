"""Reading progress and incidents for the pages, always through the acting membership's view, in a fixed
number of queries however many objectives, entries and incidents there are.

A commissioner (the school, its trust, its LA) reads an incident with the pupil's name from the pupil's
record; the provider delivering the placement reads it with the copy of the pupil the school shared
(`Placement.provider_copy`), never the pupil's record: no join to the pupil is made for a provider."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator

from placements.models import Objective, Placement
from progress import charts, rules
from progress.models import Incident, ProgressEntry, Severity
from progress.waiting import since

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

PER_PAGE = 25


@dataclass
class ObjectiveProgress:
    """An objective with its baseline and target, the values recorded against it (latest first) and the
    chart from the baseline towards the target."""

    objective: Objective
    entries: list[ProgressEntry] = field(default_factory=list)
    chart: charts.Chart | None = None

    @property
    def latest(self) -> ProgressEntry | None:
        return self.entries[0] if self.entries else None


def placement_progress(placement: Placement, *, membership: Membership) -> list[ObjectiveProgress]:
    """Each objective of the placement with its progress: two queries, however many entries."""
    objectives = list(Objective.objects.visible_to(membership).filter(placement_id=placement.pk))
    entries = ProgressEntry.objects.visible_to(membership).filter(placement_id=placement.pk)
    by_objective: dict[int, list[ProgressEntry]] = {objective.pk: [] for objective in objectives}
    for entry in entries.order_by("-on", "-pk"):
        by_objective.setdefault(entry.objective_id, []).append(entry)
    return [
        ObjectiveProgress(
            objective=objective,
            entries=by_objective[objective.pk],
            chart=charts.progress_chart(objective, by_objective[objective.pk]),
        )
        for objective in objectives
    ]


def placement_incidents(placement: Placement, *, membership: Membership) -> list[Incident]:
    """The placement's incidents, latest first: one query."""
    return list(Incident.objects.visible_to(membership).filter(placement_id=placement.pk))


def recent_high_incidents(
    placement: Placement, *, membership: Membership, today: datetime.date
) -> list[Incident]:
    """The placement's high-severity incidents of the last two weeks, latest first: the alert at the top
    of a commissioner's placement page. One query."""
    incidents = Incident.objects.visible_to(membership).filter(
        placement_id=placement.pk, severity=Severity.HIGH, occurred_on__gte=since(today)
    )
    return list(incidents)


def objective_for(pk: int, *, membership: Membership) -> Objective:
    """The objective `membership` sees (`Objective.DoesNotExist` otherwise), with its placement and the
    placement's school; never the pupil."""
    return (
        Objective.objects.visible_to(membership).select_related("placement", "placement__school").get(pk=pk)
    )


def entry_for(pk: int, *, membership: Membership) -> ProgressEntry:
    """The progress entry `membership` sees, with its objective and placement."""
    return (
        ProgressEntry.objects.visible_to(membership)
        .select_related("objective", "placement", "placement__school")
        .get(pk=pk)
    )


def incident_for(pk: int, *, membership: Membership) -> Incident:
    """The incident `membership` sees, with its placement, school and provider; a commissioner's with the
    pupil, a provider's without."""
    found = Incident.objects.visible_to(membership).select_related(
        "placement", "placement__school", "school", "provider", "recorded_by", "updated_by"
    )
    if rules.reads_pupil_record(membership):
        found = found.select_related("placement__pupil")
    return found.get(pk=pk)


def placement_for(pk: int, *, membership: Membership) -> Placement:
    """The placement `membership` sees, with its school; never the pupil."""
    return Placement.objects.visible_to(membership).select_related("school").get(pk=pk)


# --- The list of incidents ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentFilters:
    severity: str = ""
    provider: int | None = None


@dataclass(frozen=True)
class IncidentRow:
    incident_id: int
    placement_id: int
    pupil_id: int  # for the access event
    pupil_name: str
    school_name: str
    provider_name: str
    occurred_on: datetime.date
    occurred_at: datetime.time | None
    kind: str
    severity: Severity
    parent_told_on: datetime.date | None

    @property
    def severity_tag(self) -> str:
        return self.severity.tag_class


ROW_COLUMNS = (
    "pk",
    "placement_id",
    "placement__pupil_id",
    "placement__pupil__legal_forename",
    "placement__pupil__legal_surname",
    "placement__pupil__preferred_forename",
    "placement__pupil__preferred_surname",
    "school__name",
    "provider__name",
    "occurred_on",
    "occurred_at",
    "kind",
    "severity",
    "parent_told_on",
)


def incident_providers(*, membership: Membership) -> list[tuple[int, str]]:
    """The providers of the incidents `membership` sees, by name: the list's provider filter. One query."""
    pairs = (
        Incident.objects.visible_to(membership)
        .order_by("provider__name", "provider_id")
        .values_list("provider_id", "provider__name")
        .distinct()
    )
    return list(pairs)


def incidents_page(
    filters: IncidentFilters, page_number: int | str | None, *, membership: Membership
) -> Page:
    """One page of the incidents at the placements a commissioner sees, latest first, filtered: two
    queries (the count and the page), however many."""
    incidents = Incident.objects.visible_to(membership)
    if filters.severity:
        incidents = incidents.filter(severity=filters.severity)
    if filters.provider is not None:
        incidents = incidents.filter(provider_id=filters.provider)
    incidents = incidents.order_by("-occurred_on", "-occurred_at", "-pk").values(*ROW_COLUMNS)
    page = Paginator(incidents, PER_PAGE).get_page(page_number)
    kinds = dict(Incident._meta.get_field("kind").flatchoices)
    page.object_list = [
        IncidentRow(
            incident_id=values["pk"],
            placement_id=values["placement_id"],
            pupil_id=values["placement__pupil_id"],
            pupil_name=" ".join(
                (
                    values["placement__pupil__preferred_forename"]
                    or values["placement__pupil__legal_forename"],
                    values["placement__pupil__preferred_surname"]
                    or values["placement__pupil__legal_surname"],
                )
            ),
            school_name=values["school__name"],
            provider_name=values["provider__name"],
            occurred_on=values["occurred_on"],
            occurred_at=values["occurred_at"],
            kind=kinds.get(values["kind"], values["kind"]),
            severity=Severity(values["severity"]),
            parent_told_on=values["parent_told_on"],
        )
        for values in page.object_list
    ]
    return page
