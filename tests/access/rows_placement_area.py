"""Access-matrix rows for an LA's pages about its area's placements (under /area/placements/): an LA's
officers and viewers read them, each its own area's (the pages take no id, so another LA reads its own);
its officers change its numbers; schools, trusts and providers are refused (403). The costs page is every
commissioner's own (a school's, a trust's schools', an LA's area's), never a provider's."""

import datetime
from decimal import Decimal

from providers.models import ProviderType, RegistrationStatus
from tests import factories
from tests.access.matrix import FORBIDDEN, OK, page, to, wrong_method
from tests.placements.factories import BlockPurchaseFactory, PartTimePlanFactory, PlacementFactory
from tests.providers.factories import ProviderProfileFactory
from tests.pupils.factories import PupilFactory

LA_ONLY = {"members": FORBIDDEN, "la": OK}
OFFICERS_ONLY = {"members": FORBIDDEN, "la_officer": OK, "other_la_officer": OK}
COMMISSIONERS = {"members": OK, "provider": FORBIDDEN}


def placements_in_both_areas(world):
    """Something on every page for every reader: in each area, a school's part-time placement at an
    unregistered provider not on the LA's list, priced per day, and a block purchase."""
    for school in (world.school, world.other_school):
        provider = factories.ProviderFactory(local_authority=school.local_authority)
        ProviderProfileFactory(
            provider=provider,
            registration_status=RegistrationStatus.UNREGISTERED,
            provider_type=ProviderType.TUITION,
        )
        placement = PlacementFactory(
            pupil=PupilFactory(
                school=school, known_to_local_authority_since=datetime.datetime.now(datetime.UTC)
            ),
            provider=provider,
            hours_per_week=Decimal(20),
            cost=Decimal(60),
            cost_unit="day",
        )
        PartTimePlanFactory(placement=placement)
        BlockPurchaseFactory(school=school, provider=provider)


def numbers(world, role) -> dict:
    return {
        "hours_reception_to_ks1": "21",
        "hours_ks2": "23.5",
        "hours_ks3_and_year_10": "25",
        "hours_year_11": "25",
        "part_time_notice_days": "10",
        "non_school_max_weeks": "12",
        "non_school_max_sessions": "4",
    }


ROWS = [
    page("placement_area:threshold", setup=placements_in_both_areas, **LA_ONLY),
    wrong_method("placement_area:threshold", "POST"),
    page("placement_area:part_time", setup=placements_in_both_areas, **LA_ONLY),
    wrong_method("placement_area:part_time", "POST"),
    page("placement_area:unlisted", setup=placements_in_both_areas, **LA_ONLY),
    wrong_method("placement_area:unlisted", "POST"),
    page("placement_area:rules", **LA_ONLY),
    wrong_method("placement_area:rules", "POST"),
    page("placement_area:rules_change", **OFFICERS_ONLY),
    page(
        "placement_area:rules_change",
        "POST",
        note="new numbers",
        data=numbers,
        members=FORBIDDEN,
        la_officer=to("placement_area:rules"),
        other_la_officer=to("placement_area:rules"),
    ),
    wrong_method("placement_area:rules_change", "PUT"),
    page("placement_area:costs", setup=placements_in_both_areas, **COMMISSIONERS),
    wrong_method("placement_area:costs", "POST"),
]
