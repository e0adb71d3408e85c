"""QA visits: who records them, who reads them in full, who reads only the summary, and who sees nothing;
actions followed up until closed; the areas an LA adds to its framework."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from providers import selectors
from providers.forms.quality import VisitForm
from providers.models import ActionUpdate, AreaJudgement, Judgement, QAAction, QAArea, QAVisit
from providers.services import quality as services
from tests.dates import date_input
from tests.providers.factories import (
    ActionUpdateFactory,
    AreaJudgementFactory,
    QAActionFactory,
    QAAreaFactory,
    QAVisitFactory,
    standard_areas,
)

TODAY = timezone.localdate()


def all_judged(areas, judgement=Judgement.MEETS, findings="Fine.") -> list[dict]:
    return [{"area": area.pk, "judgement": judgement, "findings": findings} for area in areas]


def count(model, **filters) -> int:
    with unscoped("test"):
        return model.objects.filter(**filters).count()


def record(world, role, *, areas=None, actions=(), **fields):
    membership = world.members[role]
    with acting_as(membership):
        return services.record_visit(
            provider=fields.pop("provider", world.provider),
            by=membership,
            visited_on=fields.pop("visited_on", TODAY - datetime.timedelta(days=3)),
            kind=fields.pop("kind", "announced"),
            summary=fields.pop("summary", "Well run."),
            judgements=all_judged(standard_areas() if areas is None else areas),
            actions=actions,
        )


def visit_by(organisation, provider, **fields) -> QAVisit:
    """A visit with a judgement whose findings are easy to spot, and one action with one update."""
    visit = QAVisitFactory(
        provider=provider,
        visiting_organisation=organisation,
        summary=fields.pop("summary", f"Summary by {organisation.name}"),
        **fields,
    )
    AreaJudgementFactory(visit=visit, findings=f"Findings by {organisation.name}")
    ActionUpdateFactory(action=QAActionFactory(visit=visit))
    return visit


def visit_post(areas, **extra) -> dict:
    data = {
        **date_input("visited_on", (TODAY - datetime.timedelta(days=1)).isoformat()),
        "kind": "unannounced",
        "summary": "Calm sessions.",
    }
    for area in areas:
        data[f"area_{area.pk}_judgement"] = Judgement.PARTLY
        data[f"area_{area.pk}_findings"] = f"Looked at {area.name}."
    for name in [name for name in extra if name.endswith("_on")]:
        data |= date_input(name, extra.pop(name))
    return {**data, **extra}


# --- Recording a visit --------------------------------------------------------------------------------
def test_an_la_officer_records_a_visit_with_a_judgement_per_area_and_its_actions(world):
    area = standard_areas()[0]
    due = TODAY + datetime.timedelta(days=14)

    visit = record(
        world,
        "la_officer",
        actions=[{"description": "Fix the gate", "owner": "Manager", "due_on": due, "area": area.pk}],
    )

    assert (visit.visiting_organisation, visit.visited_by) == (world.la, world.user("la_officer"))
    assert count(AreaJudgement, visit=visit) == 4
    with unscoped("test"):
        [action] = QAAction.objects.filter(visit=visit)
    assert (action.description, action.owner, action.due_on, action.area) == (
        "Fix the gate",
        "Manager",
        due,
        area,
    )


def test_a_visit_dated_in_the_future_is_refused(world):
    with pytest.raises(ValidationError, match="today or in the past"):
        record(world, "la_officer", visited_on=TODAY + datetime.timedelta(days=1))
    assert count(QAVisit) == 0


def test_every_area_of_the_framework_needs_a_judgement(world):
    own = QAAreaFactory(local_authority=world.la, name="Transport")

    with pytest.raises(ValidationError, match="Choose a judgement for Transport"):
        record(world, "la_officer")  # the standard four only
    assert count(QAVisit) == 0
    visit = record(world, "la_officer", areas=[*standard_areas(), own])
    assert count(AreaJudgement, visit=visit) == 5


def test_another_las_area_is_refused_and_nothing_is_saved(world):
    theirs = QAAreaFactory(local_authority=world.other_la, name="Otherton's own")

    with pytest.raises(ValidationError, match="not in your QA framework"):
        record(world, "la_officer", areas=[*standard_areas(), theirs])
    with pytest.raises(ValidationError, match="not in your QA framework"):
        record(
            world,
            "la_officer",
            actions=[{"description": "x", "owner": "y", "due_on": TODAY, "area": theirs.pk}],
        )
    assert count(QAVisit) == count(AreaJudgement) == count(QAAction) == 0


def test_a_school_records_against_its_las_framework_and_not_another_las(world):
    ours = QAAreaFactory(local_authority=world.la, name="Demoshire transport")
    theirs = QAAreaFactory(local_authority=world.other_la, name="Otherton transport")

    visit = record(world, "ap_lead", areas=[*standard_areas(), ours])

    assert visit.visiting_organisation == world.school
    with pytest.raises(ValidationError):
        record(world, "ap_lead", areas=[*standard_areas(), ours, theirs])


def test_a_failure_part_way_through_saves_nothing(world):
    too_long_owner = "x" * 201  # the database refuses it after the visit and judgements were written

    with pytest.raises(DataError):
        record(world, "la_officer", actions=[{"description": "d", "owner": too_long_owner, "due_on": TODAY}])

    assert count(QAVisit) == count(AreaJudgement) == count(QAAction) == 0


@pytest.mark.parametrize("role", ["la_viewer", "school_leader", "dsl", "trust_leader", "provider_manager"])
def test_only_la_officers_and_ap_leads_record_visits(world, role):
    with pytest.raises(PermissionDenied):
        record(world, role)


def test_the_visit_form_records_a_visit_and_ignores_empty_action_rows(world, client):
    client.force_login(world.user("la_officer"))
    data = visit_post(
        standard_areas(),
        action_2_description="Update the risk assessment",
        action_2_owner="Provider manager",
        action_2_due_on=(TODAY + datetime.timedelta(days=30)).isoformat(),
    )

    response = client.post(reverse("visit_create", args=[world.provider.pk]), data)

    with unscoped("test"):
        visit = QAVisit.objects.get()
        actions = list(visit.actions.all())
    assert response.status_code == 302
    assert response["Location"] == reverse("visit_detail", args=[visit.pk])
    assert (visit.kind, visit.summary, visit.visiting_organisation) == (
        "unannounced",
        "Calm sessions.",
        world.la,
    )
    assert [a.description for a in actions] == ["Update the risk assessment"]


def test_a_partly_filled_action_row_is_an_error_and_nothing_is_saved(world, client):
    client.force_login(world.user("ap_lead"))

    response = client.post(
        reverse("visit_create", args=[world.provider.pk]),
        visit_post(standard_areas(), action_1_description="Fix the gate"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter who will do it for action 1" in page
    assert "Enter the due date of action 1" in page
    assert count(QAVisit) == 0


def test_the_visit_form_refuses_a_future_date_and_a_missing_judgement(world, client):
    client.force_login(world.user("la_officer"))
    areas = standard_areas()
    data = visit_post(areas, visited_on=(TODAY + datetime.timedelta(days=2)).isoformat())
    del data[f"area_{areas[0].pk}_judgement"]

    response = client.post(reverse("visit_create", args=[world.provider.pk]), data)

    page = response.content.decode()
    assert "The date of the visit must be today or in the past" in page
    assert f"Choose a judgement for {areas[0].name}" in page
    assert count(QAVisit) == 0


def test_an_action_for_another_las_area_is_refused_by_the_form(world, client):
    theirs = QAAreaFactory(local_authority=world.other_la)
    client.force_login(world.user("la_officer"))
    data = visit_post(
        standard_areas(),
        action_1_description="d",
        action_1_owner="o",
        action_1_due_on=TODAY.isoformat(),
        action_1_area=theirs.pk,
        **{f"area_{theirs.pk}_judgement": Judgement.MEETS},
    )

    response = client.post(reverse("visit_create", args=[world.provider.pk]), data)

    assert response.status_code == 200
    assert "Choose an area from the list" in response.content.decode()
    assert count(QAVisit) == 0


def test_the_visit_form_asks_about_the_las_own_areas_but_not_retired_or_other_las_areas(world, client):
    ours = QAAreaFactory(local_authority=world.la, name="Demoshire transport")
    QAAreaFactory(local_authority=world.la, name="Old area", retired_at=timezone.now())
    QAAreaFactory(local_authority=world.other_la, name="Otherton transport")
    client.force_login(world.user("ap_lead"))

    response = client.get(reverse("visit_create", args=[world.provider.pk]))

    legends = [area.name for area in response.context["form"].areas]
    assert legends == [area.name for area in standard_areas()] + [ours.name]


def test_a_school_cannot_record_a_visit_to_an_organisation_that_is_not_a_provider(world, client):
    client.force_login(world.user("ap_lead"))
    assert client.get(reverse("visit_create", args=[world.sibling_school.pk])).status_code == 404


# --- Who sees what ---------------------------------------------------------------------------------------
def visible_visits(membership) -> set[int]:
    with acting_as(membership):
        return set(QAVisit.objects.values_list("pk", flat=True))


def latest_summary(world, role) -> str:
    """The provider page's latest-visit summary for `role`, as the directory renders it."""
    membership = world.members[role]
    with acting_as(membership):
        latest = selectors.latest_visits([world.provider.pk], membership=membership).get(world.provider.pk)
        return render_to_string(
            "providers/quality/_latest_visit.html",
            {"provider": world.provider, "latest_visit": latest, "membership": membership},
        )


