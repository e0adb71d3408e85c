"""Section 5 of the evidence pack: are the placements effective?"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from reports.pack.scope import PackScope


@dataclass
class EffectivenessSection:
    placements: list = field(default_factory=list)
    reviews_held: int = 0
    reviews_held_on_time: int = 0
    attendance_before: Decimal | None = None  # per cent, across the period's placements
    attendance_during: Decimal | None = None


def gather(scope: PackScope) -> EffectivenessSection:
    return EffectivenessSection()
