"""The referral's pages: the school starts, sends and decides; a provider asked reads only what the
school shared until it is chosen; a provider not asked sees nothing; a released one only that the place
is not needed. Every page that shows a pupil writes an access event."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import unscoped
from referrals import details as detail_services
from referrals import services, visits
from referrals.models import (
    Recipient,
    Referral,
    ReferralDetail,
    ReferralStatus,
    ReferralStatusChange,
    Response,
)
from tests.dates import date_input
from tests.forms.browser_post import posted_form
from tests.history import history
from tests.referrals.pages import START, accepted, act, answer_of, draft, offered, pupil_of, sent, signed_in


def events(action: str) -> list[AccessEvent]:
    with unscoped("test"):
        return list(AccessEvent.objects.filter(action=action))


def test_the_ap_lead_starts_sends_and_the_provider_offers_and_the_school_accepts(world):
    pupil = pupil_of(world)
    school = signed_in(world, "ap_lead")
    response = school.post(
        reverse("referrals:start"),
        {
            "pupil": pupil.pk,
            "reason": "at_risk",
            "needs_summary": "Finds large classes hard.",
            "success_looks_like": "Attending every morning.",
            **date_input("preferred_start", START),
            "hours_wanted": "15",
            "parent_consents": "on",
            "shared_for_deciding": ["name", "year_group", "sex", "reason", "needs", "hours", "start"],
        },
    )
    with unscoped("test"):
        referral = Referral.objects.get(pupil=pupil)
    assert response.status_code == 302
    assert response.url == reverse("referrals:detail", args=[referral.pk])

    response = school.post(reverse("referrals:send", args=[referral.pk]), {"providers": [world.provider.pk]})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT

    provider = signed_in(world, "provider_manager")
    page = provider.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Amira K." in page
    assert "Finds large classes hard." in page
    response = provider.post(
        reverse("referrals:respond", args=[referral.pk]),
        {"response": "can_offer", **date_input("offered_start", START), "offered_hours": "15"},
    )
    assert response.status_code == 302
    offer = answer_of(referral, world.provider)
    assert offer.response == Response.CAN_OFFER

    response = school.post(reverse("referrals:accept", args=[offer.pk]), {})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    page = school.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Accepted" in page
    assert "Demoshire PRU" in page


def test_a_provider_asked_reads_only_what_was_shared_never_the_record(world):
    referral = sent(world, shared_for_deciding=["name", "reason", "needs"])
    page = signed_in(world, "provider_manager").get(reverse("referrals:detail", args=[referral.pk]))
    text = page.content.decode()

    assert "Amira K." in text
    with unscoped("test"):
        upn = referral.pupil.upn
    for never in ("Khan", upn, "Farah", "Mill Lane", "Asthma", "hands-on work"):
        assert never not in text, never
    assert page.context["shared"]["year_group"] is False
    referral.refresh_from_db()
    assert referral.shared_year_group is None  # not shared: never copied


def test_a_provider_not_asked_sees_nothing(world):
    referral = sent(world)
    for role in ("other_provider_manager",):
        client = signed_in(world, role)
        assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
        assert client.get(reverse("referrals:respond", args=[referral.pk])).status_code == 404


def test_a_released_provider_is_told_only_that_the_place_is_not_needed(world):
    referral = accepted(world, world.other_provider)
    response = signed_in(world, "other_provider_manager").get(reverse("referrals:detail", args=[referral.pk]))
    text = response.content.decode()

    assert "The place is not needed" in text
    assert "Amira" not in text
    assert "Finds large classes hard." not in text
    assert next(t.name for t in response.templates) == "referrals/not_needed.html"


def test_the_chosen_provider_reads_only_the_detailed_sections_the_school_shares(world):
    referral = accepted(world)
    act(
        world.members["ap_lead"],
        detail_services.save_details,
        referral,
        sections={"health": ("Asthma: inhaler.", True), "safeguarding": ("Known to social care.", False)},
    )
    text = signed_in(world, "provider_manager").get(reverse("referrals:detail", args=[referral.pk])).content
    assert b"Asthma: inhaler." in text
    assert b"Known to social care." not in text
    # School staff (read only) see no sensitive section; the DSL sees both.
    staff = signed_in(world, "school_staff").get(reverse("referrals:detail", args=[referral.pk])).content
    assert b"Asthma: inhaler." not in staff
    assert b"Known to social care." not in staff
    dsl = signed_in(world, "dsl").get(reverse("referrals:detail", args=[referral.pk])).content
    assert b"Asthma: inhaler." in dsl
    assert b"Known to social care." in dsl


def test_the_detailed_referral_saved_unchanged_changes_nothing(world):
    referral = accepted(world)
    school = signed_in(world, "ap_lead")
    url = reverse("referrals:details", args=[referral.pk])
    school.post(url, {"health_text": "Asthma.", "health_shared": "on"})
    with unscoped("test"):
        before = list(ReferralDetail.objects.values())

    school.post(url, posted_form(school.get(url).content.decode()))
    with unscoped("test"):
        assert list(ReferralDetail.objects.values()) == before


def test_the_referral_saved_unchanged_changes_nothing(world):
    referral = sent(world)
    school = signed_in(world, "ap_lead")
    url = reverse("referrals:edit", args=[referral.pk])
    before = len(history("referrals.ReferralEvent", pgh_obj_id=referral.pk))
    response = school.post(url, posted_form(school.get(url).content.decode()))
    assert response.status_code == 302
    assert len(history("referrals.ReferralEvent", pgh_obj_id=referral.pk)) == before
    assert [str(m) for m in school.get(response.url).context["messages"]] == ["Nothing was changed."]
    with unscoped("test"):
        assert not ReferralStatusChange.objects.filter(referral=referral, from_status="sent").exists()


def test_a_sent_referral_shows_what_cannot_change_and_offers_only_what_can(world):
    referral = sent(world, shared_for_deciding=["name", "reason", "needs", "hours"])
    school = signed_in(world, "ap_lead")
    url = reverse("referrals:edit", args=[referral.pk])

    response = school.get(url)

    fields = response.context["form"].fields
    assert not {"reason", "parent_consents", "parent_notice_on", "shared_for_deciding"} & set(fields)
    text = response.content.decode()
    assert "At risk of permanent exclusion" in text  # shown, read only
    assert "First name and surname initial, Reason for the referral, Needs summary" in text
    noted = "The providers asked read this: a change is noted on the timeline."
    assert {name for name, field in fields.items() if noted in str(field.help_text)} == {
        "needs_summary",
        "hours_wanted",
        "pattern_wanted",
    }
    # A reason posted anyway is not taken: the form does not ask it.
    data = dict(posted_form(text)) | {"reason": "excluded", "needs_summary": "Now needs a quiet room."}
    response = school.post(url, data)
    assert [str(m) for m in school.get(response.url).context["messages"]] == ["Referral saved."]
    with unscoped("test"):
        referral.refresh_from_db()
    assert (referral.reason, referral.needs_summary) == ("at_risk", "Now needs a quiet room.")


def test_a_change_after_sending_is_on_the_timeline_saying_what_the_providers_read(world):
    referral = sent(world, shared_for_deciding=["name", "needs"])
    lead = world.members["ap_lead"]

    changed = act(
        lead,
        services.update_referral,
        referral,
        changes={"needs_summary": "Now needs a quiet room.", "pupil_choice": "The farm."},
    )

    assert changed == ["needs_summary", "pupil_choice"]
    page = signed_in(world, "la_officer").get(reverse("referrals:detail", args=[referral.pk]))
    (entry,) = [entry for entry in page.context["timeline"] if entry.what == "Changed after sending"]
    assert entry.why == (
        "The providers asked read the new needs summary. Also changed: the pupil's choice of provider"
    )
    assert "Changed after sending" in page.content.decode()
    # A draft's changes are its own business until it is sent.
    first_draft = draft(world)
    act(lead, services.update_referral, first_draft, changes={"needs_summary": "Changed."})
    with unscoped("test"):
        assert list(ReferralStatusChange.objects.filter(referral=first_draft).values_list("to_status")) == [
            ("draft",)
        ]


def test_withdrawing_needs_a_reason_and_tells_the_providers(world):
    referral = sent(world)
    school = signed_in(world, "ap_lead")
    url = reverse("referrals:end", args=[referral.pk])
    response = school.post(url, {"to": "withdrawn", "reason": ""})
    assert response.status_code == 200
    assert "Say why the referral ends" in response.content.decode()
    assert school.post(url, {"to": "withdrawn", "reason": "Family moved away."}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    assert answer_of(referral, world.provider).response == Response.NOT_NEEDED


def test_an_offer_without_a_start_is_refused_on_its_field(world):
    referral = sent(world)
    response = signed_in(world, "provider_manager").post(
        reverse("referrals:respond", args=[referral.pk]), {"response": "can_offer", "offered_hours": "10"}
    )
    assert response.status_code == 200
    assert "offered_start" in response.context["form"].errors
    assert answer_of(referral, world.provider).response == Response.AWAITING


def test_cannot_offer_without_saying_why_is_refused_beside_the_box_for_why(world):
    referral = sent(world)
    response = signed_in(world, "provider_manager").post(
        reverse("referrals:respond", args=[referral.pk]), {"response": "cannot_offer", "reason": "  "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Say why you cannot offer a place"]}
    assert '<a href="#id_reason">Say why you cannot offer a place</a>' in response.content.decode()
    assert answer_of(referral, world.provider).response == Response.AWAITING


def test_a_visit_is_arranged_then_its_outcome_recorded(world):
    referral = sent(world)
    answer = answer_of(referral, world.provider)
    school = signed_in(world, "ap_lead")
    response = school.post(
        reverse("referrals:visit_create", args=[answer.pk]),
        {"kind": "taster", **date_input("scheduled_on", START)},
    )
    assert response.status_code == 302
    with unscoped("test"):
        visit = answer.visits.get()
    with time_machine.travel(START, tick=False):
        response = signed_in(world, "provider_manager").post(
            reverse("referrals:visit_outcome", args=[visit.pk]),
            {"went_ahead": "yes", "risk_found": "Knows a pupil in the group from a past incident."},
        )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.went_ahead is True
    assert "past incident" in visit.risk_found
    page = school.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "past incident" in page
    assert "Taster session" in page


@pytest.mark.parametrize("role", ["ap_lead", "provider_manager"])
def test_how_a_visit_went_is_offered_from_its_day_and_refused_before_it(world, role):
    referral = sent(world)
    visit = act(
        world.members["ap_lead"],
        visits.schedule_visit,
        answer_of(referral, world.provider),
        kind="visit",
        scheduled_on=START,
    )
    client = signed_in(world, role)
    detail = reverse("referrals:detail", args=[referral.pk])
    outcome = reverse("referrals:visit_outcome", args=[visit.pk])
    says = f"you can record how it went from {START:%-d %B %Y}, the day it is arranged for"

    page = client.get(detail).content.decode()
    assert outcome not in page
    assert says in page
    banner = f"You can record how the visit went from {START:%-d %B %Y}, the day it is arranged for."
    for asked in (client.get, lambda url: client.post(url, {"went_ahead": "yes"})):
        assert asked(outcome).url == detail
        assert [str(m) for m in client.get(detail).context["messages"]] == [banner]
    with unscoped("test"):
        visit.refresh_from_db()
    assert visit.went_ahead is None

    with time_machine.travel(START, tick=False):
        client = signed_in(world, role)  # signed in afresh: three weeks on, the session has ended
        page = client.get(detail).content.decode()
        assert outcome in page
        assert says not in page
        assert client.get(outcome).status_code == 200


@pytest.mark.parametrize(
    ("role", "action"),
    [
        ("ap_lead", "referral.view"),
        ("la_officer", "referral.view"),
        ("provider_manager", "referral.view_shared"),
    ],
)
def test_every_view_of_a_referral_writes_an_access_event(world, role, action):
    referral = sent(world)
    signed_in(world, role).get(reverse("referrals:detail", args=[referral.pk]))
    [event] = events(action)
    assert event.pupil_ids == [referral.pupil_id]


def test_the_list_writes_an_access_event_for_the_pupils_it_shows(world):
    referral = sent(world)
    signed_in(world, "ap_lead").get(reverse("referrals:list"))
    [event] = events("referral.list")
    assert event.pupil_ids == [referral.pupil_id]


def test_the_timeline_says_who_did_what(world):
    referral = sent(world)
    offered(world, referral)
    page = signed_in(world, "la_officer").get(reverse("referrals:detail", args=[referral.pk]))
    whats = [entry.what for entry in page.context["timeline"]]
    assert whats == ["Offered a place", "Sent to providers", "Started as a draft"]
    assert page.context["how_long"] == f"Sent {timezone.localdate():%-d %B %Y} (today)."


def test_the_timeline_keeps_every_answer_as_given_once_the_school_accepts_one(world):
    lead, manager = world.members["ap_lead"], world.members["provider_manager"]
    other = world.members["other_provider_manager"]
    day = timezone.now() - datetime.timedelta(days=5)

    def on(days: int):
        return time_machine.travel(day + datetime.timedelta(days=days), tick=False)

    with on(0):
        referral = sent(world, world.provider, world.other_provider)
    with on(1):
        act(
            manager,
            services.respond,
            answer_of(referral, world.provider),
            response="visit_first",
            reason="Taster?",
        )
    with on(2):
        offered(world, referral)  # from START, 15 hours a week
    with on(3):
        act(
            other,
            services.respond,
            answer_of(referral, world.other_provider),
            response="can_offer",
            offered_start=START,
            offered_hours=Decimal("12.5"),
        )
    with on(3.5):
        act(
            other,
            services.respond,
            answer_of(referral, world.other_provider),
            response="cannot_offer",
            reason="Our Year 9 group is full.",
        )
    with on(4):
        act(lead, services.accept_offer, answer_of(referral, world.provider))

    page = signed_in(world, "ap_lead").get(reverse("referrals:detail", args=[referral.pk]))

    pru, college = str(world.provider), str(world.other_provider)
    lead_name = lead.user.full_name or lead.user.email
    told = [(entry.what, entry.who, entry.why) for entry in reversed(page.context["timeline"])]
    assert told == [
        ("Started as a draft", lead_name, ""),
        ("Sent to providers", lead_name, ""),
        ("Asked for a visit or taster first", pru, "Taster?"),
        ("Offered a place", pru, f"From {START:%-d %B %Y}, 15 hours a week"),
        ("Offered a place", college, f"From {START:%-d %B %Y}, 12.5 hours a week"),
        ("Could not offer a place", college, "Our Year 9 group is full."),
        (f"Accepted {pru}'s offer", lead_name, ""),
    ]
    html = page.content.decode()
    assert "Our Year 9 group is full." in html
    assert f"From {START:%-d %B %Y}, 15 hours a week" in html


def test_a_draft_is_not_the_las_and_another_school_sees_nothing(world):
    referral = draft(world)
    assert (
        signed_in(world, "la_officer").get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    )
    client = signed_in(world, "other_school_leader")
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404


def test_the_provider_list_shows_what_waits_for_a_reply(world):
    waiting = sent(world)
    done = accepted(world)
    client = signed_in(world, "provider_manager")
    rows = client.get(reverse("referrals:list")).context["page"].object_list
    assert [row.referral_id for row in rows] == [waiting.pk]
    rows = client.get(reverse("referrals:list"), {"show": "chosen"}).context["page"].object_list
    assert [row.referral_id for row in rows] == [done.pk]
    with unscoped("test"):
        assert Recipient.objects.count() == 2


def test_a_referral_is_started_from_the_pupils_page_with_the_pupil_chosen(world):
    pupil = pupil_of(world)
    school = signed_in(world, "ap_lead")
    record = school.get(reverse("pupils:detail", args=[pupil.pk])).content.decode()
    start = f"{reverse('referrals:start')}?pupil={pupil.pk}"
    assert start in record
    assert school.get(start).context["form"]["pupil"].value() == str(pupil.pk)


@pytest.mark.parametrize("role", ["la_officer", "la_viewer", "trust_leader", "school_staff"])
def test_those_who_may_open_the_pupils_record_are_linked_to_it_from_the_referral(world, role):
    referral = sent(world)
    client = signed_in(world, role)
    pupil_url = reverse("pupils:detail", args=[referral.pupil_id])

    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()

    assert f'href="{pupil_url}"' in page
    assert client.get(pupil_url).status_code == 200


def test_a_provider_is_never_linked_to_the_pupils_record(world):
    referral = sent(world)
    page = signed_in(world, "provider_manager").get(reverse("referrals:detail", args=[referral.pk]))
    assert reverse("pupils:detail", args=[referral.pupil_id]) not in page.content.decode()


def test_the_start_page_warns_of_the_pupils_open_referrals_and_links_them(world):
    pupil = pupil_of(world)
    first, second = draft(world, pupil), sent(world, pupil=pupil)
    ended = draft(world, pupil)
    act(
        world.members["ap_lead"],
        services.end_referral,
        ended,
        to=ReferralStatus.WITHDRAWN,
        reason="Made in error.",
    )
    client = signed_in(world, "ap_lead")

    page = client.get(reverse("referrals:start") + f"?pupil={pupil.pk}").content.decode()

    assert "This pupil already has open referrals" in page
    for referral in (first, second):
        assert f'href="{reverse("referrals:detail", args=[referral.pk])}"' in page
    assert reverse("referrals:detail", args=[ended.pk]) not in page
    assert "govuk-warning-text" not in client.get(reverse("referrals:start")).content.decode()
    other = pupil_of(world, legal_surname="Other")
    assert (
        "govuk-warning-text"
        not in client.get(reverse("referrals:start") + f"?pupil={other.pk}").content.decode()
    )


def test_the_warning_does_not_stop_a_second_referral_nor_show_another_schools(world):
    pupil = pupil_of(world)
    draft(world, pupil)
    elsewhere = pupil_of(world, school=world.sibling_school)
    draft(world, elsewhere)
    client = signed_in(world, "ap_lead")

    assert (
        "govuk-warning-text"
        not in client.get(reverse("referrals:start") + f"?pupil={elsewhere.pk}").content.decode()
    )
    response = client.post(
        reverse("referrals:start"),
        {
            "pupil": pupil.pk,
            "reason": "at_risk",
            "needs_summary": "Finds large classes hard.",
            "success_looks_like": "Attending every morning.",
        },
    )
    assert response.status_code == 302
    with unscoped("test"):
        assert Referral.objects.filter(pupil=pupil).count() == 2
