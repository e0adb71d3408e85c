"""The placement plan's pages: made from an accepted referral or directly, read in full by its
commissioners and in part by its provider, changed, started and ended. Every page that shows a pupil
writes an access event; the placement's page costs the same queries however long its plan; every form
saved as the page shows it changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import unscoped
from placements import services
from placements.models import Objective, PartTimePlan, PartTimeStep, Placement, PlacementStatus, PlanChange
from providers.models import ProviderProfile
from pupils.identifiers import academic_year_start
from pupils.models import SENStatus
from pupils.templatetags.time_words import date_and_time
from tests.dates import date_input
from tests.forms.browser_post import posted_form
from tests.history import history
from tests.placements.plan_world import (
    NEXT_WEEK,
    SIX_SESSIONS,
    TODAY,
    act,
    active,
    fresh,
    lead,
    planned,
    pupil_of,
    rows,
    signed_in,
    with_objective,
)
from tests.providers.factories import SiteFactory
from tests.providers.pages import queries_for
from tests.pupils.factories import AttendanceYearFactory
from tests.referrals import pages as referral_pages

S = PlacementStatus


def events(action: str) -> list[AccessEvent]:
    with unscoped("a test reads the access events"):
        return list(AccessEvent.objects.filter(action=action).order_by("pk"))


def plan_form(world, **overrides) -> dict:
    """What a browser posts for a plan: 15 hours at the provision, 10 at school, from next week."""
    data = {
        "provider": str(world.provider.pk),
        "site": "",
        "sessions": list(SIX_SESSIONS),
        "hours_per_week": "15",
        "school_hours_per_week": "10",
        "attendance_code": "B",
        "reason": "at_risk",
        "intended_end_point": "reintegration",
        "shared": ["name", "year_group"],
        **date_input("starts_on", NEXT_WEEK),
        **date_input("planned_end_on", NEXT_WEEK + datetime.timedelta(weeks=12)),
    }
    for name, value in overrides.items():
        data |= date_input(name, value) if name.endswith("_on") else {name: value}
    return data


# --- Making a plan ----------------------------------------------------------------------------------


def test_an_accepted_referral_offers_its_plan_and_the_plan_starts_from_it(world):
    referral = referral_pages.accepted(world)
    client = signed_in(world, "ap_lead")
    page = client.get(reverse("referrals:detail", args=[referral.pk]))
    url = reverse("placements:new_from_referral", args=[referral.pk])
    assert url in page.content.decode()
    form = client.get(url)
    assert form.status_code == 200
    assert "provider" not in form.context["form"].fields  # the provider whose offer was accepted
    assert form.context["form"].initial["starts_on"] == referral_pages.START
    assert form.context["form"].initial["hours_per_week"] == Decimal("15")
    assert [e.pupil_ids for e in events("placement.new")] == [[referral.pupil_id]]
    data = posted_form(form.content.decode())
    data |= {"sessions": ["mon_am", "tue_am", "wed_am"], **date_input("planned_end_on", referral_pages.START)}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    placement = rows(Placement)[0]
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:detail", args=[placement.pk])
    assert (placement.referral_id, placement.provider_id, placement.starts_on) == (
        referral.pk,
        world.provider.pk,
        referral_pages.START,
    )
    # The referral now links its plan, and offers no second one.
    page = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert reverse("placements:detail", args=[placement.pk]) in page.content.decode()
    again = client.get(url)
    assert again["Location"] == reverse("placements:detail", args=[placement.pk])


def referral_page_placement(world, referral) -> str:
    """The placement paragraph of the referral's page, as the AP lead reads it."""
    text = signed_in(world, "ap_lead").get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    return text[text.index('<h2 class="govuk-heading-m">Placement</h2>') :].split("</p>")[0]


