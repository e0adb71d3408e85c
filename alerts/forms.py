"""Choosing, kind by kind, whether an alert is emailed at once or in the daily summary."""

from django import forms
from django.conf import settings

from alerts.kinds import SPECS, AlertKind
from apcommission.forms.govuk import GovUKFormMixin

AT_ONCE = "now"
SUMMARY = "daily"


class ChoicesForm(GovUKFormMixin, forms.Form):
    submit_label = "Save your email choices"

    def __init__(self, *args, kinds: list[AlertKind], chosen: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        hour = settings.ALERT_DIGEST_HOUR
        self.choosable = [kind for kind in kinds if not SPECS[kind].always_immediate]
        for kind in self.choosable:
            self.fields[kind] = forms.ChoiceField(
                label=kind.label,
                choices=[(AT_ONCE, "Email me at once"), (SUMMARY, f"In one email a day, at {hour}am")],
                initial=SUMMARY if kind in chosen else AT_ONCE,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose how to be told: {kind.label.lower()}"},
            )

    def summary_kinds(self) -> set[str]:
        return {kind for kind in self.choosable if self.cleaned_data[kind] == SUMMARY}
