""" "Add another action" brings the visit form back at the row it added, its first box focused, not at the
top of the page; saving still posts to the page itself. An action due before its visit is refused in
the same words on the visit form, on the page adding an action later, and by the services."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from providers.forms.quality import MAX_ACTION_ROWS
from providers.models import Judgement
from providers.services import quality as services
from providers.services.quality import due_before_visit
from tests.dates import date_input
from tests.providers.factories import QAVisitFactory, standard_areas
from tests.providers.pages import signed_in

TODAY = timezone.localdate()
VISITED = TODAY - datetime.timedelta(days=3)
EARLY = VISITED - datetime.timedelta(days=1)


def visit_post(**extra) -> dict:
    data = {**date_input("visited_on", VISITED), "kind": "announced", "summary": "Fine."}
    for area in standard_areas(in_use_only=True):
        data[f"area_{area.pk}_judgement"] = Judgement.MEETS
    return {**data, **extra}


def an_action_row(number: int, due_on=TODAY) -> dict:
    prefix = f"action_{number}_"
    return {
        prefix + "description": f"Action number {number}",
        prefix + "owner": "Provider manager",
        prefix + "owned_by": "provider",
        **date_input(prefix + "due_on", due_on),
        prefix + "area": "",
    }


def tag(text: str, name: str) -> str:
    """The opening tag of the element named `name` (a form field or a button)."""
    return re.search(rf'<[a-z]+[^>]*name="{name}"[^>]*>', text).group(0)


def test_after_adding_the_new_row_is_there_with_its_first_box_focused(world):
    url = reverse("visit_create", args=[world.provider.pk])
    client = signed_in(world, "la_officer")

    response = client.post(url, visit_post(**an_action_row(1), action_rows="1", add_action=""))
    text = response.content.decode()

    assert '<fieldset id="action-2"' in text
    assert "autofocus" in tag(text, "action_2_description")
    assert text.count("autofocus") == 1
    assert "There is a problem" not in text


def test_no_row_is_focused_when_there_was_no_room_to_add_one(world):
    response = signed_in(world, "la_officer").post(
        reverse("visit_create", args=[world.provider.pk]),
        {"action_rows": str(MAX_ACTION_ROWS), "add_action": ""},
    )

    assert "autofocus" not in response.content.decode()


def test_a_plain_visit_page_focuses_nothing(world):
    text = (
        signed_in(world, "la_officer").get(reverse("visit_create", args=[world.provider.pk])).content.decode()
    )

    assert "autofocus" not in text


# --- One way of saying an action is due before its visit ---------------------------------------------


def errors_of(response, field: str) -> list[str]:
    assert response.status_code == 200
    return response.context["form"].errors[field]


def test_the_visit_form_and_the_add_action_page_say_it_the_same_way(world):
    client = signed_in(world, "la_officer")
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=world.la, visited_on=VISITED)

    on_visit_form = client.post(
        reverse("visit_create", args=[world.provider.pk]), visit_post(**an_action_row(2, EARLY))
    )
    on_add_page = client.post(
        reverse("action_create", args=[visit.pk]),
        {k.removeprefix("action_1_"): v for k, v in an_action_row(1, EARLY).items()},
    )

    day = f"{VISITED.day} {VISITED:%B %Y}"
    assert errors_of(on_visit_form, "action_2_due_on") == [
        f"The due date of action 2 must be the same as or after the date of the visit ({day})"
    ]
    assert errors_of(on_add_page, "due_on") == [
        f"The due date must be the same as or after the date of the visit ({day})"
    ]


def test_the_services_say_it_as_the_pages_do(world):
    membership = world.members["la_officer"]
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=world.la, visited_on=VISITED)
    judgements = [{"area": a.pk, "judgement": Judgement.MEETS} for a in standard_areas(in_use_only=True)]

    with acting_as(membership):
        with pytest.raises(ValidationError) as on_record:
            services.record_visit(
                provider=world.provider,
                by=membership,
                visited_on=VISITED,
                kind="announced",
                summary="Fine.",
                judgements=judgements,
                actions=[{"description": "Fix it.", "owner": "Manager", "due_on": EARLY}],
            )
        with pytest.raises(ValidationError) as on_add:
            services.add_action(
                visit=visit, by=membership, description="Fix it.", owner="Manager", due_on=EARLY
            )

    assert on_record.value.messages == [due_before_visit(VISITED, 1)]
    assert on_add.value.message_dict == {"due_on": [due_before_visit(VISITED)]}


def test_a_missing_answer_on_a_started_row_is_said_as_on_the_add_action_page(world):
    response = signed_in(world, "la_officer").post(
        reverse("visit_create", args=[world.provider.pk]),
        visit_post(action_1_description="Fix the gate", action_1_owned_by="provider"),
    )

    assert errors_of(response, "action_1_owner") == ["Enter who will do it for action 1"]
    assert errors_of(response, "action_1_due_on") == ["Enter the due date of action 1"]
