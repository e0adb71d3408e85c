"""The pages: progress and incidents on a placement's page (the school's and the provider's), the
provider's forms to record and correct them (error summaries, an unchanged save changes nothing), an
incident's page, the list of incidents with its filters and pages, and the home page's count of
high-severity incidents. Every page that shows a pupil writes an access event; a provider's pages never
read the pupil's record."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import unscoped
from progress import services
from tests.dates import date_input
from tests.factories import SchoolFactory
from tests.forms.browser_post import posted_form
from tests.history import history
from tests.placements.factories import PlacementFactory
from tests.placements.plan_world import TODAY
from tests.progress.factories import IncidentFactory
from tests.progress.world import (
    DAY,
    as_role,
    entries,
    incidents,
    maths_objective,
    not_started,
    objective_of,
    running,
    signed_in,
)
from tests.providers.pages import queries_for
from tests.pupils.factories import PupilFactory


def events(action: str) -> list[AccessEvent]:
    with unscoped("a test reads the access events"):
        return list(AccessEvent.objects.filter(action=action).order_by("pk"))


def record(world, objective, value, on, comment="", role="provider_manager"):
    return as_role(world, role, services.record_progress, objective, value=value, on=on, comment=comment)


def incident(world, placement, **values):
    values = {
        "occurred_on": TODAY - DAY,
        "kind": "injury",
        "severity": "high",
        "what_happened": "Cut his hand on a chisel.",
        "action_taken": "First aid; his mother collected him.",
        **values,
    }
    return as_role(world, "provider_manager", services.record_incident, placement, **values)


def detail(placement) -> str:
    return reverse("placements:detail", args=[placement.pk])


def text_of(response) -> str:
    return response.content.decode()


# --- The placement's page -----------------------------------------------------------------------------


def test_the_school_sees_each_objectives_progress_beside_its_baseline_and_target(world):
    placement = running(world)
    objective = objective_of(placement)
    record(world, objective, "70", TODAY - 14 * DAY, "A slow start.")
    record(world, objective, "78.50", TODAY - 7 * DAY)
    record(world, objective, "84", TODAY - DAY, "Every morning this week.")
    response = signed_in(world, "school_staff").get(detail(placement))
    page = text_of(response)
    assert "Progress against the objectives" in page
    baseline_on = TODAY - 10 * DAY  # as plan_world makes the objective
    assert f"62% on {baseline_on.day} {baseline_on:%B %Y}" in page
    assert "90%" in page
    assert f"84% on {(TODAY - DAY).day} {(TODAY - DAY):%B %Y}" in page  # the latest
    # Latest first in the table.
    assert page.index("Every morning this week.") < page.index("78.5%") < page.index("A slow start.")
    # The chart is an image with a title and a description in words.
    assert 'role="img"' in page
    assert "Attendance: progress against the target" in page
    assert "From a baseline of 62%" in page
    assert "Record progress" not in page
    assert "Correct<span" not in page
    assert "Record an incident" not in page


def test_the_provider_records_from_its_page_without_the_pupils_record_being_read(world):
    placement = running(world)
    objective = objective_of(placement)
    record(world, objective, "70", TODAY - DAY)
    incident(world, placement, severity="low")
    client = signed_in(world, "provider_staff")
    client.get(detail(placement))
    with CaptureQueriesContext(connection) as queries:
        page = text_of(client.get(detail(placement)))
    assert not [query["sql"] for query in queries if "pupils_pupil" in query["sql"]]
    assert reverse("progress:record", args=[objective.pk]) in page
    assert reverse("progress:incident_new", args=[placement.pk]) in page
    assert reverse("progress:correct", args=[entries()[0].pk]) in page
    assert "Injury or accident" in page


def test_an_objective_with_no_progress_says_so_and_draws_no_chart(world):
    placement = running(world)
    page = text_of(signed_in(world, "ap_lead").get(detail(placement)))
    assert "No progress recorded yet" in page
    assert 'role="img"' not in page
    assert "No incidents have been recorded." in page


def test_a_placement_not_started_says_when_progress_comes_and_offers_no_recording(world):
    placement = not_started(world)
    for role in ("ap_lead", "provider_manager"):
        page = text_of(signed_in(world, role).get(detail(placement)))
        assert "The provider records progress and incidents here once the placement starts." in page
        assert "Record progress" not in page
        assert "Record an incident" not in page


def test_a_recent_high_severity_incident_is_shown_at_the_top_of_the_schools_page(world):
    placement = running(world)
    incident(world, placement, severity="low")
    old = IncidentFactory(placement=placement, severity="high", occurred_on=TODAY - 20 * DAY)
    page = text_of(signed_in(world, "dsl").get(detail(placement)))
    assert "High-severity incident" not in page
    recent = incident(world, placement, severity="high", occurred_on=TODAY - 2 * DAY)
    page = text_of(signed_in(world, "dsl").get(detail(placement)))
    assert "The provider recorded 1 high-severity incident in the last 2 weeks." in page
    assert page.index("govuk-notification-banner") < page.index("The plan")
    assert reverse("progress:incident", args=[recent.pk]) in page
    assert page.count(reverse("progress:incident", args=[old.pk])) == 1  # listed below, not in the alert


def test_the_placement_page_costs_the_same_with_1_or_many_values_and_incidents(world):
    placement = running(world)
    objective = objective_of(placement)
    urls = detail(placement)
    record(world, objective, "70", TODAY - DAY)
    incident(world, placement)
    costs = {role: queries_for(signed_in(world, role), urls) for role in ("ap_lead", "provider_staff")}
    maths = maths_objective(world, placement)
    for days in range(2, 20):
        record(world, objective, str(60 + days), TODAY - days * DAY)
        record(world, maths, "2", TODAY - days * DAY)
        incident(world, placement, severity="medium", occurred_on=TODAY - days * DAY)
    after = {role: queries_for(signed_in(world, role), urls) for role in costs}
    assert after == costs


# --- Recording and correcting progress ----------------------------------------------------------------


def progress_form(value="75", on=TODAY - DAY, comment="") -> dict:
    return {"value": value, **date_input("on", on), "comment": comment}


def test_recording_progress_says_what_it_did(world):
    placement = running(world)
    objective = objective_of(placement)
    client = signed_in(world, "provider_manager")
    url = reverse("progress:record", args=[objective.pk])
    page = client.get(url)
    assert "Value (%)" in text_of(page)
    assert len(events("progress.record")) == 1
    response = client.post(url, progress_form("15.00"), follow=True)
    assert response.redirect_chain[-1][0] == detail(placement) + f"#objective-{objective.pk}"
    assert "Progress recorded." in text_of(response)
    day = TODAY - DAY
    response = client.post(url, progress_form("15"), follow=True)
    assert f"Nothing was changed: 15% is recorded for {day.day} {day:%B %Y}." in text_of(response)
    response = client.post(url, progress_form("16"), follow=True)
    assert f"The value for {day.day} {day:%B %Y} was corrected to 16%." in text_of(response)
    [entry] = entries()
    assert entry.value == Decimal("16")
    assert len(history("progress.ProgressEntryEvent", pgh_obj_id=entry.pk)) == 2


def test_a_refused_value_is_shown_with_an_error_summary_and_nothing_is_saved(world):
    placement = running(world)
    objective = objective_of(placement)
    client = signed_in(world, "provider_manager")
    url = reverse("progress:record", args=[objective.pk])
    response = client.post(url, progress_form("", on=None))
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert response.context["form"].errors == {"value": ["Enter the value"], "on": ["Enter the date"]}
    response = client.post(url, progress_form("120", on=TODAY - 40 * DAY))
    started = TODAY - 30 * DAY
    assert response.context["form"].errors == {
        "value": ["A percentage must be between 0 and 100"],
        "on": [
            f"The date must be the same as or after the placement started ({started.day} {started:%B %Y})"
        ],
    }
    response = client.post(url, progress_form("12.345"))
    assert response.context["form"].errors["value"] == ["Value must have 2 decimal places or fewer"]
    assert entries() == []


def test_a_correction_saved_unchanged_changes_nothing(world):
    placement = running(world)
    objective = objective_of(placement)
    entry = record(world, objective, "62.50", TODAY - DAY, "Line one.\nLine two.").entry
    client = signed_in(world, "provider_staff")
    url = reverse("progress:correct", args=[entry.pk])
    page = client.get(url)
    assert 'value="62.5"' in text_of(page)
    response = client.post(url, posted_form(text_of(page)), follow=True)
    assert "Nothing was changed." in text_of(response)
    assert len(history("progress.ProgressEntryEvent", pgh_obj_id=entry.pk)) == 1
    response = client.post(url, progress_form("64", comment="Recounted."), follow=True)
    assert "Progress corrected." in text_of(response)
    assert entries()[0].corrected_at is not None
    assert "Corrected" in text_of(client.get(detail(placement)))
    assert len(events("progress.correct")) == 1


# --- Incidents ----------------------------------------------------------------------------------------


def incident_form(**overrides) -> dict:
    data = {
        **date_input("occurred_on", TODAY - DAY),
        "occurred_at": "2:30pm",
        "kind": "missing",
        "severity": "high",
        "what_happened": "Left the site at lunch without telling anyone.",
        "action_taken": "Called the school and his mother; found at home by 2pm.",
        **date_input("parent_told_on", TODAY - DAY),
    }
    for name, value in overrides.items():
        data |= date_input(name, value) if name.endswith("_on") else {name: value}
    return data


def test_the_provider_records_an_incident_and_the_school_reads_it(world):
    placement = running(world)
    client = signed_in(world, "provider_manager")
    url = reverse("progress:incident_new", args=[placement.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, incident_form(), follow=True)
    assert "Incident recorded. The school sees it at once." in text_of(response)
    [stored] = incidents()
    assert (stored.occurred_at, stored.kind, stored.severity) == (datetime.time(14, 30), "missing", "high")
    school_page = text_of(signed_in(world, "ap_lead").get(reverse("progress:incident", args=[stored.pk])))
    assert "Missing from the provision" in school_page
    assert "Left the site at lunch" in school_page
    assert "14:30" in school_page
    assert placement.pupil.name in school_page
    assert [event.pupil_ids for event in events("progress.incident")] == [[placement.pupil_id]]


def test_the_provider_reads_its_incident_named_as_the_school_shared_the_pupil(world):
    placement = running(world)
    recorded = incident(world, placement)
    client = signed_in(world, "provider_staff")
    url = reverse("progress:incident", args=[recorded.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = text_of(client.get(url))
    assert not [query["sql"] for query in queries if "pupils_pupil" in query["sql"]]
    assert f"Placement for {placement.provider_copy['name']}" in page
    assert "Change the incident" in page


@pytest.mark.parametrize(
    ("typed", "error"),
    [("25:00", "Enter the time like 14:30 or 2:30pm, or leave it blank"), ("noon", None), ("13pm", None)],
)
def test_a_time_that_is_not_one_is_refused(world, typed, error):
    placement = running(world)
    client = signed_in(world, "provider_manager")
    response = client.post(
        reverse("progress:incident_new", args=[placement.pk]), incident_form(occurred_at=typed)
    )
    assert response.context["form"].errors["occurred_at"] == [
        error or "Enter the time like 14:30 or 2:30pm, or leave it blank"
    ]
    assert incidents() == []


@pytest.mark.parametrize(
    ("typed", "time"), [("14:30", (14, 30)), ("9.05", (9, 5)), ("12am", (0, 0)), ("", None)]
)
def test_a_time_is_read_as_people_write_it(world, typed, time):
    placement = running(world)
    client = signed_in(world, "provider_manager")
    client.post(reverse("progress:incident_new", args=[placement.pk]), incident_form(occurred_at=typed))
    assert incidents()[0].occurred_at == (datetime.time(*time) if time else None)


def test_a_refused_incident_is_shown_with_its_errors(world):
    placement = running(world)
    client = signed_in(world, "provider_manager")
    response = client.post(
        reverse("progress:incident_new", args=[placement.pk]),
        incident_form(kind="", what_happened="", parent_told_on=TODAY - 3 * DAY),
    )
    assert "There is a problem" in text_of(response)
    assert response.context["form"].errors == {
        "kind": ["Choose what kind of incident it was"],
        "what_happened": ["Enter what happened"],
    }
    response = client.post(
        reverse("progress:incident_new", args=[placement.pk]), incident_form(parent_told_on=TODAY - 3 * DAY)
    )
    assert response.context["form"].errors == {
        "parent_told_on": [
            "The date the parent or carer was told must be the same as or after the date of the incident"
        ]
    }
    assert incidents() == []


def test_an_incident_saved_unchanged_changes_nothing(world):
    placement = running(world)
    recorded = incident(world, placement, occurred_at=datetime.time(9, 15), what_happened="One.\nTwo.")
    client = signed_in(world, "provider_staff")
    url = reverse("progress:incident_change", args=[recorded.pk])
    page = client.get(url)
    assert 'value="09:15"' in text_of(page)
    response = client.post(url, posted_form(text_of(page)), follow=True)
    assert "Nothing was changed." in text_of(response)
    assert len(history("progress.IncidentEvent", pgh_obj_id=recorded.pk)) == 1
    data = posted_form(text_of(page))
    data = dict(data) | date_input("parent_told_on", TODAY)
    response = client.post(url, data, follow=True)
    assert "Incident saved." in text_of(response)
    assert incidents()[0].parent_told_on == TODAY


# --- The list of incidents ----------------------------------------------------------------------------


def test_the_school_lists_its_incidents_latest_first_and_filters_them(world):
    mine = running(world)
    elsewhere = running(world, provider=world.other_provider)
    low = incident(world, mine, severity="low", occurred_on=TODAY - 3 * DAY)
    high = incident(world, mine, severity="high", occurred_on=TODAY - DAY)
    other = IncidentFactory(placement=elsewhere, severity="medium", occurred_on=TODAY - 2 * DAY)
    theirs = IncidentFactory(placement=PlacementFactory(pupil=PupilFactory(school=world.sibling_school)))
    client = signed_in(world, "school_staff")
    url = reverse("progress:incidents")
    rows = client.get(url).context["page"].object_list
    assert [row.incident_id for row in rows] == [high.pk, other.pk, low.pk]
    assert theirs.pk not in [row.incident_id for row in rows]
    assert rows[0].pupil_name == mine.pupil.name
    assert [row.incident_id for row in client.get(url, {"severity": "high"}).context["page"].object_list] == [
        high.pk
    ]
    by_provider = client.get(url, {"provider": world.other_provider.pk}).context["page"].object_list
    assert [row.incident_id for row in by_provider] == [other.pk]
    assert sorted(events("progress.incidents")[0].pupil_ids) == sorted({mine.pupil_id, elsewhere.pupil_id})


def test_a_filter_that_cannot_be_used_is_shown_and_left_out(world):
    placement = running(world)
    recorded = incident(world, placement)
    unknown_provider = PlacementFactory(
        pupil=PupilFactory(school=SchoolFactory(local_authority=world.other_la))
    )
    response = signed_in(world, "ap_lead").get(
        reverse("progress:incidents"), {"provider": unknown_provider.provider_id, "severity": "dire"}
    )
    page = text_of(response)
    assert "Choose a provider from the list" in page
    assert "Choose a severity from the list" in page
    assert [row.incident_id for row in response.context["page"].object_list] == [recorded.pk]


def test_a_trust_and_an_la_see_their_schools_incidents_with_each_school_named(world):
    placement = running(world)
    recorded = incident(world, placement)
    for role in ("trust_leader", "la_viewer"):
        response = signed_in(world, role).get(reverse("progress:incidents"))
        assert [row.incident_id for row in response.context["page"].object_list] == [recorded.pk], role
        assert world.school.name in text_of(response)
    assert (
        signed_in(world, "other_la_officer").get(reverse("progress:incidents")).context["page"].object_list
        == []
    )


def test_the_list_pages_25_at_a_time_at_the_same_cost(world):
    placement = running(world)
    client = signed_in(world, "la_officer")
    url = reverse("progress:incidents")
    IncidentFactory(placement=placement)
    one = queries_for(client, url)
    for days in range(30):
        IncidentFactory(placement=running(world), occurred_on=TODAY - (days % 20) * DAY)
    assert queries_for(client, url) == one
    response = client.get(url, {"page": 2})
    assert len(response.context["page"].object_list) == 6
    assert 'aria-label="Page 1"' in text_of(response)


def test_with_no_incidents_the_list_says_so(world):
    page = text_of(signed_in(world, "ap_lead").get(reverse("progress:incidents")))
    assert "No incidents have been recorded" in page


# --- Home ---------------------------------------------------------------------------------------------


def test_a_high_severity_incident_shows_on_the_school_and_la_home_at_once(world):
    placement = running(world)
    assert "No high-severity incident in the last 2 weeks." in text_of(signed_in(world, "ap_lead").get("/"))
    incident(world, placement, severity="high")
    incident(world, placement, severity="medium")
    for role in ("ap_lead", "school_staff", "la_officer"):
        page = text_of(signed_in(world, role).get("/"))
        assert "1 high-severity incident in the last 2 weeks" in page, role
        assert reverse("progress:incidents") + "?severity=high" in page
    assert "No high-severity incident" in text_of(signed_in(world, "other_school_leader").get("/"))
    assert queries_for(signed_in(world, "ap_lead"), "/") == 0