def test_a_school_never_sees_another_schools_visit(world, client):
    theirs = visit_by(world.sibling_school, world.provider)
    client.force_login(world.user("ap_lead"))

    assert theirs.pk not in visible_visits(world.members["ap_lead"])
    assert client.get(reverse("visit_detail", args=[theirs.pk])).status_code == 404
    assert "No QA visit recorded yet" in latest_summary(world, "ap_lead")
    with acting_as(world.members["ap_lead"]):
        assert not QAAction.objects.exists()
        assert not ActionUpdate.objects.exists()


def test_the_provider_page_shows_a_school_its_own_or_its_las_latest_visit_never_another_schools(world):
    visit_by(world.la, world.provider, visited_on=TODAY - datetime.timedelta(days=20))
    visit_by(world.sibling_school, world.provider, visited_on=TODAY - datetime.timedelta(days=1))
    assert "Summary by Demoshire Council" in latest_summary(world, "school_leader")

    visit_by(world.school, world.provider, visited_on=TODAY - datetime.timedelta(days=5))
    page = latest_summary(world, "school_leader")
    assert "Summary by Demoshire Academy" in page
    assert "Hillside" not in page


def test_a_school_reads_its_las_latest_visit_summary_but_never_the_findings(world, client):
    visit = visit_by(world.la, world.provider)
    las_own_todo = QAActionFactory(visit=visit, owned_by_provider=False)
    client.force_login(world.user("ap_lead"))

    page = latest_summary(world, "ap_lead")

    assert "Summary by Demoshire Council" in page
    assert "Findings by" not in page
    assert reverse("visit_detail", args=[visit.pk]) not in page
    assert client.get(reverse("visit_detail", args=[visit.pk])).status_code == 403
    with acting_as(world.members["ap_lead"]):
        assert not AreaJudgement.objects.exists()
        assert not ActionUpdate.objects.exists()  # the LA's follow-up notes are its own
        # The actions the LA left the provider are the school's to know of (it places pupils there);
        # the LA's own to-dos are not.
        assert las_own_todo.pk not in set(QAAction.objects.values_list("pk", flat=True))
        assert set(QAAction.objects.values_list("owned_by_provider", flat=True)) == {True}


