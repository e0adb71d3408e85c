"""The safeguarding pages: the provider raises a concern from its placement's page; the school's DSL is told
at once (the home page's panel and the count in the navigation, at no query of the page's own), reads it,
records what was done and may share; the AP lead and leader see that a concern exists on the placement's
page and nothing more; every page that shows a concern's pupil writes an access event; the lists cost the
same queries however many concerns there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apcommission.audit.models import AccessEvent
from placements.models import PlacementStatus
from safeguarding.models import Concern, ConcernAction, ConcernDetail, ConcernState, DetailShare
from tests.dates import date_input
from tests.history import history
from tests.placements.plan_world import signed_in
from tests.providers.pages import queries_for
from tests.safeguarding.world import DAY, SEEN, TODAY, handled, placed, raised, shared, table

DONE = "Rang the mother and made a referral to social care."  # no apostrophe: compared with HTML


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def a_concern(**overrides) -> dict:
    return {
        "what_happened": SEEN,
        **date_input("happened_on", TODAY),
        "happened_time": "",
        "who_involved": "The pupil, and their key worker.",
        "immediate_risk": "no",
        "provider_action": "Our DSL listened and wrote down what the pupil said.",
        **overrides,
    }


def an_action(**overrides) -> dict:
    return {
        "action": DONE,
        "done_by": "Dev Safeguarding",
        **date_input("done_on", TODAY),
        "referred_to": ["social_care"],
        "referred_elsewhere": "",
        "close": "no",
        **overrides,
    }


def events(action: str) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(action=action).order_by("pk"))


def navigation_count(response) -> int:
    (link,) = [item for item in response.context["navigation"] if item["label"] == "Safeguarding"]
    return link["count"]


# --- Raising, and the DSL told at once --------------------------------------------------------------------


def test_the_provider_raises_a_concern_and_the_dsl_is_told_on_every_page_at_once(world):
    placement = placed(world)
    dsl = signed_in(world, "dsl")
    home = dsl.get(reverse("home"))
    assert "No safeguarding concern is waiting" in text(home)
    assert navigation_count(home) == 0

    provider = signed_in(world, "provider_staff")
    page = text(provider.get(reverse("placements:detail", args=[placement.pk])))
    assert reverse("safeguarding:raise", args=[placement.pk]) in page
    response = provider.post(reverse("safeguarding:raise", args=[placement.pk]), a_concern())
    (concern,) = table(Concern)
    assert response.status_code == 302
    assert response["Location"] == reverse("safeguarding:detail", args=[concern.pk])

    home = dsl.get(reverse("home"))
    assert "New safeguarding concern" in text(home)
    assert navigation_count(home) == 1
    assert navigation_count(dsl.get(reverse("register:list"))) == 1
    assert reverse("safeguarding:list") in text(home)


def test_a_concern_with_a_gap_is_refused_on_the_form_and_nothing_is_written(world):
    placement = placed(world)
    response = signed_in(world, "provider_manager").post(
        reverse("safeguarding:raise", args=[placement.pk]),
        a_concern(what_happened="", immediate_risk="", **date_input("happened_on", TODAY + DAY)),
    )
    errors = response.context["form"].errors
    assert errors["what_happened"] == ["Enter what was seen or heard"]
    assert errors["immediate_risk"] == ["Select yes if the pupil is at immediate risk of harm"]
    assert errors["happened_on"] == ["The date it was seen or heard must be today or in the past"]
    assert "There is a problem" in text(response)
    assert table(Concern) == []


def test_a_provider_is_offered_the_way_to_raise_one_while_it_may(world):
    running = placed(world)
    long_ended = placed(
        world, status=PlacementStatus.ENDED, ended_on=TODAY - 40 * DAY, end_reason="Back at school."
    )
    provider = signed_in(world, "provider_manager")
    assert "Raise a safeguarding concern" in text(
        provider.get(reverse("placements:detail", args=[running.pk]))
    )
    page = text(provider.get(reverse("placements:detail", args=[long_ended.pk])))
    assert "Raise a safeguarding concern" not in page
    assert "call the school's designated safeguarding lead" in page


@pytest.mark.parametrize(
    ("role", "count"), [("dsl", 0), ("ap_lead", 0), ("school_leader", 0), ("provider_staff", 1)]
)
def test_a_dsls_home_page_with_a_new_concern_costs_no_query_of_its_own(world, role, count):
    raised(world)
    assert queries_for(signed_in(world, role), reverse("home")) == count  # a provider's QA actions


# --- The lists ------------------------------------------------------------------------------------------


def test_the_dsl_lists_new_concerns_first_and_the_provider_its_own(world):
    handled_one = raised(world)
    handled(world, handled_one)
    new_one = raised(world)
    elsewhere = raised(world, placed(world, provider=world.other_provider), role="other_provider_manager")
    rows = signed_in(world, "dsl").get(reverse("safeguarding:list")).context["page"].object_list
    assert [row.concern.pk for row in rows] == [elsewhere.pk, new_one.pk, handled_one.pk]
    assert {row.pupil_name for row in rows} == {"Amira Khan"}
    rows = signed_in(world, "provider_staff").get(reverse("safeguarding:list")).context["page"].object_list
    assert [row.concern.pk for row in rows] == [new_one.pk, handled_one.pk]
    # A provider names the pupil as the school shared them, never from the pupil's record.
    assert {row.pupil_name for row in rows} == {"Amira K"}


@pytest.mark.parametrize(("role", "queries"), [("dsl", 3), ("provider_staff", 4)])
def test_a_list_costs_the_same_queries_with_1_or_30_concerns(world, role, queries):
    raised(world)
    client = signed_in(world, role)
    one = queries_for(client, reverse("safeguarding:list"))
    for _ in range(29):
        raised(world)
    # The count and the page (and a provider's shared copies of its pupils), and the access event.
    assert (one, queries_for(client, reverse("safeguarding:list"))) == (queries, queries)
    assert len(events("safeguarding.list")[-1].pupil_ids) == 25


# --- The concern's page -----------------------------------------------------------------------------------


def test_the_dsl_reads_the_details_and_records_what_was_done(world):
    concern = raised(world)
    dsl = signed_in(world, "dsl")
    url = reverse("safeguarding:detail", args=[concern.pk])
    page = text(dsl.get(url))
    assert SEEN in page
    assert "Record what was done" in page
    assert [e.pupil_ids for e in events("safeguarding.concern")] == [[concern.pupil_id]]
    response = dsl.post(url, an_action())
    assert response.status_code == 302
    (entry,) = table(ConcernAction)
    assert (entry.action, entry.done_on, entry.referred_to) == (DONE, TODAY, ["social_care"])
    assert table(Concern)[0].state == ConcernState.BEING_HANDLED
    assert DONE in text(dsl.get(url))


def test_what_was_done_with_a_gap_is_refused_on_the_form(world):
    concern = raised(world)
    response = signed_in(world, "dsl").post(
        reverse("safeguarding:detail", args=[concern.pk]),
        an_action(action="", referred_to=["other"], close=""),
    )
    errors = response.context["form"].errors
    assert errors["action"] == ["Enter what was done"]
    assert errors["close"] == ["Select yes if the concern is now closed"]
    assert "There is a problem" in text(response)
    assert table(ConcernAction) == []


def test_a_closed_concern_offers_no_form(world):
    concern = raised(world)
    handled(world, concern, close=True)
    page = text(signed_in(world, "dsl").get(reverse("safeguarding:detail", args=[concern.pk])))
    assert "Record what was done" not in page
    assert "closing the concern" in page


def test_the_provider_reads_what_it_raised_and_the_state_never_the_dsls_record(world):
    concern = raised(world)
    handled(world, concern, action=DONE)
    page = text(signed_in(world, "provider_manager").get(reverse("safeguarding:detail", args=[concern.pk])))
    assert SEEN in page
    assert "Being handled" in page
    assert DONE not in page
    assert "Record what was done" not in page
    assert "Amira Khan" not in page  # the pupil's record; the school shared "Amira K"


def test_the_ap_lead_and_the_leader_see_that_a_concern_exists_and_nothing_more(world):
    concern = raised(world)
    handled(world, concern, action=DONE)
    for role in ("ap_lead", "school_leader"):
        page = text(signed_in(world, role).get(reverse("placements:detail", args=[concern.placement_id])))
        assert "Safeguarding concerns" in page
        assert "Being handled" in page
        assert reverse("safeguarding:detail", args=[concern.pk]) not in page
        assert SEEN not in page
        assert DONE not in page
    dsl_page = text(signed_in(world, "dsl").get(reverse("placements:detail", args=[concern.placement_id])))
    assert reverse("safeguarding:detail", args=[concern.pk]) in dsl_page
    assert SEEN not in dsl_page


@pytest.mark.parametrize("role", ["school_staff", "trust_leader", "la_officer", "la_viewer"])
def test_the_placement_page_says_nothing_of_a_concern_to_those_not_told(world, role):
    concern = raised(world)
    page = text(signed_in(world, role).get(reverse("placements:detail", args=[concern.placement_id])))
    assert "afeguarding" not in page


def test_a_share_lets_the_ap_lead_read_the_details_through_the_placement(world):
    concern = raised(world)
    handled(world, concern, action=DONE)
    dsl = signed_in(world, "dsl")
    response = dsl.post(
        reverse("safeguarding:share", args=[concern.pk]),
        {"role": "ap_lead", "reason": "The AP lead meets the provider tomorrow."},
    )
    assert response.status_code == 302
    (share,) = table(DetailShare)
    assert share.role == "ap_lead"
    lead = signed_in(world, "ap_lead")
    placement_page = text(lead.get(reverse("placements:detail", args=[concern.placement_id])))
    assert reverse("safeguarding:detail", args=[concern.pk]) in placement_page
    page = text(lead.get(reverse("safeguarding:detail", args=[concern.pk])))
    assert SEEN in page
    assert DONE in page
    assert "The AP lead meets the provider tomorrow." in page
    assert "Record what was done" not in page
    assert (
        signed_in(world, "school_leader").get(reverse("safeguarding:detail", args=[concern.pk])).status_code
        == 403
    )


def test_a_share_twice_is_refused_on_the_form(world):
    concern = raised(world)
    shared(world, concern, role="school_leader")
    response = signed_in(world, "dsl").post(
        reverse("safeguarding:share", args=[concern.pk]), {"role": "school_leader", "reason": "Again."}
    )
    assert response.context["form"].errors["role"] == [
        "The details are already shared with the school's leaders"
    ]
    assert len(table(DetailShare)) == 1


def test_a_providers_safeguarding_pages_never_read_the_pupils_record(world):
    concern = raised(world)
    client = signed_in(world, "provider_staff")
    urls = [
        reverse("safeguarding:list"),
        reverse("safeguarding:raise", args=[concern.placement_id]),
        reverse("safeguarding:detail", args=[concern.pk]),
        reverse("placements:detail", args=[concern.placement_id]),
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not [query["sql"] for query in queries if "pupils_pupil" in query["sql"]], url


def test_a_concerns_changes_of_state_and_its_details_keep_history(world):
    concern = raised(world)
    handled(world, concern)
    handled(world, concern, close=True)
    states = [event.state for event in history("safeguarding.ConcernEvent", pgh_obj_id=concern.pk)]
    assert states == ["raised", "being_handled", "closed"]
    (detail,) = table(ConcernDetail)
    assert [
        event.what_happened for event in history("safeguarding.ConcernDetailEvent", pgh_obj_id=detail.pk)
    ] == [SEEN]
