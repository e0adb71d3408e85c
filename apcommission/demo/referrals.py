"""The demo's referrals, one in each state the pages know, made through the referral services by the
demo's people: Demoshire Academy's and Riverside High's AP lead refers, the PRU's manager answers.

Drafted, sent and waiting for answers, with an offer to decide, with a taster first (and how it went),
accepted (with the detailed referral, partly shared), withdrawn and closed with no offer. Putting a
referral to the LA's panel is the panel's own step. Each referral is found by its pupil, so loading the
demo again changes nothing.

The pupils are the demo's own, found by UPN; those it needs that are not there yet are recorded for the
school (as the AP lead would, by hand or from a Common Transfer File).
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from stdnum.gb import upn as stdnum_upn

from apcommission.tenancy.scoping import acting_as, unscoped
from pupils.models import Pupil
from referrals import details, services, visits
from referrals.models import Recipient, Referral

THE_PUPILS = "the demo's pupils the referrals are about, recorded for their schools"

# key: (school, forename, surname, date of birth, sex, serial of the UPN)
PUPILS = {
    "draft": ("academy", "Jayden", "Marsh", datetime.date(2011, 2, 3), "M", "901"),
    "waiting": ("academy", "Ellie", "Novak", datetime.date(2011, 9, 21), "F", "902"),
    "offer": ("academy", "Tyler", "Okafor", datetime.date(2010, 12, 5), "M", "903"),
    "taster": ("riverside", "Maya", "Price", datetime.date(2011, 6, 14), "F", "904"),
    "accepted": ("academy", "Kieran", "Walsh", datetime.date(2010, 10, 30), "M", "905"),
    "withdrawn": ("riverside", "Noah", "Reid", datetime.date(2012, 1, 9), "M", "906"),
    "closed": ("academy", "Sofia", "Bianchi", datetime.date(2011, 4, 17), "F", "907"),
}
ESTABLISHMENT = {"academy": "4001", "riverside": "4003"}


def demo_upn(school: str, serial: str) -> str:
    digits = f"999{ESTABLISHMENT[school]}24{serial}"
    return stdnum_upn.calc_check_digit(digits) + digits


def _pupil(key: str, organisations: dict) -> Pupil:
    school, forename, surname, born, sex, serial = PUPILS[key]
    with unscoped(THE_PUPILS):
        pupil, _ = Pupil.objects.get_or_create(
            school=organisations[school],
            upn=demo_upn(school, serial),
            defaults={
                "legal_forename": forename,
                "legal_surname": surname,
                "date_of_birth": born,
                "sex": sex,
                "local_authority": organisations[school].local_authority,
            },
        )
    return pupil


def _short(key: str, start: datetime.date, **fields) -> dict:
    return {
        "reason": "at_risk",
        "needs_summary": "Struggles in large classes and has had three suspensions this year; settles "
        "with one adult he or she trusts.",
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
        lead = acting[PUPILS[key][0]]
        pupil = _pupil(key, organisations)
        with acting_as(lead):
            if Referral.objects.visible_to(lead).filter(pupil=pupil).exists():
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
        recipient = answer(referral, response="visit_first", reason="We would like Maya to try a taster day.")
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


def add_generated_referrals(count: int, organisations: dict, acting: dict) -> None:
    """`count` more referrals at Demoshire Academy, for measuring the referral list at the size of a large
    school: each sent to the PRU and Forge, every other one offered a place by the PRU. Pupils and
    referrals are found by UPN, so loading again adds none."""
    lead, manager = acting["academy"], acting["pru"]
    pru, forge = organisations["pru"], organisations["forge"]
    start = timezone.localdate() + datetime.timedelta(days=28)
    for number in range(count):
        digits = f"999{ESTABLISHMENT['academy']}25{number:03d}"
        with unscoped(THE_PUPILS):
            pupil, _ = Pupil.objects.get_or_create(
                school=organisations["academy"],
                upn=stdnum_upn.calc_check_digit(digits) + digits,
                defaults={
                    "legal_forename": f"Generated{number:03d}",
                    "legal_surname": "Pupil",
                    "date_of_birth": datetime.date(2011, 1 + number % 12, 1 + number % 28),
                    "sex": "FM"[number % 2],
                    "local_authority": organisations["academy"].local_authority,
                },
            )
        with acting_as(lead):
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
