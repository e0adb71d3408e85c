"""Section 4 of the evidence pack: part-time timetables, their time limits and plans to full time."""

from __future__ import annotations

from dataclasses import dataclass, field

from reports.pack.scope import PackScope


@dataclass
class PartTimeSection:
    plans: list = field(default_factory=list)


def gather(scope: PackScope) -> PartTimeSection:
    return PartTimeSection()
