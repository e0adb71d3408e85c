"""A visit holds any number of actions, each the provider's to do or the visitor's own, and an action can
be added to a visit afterwards. The visit form says truthfully who reads what is written on it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from providers.forms.quality import MAX_ACTION_ROWS
from providers.models import Judgement, QAAction, QAVisit
from providers.services import quality as services
from tests.dates import date_input
from tests.providers.factories import QAAreaFactory, QAVisitFactory, standard_areas
from tests.providers.pages import signed_in

TODAY = timezone.localdate()
VISITED = TODAY - datetime.timedelta(days=3)


def actions_of(visit) -> list[QAAction]:
    with unscoped("test"):
        return list(QAAction.objects.filter(visit=visit).order_by("pk"))


def an_action(number: int, **extra) -> dict:
    return {
        "description": f"Action number {number}",
        "owner": "Provider manager",
        "due_on": TODAY + datetime.timedelta(days=number),
        **extra,
    }


def record(world, role, actions):
    membership = world.members[role]
    with acting_as(membership):
        return services.record_visit(
            provider=world.provider,
            by=membership,
            visited_on=VISITED,
            kind="announced",
            summary="Fine.",
            judgements=[
                {"area": a.pk, "judgement": Judgement.MEETS} for a in standard_areas(in_use_only=True)
            ],
            actions=actions,
        )


# --- Any number of actions -------------------------------------------------------------------------------


def test_a_visit_holds_more_than_three_actions(world):
    visit = record(world, "la_officer", [an_action(n) for n in range(1, 8)])

    assert [a.description for a in actions_of(visit)] == [f"Action number {n}" for n in range(1, 8)]


def test_an_action_is_the_providers_unless_it_says_it_is_the_visitors_own(world):
    visit = record(world, "la_officer", [an_action(1), an_action(2, owned_by_provider=False)])

    assert [a.owned_by_provider for a in actions_of(visit)] == [True, False]


def test_an_action_due_before_the_visit_is_refused_and_nothing_is_saved(world):
    message = "The due date of action 1 must be the same as or after the date of the visit"
    with pytest.raises(ValidationError, match=message):
        record(world, "la_officer", [an_action(1, due_on=VISITED - datetime.timedelta(days=1))])
    with unscoped("test"):
        assert not QAVisit.objects.exists()


def visit_post(areas, **extra) -> dict:
    data = {**date_input("visited_on", VISITED), "kind": "announced", "summary": "Calm."}
    for area in areas:
        data[f"area_{area.pk}_judgement"] = Judgement.MEETS
    return {**data, **extra}


def action_post(number: int, owned_by="provider") -> dict:
    prefix = f"action_{number}_"
    return {
        prefix + "description": f"Action number {number}",
        prefix + "owner": "Provider manager",
        prefix + "owned_by": owned_by,
        **date_input(prefix + "due_on", TODAY + datetime.timedelta(days=number)),
        prefix + "area": "",
    }


def test_the_form_starts_with_one_action_and_adds_one_each_time_it_is_asked(world):
    client = signed_in(world, "la_officer")
    url = reverse("visit_create", args=[world.provider.pk])

    first = client.get(url)
    more = client.post(url, visit_post(standard_areas(), **action_post(1), action_rows="1", add_action=""))

    assert first.context["form"].rows == 1
    assert more.status_code == 200
    assert more.context["form"].rows == 2
    text = more.content.decode()
    assert "There is a problem" not in text  # nothing was checked yet
    assert "Action number 1" in text  # what was typed comes back
    assert 'name="action_2_description"' in text
    assert 'name="add_action"' in text
    assert 'name="action_rows" value="2"' in text
    with unscoped("test"):
        assert not QAVisit.objects.exists()


def test_the_form_saves_every_action_given_and_ignores_empty_rows(world):
    client = signed_in(world, "ap_lead")
    data = visit_post(standard_areas(), action_rows="6")
    for number in (1, 2, 3, 4, 6):
        data |= action_post(number, owned_by="visitor" if number == 6 else "provider")
    data |= {"action_5_owned_by": "provider", **date_input("action_5_due_on", "")}  # left empty

    response = client.post(reverse("visit_create", args=[world.provider.pk]), data)

    assert response.status_code == 302
    with unscoped("test"):
        visit = QAVisit.objects.get()
    saved = [(a.description, a.owned_by_provider) for a in actions_of(visit)]
    assert saved == [(f"Action number {n}", n != 6) for n in (1, 2, 3, 4, 6)]


def test_the_form_stops_adding_rows_at_its_limit_and_says_so(world):
    client = signed_in(world, "la_officer")
    url = reverse("visit_create", args=[world.provider.pk])

    response = client.post(url, {"action_rows": str(MAX_ACTION_ROWS), "add_action": ""})

    assert response.context["form"].rows == MAX_ACTION_ROWS
    text = response.content.decode()
    assert 'name="add_action"' not in text
    assert f"You can add up to {MAX_ACTION_ROWS} actions while recording a visit" in text
    assert "add the others from its page" in text


def test_actions_past_the_limit_are_refused_on_the_page_never_dropped_unseen(world):
    client = signed_in(world, "la_officer")
    late = MAX_ACTION_ROWS + 1
    data = visit_post(standard_areas(in_use_only=True), action_rows=str(MAX_ACTION_ROWS))
    for number in (*range(1, MAX_ACTION_ROWS + 1), late):
        data |= action_post(number)

    response = client.post(reverse("visit_create", args=[world.provider.pk]), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [f"action_{late}_description"]
    assert f"remove action {late} for now" in errors[f"action_{late}_description"][0]
    text = response.content.decode()
    assert f"Action number {late}" in text  # what was typed is still on the page
    with unscoped("test"):
        assert not QAVisit.objects.exists()


def test_empty_rows_past_the_limit_are_no_trouble_and_a_forged_row_count_is_capped(world):
    client = signed_in(world, "la_officer")
    data = visit_post(standard_areas(in_use_only=True), **action_post(1), action_rows="100000")
    data |= {f"action_{MAX_ACTION_ROWS + 5}_description": "", f"action_{MAX_ACTION_ROWS + 5}_owner": ""}

    response = client.post(reverse("visit_create", args=[world.provider.pk]), data)

    assert response.status_code == 302
    with unscoped("test"):
        assert [a.description for a in actions_of(QAVisit.objects.get())] == ["Action number 1"]
    asked = client.post(reverse("visit_create", args=[world.provider.pk]), {"action_rows": "100000"})
    assert asked.context["form"].rows == MAX_ACTION_ROWS


@pytest.mark.parametrize(
    ("role", "says", "never"),
    [
        ("la_officer", "your schools read it as the summary", "Other schools do not"),
        ("ap_lead", "Other schools do not", "Schools in your area read this"),
    ],
)
def test_the_visit_form_says_who_really_reads_the_summary(world, role, says, never):
    text = signed_in(world, role).get(reverse("visit_create", args=[world.provider.pk])).content.decode()

    assert says in text
    assert never not in text
    assert "Schools in your area read this" not in text


# --- Adding an action afterwards ---------------------------------------------------------------------------


@pytest.fixture
def las_visit(world):
    return QAVisitFactory(provider=world.provider, visiting_organisation=world.la, visited_on=VISITED)


def add(world, role, visit, **fields):
    membership = world.members[role]
    with acting_as(membership):
        return services.add_action(visit=visit, by=membership, **{**an_action(1), **fields})


def test_an_officer_adds_an_action_to_a_visit_already_recorded(world, las_visit):
    area = standard_areas()[0]

    action = add(world, "la_officer", las_visit, area=area.pk, owned_by_provider=False)

    assert (action.visit, action.area, action.owned_by_provider) == (las_visit, area, False)


@pytest.mark.parametrize("role", ["la_viewer", "ap_lead", "provider_manager", "other_la_officer"])
def test_only_the_visiting_organisations_officers_add_actions(world, las_visit, role):
    with pytest.raises(PermissionDenied):
        add(world, role, las_visit)


def test_no_action_is_added_to_a_visit_entered_in_error(world, las_visit):
    with unscoped("test"):
        QAVisit.objects.filter(pk=las_visit.pk).update(
            entered_in_error_at=timezone.now(),
            entered_in_error_by=world.user("la_officer"),
            entered_in_error_reason="Wrong provider.",
        )
        las_visit.refresh_from_db()

    with pytest.raises(PermissionDenied):
        add(world, "la_officer", las_visit)


def test_an_added_action_is_due_on_or_after_the_visit_and_from_the_framework(world, las_visit):
    theirs = QAAreaFactory(local_authority=world.other_la)

    with pytest.raises(ValidationError, match="same as or after the date of the visit"):
        add(world, "la_officer", las_visit, due_on=VISITED - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="Choose an area from your QA framework"):
        add(world, "la_officer", las_visit, area=theirs.pk)
    assert actions_of(las_visit) == []


def test_adding_an_action_through_the_page(world, las_visit):
    client = signed_in(world, "la_officer")
    url = reverse("action_create", args=[las_visit.pk])
    detail = client.get(reverse("visit_detail", args=[las_visit.pk])).content.decode()
    data = {
        "description": "Send the attendance policy.",
        "owner": "Provider manager",
        "owned_by": "provider",
        **date_input("due_on", TODAY + datetime.timedelta(days=7)),
        "area": "",
    }

    early = client.post(url, {**data, **date_input("due_on", VISITED - datetime.timedelta(days=1))})
    response = client.post(url, data)

    assert url in detail
    assert "The due date must be the same as or after the date of the visit" in early.content.decode()
    assert response["Location"] == reverse("visit_detail", args=[las_visit.pk])
    [action] = actions_of(las_visit)
    assert (action.description, action.owned_by_provider) == ("Send the attendance policy.", True)


def test_the_add_action_page_needs_each_answer(world, las_visit):
    response = signed_in(world, "la_officer").post(reverse("action_create", args=[las_visit.pk]), {})
    text = response.content.decode()

    for message in ("Enter what needs to change", "Enter who will do it", "Select whose action it is"):
        assert message in text
    assert "Enter the due date" in text
    assert actions_of(las_visit) == []
