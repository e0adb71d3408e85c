"""The form an LA's officers set its numbers with (`PlacementRules`): the hours of a full-time week for
each stage, the days a school has to tell the LA of a part-time timetable, and the planned limits for AP
that is not a school. The LA is always the officer's own: the form takes no organisation."""

from django import forms

from apcommission.forms.govuk import GovUKFormMixin
from apcommission.forms.numbers import DecimalField
from placements.area_services import LIMITS
from placements.entitlement import RULE_FIELDS, Rules
from providers.forms.inputs import number_input

LEAST_HOURS, MOST_HOURS = LIMITS["hours_ks2"]


def _hours(label: str, help_text: str) -> DecimalField:
    """The hours of a full-time week ("24.00" is 24). Every message names the year groups, as the form
    shows four hour fields and the error summary lists each message on its own."""
    years = label.removesuffix(" (hours)")
    return DecimalField(
        label=label,
        min_value=LEAST_HOURS,
        max_value=MOST_HOURS,
        decimal_places=1,
        widget=number_input(4, decimal=True),
        help_text=help_text,
        error_messages={
            "required": f"Enter the hours of a full-time week for {years}",
            "min_value": f"A full-time week for {years} must be {LEAST_HOURS} hours or more",
            "max_value": f"A full-time week for {years} must be {MOST_HOURS} hours or fewer",
            "invalid": f"Enter the hours for {years} as a number, like 24 or 23.5",
            "max_decimal_places": f"Enter the hours for {years} to the nearest half hour, like 23.5",
        },
    )


def _whole(name: str, label: str, help_text: str, *, unit: str, required: str) -> forms.IntegerField:
    least, most = LIMITS[name]
    return forms.IntegerField(
        label=label,
        min_value=least,
        max_value=most,
        widget=number_input(3),
        help_text=help_text,
        error_messages={
            "required": required,
            "invalid": f"Enter a whole number of {unit}, like 12",
            "min_value": f"Enter at least {least} {unit[:-1]}",
            "max_value": f"Enter {most} {unit} or fewer",
        },
    )


class PlacementRulesForm(GovUKFormMixin, forms.Form):
    submit_label = "Save your numbers"

    hours_reception_to_ks1 = _hours("Reception to Year 2 (hours)", "The benchmark is 21 hours.")
    hours_ks2 = _hours("Years 3 to 6 (hours)", "The benchmark is 23.5 hours.")
    hours_ks3_and_year_10 = _hours("Years 7 to 10 (hours)", "The benchmark is 24 hours.")
    hours_year_11 = _hours("Year 11 (hours)", "The benchmark is 25 hours. It also applies to older pupils.")
    part_time_notice_days = _whole(
        "part_time_notice_days",
        "Days a school has to tell you of a part-time timetable",
        "Counted from the day the placement starts. Many LAs ask for 14 days (2 weeks).",
        unit="days",
        required="Enter how many days a school has to tell you of a part-time timetable",
    )
    non_school_max_weeks = _whole(
        "non_school_max_weeks",
        "Longest placement at AP that is not a school (weeks)",
        "DfE's planned limit is 12 weeks for a placement of more than the sessions below.",
        unit="weeks",
        required="Enter the longest placement at AP that is not a school, in weeks",
    )
    non_school_max_sessions = _whole(
        "non_school_max_sessions",
        "Most sessions a week for a longer placement at AP that is not a school",
        "DfE's planned limit is 4 sessions (2 days) a week alongside school. A session is a morning or "
        "an afternoon.",
        unit="sessions",
        required="Enter the most sessions a week for a longer placement",
    )

    @classmethod
    def initial_for(cls, rules: Rules) -> dict:
        return {name: getattr(rules, name) for name in RULE_FIELDS}

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}
