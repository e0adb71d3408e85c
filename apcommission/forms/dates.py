"""One date field for the whole service: the GOV.UK date input (day, month and year boxes) with the
Design System's error messages.

The browser's date picker is never used: its format depends on the browser and the locale, and a value
it rejects is submitted empty, so saving a form unchanged could erase a date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.widgets import DateInputWidget
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy

PARTS = ("day", "month", "year")


def long_date(value: datetime.date) -> str:
    """'5 June 2026', the GOV.UK way of writing a date."""
    return f"{value.day} {value:%B %Y}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class DateWidget(DateInputWidget):
    """Day, month and year text boxes that bring up a number pad on phones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for widget in self.widgets:
            widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def decompress(self, value):
        if isinstance(value, str):  # an initial value given as ISO text
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return None, None, None
        return super().decompress(value)


def _example(days: int) -> str:
    example = timezone.localdate() + datetime.timedelta(days=days)
    return f"For example, {example.day} {example.month} {example.year}"


_example_hint = lazy(_example, str)


def _boxes(value) -> list[str]:
    """What was typed in the day, month and year boxes, trimmed; "" for a box left empty or missing."""
    return [str(v).strip() if v is not None else "" for v in [*list(value or []), "", "", ""][:3]]


Bound = datetime.date | Callable[[], datetime.date] | None


class DateField(DateInputField):
    """A date asked as three boxes. `name` is how error messages speak of it ("the date checked");
    `past`/`future` keep it to today or before/after, and `earliest`/`latest` (dates, or functions of
    no arguments giving one, so "today" is worked out when the form is checked) bound it."""

    widget = DateWidget

    def __init__(
        self,
        label: str,
        *,
        name: str | None = None,
        required: bool = True,
        past: bool = False,
        future: bool = False,
        earliest: Bound = None,
        latest: Bound = None,
        **kwargs,
    ):
        if "help_text" not in kwargs:  # the Design System's hint: an example in the right direction
            # Lazy: fields are made when their form's module is imported, and a long-running server
            # must not offer a "future" example that has since passed.
            kwargs["help_text"] = _example_hint(-40 if past else 40)
        super().__init__(label=label, required=required, **kwargs)
        self.name = name or f"the {label[:1].lower()}{label[1:]}"
        self.past, self.future = past, future
        self.earliest, self.latest = earliest, latest

    def _clean_bound_field(self, bf):
        # A form editing a stored record (`keeps_stored_dates`) keeps each date saved as it was, whatever
        # the bounds say today: they are for dates being set, and a form saved unchanged must not fail
        # because time has passed since the date was entered.
        kept = bf.initial if getattr(bf.form, "keeps_stored_dates", False) else None
        self._kept = kept if isinstance(kept, datetime.date) else None
        try:
            return super()._clean_bound_field(bf)
        finally:
            self._kept = None

    def _fail(self, message: str, *, parts=PARTS, code: str = "invalid"):
        for index, part in enumerate(PARTS):
            if part in parts:
                self.fields[index].widget.errors = [message]
        raise ValidationError(message, code=code)

    def clean(self, value):
        for field in self.fields:
            field.widget.errors = []
        values = _boxes(value)
        if not any(values):
            if self.required:
                self._fail(f"Enter {self.name}", code="required")
            return None
        missing = [part for part, text in zip(PARTS, values, strict=True) if not text]
        if missing:
            self._fail(
                f"{_sentence(self.name)} must include a {' and '.join(missing)}",
                parts=missing,
                code="incomplete",
            )
        # 0 to 9 only: isdigit also says yes to superscripts, which int() refuses, and to full-width
        # and Arabic-Indic digits, which it reads.
        if not all(text.isascii() and text.isdigit() for text in values):
            self._fail(f"{_sentence(self.name)} must be a real date")
        day, month, year = (int(text) for text in values)
        if len(values[2]) != 4:
            self._fail("Year must include 4 numbers", parts=("year",))
        try:
            result = datetime.date(year, month, day)
        except ValueError:
            self._fail(f"{_sentence(self.name)} must be a real date")
        if result != getattr(self, "_kept", None):
            self._check_bounds(result)
        self.run_validators(result)
        return result

    def _check_bounds(self, result: datetime.date) -> None:
        today = timezone.localdate()
        if self.past and result > today:
            self._fail(f"{_sentence(self.name)} must be today or in the past")
        if self.future and result < today:
            self._fail(f"{_sentence(self.name)} must be today or in the future")
        earliest = self.earliest() if callable(self.earliest) else self.earliest
        latest = self.latest() if callable(self.latest) else self.latest
        if earliest and result < earliest:
            self._fail(f"{_sentence(self.name)} must be the same as or after {long_date(earliest)}")
        if latest and result > latest:
            self._fail(f"{_sentence(self.name)} must be the same as or before {long_date(latest)}")

    def has_changed(self, initial, data):
        """Compares dates, not the boxes' text: "05" and "5" are the same day."""
        if self.disabled:
            return False
        if isinstance(initial, str):
            initial = datetime.date.fromisoformat(initial) if initial else None
        # Read without clean(): it would reset the boxes' error marks and apply the bounds.
        values = _boxes(data)
        if not any(values):
            return initial is not None
        try:
            day, month, year = (int(text) for text in values)
            return datetime.date(year, month, day) != initial
        except ValueError:
            return True


def years_on(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` on (back, for a negative number); 29 February becomes 28 February in a year
    that has none, so a date a year on never slips into March."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year + years, day=28)


def _years_from_today(years: int) -> datetime.date:
    return years_on(timezone.localdate(), years)


def years_ago(years: int) -> Callable[[], datetime.date]:
    """A bound `years` years before today, worked out when the form is checked."""
    return lambda: _years_from_today(-years)


def years_ahead(years: int) -> Callable[[], datetime.date]:
    """A bound `years` years after today, worked out when the form is checked."""
    return lambda: _years_from_today(years)


def must_not_be_before(form, field: str, value, earlier, earlier_name: str) -> None:
    """Adds the GOV.UK error to `field` when `value` comes before `earlier` (both dates, or None)."""
    if value and earlier and value < earlier:
        name = form.fields[field].name
        form.add_error(field, f"{_sentence(name)} must be the same as or after {earlier_name}")
