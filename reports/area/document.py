"""The LA's area report as one HTML document (the reports issue: placements by school and by provider,
part-time timetables, providers with expired evidence, at or near the registration threshold, unlisted
providers in use, reviews on time by school, visit frequency by school, outcomes by provider)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.template.loader import render_to_string

from reports.area.scope import AreaScope
from reports.pack.document import CLASSIFICATION, Built
from reports.pdf import static_text

STEPS = 1


def build(
    scope: AreaScope,
    *,
    generated_by: str,
    generated_at: datetime.datetime,
    progress: Callable[[int, int, str], None] | None = None,
) -> Built:
    if progress:
        progress(1, STEPS + 1, "Placements")
    count = scope.placements().count()
    html = render_to_string(
        "reports/area/area.html",
        {
            "css": static_text("reports/print.css"),
            "scope": scope,
            "placements": count,
            "classification": CLASSIFICATION,
            "generated_by": generated_by,
            "generated_at": generated_at,
        },
    )
    return Built(html=html, pupil_ids=set())
