"""The forms for recording an outcome and a check-in. They read what was typed and chosen; the services
(`outcomes.services`) check it against the placement and say what is wrong, on the field it is about."""

from django import forms

from apcommission.forms.dates import DateField
from apcommission.forms.govuk import GovUKFormMixin
from outcomes.models import (
    CHECK_IN_FIELDS,
    DETAIL_LENGTH,
    NOTE_LENGTH,
    OUTCOME_FIELDS,
    CheckIn,
    CheckInKind,
    Destination,
    ObjectivesMet,
    Outcome,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_OF = {True: "yes", False: "no"}


def _destination(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Destination.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the destination", "invalid_choice": "Select the destination"},
    )


def _detail() -> forms.CharField:
    return forms.CharField(
        label="Where (optional)",
        required=False,
        max_length=DETAIL_LENGTH,
        help_text="The school, college, training provider or employer, if known.",
        error_messages={"max_length": f"Where the pupil went must be {DETAIL_LENGTH} characters or fewer"},
    )


class OutcomeForm(GovUKFormMixin, forms.Form):
    submit_label = "Save the outcome and destination"

    objectives_met = forms.ChoiceField(
        label="Did the placement meet its objectives?",
        choices=ObjectivesMet.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how far the placement met its objectives",
            "invalid_choice": "Select how far the placement met its objectives",
        },
    )
    destination = _destination("Where did the pupil go?")
    destination_detail = _detail()
    left_on = DateField(
        "Date the pupil moved on",
        name="the date the pupil moved on",
        help_text="Usually the day the placement ended. The check-ins are counted from it.",
    )

    def __init__(self, *args, placement, outcome: Outcome | None = None, **kwargs):
        if outcome is not None:
            initial = {name: getattr(outcome, name) for name in OUTCOME_FIELDS}
        else:
            initial = {"left_on": placement.ended_on}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in OUTCOME_FIELDS}


class CheckInForm(GovUKFormMixin, forms.Form):
    submit_label = "Save the check-in"

    destination = _destination("Where is the pupil now?")
    destination_detail = _detail()
    sustained = forms.ChoiceField(
        label="Was the destination sustained?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=(
            "DfE's definition: in education or training for all of October to March, "
            "or in employment for 5 of those 6 months."
        ),
        error_messages={
            "required": "Select whether the destination was sustained",
            "invalid_choice": "Select whether the destination was sustained",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How you found out, and anything the school should follow up.",
    )

    def __init__(self, *args, check_in: CheckIn, **kwargs):
        self.asks_sustained = check_in.kind == CheckInKind.SUSTAINED
        if check_in.destination:
            initial = {name: getattr(check_in, name) for name in CHECK_IN_FIELDS}
            initial["sustained"] = YES_NO_OF.get(check_in.sustained)
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if not self.asks_sustained:
            del self.fields["sustained"]

    def values(self) -> dict:
        values = {name: self.cleaned_data.get(name) for name in CHECK_IN_FIELDS}
        values["sustained"] = values["sustained"] == "yes" if self.asks_sustained else None
        return values
