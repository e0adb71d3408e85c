"""Access-matrix rows for panels: an LA's people read its panels (its officers arrange meetings, say
whether the LA uses a panel and record decisions); the schools of its area see its meetings' dates only
to put a referral to one (a meeting's page is 403 to them); the referring school's AP lead or the LA's
officers put a sent referral to a panel; providers, other LAs and other areas' schools see nothing (404)."""

import datetime

from django.utils import timezone

from referrals.models import ReferralStatus
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, to, wrong_method
from tests.dates import date_input
from tests.panels.factories import PanelItemFactory, PanelMeetingFactory, PanelSettingFactory
from tests.pupils.factories import PupilFactory
from tests.referrals.factories import RecipientFactory, ReferralFactory


def sent_referral(world, *, status=ReferralStatus.SENT):
    """A referral of Demoshire Academy's pupil, sent to Demoshire's provider."""
    pupil = PupilFactory(school=world.school, known_to_local_authority_since=timezone.now())
    referral = ReferralFactory(pupil=pupil, status=status, sent_at=timezone.now(), shared_name="Amira K.")
    RecipientFactory(referral=referral, provider=world.provider)
    return referral


def demoshire_panel(world, *, meets_on=None, decided=False):
    """Demoshire uses a panel; `world.meeting` is its next meeting (today, so its decisions may be
    recorded), with `world.item` a referral put to it; `world.referral` is another referral, sent and not
    with a panel."""
    PanelSettingFactory(local_authority=world.la)
    world.meeting = PanelMeetingFactory(local_authority=world.la, meets_on=meets_on or timezone.localdate())
    decision = {"decision": "decline", "reasons": "Not yet.", "decided_at": timezone.now()} if decided else {}
    world.item = PanelItemFactory(
        meeting=world.meeting, referral=sent_referral(world, status=ReferralStatus.AT_PANEL), **decision
    )
    world.referral = sent_referral(world)


def panel_to_come(world):
    """As `demoshire_panel`, the meeting in a fortnight: its decisions wait for it."""
    demoshire_panel(world, meets_on=timezone.localdate() + datetime.timedelta(days=14))


def panel_decided(world):
    """As `demoshire_panel`, the panel's decision on `world.item` recorded."""
    demoshire_panel(world, decided=True)


def new_meeting(world, role) -> dict:
    return {
        **date_input("meets_on", timezone.localdate() + datetime.timedelta(days=21)),
        "kind": "fair_access",
        "attendees": "Priya Shah, chair\r\nTom Reed, educational psychologist",
        "notes": "",
    }


def setting_on(world, role) -> dict:
    return {"uses_panel": "yes"}


def chosen_meeting(world, role) -> dict:
    return {"meeting": str(world.meeting.pk)}


def agreed(world, role) -> dict:
    return {
        "decision": "agree",
        "reasons": "A good match for the pupil's needs.",
        "changes": "",
        "later_meeting": "",
    }


meeting = lambda world: {"pk": world.meeting.pk}  # noqa: E731
item = lambda world: {"pk": world.item.pk}  # noqa: E731
referral = lambda world: {"referral_id": world.referral.pk}  # noqa: E731

LA_ONLY = {"members": FORBIDDEN, "la_officer": OK, "la_viewer": OK, "other_la_officer": OK}
OFFICERS_ONLY = {"members": FORBIDDEN, "la_officer": OK, "other_la_officer": OK}
# Demoshire's meeting: Demoshire's people read it; its schools see it exists (403); the rest never (404).
NOT_DEMOSHIRE = {
    "other_la_officer": NOT_FOUND,
    "trust_leader": NOT_FOUND,
    "provider_manager": NOT_FOUND,
    "provider_staff": NOT_FOUND,
    "other_provider_manager": NOT_FOUND,
}
DEMOSHIRE_SCHOOLS = dict.fromkeys(
    ("ap_lead", "dsl", "school_leader", "school_staff", "other_school_leader"), FORBIDDEN
)
# A referral put to Demoshire's panel: Demoshire, the referring school and its trust see it.
NOT_THE_REFERRALS = {
    "other_la_officer": NOT_FOUND,
    "other_school_leader": NOT_FOUND,
    "provider_manager": NOT_FOUND,
    "provider_staff": NOT_FOUND,
    "other_provider_manager": NOT_FOUND,
}

