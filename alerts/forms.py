"""Choosing which kinds of alert come in one email a day; the rest are emailed at once."""

from django import forms
from django.conf import settings

from alerts.kinds import SPECS, AlertKind
from apcommission.forms.govuk import GovUKFormMixin


class ChoicesForm(GovUKFormMixin, forms.Form):
    submit_label = "Save your email choices"

    summary = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose only from the alerts listed"},
    )

    def __init__(self, *args, kinds: list[AlertKind], chosen: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["summary"]
        field.choices = [(kind.value, kind.label) for kind in kinds if not SPECS[kind].always_immediate]
        field.initial = sorted(chosen)
        field.label = f"Which alerts should come in one email a day, at {settings.ALERT_DIGEST_HOUR}am?"
        field.help_text = "Select all that apply. The others are emailed at once."

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["summary"].choices)

    def summary_kinds(self) -> set[str]:
        return set(self.cleaned_data["summary"])
