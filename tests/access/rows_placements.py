"""Access-matrix rows for the placement plan. A placement is read by its school (every role), that school's
trust, the LA of its area (officers and viewers) and the provider delivering it (the shared copy); anyone
else gets 404, including a provider for the same pupil's placement elsewhere. Only the school's AP lead
makes, changes, starts and ends a plan; every other role that sees it is read-only (403).

Each row's `setup` builds `world.placement` (a pupil of the world's school placed with the world's
provider), `world.objective`, `world.pupil` or `world.referral` as the row needs."""

import datetime

from django.utils import timezone

from placements.models import PlacementStatus
from referrals.models import ReferralStatus, Response
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.access.rows_referrals import referral
from tests.dates import date_input
from tests.placements.factories import ObjectiveFactory, PlacementFactory
from tests.pupils.factories import PupilFactory

S = PlacementStatus
TODAY = timezone.localdate()
START = TODAY + datetime.timedelta(days=21)


def a_pupil(world):
    world.pupil = PupilFactory(school=world.school, known_to_local_authority_since=timezone.now())


def placement(status=S.ACTIVE, provider="provider", objective=True):
    """A placement of a pupil of the world's school with `provider` (an attribute of the world), in
    `status`, starting today (so that a planned one may start), with an objective with a baseline."""

    def setup(world):
        a_pupil(world)
        ended = status == S.ENDED
        world.placement = PlacementFactory(
            pupil=world.pupil,
            provider=getattr(world, provider),
            status=status,
            starts_on=TODAY,
            ended_on=TODAY if ended else None,
            end_reason="Back at school." if ended else "",
        )
        if objective:
            world.objective = ObjectiveFactory(placement=world.placement)

    return setup


def same_pupil_elsewhere(world):
    """The world's placement, and the same pupil placed with the other provider (`world.placement`)."""
    placement()(world)
    world.placement = PlacementFactory(pupil=world.pupil, provider=world.other_provider, starts_on=TODAY)


def plan(world, role, **extra) -> dict:
    return {
        "sessions": ["mon_am", "mon_pm", "tue_am", "tue_pm", "wed_am", "wed_pm"],
        "hours_per_week": "15",
        "school_hours_per_week": "10",
        "attendance_code": "B",
        "reason": "at_risk",
        "shared": ["name", "year_group"],
        **date_input("starts_on", START),
        **date_input("planned_end_on", START + datetime.timedelta(weeks=12)),
        **extra,
    }


def a_new_plan(world, role) -> dict:
    return plan(world, role, pupil=str(world.pupil.pk), provider=str(world.provider.pk))


def a_changed_plan(world, role) -> dict:
    return plan(
        world,
        role,
        provider=str(world.provider.pk),
        hours_per_week="18",
        change_reason="More time at the workshop.",
        **date_input("starts_on", TODAY),
    )


def an_objective(world, role) -> dict:
    return {
        "area": "maths",
        "description": "Entry level 3 maths.",
        "measure": "Teacher assessment",
        "baseline_value": "2",
        **date_input("baseline_on", TODAY),
        "change_reason": "Maths added.",
    }


def a_part_time_plan(world, role) -> dict:
    return {
        "why_part_time": "Building up after a long absence.",
        **date_input("ends_by", TODAY + datetime.timedelta(weeks=8)),
        **date_input("step_1_on", TODAY + datetime.timedelta(weeks=4)),
        "step_1_hours": "26",
        "change_reason": "Building up.",
    }


def an_ending(world, role) -> dict:
    return {"reason": "Back at school full time.", **date_input("ended_on", TODAY)}


def start(world, role) -> dict:
    return {"submit": "Start the placement"}


the_placement = pk("placement")
the_objective = pk("objective")
the_referral = pk("referral")
READ = {
    "ap_lead": OK,
    "dsl": OK,
    "school_leader": OK,
    "school_staff": OK,
    "trust_leader": OK,
    "la_officer": OK,
    "la_viewer": OK,
    "provider_manager": OK,
    "provider_staff": OK,
}
# Those who see the placement but may not change it.
MAY_NOT = {role: FORBIDDEN for role in READ if role != "ap_lead"}


def lead_only(name, method="GET", *, answer=OK, **rest):
    """A row where the AP lead gets `answer`, whoever else sees the placement 403 and outsiders 404."""
    return page(name, method, members=NOT_FOUND, **MAY_NOT, ap_lead=answer, **rest)


