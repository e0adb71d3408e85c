"""The demo's safeguarding concerns, raised by Demoshire Pupil Referral Unit about Demoshire Academy's
pupils placed with it:

- Jordan Pike (active): raised this morning by the unit's staff and not yet handled, so that the academy's
  DSL (dsl@academy.demoshire.example) sees "New safeguarding concern" on their home page and the count in
  the navigation, and the AP lead and head see on the placement's page that a concern exists;
- Mia Fox (ended a fortnight ago): raised by the unit's manager about what Mia said in her last days
  there (a provider may raise one for 30 days after a placement ends), handled by the DSL (a referral
  to children's social care) and closed.

Made through the services by the people who would do it; a placement with a concern already is left as
it is, so loading again changes nothing.
"""

import datetime

from django.utils import timezone

from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import acting_as, unscoped
from placements.models import Placement
from safeguarding import services
from safeguarding.models import Concern

PROVIDER_STAFF = "staff@pru.demoshire.example"
DSL = "dsl@academy.demoshire.example"


def _membership(email: str, organisation) -> Membership:
    with unscoped("the demo finds the person who records"):
        return Membership.objects.select_related("organisation").get(
            user__email=email, organisation=organisation, removed_at__isnull=True
        )


def _placement(forename: str, surname: str, *, school_lead) -> Placement | None:
    with acting_as(school_lead):
        return (
            Placement.objects.visible_to(school_lead)
            .filter(pupil__legal_forename=forename, pupil__legal_surname=surname)
            .first()
        )


def _raise(placement: Placement, *, by, what: str, who: str, done: str, on: datetime.date) -> Concern | None:
    with acting_as(by):
        if Concern.objects.visible_to(by).filter(placement_id=placement.pk).exists():
            return None
        return services.raise_concern(
            placement,
            by=by,
            what_happened=what,
            happened_on=on,
            happened_time="just after 9am",
            who_involved=who,
            immediate_risk=False,
            provider_action=done,
        )


def seed_concerns(organisations: dict, acting: dict) -> None:
    """The two concerns above, if their placements are there (`seed_placements` makes them)."""
    today = timezone.localdate()
    school_lead, manager = acting["academy"], acting["pru"]
    staff = _membership(PROVIDER_STAFF, organisations["pru"])
    dsl = _membership(DSL, organisations["academy"])
    jordan = _placement("Jordan", "Pike", school_lead=school_lead)
    if jordan is not None:
        _raise(
            jordan,
            by=staff,
            what="Jordan arrived with a cut lip. When asked, he said an older boy near his estate hit him "
            "and took his phone, and that he does not want to walk home alone.",
            who="Jordan; his key worker, who noticed; an older boy Jordan did not name.",
            done="Our DSL spoke with Jordan and wrote down what he said, in his words. We have arranged "
            "for staff to see him to the bus stop today.",
            on=today,
        )
    mia = _placement("Mia", "Fox", school_lead=school_lead)
    if mia is not None:
        concern = _raise(
            mia,
            by=manager,
            what="Mia said her mother's new partner shouts at her and that she is often left without food "
            "at weekends.",
            who="Mia; our pastoral lead, to whom she spoke.",
            done="Recorded what Mia said and told her we would pass it to her school's DSL today.",
            on=mia.ended_on - datetime.timedelta(days=10) if mia.ended_on else today,
        )
        if concern is not None:
            with acting_as(dsl):
                services.record_dsl_action(
                    concern,
                    by=dsl,
                    action="Spoke to Mia at school and made a referral to children's social care, who "
                    "opened an assessment.",
                    done_by="Dev Safeguarding, DSL",
                    done_on=concern.raised_at.date(),
                    referred_to=["social_care"],
                )
                services.record_dsl_action(
                    concern,
                    by=dsl,
                    action="Social care completed its assessment: a family support plan is in place. "
                    "Closed, with the pastoral team checking in weekly.",
                    done_by="Dev Safeguarding, DSL",
                    done_on=today,
                    close=True,
                )
