"""Section 3 of the evidence pack: each provider the school used in the period."""

from __future__ import annotations

from dataclasses import dataclass, field

from reports.pack.scope import PackScope


@dataclass
class ProvidersSection:
    providers: list = field(default_factory=list)
    visits_this_term: int = 0  # the school's visits to providers this term, from the contact log


def gather(scope: PackScope) -> ProvidersSection:
    return ProvidersSection()