def test_the_provider_page_shows_a_school_the_las_summary_and_never_another_schools(world, client):
    las = visit_by(world.la, world.provider, visited_on=TODAY - datetime.timedelta(days=9))
    visit_by(world.sibling_school, world.provider, visited_on=TODAY - datetime.timedelta(days=1))
    client.force_login(world.user("dsl"))

    page = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert "Summary by Demoshire Council" in page
    assert "Findings by" not in page
    assert "Hillside" not in page
    assert reverse("visit_detail", args=[las.pk]) not in page


def test_the_visiting_organisation_gets_a_link_to_the_visit_in_full(world):
    visit = visit_by(world.school, world.provider)

    assert reverse("visit_detail", args=[visit.pk]) in latest_summary(world, "school_staff")
    assert reverse("visit_detail", args=[visit.pk]) in latest_summary(world, "la_viewer")


def test_another_la_sees_none_of_this_las_visits(world, client):
    ours = [visit_by(world.la, world.provider), visit_by(world.school, world.other_provider)]
    client.force_login(world.user("other_la_officer"))

    assert visible_visits(world.members["other_la_officer"]) == set()
    for visit in ours:
        assert client.get(reverse("visit_detail", args=[visit.pk])).status_code == 404
    with acting_as(world.members["other_la_officer"]):
        assert latest_summary(world, "other_la_officer").strip().endswith("No QA visit recorded yet.</p>")


