"""What every printed report shares: its sections (each gathered by a function of the report's scope and
laid out by its template), the HTML document around them (the print stylesheet inlined, the
classification, who made it and when), and what a build hands back (`Built`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string

from reports.pdf import static_text

CLASSIFICATION = "OFFICIAL-SENSITIVE"
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    gather: Callable
    template: str


@dataclass(frozen=True)
class Built:
    html: str
    pupil_ids: set[int]  # every pupil the report names, for the access event each download writes


def gather(sections: Sequence[Section], scope, *, progress: Progress | None = None) -> dict:
    """Every section's data, by key; `progress` hears of each as it is gathered (the page waited on)."""
    gathered = {}
    for number, section in enumerate(sections, start=1):
        if progress:
            progress(number, len(sections) + 1, section.title)
        gathered[section.key] = section.gather(scope)
    return gathered


def laid_out(sections: Sequence[Section], gathered: dict) -> list[dict]:
    """The sections in order, each with its template and its data, for the document's template."""
    return [
        {"key": s.key, "title": s.title, "template": s.template, "data": gathered[s.key]} for s in sections
    ]


def render(template: str, *, generated_by: str, generated_at: datetime.datetime, **context) -> str:
    """The report's HTML, finished: nothing left for WeasyPrint to fetch."""
    return render_to_string(
        template,
        {
            "css": static_text("reports/print.css"),
            "classification": CLASSIFICATION,
            "generated_by": generated_by,
            "generated_at": generated_at,
            **context,
        },
    )
