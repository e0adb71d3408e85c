"""Decimal numbers read as people type them: "15.00" in a box of hours is 15, not a refusal because it has
two decimal places where one is kept; and hours a week, refused in words that say what to type."""

from decimal import Decimal, InvalidOperation

from django import forms

from apcommission.forms.govuk import subject


class DecimalField(forms.DecimalField):
    """A decimal whose zeros after its last decimal place are taken as the same number: "15.00" in a field
    of one decimal place is 15.0, and "15.05" is still refused."""

    def to_python(self, value):
        value = super().to_python(value)
        places = self.decimal_places
        if value is None or places is None or not value.is_finite():
            return value
        if value.as_tuple().exponent >= -places:
            return value
        try:
            kept = value.quantize(Decimal(1).scaleb(-places))
        except InvalidOperation:  # more digits than a decimal holds: the field's own checks refuse it
            return value
        return kept if kept == value else value


class HoursField(DecimalField):
    """Hours a week, to one decimal place (22.5), from `least` to `most`. Every refusal says what to type:
    "Enter hours a week as a number, like 22.5"."""

    def __init__(self, *, least: Decimal | int = 0, most: Decimal | int = 60, **kwargs):
        # No count of digits: the bounds say how big, and one message says it, not two.
        super().__init__(decimal_places=1, min_value=Decimal(least), max_value=Decimal(most), **kwargs)
        name = subject(self)
        lowered = name[:1].lower() + name[1:]
        between = f"{name} must be between {least} and {most}"
        self.error_messages = {
            **self.error_messages,
            "invalid": f"Enter {lowered} as a number, like 22.5",
            "max_decimal_places": f"Enter {lowered} with no more than 1 decimal place, like 22.5",
            "min_value": between,
            "max_value": between,
        }
