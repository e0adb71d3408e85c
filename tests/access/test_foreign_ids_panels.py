"""Foreign ids on the panel forms: the meeting a referral is put to and the later meeting a deferred one
goes on to are chosen among the acting LA's (or the school's LA's) upcoming meetings, so another LA's
meeting is refused with a message and nothing changes; another LA's meeting, panel item or another
area's referral in the URL is 404. Each refusal has its accepted case beside it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from panels.models import PanelItem, PanelMeeting
from referrals.models import Referral, ReferralStatus, ReferralStatusChange
from tests.bound_client import BoundClient
from tests.panels.factories import PanelItemFactory, PanelMeetingFactory, PanelSettingFactory
from tests.pupils.factories import PupilFactory
from tests.referrals.factories import ReferralFactory

IN_A_FORTNIGHT = datetime.date.today() + datetime.timedelta(days=14)


def signed_in(user) -> BoundClient:
    client = BoundClient()
    client.force_login(user)
    return client


def table(model) -> list[dict]:
    with unscoped("test"):
        return list(model.objects.order_by("pk").values())


def sent_referral(school, status=ReferralStatus.SENT) -> Referral:
    pupil = PupilFactory(school=school, known_to_local_authority_since=timezone.now())
    return ReferralFactory(pupil=pupil, status=status, sent_at=timezone.now(), shared_name="Sam T.")


@pytest.fixture
def panels(world):
    """Both LAs use a panel and meet in a fortnight."""
    for la in (world.la, world.other_la):
        PanelSettingFactory(local_authority=la)
    return {
        "la": PanelMeetingFactory(local_authority=world.la, meets_on=IN_A_FORTNIGHT),
        "other_la": PanelMeetingFactory(local_authority=world.other_la, meets_on=IN_A_FORTNIGHT),
    }


def unchanged(before: dict) -> bool:
    return all(table(model) == rows for model, rows in before.items())


def snapshot() -> dict:
    return {model: table(model) for model in (PanelItem, PanelMeeting, Referral, ReferralStatusChange)}


@pytest.mark.parametrize("role", ["ap_lead", "la_officer"])
def test_a_referral_goes_to_its_own_las_meeting_and_never_another_las(world, panels, role):
    referral = sent_referral(world.school)
    client = signed_in(world.user(role))
    url = reverse("panels:put", args=[referral.pk])
    before = snapshot()

    response = client.post(url, {"meeting": panels["other_la"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors["meeting"] == ["Select one of the meetings listed"]
    assert unchanged(before)

    assert client.post(url, {"meeting": panels["la"].pk}).status_code == 302
    with unscoped("test"):
        assert PanelItem.objects.get(referral=referral).meeting_id == panels["la"].pk


def test_another_areas_referral_is_not_found(world, panels):
    elsewhere = sent_referral(world.other_school)
    before = snapshot()
    for role in ("ap_lead", "la_officer"):
        client = signed_in(world.user(role))
        response = client.post(reverse("panels:put", args=[elsewhere.pk]), {"meeting": panels["la"].pk})
        assert response.status_code == 404, role
    assert unchanged(before)


def test_a_deferral_goes_on_to_the_las_own_later_meeting_only(world, panels):
    held_today = PanelMeetingFactory(local_authority=world.la, meets_on=timezone.localdate())
    item = PanelItemFactory(referral=sent_referral(world.school, ReferralStatus.AT_PANEL), meeting=held_today)
    later = PanelMeetingFactory(
        local_authority=world.la, meets_on=IN_A_FORTNIGHT + datetime.timedelta(days=28)
    )
    foreign = PanelMeetingFactory(
        local_authority=world.other_la, meets_on=IN_A_FORTNIGHT + datetime.timedelta(days=28)
    )
    client = signed_in(world.user("la_officer"))
    url = reverse("panels:decision", args=[item.pk])
    deferral = {"decision": "defer", "reasons": "Waiting for the assessment.", "changes": ""}
    before = snapshot()

    response = client.post(url, {**deferral, "later_meeting": foreign.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["later_meeting"] == ["Select one of the meetings listed"]
    assert unchanged(before)

    assert client.post(url, {**deferral, "later_meeting": later.pk}).status_code == 302
    with unscoped("test"):
        assert PanelItem.objects.filter(meeting=later, referral=item.referral, decision="").exists()


def test_another_las_meeting_and_panel_item_are_not_found(world, panels):
    item = PanelItemFactory(
        referral=sent_referral(world.other_school, ReferralStatus.AT_PANEL), meeting=panels["other_la"]
    )
    client = signed_in(world.user("la_officer"))
    before = snapshot()
    assert client.get(reverse("panels:meeting", args=[panels["other_la"].pk])).status_code == 404
    edit = reverse("panels:meeting_edit", args=[panels["other_la"].pk])
    assert client.post(edit, {"kind": "commissioning"}).status_code == 404
    decision = {"decision": "agree", "reasons": "Fine.", "changes": "", "later_meeting": ""}
    assert client.post(reverse("panels:decision", args=[item.pk]), decision).status_code == 404
    assert unchanged(before)


def test_a_meeting_is_made_for_the_officers_own_la_whatever_is_posted(world):
    client = signed_in(world.user("la_officer"))
    data = {
        "meets_on_0": str(IN_A_FORTNIGHT.day),
        "meets_on_1": str(IN_A_FORTNIGHT.month),
        "meets_on_2": str(IN_A_FORTNIGHT.year),
        "kind": "commissioning",
        "attendees": "Priya Shah, chair",
        "notes": "",
        "local_authority": world.other_la.pk,
        "created_by": world.user("other_la_officer").pk,
    }
    assert client.post(reverse("panels:meeting_create"), data).status_code == 302
    with unscoped("test"):
        meeting = PanelMeeting.objects.get()
    assert (meeting.local_authority_id, meeting.created_by_id) == (world.la.pk, world.user("la_officer").pk)
