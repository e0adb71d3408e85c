"""Section 3 of the area report: the providers the area's schools used in the period whose evidence, as
this LA checked it, has expired, was never checked or was not satisfactory.

The providers and their placements are counted in the database (one grouped query); their evidence is
`providers.selectors.evidence_summaries` (two queries), the LA's own picture: another LA's checks never
make good a check this LA has not made. The states that count are the evidence pack's gaps
(`reports.pack.gaps.GAP_STATES`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from apcommission.forms.dates import long_date
from placements.models import PlacementStatus
from providers.models import EvidenceState
from providers.selectors import TypeState, evidence_summaries
from reports.area.scope import AreaScope
from reports.pack.gaps import GAP_STATES

CURRENT = Q(status__in=PlacementStatus.current_values())


@dataclass(frozen=True)
class ProviderEvidence:
    name: str
    placements: int  # the area's, in the period
    now: int
    types: int  # how many types of evidence the LA requires
    gaps: tuple[str, ...]  # each type not current, in words
    counts: str  # "1 expired, 2 missing"


@dataclass
class EvidenceSection:
    providers_used: int
    providers: list[ProviderEvidence] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.providers)


def _words(each: TypeState) -> str:
    latest = each.latest
    if each.state == EvidenceState.MISSING:
        return f"{each.evidence_type.name}: never checked"
    if each.state == EvidenceState.EXPIRED:
        return f"{each.evidence_type.name}: expired {long_date(latest.expires_on)}"
    return f"{each.evidence_type.name}: not satisfactory when checked on {long_date(latest.checked_on)}"


def gather(scope: AreaScope) -> EvidenceSection:
    used = list(
        scope.placements()
        .order_by()
        .values("provider_id", "provider__name")
        .annotate(placements=Count("pk"), now=Count("pk", filter=CURRENT))
        .order_by("provider__name", "provider_id")
    )
    summaries = evidence_summaries(
        [row["provider_id"] for row in used], scope.today, membership=scope.membership
    )
    found = []
    for row in used:
        picture = summaries[row["provider_id"]]
        gaps = sorted(
            (each for each in picture.types if each.state in GAP_STATES),
            key=lambda each: (GAP_STATES.index(each.state), each.evidence_type.name),
        )
        if not gaps:
            continue
        counts = ", ".join(
            f"{number} {state.label.lower()}"
            for state in GAP_STATES
            if (number := sum(1 for each in gaps if each.state == state))
        )
        found.append(
            ProviderEvidence(
                name=row["provider__name"],
                placements=row["placements"],
                now=row["now"],
                types=len(picture.types),
                gaps=tuple(_words(each) for each in gaps),
                counts=counts,
            )
        )
    return EvidenceSection(providers_used=len(used), providers=found)