def test_a_trust_reads_its_schools_visits_in_full_and_its_schools_las_in_summary(world, client):
    ours = visit_by(world.school, world.provider)
    sibling = visit_by(world.sibling_school, world.provider)
    las = visit_by(world.la, world.provider)
    client.force_login(world.user("trust_leader"))

    response = client.get(reverse("visit_detail", args=[ours.pk]))

    assert response.status_code == 200
    assert "Findings by Demoshire Academy" in response.content.decode()
    assert client.get(reverse("visit_detail", args=[sibling.pk])).status_code == 404
    assert client.get(reverse("visit_detail", args=[las.pk])).status_code == 403  # the summary only


def test_the_la_reads_its_schools_visits_in_full(world, client):
    visit = visit_by(world.sibling_school, world.provider)
    client.force_login(world.user("la_viewer"))

    response = client.get(reverse("visit_detail", args=[visit.pk]))

    assert response.status_code == 200
    assert "Findings by Hillside Primary" in response.content.decode()


def test_visit_detail_shows_judgements_actions_and_their_status(world, client):
    visit = visit_by(world.la, world.provider)
    QAActionFactory(visit=visit, description="Late one", due_on=TODAY - datetime.timedelta(days=1))
    QAActionFactory(visit=visit, description="Done one", closed_at=timezone.now())
    client.force_login(world.user("la_officer"))

    page = client.get(reverse("visit_detail", args=[visit.pk])).content.decode()

    assert "Findings by Demoshire Council" in page
    assert "Meets the standard" in page
    assert "Overdue" in page
    assert "Open" in page
    assert f"Closed on {TODAY:%-d %B %Y}" in page
    assert "Chased by email." in page
    with unscoped("test"):
        open_action = QAAction.objects.filter(visit=visit, closed_at=None).first()
    assert reverse("action_update", args=[open_action.pk]) in page


@pytest.mark.parametrize("actions", [5, 50])
def test_visit_detail_uses_a_fixed_number_of_queries(world, client, django_assert_num_queries, actions):
    visit = visit_by(world.la, world.provider)
    for _ in range(actions):
        ActionUpdateFactory(action=QAActionFactory(visit=visit))
    client.force_login(world.user("la_officer"))
    client.get(reverse("visit_detail", args=[visit.pk]))  # the session and membership, warmed

    with django_assert_num_queries(QUERIES_FOR_VISIT_DETAIL):
        assert client.get(reverse("visit_detail", args=[visit.pk])).status_code == 200