ROWS = [
    page("panels:list", **LA_ONLY),
    wrong_method("panels:list", "POST"),
    page("panels:meeting_create", **OFFICERS_ONLY),
    page(
        "panels:meeting_create",
        "POST",
        note="a complete meeting",
        data=new_meeting,
        members=FORBIDDEN,
        la_officer=to("panels:meeting"),
        other_la_officer=to("panels:meeting"),
    ),
    wrong_method("panels:meeting_create", "PUT"),
    page("panels:setting", **OFFICERS_ONLY),
    page(
        "panels:setting",
        "POST",
        data=setting_on,
        members=FORBIDDEN,
        la_officer=to("panels:list"),
        other_la_officer=to("panels:list"),
    ),
    wrong_method("panels:setting", "PUT"),
    page(
        "panels:meeting",
        setup=demoshire_panel,
        kwargs=meeting,
        **DEMOSHIRE_SCHOOLS,
        **NOT_DEMOSHIRE,
        la_officer=OK,
        la_viewer=OK,
    ),
    wrong_method("panels:meeting", "POST", setup=demoshire_panel, kwargs=meeting),
    page(
        "panels:meeting_edit",
        setup=demoshire_panel,
        kwargs=meeting,
        **DEMOSHIRE_SCHOOLS,
        **NOT_DEMOSHIRE,
        la_officer=OK,
        la_viewer=FORBIDDEN,
    ),
    page(
        "panels:meeting_edit",
        "POST",
        setup=demoshire_panel,
        kwargs=meeting,
        data=new_meeting,
        **DEMOSHIRE_SCHOOLS,
        **NOT_DEMOSHIRE,
        la_officer=to("panels:meeting"),
        la_viewer=FORBIDDEN,
    ),
    wrong_method("panels:meeting_edit", "PUT", setup=demoshire_panel, kwargs=meeting),
    page(
        "panels:decision",
        setup=demoshire_panel,
        kwargs=item,
        members=FORBIDDEN,
        **NOT_THE_REFERRALS,
        la_officer=OK,
    ),
    page(
        "panels:decision",
        "POST",
        note="agreed, with reasons",
        setup=demoshire_panel,
        kwargs=item,
        data=agreed,
        members=FORBIDDEN,
        **NOT_THE_REFERRALS,
        la_officer=to("panels:meeting"),
    ),
    # Its state, not the role, refuses these: the officer goes back to the meeting, told why.
    page(
        "panels:decision",
        note="the meeting has not happened yet",
        setup=panel_to_come,
        kwargs=item,
        members=FORBIDDEN,
        **NOT_THE_REFERRALS,
        la_officer=to("panels:meeting"),
    ),
    page(
        "panels:decision",
        note="decided already",
        setup=panel_decided,
        kwargs=item,
        members=FORBIDDEN,
        **NOT_THE_REFERRALS,
        la_officer=to("panels:meeting"),
    ),
    wrong_method("panels:decision", "PUT", setup=demoshire_panel, kwargs=item),
    # The referral is the school's, its trust's, its LA's and the provider asked's to see.
    page(
        "panels:put",
        setup=demoshire_panel,
        kwargs=referral,
        members=FORBIDDEN,
        other_la_officer=NOT_FOUND,
        other_school_leader=NOT_FOUND,
        other_provider_manager=NOT_FOUND,
        ap_lead=OK,
        la_officer=OK,
    ),
    page(
        "panels:put",
        "POST",
        note="to the next meeting",
        setup=demoshire_panel,
        kwargs=referral,
        data=chosen_meeting,
        members=FORBIDDEN,
        other_la_officer=NOT_FOUND,
        other_school_leader=NOT_FOUND,
        other_provider_manager=NOT_FOUND,
        ap_lead=to("referrals:detail"),
        la_officer=to("referrals:detail"),
    ),
    wrong_method("panels:put", "PUT", setup=demoshire_panel, kwargs=referral),
]
