"""Dates as a browser posts them from a GOV.UK date input: three boxes, `<name>_0` to `<name>_2`."""

import datetime


def date_input(name: str, value: datetime.date | str | None) -> dict[str, str]:
    """The day, month and year boxes of `name` holding `value` (a date, ISO text, or blank)."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value) if value else None
    parts = ("", "", "") if value is None else (str(value.day), str(value.month), str(value.year))
    return {f"{name}_{index}": part for index, part in enumerate(parts)}


def with_changes(data: dict, changes: dict) -> dict:
    """`data` with `changes` applied, a change to a date (a name ending `_on`) posted as its three boxes."""
    for name, value in changes.items():
        data |= date_input(name, value) if name.endswith("_on") else {name: value}
    return data


def fill_date(page, legend: str, value: datetime.date | None) -> None:
    """Type `value` into the date input whose legend is `legend`, as a person would (blank clears it)."""
    group = page.get_by_role("group", name=legend, exact=True)
    parts = ("", "", "") if value is None else (str(value.day), str(value.month), str(value.year))
    for label, part in zip(("Day", "Month", "Year"), parts, strict=True):
        group.get_by_label(label, exact=True).fill(part)


def date_shown(page, legend: str) -> tuple[str, str, str]:
    """What the day, month and year boxes of the date input `legend` hold."""
    group = page.get_by_role("group", name=legend, exact=True)
    return tuple(group.get_by_label(label, exact=True).input_value() for label in ("Day", "Month", "Year"))
