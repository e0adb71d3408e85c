"""Access-matrix rows for safeguarding concerns: where a leak would be worst.

A concern's details are read by the school's DSLs and the provider that raised it (its manager and
staff); the school's AP lead and leader see that it exists (403 on its page) until a DSL shares the
details with their role; the school's staff, its trust, its LA and everyone else get 404, as does a
provider for a concern another provider raised about the same pupil. Only the provider delivering a
placement raises a concern about it (every other reader of the placement 403); only the DSLs record what
was done and share.

Each row's `setup` builds `world.placement` (a pupil of the world's school placed with the world's
provider) and, where the row needs one, `world.concern` raised about it with its details."""

import datetime

from django.utils import timezone

from placements.models import PlacementStatus
from safeguarding.models import ConcernState
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.dates import date_input
from tests.placements.factories import PlacementFactory
from tests.pupils.factories import PupilFactory
from tests.safeguarding.factories import DetailShareFactory, concern_with_detail

TODAY = timezone.localdate()
SEEN = "The pupil said they were frightened to go home tonight."


def placement(status=PlacementStatus.ACTIVE, provider="provider", ended_days_ago=None):
    def setup(world):
        ended = (
            {"ended_on": TODAY - datetime.timedelta(days=ended_days_ago), "end_reason": "Back at school."}
            if ended_days_ago is not None
            else {}
        )
        world.pupil = PupilFactory(school=world.school)
        world.placement = PlacementFactory(
            pupil=world.pupil, provider=getattr(world, provider), status=status, **ended
        )

    return setup


def concern(state=ConcernState.RAISED, shared_with=(), provider="provider"):
    """A concern the placement's provider raised, in `state`, its details shared with `shared_with`."""

    def setup(world):
        placement(provider=provider)(world)
        handled = {"handled_at": timezone.now()} if state != ConcernState.RAISED else {}
        closed = {"closed_at": timezone.now()} if state == ConcernState.CLOSED else {}
        world.concern = concern_with_detail(
            {"what_happened": SEEN}, placement=world.placement, state=state, **handled, **closed
        )
        for role in shared_with:
            DetailShareFactory(concern=world.concern, role=role)

    return setup


def elsewhere(world):
    """The world's pupil placed with the world's provider, and the same pupil with the other provider,
    which raised a concern about its placement (`world.concern`)."""
    placement()(world)
    theirs = PlacementFactory(pupil=world.pupil, provider=world.other_provider)
    world.concern = concern_with_detail({"what_happened": SEEN}, placement=theirs)


def placed_elsewhere_too(world):
    """The world's pupil placed with the world's provider, and the same pupil placed with the other
    provider (`world.placement`)."""
    placement()(world)
    world.placement = PlacementFactory(pupil=world.pupil, provider=world.other_provider)


def a_concern(world, role) -> dict:
    return {
        "what_happened": SEEN,
        **date_input("happened_on", TODAY),
        "happened_time": "",
        "who_involved": "The pupil.",
        "immediate_risk": "no",
        "provider_action": "Our DSL listened and wrote it down.",
    }


def an_action(world, role) -> dict:
    return {
        "action": "Spoke to the family.",
        "done_by": "The DSL",
        **date_input("done_on", TODAY),
        "referred_to": ["social_care"],
        "close": "no",
    }


def a_share(world, role) -> dict:
    return {"role": "school_leader", "reason": "The head is meeting the family."}


def never_shows_the_details(response) -> bool:
    return "frightened" not in response.content.decode()


the_placement = pk("placement")
the_concern = pk("concern")
# Everyone who reads the world's placement, and what each gets when asking to raise a concern about it.
PLACEMENT_READERS = {
    "ap_lead": FORBIDDEN,
    "dsl": FORBIDDEN,
    "school_leader": FORBIDDEN,
    "school_staff": FORBIDDEN,
    "trust_leader": FORBIDDEN,
    "la_officer": FORBIDDEN,
    "la_viewer": FORBIDDEN,
}
RAISERS = {"provider_manager": OK, "provider_staff": OK}
# Who reads a concern's details; who sees only that it exists; everyone else is 404.
DETAILS = {"dsl": OK, "provider_manager": OK, "provider_staff": OK}
EXISTENCE_ONLY = {"ap_lead": FORBIDDEN, "school_leader": FORBIDDEN}
# Those who may not act on the concern they see (the DSL records and shares).
MAY_NOT_ACT = {**EXISTENCE_ONLY, "provider_manager": FORBIDDEN, "provider_staff": FORBIDDEN}

