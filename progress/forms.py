"""The provider's forms: a value of progress against an objective (recorded, or corrected), and an incident
(recorded, or changed). They read what was typed; the services (`progress.services`) check it against the
placement and say what is wrong, on the field it is about."""

from __future__ import annotations

import datetime
import re

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from apcommission.forms.dates import DateField
from apcommission.forms.govuk import ServiceFormMixin, apply_service_defaults
from apcommission.forms.numbers import DecimalField
from apcommission.numbers import plain_number
from apcommission.tenancy.forms import GovUKFormMixin
from placements.register_forms import Select
from progress.models import IncidentKind, Severity
from progress.selectors import IncidentFilters
from progress.services import INCIDENT_FIELDS
from providers.forms.inputs import number_input

TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?$", re.I)
TIME_EXAMPLE = "Enter the time like 14:30 or 2:30pm, or leave it blank"


class TimeField(forms.CharField):
    """A time of day typed as people write it: 14:30, 9.15, 2:30pm, 2pm. GOV.UK has no time input, so a
    text box with an example."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"})
        )
        super().__init__(max_length=10, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        match = TIME.match(text)
        if not match:
            raise ValidationError(TIME_EXAMPLE, code="invalid")
        hour, minute = int(match[1]), int(match[2] or 0)
        half = (match[3] or "").lower().replace(".", "")
        if half:
            if not 1 <= hour <= 12:
                raise ValidationError(TIME_EXAMPLE, code="invalid")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(TIME_EXAMPLE, code="invalid")
        return datetime.time(hour, minute)

    def run_validators(self, value):
        # A time is not text: the length limit applies to what was typed, checked by the pattern.
        return None

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


class ProgressForm(GovUKFormMixin, forms.Form):
    """A value against an objective: `unit` words the value's label ("Value (%)")."""

    submit_label = "Save the progress"

    value = DecimalField(
        label="Value",
        max_digits=8,
        decimal_places=2,
        widget=number_input(10, decimal=True),
    )
    on = DateField(
        "Date", name="the date", past=True, help_text="The day the pupil was assessed or measured."
    )
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the value means, or what helped.",
    )

    def __init__(self, *args, unit: str = "", entry=None, **kwargs):
        if entry is not None:
            kwargs.setdefault("initial", {"value": entry.value, "on": entry.on, "comment": entry.comment})
        super().__init__(*args, **kwargs)
        self.keeps_stored_dates = entry is not None
        if self.initial.get("value") is not None:  # 75, as a person types it, not 75.00
            self.initial["value"] = plain_number(self.initial["value"])
        unit = (unit or "").strip()
        if unit:
            self.fields["value"].label = f"Value ({unit})"
            self.fields["value"].help_text = f"A number in the objective's unit: {unit}."
        apply_service_defaults(self)
        self.fields["value"].error_messages["required"] = "Enter the value"
        self.fields["value"].error_messages["invalid"] = "Enter the value as a number, like 75 or 2.5"
        self.helper.layout = Layout("value", "on", "comment")

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("value", "on", "comment")}


class IncidentForm(GovUKFormMixin, forms.Form):
    submit_label = "Save the incident"

    occurred_on = DateField("Date of the incident", name="the date of the incident", past=True)
    occurred_at = TimeField(
        label="Time (optional)", required=False, help_text="For example, 14:30 or 2:30pm."
    )
    kind = forms.ChoiceField(
        label="What kind of incident",
        choices=IncidentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of incident it was"},
    )
    severity = forms.ChoiceField(
        label="How serious was it",
        choices=Severity.choices,
        widget=forms.RadioSelect,
        help_text="A high-severity incident is shown to the school at once.",
        error_messages={"required": "Choose how serious it was"},
    )
    what_happened = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 5}))
    action_taken = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you did at the time and since, and who you told.",
    )
    parent_told_on = DateField(
        "Parent or carer told on (optional)",
        name="the date the parent or carer was told",
        required=False,
        past=True,
        help_text="Leave it blank if they have not been told yet.",
    )

    def __init__(self, *args, incident=None, **kwargs):
        if incident is not None:
            kwargs.setdefault("initial", {name: getattr(incident, name) for name in INCIDENT_FIELDS})
        super().__init__(*args, **kwargs)
        self.keeps_stored_dates = incident is not None
        apply_service_defaults(self)
        self.fields["what_happened"].error_messages["required"] = "Enter what happened"
        self.fields["action_taken"].error_messages["required"] = "Enter what was done about it"
        self.fields["occurred_at"].error_messages["invalid"] = TIME_EXAMPLE
        self.helper.layout = Layout(
            "occurred_on",
            "occurred_at",
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.radios("severity", legend_size=Size.SMALL, small=True),
            "what_happened",
            "action_taken",
            "parent_told_on",
        )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in INCIDENT_FIELDS}


class IncidentFilterForm(ServiceFormMixin, forms.Form):
    """The list's filters, read like every other input: a filter that cannot be used (a provider with no
    incidents you see) is shown with its error and left out."""

    severity = forms.ChoiceField(
        label="Severity",
        required=False,
        choices=[("", "Any severity"), *Severity.choices],
        error_messages={"invalid_choice": "Choose a severity from the list"},
    )
    provider = forms.TypedChoiceField(
        label="Provider",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a provider from the list"},
    )

    def __init__(self, *args, providers: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "Any provider"), *providers]

    def filters(self) -> IncidentFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return IncidentFilters(severity=data.get("severity") or "", provider=data.get("provider"))

    def selects(self) -> dict[str, Select]:
        selects = {}
        for name in ("severity", "provider"):
            bound = self[name]
            chosen = "" if bound.value() is None else str(bound.value())
            options = [(str(value), str(label), str(value) == chosen) for value, label in bound.field.choices]
            selects[name] = Select(
                bound.id_for_label, bound.html_name, str(bound.label), list(bound.errors), options
            )
        return selects

    def in_use(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) not in (None, "") for name in ("severity", "provider"))
