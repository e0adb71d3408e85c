"""A small line chart of an objective's progress, drawn as inline SVG by the template from the geometry
worked out here: the values recorded (a solid line from the baseline) against the line from the baseline
to the target (dashed), with the lowest and highest values and the first and last dates on the axes.

The chart is a picture of the table beside it, never the only place a value is: it is an image with a
title and a description in words (the baseline, the target and the latest value), and the table lists
every value."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from apcommission.forms.dates import long_date
from apcommission.numbers import plain_number

if TYPE_CHECKING:
    from placements.models import Objective
    from progress.models import ProgressEntry

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 16, 36


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    points: list[Point]  # the values recorded, from the baseline, in date order
    aim: tuple[Point, Point] | None  # from the baseline to the target
    target: Point | None
    y_labels: list[Label]
    x_labels: list[Label]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def line(self) -> str:
        """The SVG `points` of the line through the values."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def with_unit(value: Decimal, unit: str) -> str:
    """75 with "%" as "75%", 2 with "grade" as "2 grade"."""
    number = plain_number(value)
    unit = (unit or "").strip()
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}" if unit else number


def _description(objective: Objective, latest: ProgressEntry | None) -> str:
    unit = objective.unit
    parts = []
    if objective.has_baseline:
        baseline = with_unit(objective.baseline_value, unit)
        parts.append(f"From a baseline of {baseline} on {long_date(objective.baseline_on)}")
    if objective.target_value is not None:
        by = f" by {long_date(objective.target_on)}" if objective.target_on else ""
        parts.append(f"towards a target of {with_unit(objective.target_value, unit)}{by}")
    words = " ".join(parts) or "No baseline or target"
    if latest is not None:
        words += f". Latest: {with_unit(latest.value, unit)} on {long_date(latest.on)}"
    return words + ". Every value is in the table."


def progress_chart(objective: Objective, entries: list[ProgressEntry]) -> Chart | None:
    """The chart of `entries` (any order) against the objective's baseline and target, or None when there
    is nothing to draw a line through: fewer than two points, counting the baseline."""
    recorded = sorted(entries, key=lambda entry: (entry.on, entry.pk or 0))
    dated: list[tuple[datetime.date, Decimal]] = []
    if objective.has_baseline:
        dated.append((objective.baseline_on, objective.baseline_value))
    dated += [(entry.on, entry.value) for entry in recorded]
    if len(dated) < 2:
        return None
    has_target = objective.target_value is not None and objective.target_on is not None
    days = [on for on, _ in dated] + ([objective.target_on] if has_target else [])
    values = [value for _, value in dated] + (
        [objective.target_value] if objective.target_value is not None else []
    )
    first, last = min(days), max(days)
    low, high = min(values), max(values)
    if objective.unit.strip() == "%":
        low, high = min(low, Decimal(0)), max(high, Decimal(100))
    if low == high:
        low, high = low - 1, high + 1
    span_days = max((last - first).days, 1)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def at(on: datetime.date, value: Decimal) -> Point:
        x = LEFT + plot_width * (on - first).days / span_days
        y = TOP + plot_height * float((high - value) / (high - low))
        return Point(round(x, 1), round(y, 1))

    points = [at(on, value) for on, value in dated]
    aim = target = None
    if has_target:
        target = at(objective.target_on, objective.target_value)
        if objective.has_baseline:
            aim = (points[0], target)
    unit = objective.unit
    y_labels = [
        Label(LEFT - 8, TOP + 4, with_unit(high, unit)),
        Label(LEFT - 8, TOP + plot_height + 4, with_unit(low, unit)),
    ]
    x_labels = [
        Label(LEFT, HEIGHT - 12, first.strftime("%-d %b %Y")),
        Label(WIDTH - RIGHT, HEIGHT - 12, last.strftime("%-d %b %Y")),
    ]
    area = objective.get_area_display()
    return Chart(
        title=f"{area}: progress against the target",
        description=_description(objective, recorded[-1] if recorded else None),
        points=points,
        aim=aim,
        target=target,
        y_labels=y_labels,
        x_labels=x_labels,
    )
