"""The progress chart's geometry: a line through the baseline and the values in date order, the dashed
line from the baseline to the target, a percentage drawn from 0 to 100, and a description in words."""

import datetime
from decimal import Decimal

from placements.models import Objective
from progress.charts import HEIGHT, LEFT, RIGHT, TOP, WIDTH, progress_chart, with_unit
from progress.models import ProgressEntry

DAY = datetime.timedelta(days=1)
START = datetime.date(2026, 1, 5)


def objective(**overrides) -> Objective:
    values = {
        "area": "attendance",
        "description": "Attend every session.",
        "measure": "Sessions attended",
        "unit": "%",
        "baseline_value": Decimal("60"),
        "baseline_on": START,
        "target_value": Decimal("90"),
        "target_on": START + 100 * DAY,
        **overrides,
    }
    return Objective(**values)


def entry(days: int, value: str) -> ProgressEntry:
    return ProgressEntry(on=START + days * DAY, value=Decimal(value))


def test_nothing_to_draw_a_line_through_draws_nothing():
    assert progress_chart(objective(), []) is None
    assert progress_chart(objective(baseline_value=None, baseline_on=None), [entry(10, "70")]) is None


def test_the_line_runs_from_the_baseline_through_the_values_in_date_order():
    chart = progress_chart(objective(), [entry(50, "75"), entry(25, "70")])
    xs = [point.x for point in chart.points]
    assert xs == sorted(xs)
    assert chart.points[0].x == LEFT
    # A percentage is drawn from 0 (the bottom) to 100 (the top).
    bottom, top = HEIGHT - 36, TOP
    assert chart.points[0].y == round(bottom - (bottom - top) * 0.6, 1)
    assert chart.target.x == WIDTH - RIGHT
    assert chart.aim == (chart.points[0], chart.target)
    assert [label.text for label in chart.y_labels] == ["100%", "0%"]
    assert chart.line.count(",") == 3


def test_without_a_baseline_there_is_no_aim_line_only_the_target():
    chart = progress_chart(objective(baseline_value=None, baseline_on=None), [entry(10, "2"), entry(20, "3")])
    assert chart.aim is None
    assert chart.target is not None


def test_the_description_says_it_in_words():
    chart = progress_chart(objective(), [entry(30, "72.50")])
    assert chart.description == (
        "From a baseline of 60% on 5 January 2026 towards a target of 90% by 15 April 2026. "
        "Latest: 72.5% on 4 February 2026. Every value is in the table."
    )


def test_a_value_is_written_in_its_unit_as_people_write_it():
    assert with_unit(Decimal("78.50"), "%") == "78.5%"
    assert with_unit(Decimal("2.00"), "grade") == "2 grade"
    assert with_unit(Decimal("3"), "") == "3"