# The visit, judgements, actions, updates (the session, the user, the MFA check and the memberships come
# from Redis). (The session's activity stamp is written at most every 30 seconds, and not on this
# request.)
QUERIES_FOR_VISIT_DETAIL = 4


def test_the_latest_visit_summary_costs_no_queries_of_its_own(world, django_assert_num_queries):
    visit_by(world.la, world.provider)
    membership = world.members["school_leader"]
    with acting_as(membership):
        latest = selectors.latest_visits([world.provider.pk], membership=membership)[world.provider.pk]
        with django_assert_num_queries(0):
            render_to_string(
                "providers/quality/_latest_visit.html",
                {"provider": world.provider, "latest_visit": latest, "membership": membership},
            )


def test_the_visits_list_shows_a_school_its_own_and_its_las_visits_linking_only_its_own(
    world, django_assert_num_queries
):
    own = visit_by(world.school, world.provider)
    las = visit_by(world.la, world.provider)
    visit_by(world.sibling_school, world.provider)
    membership = world.members["school_staff"]
    with acting_as(membership):
        visits = list(selectors.quality.visits_to(world.provider.pk, membership=membership))
        with django_assert_num_queries(0):
            page = render_to_string(
                "providers/quality/_visits.html", {"visits": visits, "membership": membership}
            )

    assert {visit.pk for visit in visits} == {own.pk, las.pk}
    assert reverse("visit_detail", args=[own.pk]) in page
    assert reverse("visit_detail", args=[las.pk]) not in page
    assert "Hillside" not in page


# --- Following up actions --------------------------------------------------------------------------------
def follow_up(world, role, action, note="Chased.", close=False):
    membership = world.members[role]
    with acting_as(membership):
        return services.follow_up_action(action=action, by=membership, note=note, close=close)


def test_an_action_is_followed_up_until_closed_and_then_takes_no_more(world):
    action = QAActionFactory(visit=QAVisitFactory(provider=world.provider, visiting_organisation=world.la))

    follow_up(world, "la_officer", action, "Chased by phone.")
    closing = follow_up(world, "la_officer", action, "Gate fixed and seen.", close=True)

    with unscoped("test"):
        action.refresh_from_db()
        notes = list(ActionUpdate.objects.filter(action=action).values_list("note", "closes"))
    assert notes == [("Chased by phone.", False), ("Gate fixed and seen.", True)]
    assert (action.closed_at, action.closed_by) == (closing.recorded_at, world.user("la_officer"))
    with pytest.raises(PermissionDenied):  # the rules: a closed action is not followed up
        follow_up(world, "la_officer", action, "One more.")
    action.closed_at = None  # as a page read before it was closed holds it
    with pytest.raises(ValidationError, match="cannot be followed up"):  # nor at the same time
        follow_up(world, "la_officer", action, "At the same time.")
    assert count(ActionUpdate, action=action) == 2


def test_only_the_visiting_organisations_officers_and_ap_leads_follow_up(world):
    action = QAActionFactory(
        visit=QAVisitFactory(provider=world.provider, visiting_organisation=world.school)
    )

    follow_up(world, "ap_lead", action)
    for role in ("la_officer", "school_leader", "trust_leader"):
        with pytest.raises(PermissionDenied):
            follow_up(world, role, action)


def test_closing_an_action_through_the_page_returns_to_the_visit(world, client):
    action = QAActionFactory(visit=QAVisitFactory(provider=world.provider, visiting_organisation=world.la))
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("action_update", args=[action.pk]), {"note": "Done.", "close": "on"})

    assert response["Location"] == reverse("visit_detail", args=[action.visit_id])
    with unscoped("test"):
        action.refresh_from_db()
    assert action.closed_at is not None


def test_a_closed_action_is_not_offered_and_its_page_refuses_a_note(world, client):
    action = QAActionFactory(
        visit=QAVisitFactory(provider=world.provider, visiting_organisation=world.la),
        closed_at=timezone.now(),
    )
    client.force_login(world.user("la_officer"))
    url = reverse("action_update", args=[action.pk])

    assert url not in client.get(reverse("visit_detail", args=[action.visit_id])).content.decode()
    assert (client.get(url).status_code, client.post(url, {"note": "Again."}).status_code) == (403, 403)
    assert count(ActionUpdate, action=action) == 0


