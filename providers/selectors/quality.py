"""Reads for QA visits as `membership` sees them, each a fixed number of queries however many judgements,
actions and updates a visit has."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from apcommission.tenancy.models import Membership
from providers import rules, visibility
from providers.models import ActionUpdate, AreaJudgement, QAAction, QAArea, QAVisit
from providers.selectors import trust_local_authorities


def _updates(membership) -> Prefetch:
    return Prefetch(
        "updates", queryset=ActionUpdate.objects.visible_to(membership).select_related("recorded_by")
    )


def visit_in_full(pk: int, *, membership: Membership) -> QAVisit:
    """One visit with its judgements, actions and their follow-up notes (four queries); raises DoesNotExist
    for a visit `membership` cannot see. Whether it may read it in full is `rules.can_view_visit_detail`."""
    return (
        QAVisit.objects.visible_to(membership)
        .select_related("provider", "visiting_organisation", "visited_by", "entered_in_error_by")
        .prefetch_related(
            Prefetch(
                "judgements",
                queryset=AreaJudgement.objects.visible_to(membership).select_related("area"),
            ),
            Prefetch(
                "actions",
                queryset=QAAction.objects.visible_to(membership)
                .select_related("area", "closed_by")
                .prefetch_related(_updates(membership)),
            ),
        )
        .get(pk=pk)
    )


def action_with_visit(pk: int, *, membership: Membership) -> QAAction:
    """One action with its visit, provider and visiting organisation, and the updates `membership` may
    read (two queries: for a provider, only its own replies)."""
    return (
        QAAction.objects.visible_to(membership)
        .select_related("visit__provider", "visit__visiting_organisation", "area")
        .prefetch_related(_updates(membership))
        .get(pk=pk)
    )


def visits_to(provider_id: int, *, membership: Membership) -> QuerySet[QAVisit]:
    """The QA visits to one provider that `membership` may see, newest first, each with its visiting
    organisation (one query): the context `visits` of `providers/quality/_visits.html`."""
    visits = QAVisit.objects.visible_to(membership).filter(provider_id=provider_id)
    return visits.select_related("visiting_organisation")


def visits_read_in_full(provider_id: int, *, membership: Membership, limit: int = 20) -> list[QAVisit]:
    """The newest visits to one provider that the viewer may read in full (one query): its own, and for
    an LA or trust those of its schools. A school's view of its LA's visits stays the latest summary."""
    return list(
        visits_to(provider_id, membership=membership).filter(visibility.visits_in_full(membership))[:limit]
    )


def framework(*, membership: Membership) -> list[QAArea]:
    """The QA areas new visits are judged against: the standard areas and the viewer's LA's own, in use."""
    return list(QAArea.objects.visible_to(membership).in_use())


def framework_for_settings(*, membership: Membership) -> list[QAArea]:
    """Every area an LA officer sees on its settings page, retired ones included (marked)."""
    return list(QAArea.objects.visible_to(membership))


def open_actions(provider_id: int, *, membership: Membership) -> QuerySet[QAAction]:
    """The open actions of the visits to one provider that count, each with its visit and visitor (one
    query), soonest due first. Which actions `membership` meets is its `visible_to`: a provider those it
    must do, a school its own visits' and its LA's actions for the provider, an LA its own and its
    schools'."""
    return (
        QAAction.objects.visible_to(membership)
        .open()
        .filter(visit__provider_id=provider_id)
        .select_related("visit__visiting_organisation", "area")
        .order_by("due_on", "pk")
    )


def actions_for_provider(*, membership: Membership) -> QuerySet[QAAction]:
    """For a provider's home page: the open actions it must do, across every visit (one query)."""
    return (
        QAAction.objects.visible_to(membership)
        .open()
        .filter(visit__provider_id=membership.organisation_id, owned_by_provider=True)
        .select_related("visit__visiting_organisation")
        .only(*HOME_ACTION_FIELDS)
        .order_by("due_on", "pk")
    )


# What a provider's home page shows of an action and decides its reply link by: compiling every column
# of three tables was half the page's time.
HOME_ACTION_FIELDS = (
    "description",
    "due_on",
    "closed_at",
    "owned_by_provider",
    "visit__provider_id",
    "visit__visited_on",
    "visit__entered_in_error_at",
    "visit__visiting_organisation__name",
)


@dataclass
class LAVisit:
    """An LA whose visits the viewer reads in summary, and its latest visit that counts (or None)."""

    local_authority_id: int
    local_authority_name: str
    visit: QAVisit | None


@dataclass
class LatestVisits:
    """For a school or a trust: the latest visit of each LA whose visits it reads in summary (a school's
    LA; each LA of a trust's schools), and its own latest (a trust's: its schools'), so that its own
    visit never hides an LA's summary."""

    las: list[LAVisit] = field(default_factory=list)
    own: QAVisit | None = None


def latest_by_visitor(provider_id: int, *, membership: Membership) -> LatestVisits | None:
    """The latest visits that count to one provider by each visitor a school or a trust meets (one
    query; one more for a trust's LAs). None for anyone else, who sees the latest visit alone."""
    if not rules.reads_area_las_visits(membership):
        return None
    organisation = membership.organisation
    if rules.is_school(membership):
        las = [(organisation.local_authority_id, "")]
        own = Q(visiting_organisation_id=organisation.pk)
    else:
        las = trust_local_authorities(membership=membership)
        own = Q(visiting_organisation__trust_id=organisation.pk)
    la_ids = [la_id for la_id, _name in las]
    visits = (
        QAVisit.objects.visible_to(membership)
        .counting()
        .filter(Q(visiting_organisation_id__in=la_ids) | own, provider_id=provider_id)
        .select_related("visiting_organisation")
        .order_by("visiting_organisation_id", "-visited_on", "-pk")
        .distinct("visiting_organisation_id")
    )
    latest = {visit.visiting_organisation_id: visit for visit in visits}
    own_visits = [visit for visitor, visit in latest.items() if visitor not in la_ids]
    return LatestVisits(
        las=[LAVisit(la_id, name, latest.get(la_id)) for la_id, name in las],
        own=max(own_visits, key=lambda visit: (visit.visited_on, visit.pk), default=None),
    )
