"""The trust report: the evidence pack's summary across the trust's schools (the reports issue), with
each school's gaps counted, so a trust's leaders see at a glance which school needs them.

Each school is gathered exactly as its own pack is (`reports.pack.document.gather`, a fixed number of
queries per school), and summed up by the same `summarise`, so a school's line here and its pack's cover
never disagree. It names no pupil.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from reports import document
from reports.document import Built, Progress
from reports.pack import document as pack
from reports.pack.document import Summary
from reports.pack.scope import PackScope, Period

STEPS = 1


@dataclass(frozen=True)
class TrustScope:
    membership: Membership  # a trust leader: every read is visible_to(membership)
    trust: Organisation
    period: Period
    today: datetime.date

    def schools(self) -> list[Organisation]:
        """The trust's schools now, as its leader sees them."""
        return list(
            Organisation.objects.visible_to(self.membership)
            .filter(kind=Kind.SCHOOL, trust_id=self.trust.pk)
            .order_by("name", "pk")
        )


@dataclass(frozen=True)
class SchoolLine:
    school: Organisation
    summary: Summary
    gaps: dict[str, int]  # each gap's heading: how many


def build(
    scope: TrustScope,
    *,
    generated_by: str,
    generated_at: datetime.datetime,
    progress: Progress | None = None,
) -> Built:
    lines = []
    schools = scope.schools()
    for number, school in enumerate(schools, start=1):
        if progress:
            progress(min(number, STEPS), STEPS + 1, f"{school.name} ({number} of {len(schools)})")
        school_scope = PackScope(
            membership=scope.membership, school=school, period=scope.period, today=scope.today
        )
        gathered = pack.gather(school_scope)
        lines.append(
            SchoolLine(
                school=school,
                summary=pack.summarise(gathered),
                gaps={gap.heading: gap.count for gap in gathered["gaps"].gaps},
            )
        )
    by_provider = Counter()
    for line in lines:
        for name, count in line.summary.by_provider:
            by_provider[name] += count
    html = document.render(
        "reports/trust/trust.html",
        generated_by=generated_by,
        generated_at=generated_at,
        scope=scope,
        lines=lines,
        gap_headings=list(lines[0].gaps) if lines else [],
        totals={
            "pupils_now": sum(line.summary.pupils_now for line in lines),
            "pupils_in_period": sum(line.summary.pupils_in_period for line in lines),
            "full_time": sum(line.summary.full_time for line in lines),
            "part_time": sum(line.summary.part_time for line in lines),
            "reviews_held": sum(line.summary.reviews_held for line in lines),
            "reviews_held_on_time": sum(line.summary.reviews_held_on_time for line in lines),
            "visits_this_term": sum(line.summary.visits_this_term for line in lines),
        },
        by_provider=sorted(by_provider.items(), key=lambda item: (-item[1], item[0])),
    )
    return Built(html=html, pupil_ids=set())
