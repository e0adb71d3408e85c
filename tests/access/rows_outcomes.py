"""Access-matrix rows for the outcome pages (under /destinations/).

Recording an ended placement's outcome and destination: the AP lead of the placement's school; whoever
else sees the placement gets 403 (its school's other roles, its trust, its LA, its provider); anyone else
404. A placement still running has no outcome yet: 403 for its AP lead too.

A check-in (where the pupil was found later) is the commissioners' record: the AP lead records it, the
school's other roles, its trust and its LA get 403, and every provider 404, the one that delivered the
placement included (it never sees check-ins).

Destinations (the school's check-ins) are read by a school's roles and a trust's leaders; the area's
destinations by provider by an LA's officers and viewers. Neither page takes an id: each lists what the
acting organisation sees, so another school or LA opens its own (200)."""

import datetime

from django.utils import timezone

from placements.models import PlacementStatus
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.access.rows_placements import READ, placement
from tests.dates import date_input
from tests.outcomes.factories import CheckInFactory, OutcomeFactory

S = PlacementStatus
TODAY = timezone.localdate()
MAY_NOT = {role: FORBIDDEN for role in READ if role != "ap_lead"}
COMMISSIONERS_MAY_NOT = {role: answer for role, answer in MAY_NOT.items() if not role.startswith("provider")}


def with_check_in(world):
    placement(S.ENDED)(world)
    OutcomeFactory(placement=world.placement)
    world.check_in = CheckInFactory(placement=world.placement, due_on=TODAY - datetime.timedelta(days=1))


def an_outcome(world, role) -> dict:
    return {
        "objectives_met": "partly_met",
        "destination": "further_education",
        "destination_detail": "Demoshire College",
        **date_input("left_on", TODAY),
    }


def a_check_in(world, role) -> dict:
    return {"destination": "further_education", "sustained": "yes", "note": "Phoned the college."}


def lead_only(name, method="GET", *, answer=OK, others=MAY_NOT, **rest):
    """The AP lead gets `answer`, `others` 403 (by default whoever else sees the placement), outsiders 404."""
    return page(name, method, members=NOT_FOUND, **others, ap_lead=answer, **rest)


the_placement = pk("placement")
the_check_in = pk("check_in")
SCHOOLS_AND_TRUSTS = {"school": OK, "trust_leader": OK}

ROWS = [
    lead_only("outcomes:record", setup=placement(S.ENDED), kwargs=the_placement),
    lead_only(
        "outcomes:record",
        "POST",
        answer=to("placements:detail"),
        setup=placement(S.ENDED),
        kwargs=the_placement,
        data=an_outcome,
    ),
    lead_only("outcomes:record", note="active", answer=FORBIDDEN, setup=placement(), kwargs=the_placement),
    wrong_method("outcomes:record", "PUT", setup=placement(S.ENDED), kwargs=the_placement),
    lead_only("outcomes:check_in", others=COMMISSIONERS_MAY_NOT, setup=with_check_in, kwargs=the_check_in),
    lead_only(
        "outcomes:check_in",
        "POST",
        answer=to("outcomes:destinations"),
        others=COMMISSIONERS_MAY_NOT,
        setup=with_check_in,
        kwargs=the_check_in,
        data=a_check_in,
    ),
    wrong_method("outcomes:check_in", "PUT", setup=with_check_in, kwargs=the_check_in),
    page("outcomes:destinations", members=FORBIDDEN, **SCHOOLS_AND_TRUSTS, setup=with_check_in),
    wrong_method("outcomes:destinations", "POST"),
    page("outcomes:area", members=FORBIDDEN, la=OK, setup=with_check_in),
    wrong_method("outcomes:area", "POST"),
]