ROWS = [
    # The list: a DSL's school's concerns, a provider's own. Nobody else has one.
    page("safeguarding:list", members=FORBIDDEN, dsl=OK, provider=OK),
    page("safeguarding:list", note="with a concern", setup=concern(), members=FORBIDDEN, dsl=OK, provider=OK),
    wrong_method("safeguarding:list", "POST"),
    # Raising one: the provider delivering the placement, while it runs and for 30 days after.
    page(
        "safeguarding:raise",
        setup=placement(),
        kwargs=the_placement,
        members=NOT_FOUND,
        **PLACEMENT_READERS,
        **RAISERS,
    ),
    page(
        "safeguarding:raise",
        "POST",
        note="a complete concern",
        setup=placement(),
        kwargs=the_placement,
        data=a_concern,
        members=NOT_FOUND,
        **PLACEMENT_READERS,
        provider_manager=to("safeguarding:detail"),
        provider_staff=to("safeguarding:detail"),
    ),
    page(
        "safeguarding:raise",
        note="ended 10 days ago",
        setup=placement(PlacementStatus.ENDED, ended_days_ago=10),
        kwargs=the_placement,
        members=NOT_FOUND,
        **PLACEMENT_READERS,
        **RAISERS,
    ),
    page(
        "safeguarding:raise",
        "POST",
        note="ended 31 days ago",
        setup=placement(PlacementStatus.ENDED, ended_days_ago=31),
        kwargs=the_placement,
        data=a_concern,
        members=NOT_FOUND,
        **PLACEMENT_READERS,
        provider_manager=FORBIDDEN,
        provider_staff=FORBIDDEN,
    ),
    page(
        "safeguarding:raise",
        "POST",
        note="the same pupil with another provider: never this provider's",
        setup=placed_elsewhere_too,
        kwargs=the_placement,
        data=a_concern,
        members=NOT_FOUND,
        **PLACEMENT_READERS,
        other_provider_manager=to("safeguarding:detail"),
    ),
    wrong_method("safeguarding:raise", "PUT", setup=placement(), kwargs=the_placement),
    # The concern: its details for the DSLs and the provider that raised it; that it exists for the AP
    # lead and the leader (403); 404 for the school's staff, its trust, its LA and everyone else.
    page(
        "safeguarding:detail",
        setup=concern(),
        kwargs=the_concern,
        shows=("the details", lambda response: SEEN in response.content.decode()),
        members=NOT_FOUND,
        **EXISTENCE_ONLY,
        **DETAILS,
    ),
    page(
        "safeguarding:detail",
        note="closed",
        setup=concern(ConcernState.CLOSED),
        kwargs=the_concern,
        members=NOT_FOUND,
        **EXISTENCE_ONLY,
        **DETAILS,
    ),
    page(
        "safeguarding:detail",
        note="shared with the AP leads",
        setup=concern(shared_with=["ap_lead"]),
        kwargs=the_concern,
        members=NOT_FOUND,
        **{**EXISTENCE_ONLY, **DETAILS, "ap_lead": OK},
    ),
    page(
        "safeguarding:detail",
        note="shared with the leaders",
        setup=concern(shared_with=["school_leader"]),
        kwargs=the_concern,
        members=NOT_FOUND,
        **{**EXISTENCE_ONLY, **DETAILS, "school_leader": OK},
    ),
    page(
        "safeguarding:detail",
        note="raised by another provider about the same pupil",
        setup=elsewhere,
        kwargs=the_concern,
        members=NOT_FOUND,
        **EXISTENCE_ONLY,
        dsl=OK,
        other_provider_manager=OK,
    ),
    # What was done: the DSLs alone, until it is closed.
    page(
        "safeguarding:detail",
        "POST",
        note="what was done",
        setup=concern(),
        kwargs=the_concern,
        data=an_action,
        members=NOT_FOUND,
        **MAY_NOT_ACT,
        dsl=to("safeguarding:detail"),
    ),
    page(
        "safeguarding:detail",
        "POST",
        note="what was done, by a role it was shared with",
        setup=concern(shared_with=["ap_lead", "school_leader"]),
        kwargs=the_concern,
        data=an_action,
        members=NOT_FOUND,
        **MAY_NOT_ACT,
        dsl=to("safeguarding:detail"),
    ),
    page(
        "safeguarding:detail",
        "POST",
        note="closed: nothing more is added",
        setup=concern(ConcernState.CLOSED),
        kwargs=the_concern,
        data=an_action,
        members=NOT_FOUND,
        **MAY_NOT_ACT,
        dsl=FORBIDDEN,
    ),
    wrong_method("safeguarding:detail", "PUT", setup=concern(), kwargs=the_concern),
    # Sharing the details: the DSLs alone.
    page(
        "safeguarding:share",
        setup=concern(),
        kwargs=the_concern,
        members=NOT_FOUND,
        **{**MAY_NOT_ACT, "dsl": OK},
    ),
    page(
        "safeguarding:share",
        "POST",
        setup=concern(),
        kwargs=the_concern,
        data=a_share,
        members=NOT_FOUND,
        **MAY_NOT_ACT,
        dsl=to("safeguarding:detail"),
    ),
    wrong_method("safeguarding:share", "PUT", setup=concern(), kwargs=the_concern),
    # The placement's page says a concern exists to those who may know, never what it says.
    page(
        "placements:detail",
        note="with a safeguarding concern: never its details",
        setup=concern(shared_with=["ap_lead"]),
        kwargs=the_placement,
        shows=("no word of the concern's details", never_shows_the_details),
        members=NOT_FOUND,
        ap_lead=OK,
        dsl=OK,
        school_leader=OK,
        school_staff=OK,
        trust_leader=OK,
        la_officer=OK,
        la_viewer=OK,
        provider_manager=OK,
        provider_staff=OK,
    ),
]
