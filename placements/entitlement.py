"""A pupil's full-time week and the LA's other configurable numbers (DOMAIN.md 4), as plain functions the
pages, services and tasks all call.

The benchmark for a full school week depends on the year group: 21 hours from Reception to Key Stage 1,
23.5 at Key Stage 2, 24 at Key Stage 3 and in Year 10, 25 in Year 11 (and, as a sixth-form week is not
set by the benchmark, 25 beyond). Each LA may set its own numbers (`PlacementRules`); an LA without a row
uses these."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from placements.models import PlacementRules


@dataclass(frozen=True)
class Rules:
    hours_reception_to_ks1: Decimal
    hours_ks2: Decimal
    hours_ks3_and_year_10: Decimal
    hours_year_11: Decimal
    part_time_notice_days: int
    non_school_max_weeks: int
    non_school_max_sessions: int


RULE_FIELDS = tuple(Rules.__dataclass_fields__)
# An LA without its own numbers uses the model's defaults: the one place they are written.
DEFAULT_RULES = Rules(**{name: PlacementRules._meta.get_field(name).default for name in RULE_FIELDS})

# The registration test (s463 Education Act 1996) is the law's, not an LA's: more than 18 hours a week is
# full-time, and 5 such pupils, or 1 with an EHC plan or looked after, make a setting a school.
THRESHOLD_HOURS = Decimal("18")
THRESHOLD_PUPILS = 5
THRESHOLD_PROTECTED_PUPILS = 1


def rules_for(local_authority_id: int | None, *, membership) -> Rules:
    """The numbers the LA sets, read through `membership`'s view; the defaults where it sets none."""
    row = PlacementRules.objects.visible_to(membership).filter(local_authority_id=local_authority_id).first()
    if row is None:
        return DEFAULT_RULES
    return Rules(**{name: getattr(row, name) for name in RULE_FIELDS})


def full_time_hours(year_group: int, rules: Rules = DEFAULT_RULES) -> Decimal:
    """The hours of a full school week for a pupil in `year_group` (Reception is 0)."""
    if year_group <= 2:
        return rules.hours_reception_to_ks1
    if year_group <= 6:
        return rules.hours_ks2
    if year_group <= 10:
        return rules.hours_ks3_and_year_10
    return rules.hours_year_11


def is_full_time_for_registration(hours_per_week: Decimal) -> bool:
    """DfE treats more than 18 hours a week at one setting as full-time education there."""
    return hours_per_week > THRESHOLD_HOURS