def test_a_referrals_cancelled_or_ended_placement_says_so_not_its_planned_end(world):
    def from_referral():
        referral = referral_pages.accepted(world)
        values = {
            "sessions": list(SIX_SESSIONS),
            "school_hours_per_week": Decimal("10"),  # with the offer's 15, a full-time week
            "planned_end_on": NEXT_WEEK + datetime.timedelta(weeks=12),
        }
        return referral, act(lead(world), services.plan_from_referral, referral, **values)

    referral, placement = from_referral()
    planned_end = f"{placement.planned_end_on.day} {placement.planned_end_on:%B %Y}"
    assert planned_end in referral_page_placement(world, referral)
    act(lead(world), services.cancel_placement, placement, reason="The family moved away.")
    words = referral_page_placement(world, referral)
    assert f"Cancelled on {TODAY.day} {TODAY:%B %Y}: The family moved away." in words
    assert planned_end not in words

    referral, placement = from_referral()
    with unscoped("test: a placement made from a referral that starts today"):
        Placement.objects.filter(pk=placement.pk).update(starts_on=TODAY)
    with_objective(world, placement)
    act(lead(world), services.start_placement, placement)
    act(lead(world), services.end_placement, placement, ended_on=TODAY, reason="Back at school.")
    words = referral_page_placement(world, referral)
    assert f"Ended on {TODAY.day} {TODAY:%B %Y}." in words
    assert planned_end not in words


def test_only_the_ap_lead_is_offered_the_plan_of_an_accepted_referral(world):
    referral = referral_pages.accepted(world)
    url = reverse("placements:new_from_referral", args=[referral.pk])
    for role in ("school_leader", "la_officer"):
        page = signed_in(world, role).get(reverse("referrals:detail", args=[referral.pk]))
        assert url not in page.content.decode(), role


def test_the_ap_lead_plans_directly_for_a_pupil_chosen_from_the_pupils_page(world):
    pupil = pupil_of(world)
    client = signed_in(world, "ap_lead")
    record = client.get(reverse("pupils:detail", args=[pupil.pk])).content.decode()
    assert f"{reverse('placements:new')}?pupil={pupil.pk}" in record
    form = client.get(reverse("placements:new") + f"?pupil={pupil.pk}")
    assert form.context["form"].initial["pupil"] == str(pupil.pk)
    response = client.post(reverse("placements:new"), {"pupil": str(pupil.pk), **plan_form(world)})
    [placement] = rows(Placement)
    assert response["Location"] == reverse("placements:detail", args=[placement.pk])
    assert placement.provider_copy == {
        "name": "Amira Khan",
        "year_group": 10,
        "year_group_in": academic_year_start(placement.starts_on),
    }
    assert placement.intended_end_point == "reintegration"
    assert pupil.pk in events("placement.new_choices")[0].pupil_ids


