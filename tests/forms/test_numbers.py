"""Decimals read as people type them: zeros after the last decimal place kept are the same number, and
hours a week are refused in words that say what to type."""

from decimal import Decimal

import pytest
from django import forms

from apcommission.forms.govuk import GovUKFormMixin
from apcommission.forms.numbers import DecimalField, HoursField


class HoursForm(GovUKFormMixin, forms.Form):
    hours = HoursField(label="Hours a week", least=Decimal("0.5"), most=60)
    price = DecimalField(label="Price (optional)", required=False, max_digits=8, decimal_places=2)


def cleaned(**data):
    form = HoursForm(data)
    return (
        form.cleaned_data if form.is_valid() else {name: list(errors) for name, errors in form.errors.items()}
    )


@pytest.mark.parametrize(
    ("typed", "hours"),
    [
        ("15", Decimal("15")),
        ("15.0", Decimal("15")),
        ("15.00", Decimal("15")),
        ("15.5", Decimal("15.5")),
        ("15.50", Decimal("15.5")),
        (" 15 ", Decimal("15")),
        ("60.000", Decimal("60")),
        ("0.5", Decimal("0.5")),
    ],
)
def test_hours_are_taken_as_people_type_them(typed, hours):
    assert cleaned(hours=typed)["hours"] == hours


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("15.555", "Enter hours a week with no more than 1 decimal place, like 22.5"),
        ("15.05", "Enter hours a week with no more than 1 decimal place, like 22.5"),
        ("abc", "Enter hours a week as a number, like 22.5"),
        ("15,5", "Enter hours a week as a number, like 22.5"),
        ("NaN", "Enter hours a week as a number, like 22.5"),
        ("-1", "Hours a week must be between 0.5 and 60"),
        ("0", "Hours a week must be between 0.5 and 60"),
        ("60.5", "Hours a week must be between 0.5 and 60"),
        ("100000", "Hours a week must be between 0.5 and 60"),
        ("", "Enter hours a week"),
    ],
)
def test_hours_refused_say_what_to_type(typed, message):
    assert cleaned(hours=typed) == {"hours": [message]}


def test_any_decimal_takes_zeros_after_its_last_place_as_the_same_number():
    assert cleaned(hours="15", price="95.500")["price"] == Decimal("95.50")
    assert cleaned(hours="15", price="95.505") == {"price": ["Price must have 2 decimal places or fewer"]}
