"""Reads for QA visits, each tenant-scoped and a fixed number of queries however many judgements, actions
and updates a visit has. A function that takes a membership reads through `.visible_to(membership)`; one
that takes none reads as the acting membership."""

from django.db.models import Prefetch

from apcommission.tenancy import rules
from providers.models import ActionUpdate, AreaJudgement, QAAction, QAArea, QAVisit
from providers.models.quality import visit_detail_rule


def visit_in_full(pk) -> QAVisit:
    """One visit with its judgements, actions and their follow-up notes (four queries); raises DoesNotExist
    for a visit the acting membership cannot see. Whether it may read it in full is
    `rules.can_view_visit_detail`."""
    return (
        QAVisit.objects.select_related(
            "provider", "visiting_organisation", "visited_by", "entered_in_error_by"
        )
        .prefetch_related(
            Prefetch("judgements", queryset=AreaJudgement.objects.select_related("area")),
            Prefetch(
                "actions",
                queryset=QAAction.objects.select_related("area", "closed_by").prefetch_related(
                    Prefetch("updates", queryset=ActionUpdate.objects.select_related("recorded_by"))
                ),
            ),
        )
        .get(pk=pk)
    )


def action_with_visit(pk) -> QAAction:
    """One action with its visit, provider and visiting organisation, and the updates the acting
    membership may read (two queries: for a provider, only its own replies)."""
    return (
        QAAction.objects.select_related("visit__provider", "visit__visiting_organisation", "area")
        .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects.select_related("recorded_by")))
        .get(pk=pk)
    )


def visits_to(provider_id):
    """The QA visits to one provider that the acting membership may see, newest first, each with its
    visiting organisation (one query): the context `visits` of `providers/quality/_visits.html`."""
    return QAVisit.objects.filter(provider_id=provider_id).select_related("visiting_organisation")


def visits_read_in_full(provider_id, membership, *, limit: int = 20) -> list[QAVisit]:
    """The newest visits to one provider that the viewer may read in full (one query): its own, and for
    an LA or trust those of its schools. A school's view of its LA's visits stays the latest summary."""
    visits = QAVisit.objects.visible_to(membership).filter(visit_detail_rule(membership))
    return list(visits.filter(provider_id=provider_id).select_related("visiting_organisation")[:limit])


def framework():
    """The QA areas new visits are judged against: the standard areas and the viewer's LA's own, in use."""
    return list(QAArea.objects.in_use())


def framework_for_settings():
    """Every area an LA officer sees on its settings page, retired ones included (marked)."""
    return list(QAArea.objects.all())


def open_actions(provider_id, *, membership):
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


def actions_for_provider(membership):
    """For a provider's home page: the open actions it must do, across every visit (one query)."""
    return (
        QAAction.objects.visible_to(membership)
        .open()
        .filter(visit__provider_id=membership.organisation_id, owned_by_provider=True)
        .select_related("visit__visiting_organisation")
        .order_by("due_on", "pk")
    )


def latest_by_visitor(provider_id, *, membership) -> dict[str, QAVisit]:
    """For a school: the latest visit that counts by its LA ("la") and by itself ("own"), so that its own
    visit never hides its LA's summary (one query). Empty for anyone else."""
    if not rules.is_school(membership):
        return {}
    organisation = membership.organisation
    keys = {organisation.local_authority_id: "la", organisation.pk: "own"}
    visits = (
        QAVisit.objects.visible_to(membership)
        .counting()
        .filter(provider_id=provider_id, visiting_organisation_id__in=list(keys))
        .select_related("visiting_organisation")
        .order_by("visiting_organisation_id", "-visited_on", "-pk")
        .distinct("visiting_organisation_id")
    )
    # Only those two visitors are read, and `.get` keeps a stray visitor from ever raising.
    return {key: visit for visit in visits if (key := keys.get(visit.visiting_organisation_id))}
