"""A trust sees, as each of its schools does, the summary of the latest QA visit of its schools' LAs to a
provider and the open actions those visits left the provider, beside its own schools' visits; never the
findings, the LA's own actions or its follow-up notes, and nothing of an LA none of its schools is in."""

import datetime

from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from providers.selectors.directory import provider_page
from tests import factories
from tests.providers.factories import (
    ActionUpdateFactory,
    AreaJudgementFactory,
    QAActionFactory,
    QAVisitFactory,
)
from tests.providers.pages import directory_row, provider_page_text, queries_for, signed_in

TODAY = timezone.localdate()


def las_visit(world, la=None, *, days_ago=20, summary="LA: safe and calm; maths needs planning."):
    visit = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=la or world.la,
        summary=summary,
        visited_on=TODAY - datetime.timedelta(days=days_ago),
    )
    AreaJudgementFactory(visit=visit, findings="LA finding: the register was incomplete.")
    action = QAActionFactory(visit=visit, description="Plan maths from each pupil's baseline.")
    ActionUpdateFactory(action=action, note="LA note: chase weekly.")
    QAActionFactory(visit=visit, description="LA own: ring the head.", owned_by_provider=False)
    return visit


def test_a_trust_sees_its_schools_las_latest_visit_and_the_actions_it_left_the_provider(world):
    visit = las_visit(world)

    text = provider_page_text(world, "trust_leader")

    assert "No QA visit recorded yet" not in text
    assert "Latest QA visit by Demoshire Council" in text
    assert "LA: safe and calm; maths needs planning." in text
    assert "Plan maths from each pupil&#x27;s baseline." in text
    assert "ring the head" not in text
    assert "LA finding" not in text
    assert "chase weekly" not in text
    assert reverse("visit_detail", args=[visit.pk]) not in text  # the summary only, as a school


def test_a_trust_sees_what_its_school_sees_of_the_las_visit(world):
    las_visit(world)
    trust, school = world.members["trust_leader"], world.members["school_staff"]

    with acting_as(trust):
        as_trust = provider_page(world.provider.pk, membership=trust)
    with acting_as(school):
        as_school = provider_page(world.provider.pk, membership=school)

    assert as_trust.la_visit == as_school.la_visit
    assert as_trust.open_actions == as_school.open_actions


def test_a_trust_in_two_las_sees_each_las_latest_and_its_schools_own(world):
    factories.SchoolFactory(local_authority=world.other_la, trust=world.trust)
    las_visit(world, days_ago=60, summary="Demoshire's older visit.")
    latest = las_visit(world, days_ago=10, summary="Demoshire's latest visit.")
    othertons = las_visit(world, world.other_la, summary="Otherton's visit.")
    own = QAVisitFactory(provider=world.provider, visiting_organisation=world.school, summary="Our visit.")
    membership = world.members["trust_leader"]

    with acting_as(membership):
        page = provider_page(world.provider.pk, membership=membership)
    text = provider_page_text(world, "trust_leader")

    assert [(la.local_authority_name, la.visit) for la in page.by_visitor.las] == [
        ("Demoshire Council", latest),
        ("Otherton Council", othertons),
    ]
    assert page.own_visit == own
    assert "Demoshire&#x27;s older visit." not in text
    assert "Your schools' latest QA visit" in text


def test_a_trust_sees_nothing_of_an_la_none_of_its_schools_is_in(world):
    las_visit(world, world.other_la, summary="Otherton's visit.")

    text = provider_page_text(world, "trust_leader")

    assert "Otherton" not in text
    assert "No QA visit recorded yet" in text


def test_the_trusts_directory_row_shows_the_las_latest_visit(world):
    las_visit(world)

    row = directory_row(signed_in(world, "trust_leader"), world.provider)

    assert row.latest_visit.visiting_organisation == world.la


def test_the_trusts_provider_page_costs_the_same_queries_for_1_and_for_5_las_visits(world):
    client = signed_in(world, "trust_leader")
    url = reverse("provider_detail", args=[world.provider.pk])

    def add(count):
        for _ in range(count):
            la = factories.LocalAuthorityFactory()
            factories.SchoolFactory(local_authority=la, trust=world.trust)
            las_visit(world, la)

    add(1)
    with_1 = queries_for(client, url)
    add(4)

    assert queries_for(client, url) == with_1
