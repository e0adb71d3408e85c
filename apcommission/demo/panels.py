"""The demo's panels: Demoshire puts its AP referrals to its fair access panel. One meeting was three
weeks ago and decided on two referrals from Demoshire Academy (agreed with changes; declined); the next is
in a fortnight, with a third referral put to it by the academy's AP lead.

Everything is done through the services, as the person who would do it. The three referrals are the
panel's own, for three pupils the academy's AP lead adds here, so the panels keep their story whatever
else the demo holds; once a meeting is there, loading again changes nothing.
"""

import datetime
from decimal import Decimal

import pgtrigger
from django.utils import timezone

from apcommission.demo.pupils import upn
from apcommission.demo.recording import recorded
from apcommission.forms.dates import long_date
from apcommission.tenancy.scoping import acting_as, unscoped
from panels import services as panels
from panels.models import Decision, PanelItem, PanelKind, PanelMeeting
from pupils import services as pupils
from pupils.models import Sex
from referrals import services as referrals
from referrals.models import Referral, ReferralReason, ReferralStatusChange
from referrals.models import ReferralStatus as S

ATTENDEES = [
    {"name": "Nadia Osei", "role": "chair, head of inclusion, Demoshire Council"},
    {"name": "Rob Kettering", "role": "headteacher, Riverside High School"},
    {"name": "Dr Helen Marsh", "role": "educational psychologist"},
    {"name": "Sunil Varma", "role": "SEND casework manager"},
]

# (forename, surname, date of birth, sex, UPN serial, reason, needs summary, hours wanted)
PUPILS = [
    (
        "Jayden",
        "Clarke",
        datetime.date(2011, 10, 2),
        Sex.MALE,
        "901",
        ReferralReason.AT_RISK,
        "Struggles in large classes; three fixed-term suspensions this year.",
        Decimal("15"),
    ),
    (
        "Maisie",
        "Holt",
        datetime.date(2012, 1, 19),
        Sex.FEMALE,
        "902",
        ReferralReason.SEMH,
        "Anxiety has kept her out of lessons since October; engages one to one.",
        Decimal("10"),
    ),
    (
        "Kacper",
        "Nowak",
        datetime.date(2010, 6, 7),
        Sex.MALE,
        "903",
        ReferralReason.ATTENDANCE,
        "Attendance 61% this year; wants a vocational route.",
        Decimal("20"),
    ),
]


def _referral(details, *, by, provider, today) -> Referral:
    """A pupil of the AP lead's school and a referral for them, sent to `provider`."""
    forename, surname, born, sex, serial, reason, needs, hours = details
    with acting_as(by):
        pupil = pupils.add_pupil(
            by=by,
            legal_forename=forename,
            legal_surname=surname,
            date_of_birth=born,
            sex=sex,
            upn=upn("9994001", 2025, serial),
        )
        referral = referrals.start_referral(
            pupil,
            by=by,
            reason=reason,
            needs_summary=needs,
            success_looks_like="Attending every morning and back in English and maths lessons by Easter.",
            preferred_start=today + datetime.timedelta(days=35),
            hours_wanted=hours,
            parent_informed_on=today - datetime.timedelta(days=30),
            parent_consents=True,
            pupil_wants="Smaller groups and something practical.",
        )
        return referrals.send_referral(referral, by=by, providers=[provider])


def seed_panels(organisations: dict, acting: dict) -> None:
    """Demoshire's panel, its two meetings and three referrals put to them (once)."""
    officer, lead = acting["demoshire"], acting["academy"]
    if recorded(PanelMeeting, "pk", by=officer):
        return
    today = timezone.localdate()
    sent = [_referral(p, by=lead, provider=organisations["pru"], today=today) for p in PUPILS]
    with acting_as(officer):
        panels.set_uses_panel(by=officer, uses_panel=True)
        # The past meeting is arranged for today, takes its referrals and decides, then is dated when it
        # met: a referral is put only to a meeting still to come, and decided on from the meeting's day.
        past = panels.arrange_meeting(
            by=officer,
            meets_on=today,
            kind=PanelKind.FAIR_ACCESS,
            attendees=ATTENDEES,
            notes="Quorate. Papers circulated a week before.",
        )
        upcoming = panels.arrange_meeting(
            by=officer,
            meets_on=today + datetime.timedelta(days=14),
            kind=PanelKind.FAIR_ACCESS,
            attendees=ATTENDEES[:3],
        )
    with acting_as(lead):
        agreed, declined = (panels.put_to_panel(r, by=lead, meeting=past) for r in sent[:2])
        panels.put_to_panel(sent[2], by=lead, meeting=upcoming)
    with acting_as(officer):
        panels.record_decision(
            agreed,
            by=officer,
            decision=Decision.AGREE_WITH_CHANGES,
            changes="Start with mornings only for the first four weeks, then review.",
            reasons="The PRU's small groups meet his needs; a phased start protects his place at school.",
        )
        panels.record_decision(
            declined,
            by=officer,
            decision=Decision.DECLINE,
            reasons="Her needs are better met by the hospital education service: the school is asked to "
            "refer there.",
        )
    # A meeting cannot be arranged in the past, nor moved once it has decided: the demo's meeting three
    # weeks ago is dated so directly, as if it had been arranged then, and so is what led up to it.
    _date_the_past([agreed.referral_id, declined.referral_id], meeting=past, today=today)


# How many days ago the past meeting's referrals were started, sent, put to it, and decided at it (it met
# that day).
STARTED_DAYS_AGO, SENT_DAYS_AGO, PUT_DAYS_AGO, HELD_DAYS_AGO = 30, 28, 25, 21


def _date_the_past(referral_ids: list[int], *, meeting: PanelMeeting, today: datetime.date) -> None:
    """Date the past meeting, and its referrals' sending, putting and decision, on the days they would
    have happened, in their order: each was done today, the one day the services allow it. The timeline
    is append-only in the database; the demo alone writes its dates, once, as it makes them."""
    now = timezone.now()

    def ago(days: int) -> datetime.datetime:
        return now - datetime.timedelta(days=days)

    held = today - datetime.timedelta(days=HELD_DAYS_AGO)
    when = {"": STARTED_DAYS_AGO, S.DRAFT: SENT_DAYS_AGO, S.SENT: PUT_DAYS_AGO, S.AT_PANEL: HELD_DAYS_AGO}
    with unscoped("demo: a panel meeting held three weeks ago"):
        PanelMeeting.objects.filter(pk=meeting.pk).update(meets_on=held)
        Referral.objects.filter(pk__in=referral_ids).update(
            created_at=ago(STARTED_DAYS_AGO), sent_at=ago(SENT_DAYS_AGO)
        )
        PanelItem.objects.filter(meeting=meeting).update(
            put_at=ago(PUT_DAYS_AGO), decided_at=ago(HELD_DAYS_AGO)
        )
        with pgtrigger.ignore("referrals.ReferralStatusChange:append_only"):
            for move in ReferralStatusChange.objects.filter(referral_id__in=referral_ids):
                # The reasons name the meeting by the date it had when they were written: today.
                reason = move.reason.replace(long_date(today), long_date(held))
                ReferralStatusChange.objects.filter(pk=move.pk).update(
                    changed_at=ago(when[move.from_status]), reason=reason
                )
