"""The one date field: GOV.UK's date input (day, month, year) with the Design System's error messages."""

import datetime

import pytest
import time_machine
from django import forms

from apcommission.forms.dates import DateField, years_ago, years_ahead, years_on
from tests.dates import date_input

TODAY = datetime.date(2026, 11, 30)


class CheckForm(forms.Form):
    checked_on = DateField("Date checked", past=True, earliest=years_ago(10))
    review_on = DateField("Next review", name="the next review date", required=False, latest=years_ahead(5))


def errors(**posted) -> dict:
    data = {}
    for name, parts in posted.items():
        data |= {f"{name}_{index}": part for index, part in enumerate(parts)}
    form = CheckForm(data)
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC), tick=False):
        yield


def test_three_boxes_make_a_date_and_leading_zeros_do_not_matter():
    form = CheckForm({**date_input("checked_on", "2026-06-05"), "review_on_0": "05", "review_on_1": "06"})
    form.data = {**form.data, "review_on_2": "2027"}

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "checked_on": datetime.date(2026, 6, 5),
        "review_on": datetime.date(2027, 6, 5),
    }


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the date checked"),
        (("5", "", "2026"), "The date checked must include a month"),
        (("", "", "2026"), "The date checked must include a day and month"),
        (("31", "2", "2026"), "The date checked must be a real date"),
        (("5", "June", "2026"), "The date checked must be a real date"),
        (("\u00b2", "6", "2026"), "The date checked must be a real date"),
        (("5", "\uff16", "2026"), "The date checked must be a real date"),
        (("5", "6", "\u0662\u0660\u0662\u0666"), "The date checked must be a real date"),
        (("5", "6", "26"), "Year must include 4 numbers"),
        (("1", "12", "2026"), "The date checked must be today or in the past"),
        (("1", "1", "1900"), "The date checked must be the same as or after 30 November 2016"),
    ],
)
def test_each_mistake_gets_the_design_systems_message(parts, message):
    assert errors(checked_on=parts)["checked_on"] == [message]


def test_an_optional_date_may_be_left_blank_but_not_half_filled():
    assert "review_on" not in errors(checked_on=("1", "1", "2026"), review_on=("", "", ""))
    assert errors(checked_on=("1", "1", "2026"), review_on=("1", "", ""))["review_on"] == [
        "The next review date must include a month and year"
    ]
    assert errors(checked_on=("1", "1", "2026"), review_on=("1", "1", "2032"))["review_on"] == [
        "The next review date must be the same as or before 30 November 2031"
    ]


def test_the_boxes_show_a_saved_date_so_saving_it_unchanged_keeps_it():
    html = str(CheckForm(initial={"checked_on": datetime.date(2026, 6, 5)})["checked_on"])

    assert 'name="checked_on_0" value="5"' in html
    assert 'name="checked_on_1" value="6"' in html
    assert 'name="checked_on_2" value="2026"' in html
    assert 'type="date"' not in html
    assert 'inputmode="numeric"' in html


def test_a_date_typed_with_leading_zeros_is_not_a_change():
    form = CheckForm(
        {"checked_on_0": "05", "checked_on_1": "06", "checked_on_2": "2026"},
        initial={"checked_on": datetime.date(2026, 6, 5)},
    )

    assert form.changed_data == []


def test_only_the_boxes_in_error_are_marked():
    form = CheckForm({"checked_on_0": "5", "checked_on_1": "", "checked_on_2": "2026"})
    form.is_valid()
    boxes = [field.widget.errors for field in form.fields["checked_on"].fields]

    assert boxes == [[], ["The date checked must include a month"], []]


def test_the_error_summary_lists_a_dates_error_once_linked_to_its_first_box():
    from django.template import Context, Template

    from apcommission.forms.govuk import GovUKFormMixin

    class Form(GovUKFormMixin, CheckForm):
        pass

    form = Form({"checked_on_0": "31", "checked_on_1": "2", "checked_on_2": "2026"})
    form.is_valid()
    html = Template("{% load crispy_forms_gds %}{% error_summary form %}").render(Context({"form": form}))

    assert html.count("The date checked must be a real date") == 1
    assert '<a href="#id_checked_on_0">The date checked must be a real date</a>' in html


def test_a_date_has_an_example_in_the_right_direction_as_its_hint():
    assert DateField("Date checked", past=True).help_text == "For example, 21 10 2026"
    assert DateField("Next review").help_text == "For example, 9 1 2027"
    assert DateField("Next review", help_text="Its own hint").help_text == "Its own hint"


def test_a_cleared_or_changed_date_is_a_change_and_checking_it_leaves_the_error_marks():
    initial = {"checked_on": datetime.date(2026, 6, 5)}
    cleared = CheckForm({"checked_on_0": "", "checked_on_1": "", "checked_on_2": ""}, initial=initial)
    moved = CheckForm({"checked_on_0": "6", "checked_on_1": "6", "checked_on_2": "2026"}, initial=initial)
    wrong = CheckForm({"checked_on_0": "31", "checked_on_1": "2", "checked_on_2": "2026"}, initial=initial)
    wrong.is_valid()
    marks = [field.widget.errors for field in wrong.fields["checked_on"].fields]

    assert "checked_on" in cleared.changed_data
    assert "checked_on" in moved.changed_data
    assert "checked_on" in wrong.changed_data
    assert [field.widget.errors for field in wrong.fields["checked_on"].fields] == marks != [[], [], []]


def test_the_example_is_worked_out_when_shown_not_when_the_form_was_defined():
    field = DateField("Next review")

    with time_machine.travel(datetime.datetime(2027, 5, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert str(field.help_text) == "For example, 10 6 2027"


@pytest.mark.parametrize(("keeps", "valid"), [(True, True), (False, False)])
def test_a_form_editing_a_stored_record_keeps_a_date_todays_bounds_refuse_but_not_a_changed_one(keeps, valid):
    stored = datetime.date(2011, 3, 4)  # more than 10 years back: before `checked_on`'s earliest today

    def form_with(date):
        form = CheckForm(date_input("checked_on", date), initial={"checked_on": stored})
        form.keeps_stored_dates = keeps
        return form

    assert form_with(stored).is_valid() is valid
    assert not form_with(datetime.date(2011, 3, 5)).is_valid()


def test_a_year_after_29_february_is_28_february_unless_the_year_has_one():
    d = datetime.date
    assert years_on(d(2024, 2, 29), 1) == d(2025, 2, 28)
    assert years_on(d(2024, 2, 29), 3) == d(2027, 2, 28)
    assert years_on(d(2024, 2, 29), 4) == d(2028, 2, 29)
    assert years_on(d(2028, 2, 29), 1) == d(2029, 2, 28)
    assert years_on(d(2023, 2, 28), 1) == d(2024, 2, 28)
    assert years_on(d(2023, 3, 1), 1) == d(2024, 3, 1)
    assert years_on(d(2024, 2, 29), -1) == d(2023, 2, 28)
    assert years_on(d(2024, 3, 1), -1) == d(2023, 3, 1)


def test_a_bound_in_years_is_worked_out_from_today_and_29_february_becomes_28_february():
    with time_machine.travel(datetime.datetime(2028, 2, 29, 12, tzinfo=datetime.UTC), tick=False):
        assert years_ago(1)() == datetime.date(2027, 2, 28)
        assert years_ahead(2)() == datetime.date(2030, 2, 28)
        assert years_ahead(4)() == datetime.date(2032, 2, 29)
