"""Section 6 of the evidence pack: placements that ended, their outcomes, destinations and check-ins."""

from __future__ import annotations

from dataclasses import dataclass, field

from reports.pack.scope import PackScope


@dataclass
class OutcomesSection:
    ended: list = field(default_factory=list)


def gather(scope: PackScope) -> OutcomesSection:
    return OutcomesSection()
