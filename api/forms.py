import datetime

from django import forms
from django.utils import timezone

from apcommission.forms.dates import DateField
from apcommission.forms.govuk import GovUKFormMixin
from api import keys, rules

ROLE_HINTS = {
    "school_staff": "Reads the school's placements and attendance.",
    "ap_lead": "Reads the school's placements and attendance, as the AP lead sees them.",
    "provider_staff": "Reads your placements and timetables, and sends attendance and progress.",
}


class KeyForm(GovUKFormMixin, forms.Form):
    submit_label = "Make the key"
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What will use the key, so you can recognise it later. For example: MIS attendance sync",
        error_messages={"required": "Enter a name for the key, saying what uses it"},
    )
    role = forms.ChoiceField(
        label="What the key may do",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the key may do",
            "invalid_choice": "Choose one of the options",
        },
    )
    expires_on = DateField(
        "Expires on",
        name="the expiry date",
        earliest=lambda: timezone.localdate() + datetime.timedelta(days=1),
        latest=lambda: keys.latest_expiry(timezone.localdate()),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        roles = rules.key_roles(membership)
        self.fields["role"].choices = [
            (role.value, f"{role.label}: {ROLE_HINTS[role.value]}") for role in roles
        ]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0].value
        self.fields["expires_on"].help_text = (
            "From tomorrow to 2 years from today. The key stops working at the end of this day. If unsure, "
            "keep the date suggested: a year from today."
        )


class RevokeForm(GovUKFormMixin, forms.Form):
    submit_label = "Revoke the key"