def test_a_refused_plan_is_shown_with_its_errors_and_nothing_is_saved(world):
    pupil = pupil_of(world)
    response = signed_in(world, "ap_lead").post(
        reverse("placements:new"),
        {"pupil": str(pupil.pk), **plan_form(world, attendance_code="K", sessions=[])},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["sessions"] == ["Choose the sessions the pupil is at the provision"]
    assert rows(Placement) == []
    response = signed_in(world, "ap_lead").post(
        reverse("placements:new"), {"pupil": str(pupil.pk), **plan_form(world, attendance_code="K")}
    )
    assert response.context["form"].errors["attendance_code"] == [
        "K is for provision the local authority arranges: a school records B, or D for dual registration"
    ]
    assert rows(Placement) == []


# --- The placement's page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["ap_lead", "dsl", "school_leader", "school_staff", "trust_leader", "la_officer", "la_viewer"]
)
def test_the_commissioners_read_the_whole_plan_and_its_history(world, role):
    placement = active(world, funder="high_needs", cost=Decimal("95"), cost_unit="day")
    act(
        lead(world),
        services.update_plan,
        placement,
        changes={"hours_per_week": Decimal("18")},
        change_reason="Settling in well.",
    )
    response = signed_in(world, role).get(reverse("placements:detail", args=[placement.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Amira Khan" in text
    assert "Hours a week: 15 to 18" in text
    assert "Settling in well." in text
    assert "High-needs top-up" in text
    assert [e.pupil_ids for e in events("placement.view")] == [[placement.pupil_id]]
    assert (f'href="{reverse("placements:edit", args=[placement.pk])}"' in text) == (role == "ap_lead")


def test_the_provider_reads_only_what_was_shared_and_the_practical_plan(world):
    pupil = pupil_of(world, legal_surname="Zephyrine", upn="A123456789012")
    placement = active(
        world,
        pupil,
        shared=["year_group"],
        funder="high_needs",
        transport="Minibus from the school at 8:40.",
    )
    act(
        lead(world),
        services.update_plan,
        placement,
        changes={"hours_per_week": Decimal("18")},
        change_reason="Her mother asked for more mornings.",
    )
    for role in ("provider_manager", "provider_staff"):
        response = signed_in(world, role).get(reverse("placements:detail", args=[placement.pk]))
        text = response.content.decode()
        assert response.status_code == 200
        assert response.templates[0].name == "placements/placement_shared.html"
        assert "Year 10" in text
        assert "Minibus from the school at 8:40." in text
        assert "Attend every morning session." in text
        for secret in ("Amira", "Zephyrine", "A123456789012", "High-needs", "Her mother asked", "History"):
            assert secret not in text, (role, secret)
    assert len(events("placement.view_shared")) == 2
    assert (
        signed_in(world, "other_provider_manager")
        .get(reverse("placements:detail", args=[placement.pk]))
        .status_code
        == 404
    )


def test_the_placements_page_costs_the_same_queries_with_1_or_20_objectives_and_changes(world):
    placement = active(world)
    urls = reverse("placements:detail", args=[placement.pk])
    costs = {
        role: queries_for(signed_in(world, role), urls) for role in ("ap_lead", "la_viewer", "provider_staff")
    }
    for number in range(19):
        with_objective(world, placement, description=f"Objective {number}", **{"change_reason": "More."})
        act(
            lead(world),
            services.update_plan,
            placement,
            changes={"transport": f"Bus {number}"},
            change_reason="Changed.",
        )
    act(
        lead(world),
        services.set_part_time_plan,
        placement,
        why_part_time="Not needed, but kept.",
        ends_by=TODAY + datetime.timedelta(weeks=8),
        parent_agreed_on=TODAY,
        la_notified_on=TODAY,
        steps=[],
        change_reason="Kept for the record.",
    )
    assert len(rows(Objective)) == 20
    assert len(rows(PlanChange)) == 39
    after = {role: queries_for(signed_in(world, role), urls) for role in costs}
    assert after == costs


def test_the_pupils_page_lists_the_placements_its_reader_sees(world):
    pupil = pupil_of(world)
    placement = active(world, pupil)
    for role in ("ap_lead", "school_staff", "trust_leader", "la_officer"):
        text = signed_in(world, role).get(reverse("pupils:detail", args=[pupil.pk])).content.decode()
        assert reverse("placements:detail", args=[placement.pk]) in text, role
        assert ("Make a placement plan" in text) == (role == "ap_lead"), role


# --- Changing it ------------------------------------------------------------------------------------


def save_unchanged(client, url) -> None:
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, posted_form(page.content.decode()))
    assert response.status_code == 302, response.context["form"].errors if response.context else response


def history_of_plans() -> int:
    return sum(
        len(history(label))
        for label in (
            "placements.PlacementEvent",
            "placements.ObjectiveEvent",
            "placements.PartTimePlanEvent",
            "placements.PartTimeStepEvent",
        )
    )


@pytest.mark.parametrize("status", [S.PLANNED, S.ACTIVE])
def test_every_form_saved_as_the_page_shows_it_changes_nothing(world, status):
    pupil = pupil_of(world)
    AttendanceYearFactory(pupil=pupil)
    placement = planned(
        world,
        pupil,
        starts_on=TODAY,
        hours_per_week=Decimal("12.5"),
        school_hours_per_week=Decimal("0"),
        cost=Decimal("95.50"),
        cost_unit="day",
        funder="school_budget",
        transport="Taxi.\nBooked by the school.",
        review_arrangements="Every six weeks at the school.",
        parent_told_on=TODAY,
        shared=["name", "upn"],
    )
    objective = with_objective(world, placement)
    act(
        lead(world),
        services.set_part_time_plan,
        placement,
        why_part_time="Anxiety.\nBuilding up.",
        ends_by=TODAY + datetime.timedelta(weeks=6),
        parent_agreed_on=TODAY,
        la_notified_on=TODAY,
        steps=[
            (TODAY + datetime.timedelta(weeks=2), Decimal("18")),
            (TODAY + datetime.timedelta(weeks=4), Decimal("24")),
        ],
    )
    if status == S.ACTIVE:
        act(lead(world), services.start_placement, placement)
    before, changes, counted = fresh(placement), len(rows(PlanChange)), history_of_plans()
    client = signed_in(world, "ap_lead")
    for url in (
        reverse("placements:edit", args=[placement.pk]),
        reverse("placements:objective_edit", args=[objective.pk]),
        reverse("placements:part_time", args=[placement.pk]),
    ):
        save_unchanged(client, url)
    assert history_of_plans() == counted
    assert len(rows(PlanChange)) == changes
    assert fresh(placement).updated_at == before.updated_at


def test_an_active_plan_changed_through_its_page_asks_why_and_records_it(world):
    placement = active(world)
    client = signed_in(world, "ap_lead")
    url = reverse("placements:edit", args=[placement.pk])
    page = client.get(url)
    assert "change_reason" in page.context["form"].fields
    data = posted_form(page.content.decode()) | {"hours_per_week": "18"}
    response = client.post(url, data)
    assert response.context["form"].errors["change_reason"] == ["Enter why the plan changes"]
    response = client.post(url, data | {"change_reason": "More workshop time."})
    assert response.status_code == 302
    [change] = rows(PlanChange)
    assert (change.summary, change.reason) == ("Hours a week: 15 to 18", "More workshop time.")
    assert (
        "change_reason"
        not in signed_in(world, "ap_lead")
        .get(reverse("placements:edit", args=[planned(world).pk]))
        .context["form"]
        .fields
    )


def test_an_attendance_objective_starts_from_the_pupils_imported_attendance(world):
    pupil = pupil_of(world)
    AttendanceYearFactory(pupil=pupil, academic_year=2025, possible_sessions=200, attended_sessions=150)
    placement = planned(world, pupil)
    client = signed_in(world, "ap_lead")
    detail = client.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    url = reverse("placements:objective_add", args=[placement.pk])
    assert f"{url}?area=attendance" in detail
    form = client.get(url + "?area=attendance").context["form"]
    assert (form.initial["area"], form.initial["baseline_value"]) == ("attendance", Decimal("75.0"))
    assert form.initial["baseline_on"] == min(datetime.date(2026, 7, 31), TODAY)
    assert "baseline_value" not in client.get(url).context["form"].initial


def test_the_part_time_plan_takes_its_steps_as_rows_and_leaves_blank_ones_out(world):
    placement = planned(world, hours_per_week=Decimal("12"), school_hours_per_week=Decimal("0"))
    client = signed_in(world, "ap_lead")
    url = reverse("placements:part_time", args=[placement.pk])
    page = client.get(url)
    assert page.context["week"].hours == Decimal("12")
    data = {
        "why_part_time": "Building up after a long absence.",
        **date_input("ends_by", NEXT_WEEK + datetime.timedelta(weeks=8)),
        **date_input("parent_agreed_on", TODAY),
        **date_input("la_notified_on", None),
        **date_input("step_1_on", NEXT_WEEK + datetime.timedelta(weeks=3)),
        "step_1_hours": "18",
        **date_input("step_2_on", None),
        "step_2_hours": "",
        **date_input("step_3_on", NEXT_WEEK + datetime.timedelta(weeks=6)),
        "step_3_hours": "",
    }
    response = client.post(url, data)
    assert response.context["form"].errors["step_3_hours"] == ["Enter the hours a week of step 3"]
    response = client.post(url, data | {"step_3_hours": "24"})
    assert response.status_code == 302
    [plan] = rows(PartTimePlan)
    assert [(s.from_on, s.hours_per_week) for s in rows(PartTimeStep)] == [
        (NEXT_WEEK + datetime.timedelta(weeks=3), Decimal("18")),
        (NEXT_WEEK + datetime.timedelta(weeks=6), Decimal("24")),
    ]
    assert plan.la_notified_on is None


# --- Moving it --------------------------------------------------------------------------------------


def test_the_start_page_says_what_is_missing_and_starts_once_nothing_is(world):
    placement = planned(world, starts_on=TODAY)
    client = signed_in(world, "ap_lead")
    url = reverse("placements:start", args=[placement.pk])
    page = client.get(url)
    assert page.context["missing"] == ["at least one objective with a baseline"]
    response = client.post(url, {"submit": "Start the placement"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Before the placement can start, add at least one objective with a baseline"
    ]
    with_objective(world, placement)
    assert client.post(url, {"submit": "Start the placement"}).status_code == 302
    assert fresh(placement).status == S.ACTIVE
    assert client.get(url).status_code == 403  # started once


def test_the_start_page_offers_no_button_before_the_start_date_and_says_when(world):
    placement = planned(world, starts_on=NEXT_WEEK)
    with_objective(world, placement)
    client = signed_in(world, "ap_lead")
    url = reverse("placements:start", args=[placement.pk])
    text = client.get(url).content.decode()
    assert f"You can start the placement on {NEXT_WEEK:%-d %B %Y}" in text
    assert "<button" not in text.split("<main")[1]
    response = client.post(url, {"submit": "Start the placement"})  # posted anyway: still refused
    assert response.status_code == 200
    assert fresh(placement).status == S.PLANNED


def test_a_planned_placement_is_cancelled_and_an_active_one_ended_from_the_same_page(world):
    client = signed_in(world, "ap_lead")
    placement = planned(world)
    url = reverse("placements:end", args=[placement.pk])
    page = client.get(url)
    assert "ended_on" not in page.context["form"].fields
    assert "Cancelling is final: a cancelled placement cannot be started or changed." in page.content.decode()
    client.post(url, {"reason": "The family moved away."})
    assert (fresh(placement).status, fresh(placement).cancel_reason) == (
        S.CANCELLED,
        "The family moved away.",
    )
    assert client.get(url).status_code == 403  # cancelled once
    running = active(world)
    url = reverse("placements:end", args=[running.pk])
    assert "Ending is final" in client.get(url).content.decode()
    response = client.post(url, {"reason": "Back at school full time.", **date_input("ended_on", TODAY)})
    assert response.status_code == 302
    assert (fresh(running).status, fresh(running).ended_on) == (S.ENDED, TODAY)
    assert client.get(url).status_code == 403
    history_page = client.get(reverse("placements:detail", args=[running.pk])).content.decode()
    assert "Back at school full time." in history_page


def test_a_cancelled_placement_says_when_and_why_and_offers_no_change(world):
    placement = planned(world)
    act(lead(world), services.cancel_placement, placement, reason="The family moved away.")
    client = signed_in(world, "ap_lead")
    page = client.get(reverse("placements:detail", args=[placement.pk]))
    text = page.content.decode()
    assert "Cancelled on" in text
    assert "The family moved away." in text
    for misleading in ("The pupil&#x27;s week", "Full-time week", "Part-time timetable</strong>"):
        assert misleading not in text  # the week it would have made never happened
    assert "starts only once" not in text  # it never will
    assert "No objectives were recorded." in text
    [moved, made] = page.context["page"].history
    assert (moved.what, moved.why, made.what) == ("Cancelled", "The family moved away.", "Plan made")
    assert f">{date_and_time(made.at)}</time>" in text  # "at 11:20am", as a referral's timeline says
    for name in ("edit", "end", "objective_add", "part_time"):
        url = reverse(f"placements:{name}", args=[placement.pk])
        assert url not in text, name
        assert client.get(url).status_code == 403, name
    assert client.post(reverse("placements:edit", args=[placement.pk]), plan_form(world)).status_code == 403


def test_a_planned_placements_site_choices_are_its_providers(world):
    ours = SiteFactory(provider=world.provider, name="Mill Street")
    theirs = SiteFactory(provider=world.other_provider, name="Far Campus")
    placement = planned(world)
    client = signed_in(world, "ap_lead")
    url = reverse("placements:edit", args=[placement.pk])
    page = client.get(url)
    assert list(page.context["form"].fields["site"].queryset) == [ours]
    assert "Far Campus" not in page.content.decode()
    assert f'data-provider="{world.provider.pk}"' in page.content.decode()
    # Posted with another provider's site, without the page's script: refused, naming the field.
    response = client.post(url, posted_form(page.content.decode()) | {"site": str(theirs.pk)})
    assert response.context["form"].errors["site"] == ["Choose a site of Demoshire PRU"]
    assert fresh(placement).site_id is None


def test_an_active_placements_plan_page_shows_its_provider_as_fixed(world):
    placement = active(world)
    client = signed_in(world, "ap_lead")
    url = reverse("placements:edit", args=[placement.pk])
    page = client.get(url)
    assert "provider" not in page.context["form"].fields
    assert (
        "The placement has started with Demoshire PRU. To move the pupil to another provider, end this "
        "placement and plan a new one."
    ) in page.content.decode()
    # A provider posted anyway is not a field of the form, and changes nothing.
    data = posted_form(page.content.decode()) | {
        "provider": str(world.other_provider.pk),
        "change_reason": "Moving.",
    }
    assert client.post(url, data).status_code == 302
    assert fresh(placement).provider_id == world.provider.pk
    assert rows(PlanChange) == []
    assert (
        "provider" in client.get(reverse("placements:edit", args=[planned(world).pk])).context["form"].fields
    )


def test_a_saved_plan_shows_the_rules_no_school_can_check_to_its_commissioners_only(world):
    with unscoped("test: the world's provider is not registered"):
        ProviderProfile.objects.filter(provider=world.provider).update(registration_status="unregistered")
    pupil = pupil_of(world, sen_status=SENStatus.EHC_PLAN)
    client = signed_in(world, "ap_lead")
    saved = client.post(
        reverse("placements:new"),
        {"pupil": str(pupil.pk), **plan_form(world, hours_per_week="20", school_hours_per_week="4")},
        follow=True,
    )
    warning = "Demoshire PRU is not registered as a school. With this placement it would teach 1 pupil"
    assert warning in saved.content.decode()
    [placement] = rows(Placement)
    shared = signed_in(world, "provider_manager").get(reverse("placements:detail", args=[placement.pk]))
    assert "not registered" not in shared.content.decode()


def test_a_placement_that_started_over_a_year_ago_is_still_changed_through_its_page(world):
    placement = active(world)
    long_ago = TODAY - datetime.timedelta(days=400)
    with unscoped("test: a placement that started long ago"):
        Placement.objects.filter(pk=placement.pk).update(starts_on=long_ago)
    client = signed_in(world, "ap_lead")
    url = reverse("placements:edit", args=[placement.pk])
    save_unchanged(client, url)
    data = posted_form(client.get(url).content.decode()) | {"hours_per_week": "16", "change_reason": "More."}
    assert client.post(url, data).status_code == 302
    assert (fresh(placement).starts_on, fresh(placement).hours_per_week) == (long_ago, Decimal("16"))


def test_forms_saved_unchanged_keep_dates_set_long_ago_that_todays_bounds_would_refuse(world):
    """Bounds are for dates being set: a plan, objective and part-time plan whose dates were entered
    years ago are saved unchanged with nothing refused and nothing written."""
    placement = active(world)
    objective = rows(Objective, placement_id=placement.pk)[0]
    act(
        lead(world),
        services.set_part_time_plan,
        placement,
        change_reason="Building up.",
        why_part_time="Anxiety.",
        ends_by=TODAY + datetime.timedelta(weeks=6),
        parent_agreed_on=TODAY,
        la_notified_on=TODAY,
        steps=[(TODAY + datetime.timedelta(weeks=2), Decimal("30"))],
    )
    years = datetime.timedelta(days=4 * 365)
    with unscoped("test: dates entered long ago"):
        Placement.objects.filter(pk=placement.pk).update(
            starts_on=TODAY - years, parent_told_on=TODAY - years - datetime.timedelta(days=3)
        )
        Objective.objects.filter(pk=objective.pk).update(baseline_on=TODAY - years)
        PartTimePlan.objects.filter(placement_id=placement.pk).update(
            parent_agreed_on=TODAY - years, la_notified_on=TODAY - years
        )
        PartTimeStep.objects.filter(plan__placement_id=placement.pk).update(from_on=TODAY - years)
    changes, counted = len(rows(PlanChange)), history_of_plans()
    client = signed_in(world, "ap_lead")
    for url in (
        reverse("placements:edit", args=[placement.pk]),
        reverse("placements:objective_edit", args=[objective.pk]),
        reverse("placements:part_time", args=[placement.pk]),
    ):
        save_unchanged(client, url)
    assert (history_of_plans(), len(rows(PlanChange))) == (counted, changes)
