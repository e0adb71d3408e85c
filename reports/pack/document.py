"""The evidence pack as one HTML document: the cover, the contents and the seven sections (DOMAIN.md 7),
each gathered by its module in a fixed number of queries and laid out by its template.

`build` is what the Celery task, the command and the benchmark all call; WeasyPrint then lays it out
(`reports.pdf`). `progress` hears of each section as it is gathered, for the page the leader waits on.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from apcommission.numbers import plain_number
from reports import document
from reports.document import Built, Progress, Section
from reports.pack import effectiveness, gaps, outcomes, part_time, providers, pupils
from reports.pack.scope import PackScope

SECTIONS = (
    Section("pupils", "Pupils in alternative provision", pupils.gather, "reports/pack/_pupils.html"),
    Section("providers", "Providers used", providers.gather, "reports/pack/_providers.html"),
    Section("part_time", "Part-time timetables", part_time.gather, "reports/pack/_part_time.html"),
    Section(
        "effectiveness",
        "Are the placements effective?",
        effectiveness.gather,
        "reports/pack/_effectiveness.html",
    ),
    Section("outcomes", "Outcomes of placements that ended", outcomes.gather, "reports/pack/_outcomes.html"),
    Section("gaps", "Gaps in the evidence", gaps.gather, "reports/pack/_gaps.html"),
)

STEPS = len(SECTIONS)  # each section gathered is a step the page waited on shows


@dataclass(frozen=True)
class Summary:
    """The cover's numbers, worked out from what the sections gathered (so they cannot disagree)."""

    pupils_now: int
    pupils_in_period: int
    by_provider: list[tuple[str, int]]  # pupils in AP now, by provider
    full_time: int
    part_time: int
    average_hours: str
    reviews_held: int
    reviews_held_on_time: int
    attendance_before: Decimal | None
    attendance_during: Decimal | None
    visits_this_term: int


def summarise(gathered: dict) -> Summary:
    pupil_rows = gathered["pupils"]
    now = pupil_rows.now
    hours = [row.hours for row in now]
    average = (sum(hours) / len(hours)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if hours else None
    per_provider = Counter(row.provider_name for row in now)
    found = gathered["effectiveness"]
    return Summary(
        pupils_now=pupil_rows.pupils_now,
        pupils_in_period=pupil_rows.pupil_count,
        by_provider=sorted(per_provider.items(), key=lambda item: (-item[1], item[0])),
        full_time=sum(1 for row in now if row.full_time),
        part_time=sum(1 for row in now if not row.full_time),
        average_hours=plain_number(average) if average is not None else "None",
        reviews_held=found.reviews_held,
        reviews_held_on_time=found.reviews_held_on_time,
        attendance_before=found.attendance_before,
        attendance_during=found.attendance_during,
        visits_this_term=gathered["providers"].visits_this_term,
    )


def gather(scope: PackScope, *, progress: Progress | None = None) -> dict:
    """Every section's data, by key."""
    return document.gather(SECTIONS, scope, progress=progress)


def build(
    scope: PackScope,
    *,
    generated_by: str,
    generated_at: datetime.datetime,
    progress: Progress | None = None,
) -> Built:
    gathered = gather(scope, progress=progress)
    html = document.render(
        "reports/pack/pack.html",
        generated_by=generated_by,
        generated_at=generated_at,
        scope=scope,
        summary=summarise(gathered),
        sections=document.laid_out(SECTIONS, gathered),
    )
    return Built(html=html, pupil_ids={row.register.pupil_id for row in gathered["pupils"].rows})
