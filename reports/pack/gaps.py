"""Section 7 of the evidence pack: the gaps, stated plainly."""

from __future__ import annotations

from dataclasses import dataclass, field

from reports.pack.scope import PackScope


@dataclass
class GapsSection:
    gaps: list = field(default_factory=list)


def gather(scope: PackScope) -> GapsSection:
    return GapsSection()
