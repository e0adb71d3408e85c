"""The demo's referrals, one in each state the pages know, made through the referral services by the
demo's people about the demo's pupils (`apcommission/demo/pupils.py`): Demoshire Academy's and Riverside
High's AP lead refers, the PRU's manager answers, and Northvale Secondary's AP lead has one waiting.

Drafted, sent and waiting for answers, with an offer to decide, with a taster first (and how it went),
accepted (with the detailed referral, partly shared), withdrawn and closed with no offer. Putting a
referral to the LA's panel is the panel's own step. Each referral is found by its pupil, so loading the
demo again changes nothing; a demo pupil no longer there is skipped.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from apcommission.demo.pupils import PUPILS as DEMO_PUPILS
from apcommission.demo.pupils import add_generated_pupils, upn
from apcommission.tenancy.scoping import acting_as
from pupils.models import Pupil
from referrals import details, services, visits
from referrals.models import Recipient, Referral

# key: (school key, the pupil's legal forename and surname in the demo's pupils)
REFERRED = {
    "draft": ("academy", "Ellie", "Marsh"),
    "waiting": ("academy", "Oscar", "Lindqvist"),
    "offer": ("academy", "Tyler", "Brookes"),
    "taster": ("riverside", "Jayden", "Okafor"),
    "accepted": ("academy", "Kai", "Whitfield"),
    "withdrawn": ("riverside", "Reece", "Donnelly"),
    "closed": ("academy", "Aaliyah", "Hussain"),
    "northvale": ("northvale_school", "Freya", "Armitage"),
}


def _demo_upn(school: str, forename: str, surname: str) -> str:
    return next(
        fields["upn"]
        for fields, _contacts, _years in DEMO_PUPILS[school]
        if (fields["legal_forename"], fields["legal_surname"]) == (forename, surname)
    )


def _short(key: str, start: datetime.date, **fields) -> dict:
    return {
        "reason": "at_risk",
        "needs_summary": "Struggles in large classes and has had three suspensions this year; settles "
        "with one adult they trust.",
        "success_looks_like": "Attending every morning and back in maths lessons by Easter.",
        "preferred_start": start,
        "hours_wanted": Decimal("15"),
        "pattern_wanted": "Mornings, Monday to Friday",
        "parent_informed_on": timezone.localdate() - datetime.timedelta(days=10),
        "parent_consents": True,
        "pupil_wants": "To do practical things, like mechanics.",
        "pupil_worries": "Not knowing anyone there.",
        "pupil_good_at": "Fixing bikes and looking after younger children.",
        "pupil_helped_by": "Their key worker",
        **fields,
    }


def seed_referrals(organisations: dict, acting: dict) -> None:
    """One referral in each state, made once each (a pupil with a referral already is left alone)."""
    today = timezone.localdate()
    start = today + datetime.timedelta(days=21)
    pru, forge, horizons = organisations["pru"], organisations["forge"], organisations["horizons"]
    manager = acting["pru"]

    def refer(key: str, **fields):
        school, forename, surname = REFERRED[key]
        lead = acting[school]
        with acting_as(lead):
            pupil = Pupil.objects.visible_to(lead).filter(upn=_demo_upn(school, forename, surname)).first()
            if pupil is None or Referral.objects.visible_to(lead).filter(pupil=pupil).exists():
                return None, lead
            return services.start_referral(pupil, by=lead, **_short(key, start, **fields)), lead

    def send(referral, lead, *providers):
        with acting_as(lead):
            return services.send_referral(referral, by=lead, providers=providers)

    def answer(referral, **how):
        with acting_as(manager):
            recipient = Recipient.objects.visible_to(manager).get(referral=referral, provider=pru)
            return services.respond(recipient, by=manager, **how)

    def offer(referral):
        return answer(referral, response="can_offer", offered_start=start, offered_hours=Decimal("15"))

    refer("draft")

    referral, lead = refer("waiting", reason="semh")
    if referral:
        send(referral, lead, pru, forge)

    referral, lead = refer("offer")
    if referral:
        send(referral, lead, pru, horizons)
        offer(referral)

    referral, lead = refer("taster", reason="attendance")
    if referral:
        send(referral, lead, pru)
        recipient = answer(
            referral, response="visit_first", reason="We would like Jayden to try a taster day."
        )
        with acting_as(lead):
            visit = visits.schedule_visit(recipient, by=lead, kind="taster", scheduled_on=today)
            visits.record_visit_outcome(
                visit,
                by=lead,
                went_ahead=True,
                risk_found="None found: no existing relationships in the morning group.",
                pupil_thought="Enjoyed the cooking session and wants to go back.",
                parent_thought="Liked that the group is small.",
            )

    referral, lead = refer("accepted", reason="suspended")
    if referral:
        send(referral, lead, pru, forge)
        with acting_as(lead):
            services.accept_offer(offer(referral), by=lead)
            details.save_details(
                referral,
                by=lead,
                sections={
                    "health": ("Asthma: carries an inhaler.", True),
                    "risk": ("Can leave the room when anxious; agreed exit card.", True),
                    "safeguarding": ("Open to early help. The DSL will brief the provider's DSL.", False),
                    "strategies": ("Short tasks, a quiet space, praise in private.", True),
                    "worked_before": ("Mentoring with a sports coach.", True),
                },
            )

    referral, lead = refer("withdrawn")
    if referral:
        send(referral, lead, pru)
        with acting_as(lead):
            services.end_referral(
                referral, by=lead, to="withdrawn", reason="The family moved out of the area."
            )

    referral, lead = refer("closed", reason="medical")
    if referral:
        send(referral, lead, pru)
        answer(
            referral, response="cannot_offer", reason="No places on the medical programme until September."
        )
        with acting_as(lead):
            services.end_referral(
                referral, by=lead, to="closed", reason="No provider asked could offer a place this term."
            )

    referral, lead = refer("northvale", reason="medical")
    if referral:
        send(referral, lead, organisations["northvale_hospital"], organisations["northvale_college"])


def add_generated_referrals(count: int, organisations: dict, acting: dict) -> None:
    """`count` more referrals at Demoshire Academy, about its generated pupils (made too when missing), for
    measuring the referral list at the size of a large school: each sent to the PRU and Forge, every
    other one offered a place by the PRU. A pupil with a referral already gets no other."""
    lead, manager = acting["academy"], acting["pru"]
    pru, forge = organisations["pru"], organisations["forge"]
    start = timezone.localdate() + datetime.timedelta(days=28)
    add_generated_pupils(count, by=lead)
    for number in range(count):
        with acting_as(lead):
            pupil = Pupil.objects.visible_to(lead).get(
                upn=upn(lead.organisation.laestab, 20, f"{number:03d}")
            )
            if Referral.objects.visible_to(lead).filter(pupil=pupil).exists():
                continue
            referral = services.start_referral(pupil, by=lead, **_short("generated", start))
            services.send_referral(referral, by=lead, providers=[pru, forge])
        if number % 2:
            with acting_as(manager):
                recipient = Recipient.objects.visible_to(manager).get(referral=referral, provider=pru)
                services.respond(
                    recipient,
                    by=manager,
                    response="can_offer",
                    offered_start=start,
                    offered_hours=Decimal("10"),
                )