ROWS = [
    # Making a plan directly: the AP lead, for the school's own pupils.
    page("placements:new", members=FORBIDDEN, ap_lead=OK),
    page(
        "placements:new",
        "POST",
        note="a complete plan",
        setup=a_pupil,
        data=a_new_plan,
        members=FORBIDDEN,
        ap_lead=to("placements:detail"),
    ),
    wrong_method("placements:new", "PUT"),
    # From an accepted referral: the referring school's AP lead; every other reader of the referral 403.
    page(
        "placements:new_from_referral",
        setup=referral(ReferralStatus.ACCEPTED, Response.CHOSEN),
        kwargs=the_referral,
        members=NOT_FOUND,
        **MAY_NOT,
        ap_lead=OK,
    ),
    page(
        "placements:new_from_referral",
        "POST",
        setup=referral(ReferralStatus.ACCEPTED, Response.CHOSEN),
        kwargs=the_referral,
        data=lambda world, role: plan(world, role),
        members=NOT_FOUND,
        **MAY_NOT,
        ap_lead=to("placements:detail"),
    ),
    page(
        "placements:new_from_referral",
        note="not accepted yet",
        setup=referral(),
        kwargs=the_referral,
        members=NOT_FOUND,
        **MAY_NOT,
        ap_lead=FORBIDDEN,
    ),
    wrong_method(
        "placements:new_from_referral",
        "PUT",
        setup=referral(ReferralStatus.ACCEPTED, Response.CHOSEN),
        kwargs=the_referral,
    ),
    # The placement itself.
    page("placements:detail", setup=placement(), kwargs=the_placement, members=NOT_FOUND, **READ),
    page(
        "placements:detail",
        note="ended: still its school's, trust's, LA's and provider's",
        setup=placement(S.ENDED),
        kwargs=the_placement,
        members=NOT_FOUND,
        **READ,
    ),
    page(
        "placements:detail",
        note="the same pupil with another provider: never this provider's",
        setup=same_pupil_elsewhere,
        kwargs=the_placement,
        members=NOT_FOUND,
        **{**READ, "provider_manager": NOT_FOUND, "provider_staff": NOT_FOUND},
        other_provider_manager=OK,
    ),
    wrong_method("placements:detail", "POST", setup=placement(), kwargs=the_placement),
    # Changing it: the AP lead, while it is planned or active.
    lead_only("placements:edit", setup=placement(), kwargs=the_placement),
    lead_only(
        "placements:edit",
        "POST",
        answer=to("placements:detail"),
        setup=placement(),
        kwargs=the_placement,
        data=a_changed_plan,
    ),
    lead_only(
        "placements:edit", note="ended", answer=FORBIDDEN, setup=placement(S.ENDED), kwargs=the_placement
    ),
    wrong_method("placements:edit", "PUT", setup=placement(), kwargs=the_placement),
    lead_only("placements:objective_add", setup=placement(), kwargs=the_placement),
    lead_only(
        "placements:objective_add",
        "POST",
        answer=to("placements:detail"),
        setup=placement(),
        kwargs=the_placement,
        data=an_objective,
    ),
    lead_only(
        "placements:objective_add",
        note="ended",
        answer=FORBIDDEN,
        setup=placement(S.ENDED),
        kwargs=the_placement,
    ),
    wrong_method("placements:objective_add", "PUT", setup=placement(), kwargs=the_placement),
    lead_only("placements:objective_edit", setup=placement(), kwargs=the_objective),
    lead_only(
        "placements:objective_edit",
        "POST",
        answer=to("placements:detail"),
        setup=placement(),
        kwargs=the_objective,
        data=an_objective,
    ),
    wrong_method("placements:objective_edit", "PUT", setup=placement(), kwargs=the_objective),
    lead_only("placements:part_time", setup=placement(), kwargs=the_placement),
    lead_only(
        "placements:part_time",
        "POST",
        answer=to("placements:detail"),
        setup=placement(),
        kwargs=the_placement,
        data=a_part_time_plan,
    ),
    wrong_method("placements:part_time", "PUT", setup=placement(), kwargs=the_placement),
    # Its moves.
    lead_only("placements:start", setup=placement(S.PLANNED), kwargs=the_placement),
    lead_only(
        "placements:start",
        "POST",
        answer=to("placements:detail"),
        setup=placement(S.PLANNED),
        kwargs=the_placement,
        data=start,
    ),
    lead_only(
        "placements:start", note="started already", answer=FORBIDDEN, setup=placement(), kwargs=the_placement
    ),
    wrong_method("placements:start", "PUT", setup=placement(S.PLANNED), kwargs=the_placement),
    lead_only("placements:end", setup=placement(), kwargs=the_placement),
    lead_only(
        "placements:end",
        "POST",
        answer=to("placements:detail"),
        setup=placement(),
        kwargs=the_placement,
        data=an_ending,
    ),
    lead_only(
        "placements:end",
        note="ended already",
        answer=FORBIDDEN,
        setup=placement(S.ENDED),
        kwargs=the_placement,
    ),
    wrong_method("placements:end", "PUT", setup=placement(), kwargs=the_placement),
]
