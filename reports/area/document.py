"""The LA's area report as one HTML document (the reports issue: placements by school and by provider,
part-time timetables, providers with expired evidence, at or near the registration threshold, unlisted
providers in use, reviews on time by school, visit frequency by school, outcomes by provider).

Laid out as the evidence pack is (`reports.pack.document`): a cover with the summary in numbers, the
contents with each section's page, and the numbered sections, each gathered by its module under
`reports/area/` and laid out by its template. Every section counts in the database (grouped by school or
by provider) through `visible_to(scope.membership)`: a fixed number of queries, and no row read into
Python for each placement, however many the area has. It names no pupil: `Built.pupil_ids` is empty.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from reports import document
from reports.area import evidence, outcomes, part_time, placements, reviews, threshold, unlisted, visits
from reports.area.scope import AreaScope
from reports.document import Built, Progress, Section

SECTIONS = (
    Section(
        "placements",
        "Placements by school and by provider",
        placements.gather,
        "reports/area/_placements.html",
    ),
    Section("part_time", "Part-time timetables", part_time.gather, "reports/area/_part_time.html"),
    Section(
        "evidence",
        "Providers with evidence expired or missing",
        evidence.gather,
        "reports/area/_evidence.html",
    ),
    Section(
        "threshold",
        "Providers at or near the registration threshold",
        threshold.gather,
        "reports/area/_threshold.html",
    ),
    Section(
        "unlisted",
        "Providers in use that are not on the approved list",
        unlisted.gather,
        "reports/area/_unlisted.html",
    ),
    Section("reviews", "Reviews held on time, by school", reviews.gather, "reports/area/_reviews.html"),
    Section("visits", "Visits to providers, by school", visits.gather, "reports/area/_visits.html"),
    Section(
        "outcomes",
        "Outcomes of placements that ended, by provider",
        outcomes.gather,
        "reports/area/_outcomes.html",
    ),
)
STEPS = len(SECTIONS)


@dataclass(frozen=True)
class Summary:
    """The cover's numbers, read from what the sections gathered (so they cannot disagree)."""

    placements: int
    pupils: int
    placements_now: int
    pupils_now: int
    full_time: int
    part_time: int
    average_hours: str
    schools: int
    providers: int
    part_time_plans: int
    past_time_limit: int
    no_plan: int
    evidence_gaps: int
    at_threshold: int
    near_threshold: int
    unlisted: int
    unlisted_now: int
    reviews_held: int
    reviews_on_time: int
    reviews_overdue: int
    visits: int
    not_visited: int
    ended: int
    outcomes_recorded: int


def summarise(gathered: dict) -> Summary:
    total = gathered["placements"].total
    timetables = gathered["part_time"]
    held = gathered["reviews"]
    return Summary(
        placements=total.placements,
        pupils=total.pupils,
        placements_now=total.now,
        pupils_now=total.pupils_now,
        full_time=total.full_time,
        part_time=total.part_time,
        average_hours=total.average_hours,
        schools=gathered["placements"].schools,
        providers=gathered["placements"].providers,
        part_time_plans=timetables.plans,
        past_time_limit=timetables.past_time_limit,
        no_plan=timetables.no_plan,
        evidence_gaps=gathered["evidence"].count,
        at_threshold=gathered["threshold"].at,
        near_threshold=gathered["threshold"].near,
        unlisted=gathered["unlisted"].count,
        unlisted_now=gathered["unlisted"].now,
        reviews_held=held.held,
        reviews_on_time=held.on_time,
        reviews_overdue=held.overdue,
        visits=gathered["visits"].visits,
        not_visited=gathered["visits"].not_visited,
        ended=gathered["outcomes"].ended,
        outcomes_recorded=gathered["outcomes"].recorded,
    )


def gather(scope: AreaScope, *, progress: Progress | None = None) -> dict:
    """Every section's data, by key."""
    return document.gather(SECTIONS, scope, progress=progress)


def build(
    scope: AreaScope,
    *,
    generated_by: str,
    generated_at: datetime.datetime,
    progress: Progress | None = None,
) -> Built:
    gathered = gather(scope, progress=progress)
    html = document.render(
        "reports/area/area.html",
        generated_by=generated_by,
        generated_at=generated_at,
        scope=scope,
        summary=summarise(gathered),
        sections=document.laid_out(SECTIONS, gathered),
    )
    return Built(html=html, pupil_ids=set())
