"""A read or a check that takes a membership answers for that membership, whatever scope is active
(STYLE.md, "Whose view a query is"). A Celery task or a command works inside `unscoped(reason)`: a
selector called there for one membership must see exactly what it sees in that membership's own
request, and a service must refuse another LA's ids as it does in a request."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from apcommission.vocabulary.services import add_entry
from providers import selectors
from providers.models import ApprovalStatus, QAArea
from providers.selectors import approval as selectors_approval
from providers.selectors import quality as selectors_quality
from providers.selectors.directory import DirectoryFilters, directory_page, provider_page, unapproved_use
from providers.selectors.evidence import evidence_not_in_order, new_type_reach
from providers.services import quality as services_quality
from tests import factories
from tests.providers.factories import (
    ApprovalCategoryFactory,
    ApprovedListEntryFactory,
    EvidenceFactory,
    EvidenceValidityFactory,
    LAEvidenceTypeFactory,
    ProfileVerificationFactory,
    ProviderProfileFactory,
    QAActionFactory,
    QAAreaFactory,
    QAVisitFactory,
    StatusChangeFactory,
    standard_areas,
    standard_evidence_type,
)

S = ApprovalStatus
TODAY = timezone.localdate()
ROLES = ("la_officer", "ap_lead", "trust_leader", "provider_manager", "other_la_officer")


@pytest.fixture
def busy(world):
    """Both LAs have lists, checks, types, validity periods, categories, areas and visits for the same
    provider, and each school of Demoshire has visited it, so that every read has something to leave
    out for somebody."""
    factories.SchoolFactory(name="Otherton Trust School", local_authority=world.other_la, trust=world.trust)
    ProviderProfileFactory(
        provider=factories.ProviderFactory(local_authority=world.la), added_by=world.school
    )
    world.entries = []
    for la, status in ((world.la, S.APPROVED), (world.other_la, S.SUSPENDED)):
        entry = ApprovedListEntryFactory(local_authority=la, provider=world.provider, status=status)
        StatusChangeFactory(entry=entry)
        world.entries.append(entry)
        LAEvidenceTypeFactory(local_authority=la)
        EvidenceValidityFactory(local_authority=la, evidence_type=standard_evidence_type("Insurance"))
        EvidenceFactory(
            checked_for=la, provider=world.provider, evidence_type=standard_evidence_type("Insurance")
        )
        ApprovalCategoryFactory(local_authority=la)
        QAAreaFactory(local_authority=la)
        ProfileVerificationFactory(local_authority=la, provider=world.provider)
    for visitor, days in (
        (world.la, 40),
        (world.other_la, 30),
        (world.school, 20),
        (world.sibling_school, 10),
    ):
        visit = QAVisitFactory(
            provider=world.provider,
            visiting_organisation=visitor,
            visited_on=TODAY - datetime.timedelta(days),
        )
        QAActionFactory(visit=visit)
        QAActionFactory(visit=visit, owned_by_provider=False)
    return world


def reads(world, membership) -> dict:
    """Every read of the providers app that takes a membership, as plain values to compare."""
    pk = world.provider.pk
    types = selectors.required_evidence_types(membership=membership)
    page = provider_page(pk, membership=membership)
    return {
        "required_evidence_types": types,
        "validity_periods": selectors.validity_periods(types, membership=membership),
        "evidence_summaries": selectors.evidence_summaries([pk], membership=membership),
        "approval_entries": selectors.approval_entries([pk], membership=membership),
        "list_statuses": selectors.list_statuses([pk], membership=membership),
        "latest_visits": selectors.latest_visits([pk], membership=membership),
        "providers": list(selectors.providers(membership=membership)),
        "provider_with_profile": list(selectors.provider_with_profile(pk, membership=membership).sites.all()),
        "open_actions": list(selectors_quality.open_actions(pk, membership=membership)),
        "actions_for_provider": list(selectors_quality.actions_for_provider(membership=membership)),
        "latest_by_visitor": selectors_quality.latest_by_visitor(pk, membership=membership),
        "visits_read_in_full": selectors_quality.visits_read_in_full(pk, membership=membership),
        "evidence_not_in_order": evidence_not_in_order(world.provider, membership=membership),
        "new_type_reach": new_type_reach(membership=membership),
        "approved_list": list(selectors_approval.approved_list(membership=membership)),
        "categories_for": list(selectors_approval.categories_for(membership=membership)),
        "unapproved_in_use": list(selectors_approval.unapproved_in_use(membership=membership)),
        "status_history": [
            list(selectors_approval.status_history(e, membership=membership)) for e in world.entries
        ],
        "unapproved_use": [(u.provider, u.entry, u.schools) for u in unapproved_use(membership=membership)]
        if membership.organisation.kind == "local_authority"
        else [],
        "directory_page": [
            (row.provider, row.evidence, row.entry, row.latest_visit, row.statuses)
            for row in directory_page(DirectoryFilters(), 1, membership=membership).object_list
        ],
        "provider_page": (
            page.evidence,
            page.entry,
            page.status_changes,
            page.latest_visit,
            page.visits,
            page.verification,
            page.statuses,
            page.open_actions,
            page.by_visitor,
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_read_answers_for_its_membership_inside_a_task_as_in_its_request(busy, role):
    membership = busy.members[role]
    with acting_as(membership):
        in_request = reads(busy, membership)

    with unscoped("a task acting for one membership"):
        in_task = reads(busy, membership)

    assert [name for name, value in in_request.items() if in_task[name] != value] == []


def test_a_schools_latest_visits_ignore_any_other_visitor_inside_a_task(busy):
    membership = busy.members["ap_lead"]

    with unscoped("a task acting for a school"):
        by_visitor = selectors_quality.latest_by_visitor(busy.provider.pk, membership=membership)

    assert [la.visit.visiting_organisation for la in by_visitor.las] == [busy.la]
    assert by_visitor.own.visiting_organisation == busy.school


def test_a_trusts_latest_visits_are_its_schools_las_and_its_schools_inside_a_task(busy):
    """Otherton's visit counts: the trust has a school there (the fixture adds one)."""
    membership = busy.members["trust_leader"]

    with unscoped("a task acting for a trust"):
        by_visitor = selectors_quality.latest_by_visitor(busy.provider.pk, membership=membership)

    assert [la.visit.visiting_organisation for la in by_visitor.las] == [busy.la, busy.other_la]
    assert by_visitor.own.visiting_organisation == busy.school


