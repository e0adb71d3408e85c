"""Marking an evidence check or a QA visit as entered in error: the reason is all that is asked."""

from crispy_forms_gds.layout import Field, Layout
from django import forms

from apcommission.tenancy.forms import GovUKFormMixin
from providers.models.corrections import REASON_MAX_LENGTH


class EnteredInErrorForm(GovUKFormMixin, forms.Form):
    submit_label = "Mark as entered in error"

    reason = forms.CharField(
        label="Why was it entered in error?",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, recorded against the wrong provider. The record is kept with your reason, "
        "your name and today's date, and stops counting.",
        error_messages={
            "required": "Enter why it was entered in error",
            "max_length": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason", rows=4))
