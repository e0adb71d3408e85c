"""The panel pages as their readers see them: the LA's list in a fixed number of queries, a meeting's
referrals shown only as shared for deciding unless the reader may see the pupil in full, an access event
wherever a pupil is shown, forms saved unchanged changing nothing, and the referral page's panel part."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import acting_as, unscoped
from panels import services
from panels.models import Decision, PanelMeeting
from referrals.models import Referral, ReferralStatus
from tests.forms.browser_post import posted_form
from tests.history import history
from tests.panels.factories import PanelItemFactory, PanelMeetingFactory, PanelSettingFactory
from tests.pupils.factories import PupilFactory
from tests.referrals.factories import ReferralFactory

TODAY = datetime.date.today()


def signed_in(client, world, role):
    client.force_login(world.user(role))
    return client


def referral_of(world, status=ReferralStatus.AT_PANEL, shared_name="Amira K."):
    """A referral of Amira Khanum's, sent with her name shared as "Amira K." (or as `shared_name`: "" when
    the school did not share it)."""
    pupil = PupilFactory(
        school=world.school,
        legal_forename="Amira",
        legal_surname="Khanum",
        sen_status="ehc_plan",
        known_to_local_authority_since=timezone.now(),
    )
    return ReferralFactory(pupil=pupil, status=status, sent_at=timezone.now(), shared_name=shared_name)


@pytest.fixture
def meeting(world):
    PanelSettingFactory(local_authority=world.la)
    meeting = PanelMeetingFactory(
        local_authority=world.la,
        meets_on=TODAY + datetime.timedelta(days=7),
        attendees=[{"name": "Priya Shah", "role": "Chair"}],
        notes="Room 4.\nBring the papers.",
    )
    return meeting


@pytest.fixture
def item(world, meeting):
    """A referral put to a meeting held today, whose decision may be recorded."""
    today = PanelMeetingFactory(local_authority=world.la, meets_on=TODAY, notes="Room 4.")
    return PanelItemFactory(meeting=today, referral=referral_of(world))


def access_events(action: str) -> list[AccessEvent]:
    with unscoped("test"):
        return list(AccessEvent.objects.filter(action=action).order_by("pk"))


@pytest.mark.parametrize("meetings", [10, 200])
def test_the_panels_list_costs_the_same_for_10_or_200_meetings(
    world, client, django_assert_num_queries, meetings
):
    PanelSettingFactory(local_authority=world.la)
    for day in range(meetings):
        meeting = PanelMeetingFactory(
            local_authority=world.la, meets_on=TODAY + datetime.timedelta(days=day - meetings // 2)
        )
        if day % 5 == 0:
            PanelItemFactory(meeting=meeting, referral=referral_of(world, ReferralStatus.SENT))
    signed_in(client, world, "la_officer")
    client.get(reverse("panels:list"))  # the session and membership, warmed

    with django_assert_num_queries(QUERIES_FOR_THE_LIST):
        response = client.get(reverse("panels:list"))
    assert response.status_code == 200
    assert len(response.context["upcoming"]) == meetings - meetings // 2
    assert len(response.context["page"].object_list) == min(25, meetings // 2)


# Whether the LA uses a panel, the upcoming meetings, and the past page with its count.
QUERIES_FOR_THE_LIST = 4


def test_a_viewer_reads_what_was_shared_for_deciding_and_an_officer_the_pupil_in_full(world, client, item):
    pupil = item.referral.pupil
    signed_in(client, world, "la_viewer")
    page = client.get(reverse("panels:meeting", args=[item.meeting_id])).content.decode()
    assert "Amira K." in page
    assert "Priya Shah, Chair" in page
    for hidden in (pupil.upn, "Khanum", "Education, health and care"):
        assert hidden not in page

    signed_in(client, world, "la_officer")
    page = client.get(reverse("panels:meeting", args=[item.meeting_id])).content.decode()
    for shown in (pupil.upn, "Amira Khanum", "Education, health and care (EHC) plan"):
        assert shown in page
    assert reverse("panels:decision", args=[item.pk]) in page

    events = access_events("panels.meeting")
    assert [(e.role, e.pupil_ids) for e in events] == [("la_viewer", [pupil.pk]), ("la_officer", [pupil.pk])]


def test_a_pupil_whose_name_was_not_shared_is_named_by_the_record_or_said_to_be_not_shared(world, client):
    meeting = PanelMeetingFactory(local_authority=world.la, meets_on=TODAY)
    item = PanelItemFactory(meeting=meeting, referral=referral_of(world, shared_name=""))
    url = reverse("panels:meeting", args=[meeting.pk])

    signed_in(client, world, "la_viewer")
    page = client.get(url).content.decode()
    assert f"A pupil, {world.school.name}</h3>" in page
    assert "Name not shared</dd>" in page
    assert "Khanum" not in page

    signed_in(client, world, "la_officer")
    page = client.get(url).content.decode()
    assert f"Amira Khanum, {world.school.name}</h3>" in page
    assert "not shared" not in page
    decision = client.get(reverse("panels:decision", args=[item.pk])).content.decode()
    assert ">Amira Khanum</dd>" in decision


def test_the_put_page_and_its_message_name_the_pupil_from_the_record_when_no_name_was_shared(
    world, client, meeting
):
    referral = referral_of(world, ReferralStatus.SENT, shared_name="")
    signed_in(client, world, "ap_lead")
    url = reverse("panels:put", args=[referral.pk])

    assert f"The referral for Amira Khanum ({world.school.name})" in client.get(url).content.decode()
    response = client.post(url, {"meeting": meeting.pk}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"Referral for Amira Khanum put to the {meeting}."
    ]


def test_the_decisions_message_names_the_pupil_from_the_record(world, client, item):
    with unscoped("test"):
        Referral.objects.filter(pk=item.referral_id).update(shared_name="")
    signed_in(client, world, "la_officer")
    response = client.post(
        reverse("panels:decision", args=[item.pk]),
        {"decision": Decision.AGREE, "reasons": "Good fit.", "changes": "", "later_meeting": ""},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Decision on Amira Khanum recorded."]


def test_the_record_the_decision_link_names_the_pupil_as_the_page_does(world, client, item):
    signed_in(client, world, "la_officer")
    page = client.get(reverse("panels:meeting", args=[item.meeting_id])).content.decode()
    hidden = f'<span class="govuk-visually-hidden"> for Amira Khanum, {world.school.name}</span>'
    named = f"Record the decision{hidden}"
    assert named in page
    assert "on referral 1" not in page


def test_a_meeting_with_no_referrals_shows_no_pupil_and_writes_no_access_event(world, client, meeting):
    signed_in(client, world, "la_officer")
    page = client.get(reverse("panels:meeting", args=[meeting.pk])).content.decode()
    assert "No referrals have been put to this meeting yet." in page
    assert access_events("panels.meeting") == []


def test_the_decision_page_shows_the_pupil_and_says_so_in_the_access_log(world, client, item):
    signed_in(client, world, "la_officer")
    response = client.get(reverse("panels:decision", args=[item.pk]))
    assert response.status_code == 200
    assert [e.pupil_ids for e in access_events("panels.decision")] == [[item.referral.pupil_id]]


def test_a_decision_is_not_offered_before_the_meeting_and_its_page_says_when_it_can_be(
    world, client, meeting
):
    waiting = PanelItemFactory(meeting=meeting, referral=referral_of(world))
    signed_in(client, world, "la_officer")
    meeting_url = reverse("panels:meeting", args=[meeting.pk])
    says = f"The panel meets on {meeting.meets_on:%-d %B %Y}: record its decision after it meets."

    page = client.get(meeting_url).content.decode()

    assert reverse("panels:decision", args=[waiting.pk]) not in page
    assert says in page
    response = client.get(reverse("panels:decision", args=[waiting.pk]))
    assert response.status_code == 302
    assert response.url == meeting_url
    assert client.get(meeting_url).content.decode().count(says) == 2  # and in the banner
    signed_in(client, world, "la_viewer")
    assert "record its decision after it meets" not in client.get(meeting_url).content.decode()


def test_agreeing_with_changes_without_saying_which_is_shown_with_the_error_summary(world, client, item):
    signed_in(client, world, "la_officer")
    response = client.post(
        reverse("panels:decision", args=[item.pk]),
        {"decision": Decision.AGREE_WITH_CHANGES, "reasons": "Good fit.", "changes": "", "later_meeting": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Say what changes the panel asks for" in page
    with unscoped("test"):
        item.refresh_from_db()
    assert item.decision == ""


def test_agreeing_with_changes_without_changes_or_reasons_says_both_at_once(world, client, item):
    signed_in(client, world, "la_officer")
    response = client.post(
        reverse("panels:decision", args=[item.pk]),
        {"decision": Decision.AGREE_WITH_CHANGES, "reasons": "", "changes": "", "later_meeting": ""},
    )
    assert response.context["form"].errors == {
        "reasons": ["Enter the panel's reasons"],
        "changes": ["Say what changes the panel asks for"],
    }


def test_agreed_with_changes_typed_is_refused_on_the_changes_box_and_keeps_the_text(world, client, item):
    signed_in(client, world, "la_officer")
    response = client.post(
        reverse("panels:decision", args=[item.pk]),
        {"decision": Decision.AGREE, "reasons": "Good fit.", "changes": "Mornings only", "later_meeting": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "changes": ["Choose 'Agreed with changes' to record changes, or clear the box"]
    }
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Mornings only" in page
    with unscoped("test"):
        item.refresh_from_db()
    assert item.decision == ""


def test_the_put_page_shows_the_pupil_and_says_so_in_the_access_log(world, client, meeting):
    referral = referral_of(world, ReferralStatus.SENT)
    signed_in(client, world, "ap_lead")
    page = client.get(reverse("panels:put", args=[referral.pk])).content.decode()
    assert "Amira Khanum" in page  # the school's AP lead sees its pupil in full
    assert f"Fair access panel, {TODAY + datetime.timedelta(days=7):%-d %B %Y}" in page
    assert [e.pupil_ids for e in access_events("panels.put")] == [[referral.pupil_id]]


def test_the_put_page_offers_only_the_meetings_the_referral_has_not_been_to(world, client, item):
    later = PanelMeetingFactory(local_authority=world.la, meets_on=TODAY + datetime.timedelta(days=21))
    with unscoped("test"):
        type(item).objects.filter(pk=item.pk).update(
            decision=Decision.DECLINE, reasons="Not yet.", decided_at=timezone.now()
        )
        Referral.objects.filter(pk=item.referral_id).update(status=ReferralStatus.SENT)
    signed_in(client, world, "ap_lead")
    page = client.get(reverse("panels:put", args=[item.referral_id])).content.decode()
    assert f'value="{later.pk}"' in page
    assert f'value="{item.meeting_id}"' not in page
    response = client.post(reverse("panels:put", args=[item.referral_id]), {"meeting": item.meeting_id})
    assert response.status_code == 200
    with unscoped("test"):
        assert Referral.objects.get(pk=item.referral_id).status == ReferralStatus.SENT


def test_an_la_that_uses_no_panel_offers_no_putting(world, client):
    referral = referral_of(world, ReferralStatus.SENT)
    signed_in(client, world, "ap_lead")
    response = client.get(reverse("panels:put", args=[referral.pk]))  # its LA's setting, not the role
    assert response.url == reverse("referrals:detail", args=[referral.pk])


def test_a_meeting_saved_unchanged_changes_nothing(world, client, meeting):
    signed_in(client, world, "la_officer")
    url = reverse("panels:meeting_edit", args=[meeting.pk])
    events = len(history("panels.PanelMeetingEvent"))
    response = client.post(url, posted_form(client.get(url).content.decode()))
    assert response.status_code == 302
    assert len(history("panels.PanelMeetingEvent")) == events
    with unscoped("test"):
        assert PanelMeeting.objects.get(pk=meeting.pk).notes == "Room 4.\nBring the papers."


def test_the_setting_saved_unchanged_changes_nothing(world, client):
    signed_in(client, world, "la_officer")
    url = reverse("panels:setting")
    assert client.post(url, {"uses_panel": "yes"}).status_code == 302
    events = len(history("panels.PanelSettingEvent"))
    assert client.post(url, posted_form(client.get(url).content.decode())).status_code == 302
    assert len(history("panels.PanelSettingEvent")) == events == 1


@pytest.mark.parametrize(
    ("decision", "heading"),
    [
        (Decision.AGREE, "Agreed by the panel"),
        (Decision.AGREE_WITH_CHANGES, "Agreed with changes by the panel"),
        (Decision.DECLINE, "Not agreed by the panel"),
        (Decision.DEFER, "Deferred by the panel"),
    ],
)
def test_the_referrals_timeline_is_headed_by_the_panels_decision(world, client, item, decision, heading):
    officer = world.members["la_officer"]
    changes = "Mornings only." if decision == Decision.AGREE_WITH_CHANGES else ""
    with acting_as(officer):
        services.record_decision(item, by=officer, decision=decision, reasons="Good fit.", changes=changes)
    signed_in(client, world, "ap_lead")

    page = client.get(reverse("referrals:detail", args=[item.referral_id]))

    newest = page.context["timeline"][0]
    assert newest.what == heading
    assert newest.why.startswith(f"{Decision(decision).label} by the fair access panel on")
    asked = " Changes asked for: Mornings only." if changes else ""
    assert newest.why.endswith(f"Good fit.{asked}\nThe referral went back to the providers.")


def render_referral_panel(membership, referral) -> str:
    template = Template("{% load panels %}{% referral_panel referral %}")
    with acting_as(membership):
        return template.render(Context({"membership": membership, "referral": referral}))


def test_the_referral_page_shows_the_panels_decision_to_the_school(world, item):
    with unscoped("test"):
        type(item).objects.filter(pk=item.pk).update(
            decision=Decision.AGREE_WITH_CHANGES,
            changes="Mornings only at first.",
            reasons="The provider knows the pupil's needs.",
            decided_at=timezone.now(),
        )
    for role in ("ap_lead", "school_staff", "la_viewer"):
        html = render_referral_panel(world.members[role], item.referral)
        assert "Agreed with changes" in html, role
        assert "Mornings only at first." in html
        assert "The provider knows the pupil&#x27;s needs." in html
        assert "Put to the panel" not in html  # it is not sent any more: it is with the panel
    assert render_referral_panel(world.members["provider_manager"], item.referral).strip() == ""


def test_the_referral_page_offers_the_ap_lead_the_panel_for_a_sent_referral(world, meeting):
    referral = referral_of(world, ReferralStatus.SENT)
    html = render_referral_panel(world.members["ap_lead"], referral)
    assert reverse("panels:put", args=[referral.pk]) in html
    assert "Put to the panel" not in render_referral_panel(world.members["school_staff"], referral)


@pytest.mark.parametrize(("decision", "offered"), [(Decision.AGREE, False), (Decision.DECLINE, True)])
def test_after_a_decision_the_panel_is_offered_again_only_for_a_referral_it_did_not_agree_to(
    world, item, decision, offered
):
    with unscoped("test"):
        type(item).objects.filter(pk=item.pk).update(
            decision=decision, reasons="Discussed.", decided_at=timezone.now()
        )
        Referral.objects.filter(pk=item.referral_id).update(status=ReferralStatus.SENT)
        item.referral.refresh_from_db()
    html = render_referral_panel(world.members["ap_lead"], item.referral)
    assert ("Put to the panel again" in html) is offered
    assert "Put to the panel</a>" not in html


def test_the_las_home_page_links_its_panels_without_a_query_of_their_own(world, client):
    signed_in(client, world, "la_officer")
    page = client.get(reverse("home")).content.decode()
    for url in ("panels:list", "panels:meeting_create", "panels:setting"):
        assert reverse(url) in page
    signed_in(client, world, "la_viewer")
    page = client.get(reverse("home")).content.decode()
    assert reverse("panels:list") in page
    assert reverse("panels:meeting_create") not in page


def test_the_navigation_marks_panels_as_the_current_page(world, client):
    signed_in(client, world, "la_officer")
    [link] = [
        link for link in client.get(reverse("panels:list")).context["navigation"] if link["label"] == "Panels"
    ]
    assert link == {"label": "Panels", "url": reverse("panels:list"), "current": True, "count": 0}


@pytest.mark.parametrize("role", ["ap_lead", "la_officer"])
def test_putting_a_referral_to_the_panel_returns_to_the_referral(world, client, meeting, role):
    referral = referral_of(world, ReferralStatus.SENT)
    signed_in(client, world, role)

    response = client.post(reverse("panels:put", args=[referral.pk]), {"meeting": meeting.pk})

    assert response.url == reverse("referrals:detail", args=[referral.pk])
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [f"Referral for Amira Khanum put to the {meeting}."]