# --- Services check ids through the acting membership's view, not the scope ------------------------------


def othertons_area(world):
    return QAAreaFactory(local_authority=world.other_la, name="Otherton's transport")


def test_a_visit_for_another_las_area_is_refused_inside_a_task(world):
    membership = world.members["la_officer"]
    judgements = [{"area": area.pk, "judgement": "meets"} for area in standard_areas(in_use_only=True)]
    judgements.append({"area": othertons_area(world).pk, "judgement": "meets"})

    with pytest.raises(ValidationError, match="not in your QA framework"), unscoped("a task"):
        services_quality.record_visit(
            provider=world.provider,
            by=membership,
            visited_on=TODAY,
            kind="announced",
            summary="Seen.",
            judgements=judgements,
        )


def test_an_action_for_another_las_area_is_refused_inside_a_task(world):
    membership = world.members["la_officer"]
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=world.la)

    with pytest.raises(ValidationError, match="Choose an area from your QA framework"), unscoped("a task"):
        services_quality.add_action(
            visit=visit,
            by=membership,
            description="Check the minibus.",
            owner="Manager",
            due_on=TODAY,
            area=othertons_area(world),
        )


def test_an_area_named_like_another_las_is_added_inside_a_task(world):
    membership = world.members["la_officer"]
    othertons_area(world)

    with unscoped("a task"):
        area = add_entry(QAArea, by=membership, name="Otherton's transport")

    assert area.local_authority_id == world.la.pk