def test_a_follow_up_needs_a_note(world, client):
    action = QAActionFactory(visit=QAVisitFactory(provider=world.provider, visiting_organisation=world.la))
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("action_update", args=[action.pk]), {"note": " ", "close": "on"})

    assert "Enter a note about what has happened" in response.content.decode()
    assert count(ActionUpdate) == 0


# --- The LA's QA framework -------------------------------------------------------------------------------
def test_an_la_officer_adds_an_area_that_new_visits_ask_about(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("qa_areas"), {"name": "Transport", "description": "Getting there safely"})

    assert response["Location"] == reverse("qa_areas")
    with unscoped("test"):
        area = QAArea.objects.get(name="Transport")
    assert area.local_authority == world.la
    with acting_as(world.members["ap_lead"]):
        assert area in VisitForm(areas=list(QAArea.objects.in_use())).areas
    with acting_as(world.members["other_la_officer"]):
        assert not QAArea.objects.filter(pk=area.pk).exists()


def test_an_area_name_already_in_the_framework_is_refused(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("qa_areas"), {"name": standard_areas()[0].name.upper()})

    assert "There is already an area with this name" in response.content.decode()


def test_a_retired_area_leaves_new_visits_but_stays_on_old_ones(world, client):
    area = QAAreaFactory(local_authority=world.la, name="Transport")
    old = record(world, "la_officer", areas=[*standard_areas(), area])
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("qa_areas"), {"retire": area.pk})

    assert response["Location"] == reverse("qa_areas")
    assert "Transport" not in [
        a.name for a in client.get(reverse("visit_create", args=[world.provider.pk])).context["form"].areas
    ]
    assert "Transport" in client.get(reverse("visit_detail", args=[old.pk])).content.decode()


def test_an_la_cannot_retire_a_standard_area_or_another_las(world, client):
    theirs = QAAreaFactory(local_authority=world.other_la)
    client.force_login(world.user("la_officer"))

    for area in (standard_areas()[0], theirs):
        assert client.post(reverse("qa_areas"), {"retire": area.pk}).status_code == 404
    assert count(QAArea, retired_at__isnull=False) == 0


def test_an_las_own_area_name_is_shown_as_text_on_its_schools_visit_form(world, client):
    """An LA names its areas; its schools' AP leads open the form: the name is text, never markup."""
    QAAreaFactory(local_authority=world.la, name='<img src=x onerror="alert(1)">Outdoor learning')
    client.force_login(world.user("ap_lead"))

    page = client.get(reverse("visit_create", args=[world.provider.pk])).content.decode()

    assert "&lt;img src=x" in page
    assert "<img src=x" not in page


def test_the_provider_page_lists_only_the_visits_the_viewer_may_read_in_full(world, client):
    today = timezone.localdate()
    la_old = QAVisitFactory(provider=world.provider, visiting_organisation=world.la, summary="LA, last year")
    QAVisitFactory(
        provider=world.provider, visiting_organisation=world.la, summary="LA, latest", visited_on=today
    )
    school_old = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.school,
        visited_on=today - datetime.timedelta(days=90),
    )
    QAVisitFactory(provider=world.provider, visiting_organisation=world.school, visited_on=today)
    sibling = QAVisitFactory(provider=world.provider, visiting_organisation=world.sibling_school)

    def listed(role):
        client.force_login(world.user(role))
        page = client.get(reverse("provider_detail", args=[world.provider.pk])).context["page"]
        return {visit.pk for visit in page.visits}

    school_visits = listed("ap_lead")
    assert school_old.pk in school_visits
    assert la_old.pk not in school_visits
    assert sibling.pk not in school_visits
    assert {la_old.pk, school_old.pk, sibling.pk} <= listed("la_officer")
    assert listed("other_la_officer") == set()
