"""The provider's reply to an action a QA visit left it to do."""

from crispy_forms_gds.layout import Field, Layout
from django import forms

from apcommission.tenancy.forms import GovUKFormMixin

REPLY_MAX_LENGTH = 2000


class ReplyForm(GovUKFormMixin, forms.Form):
    submit_label = "Send reply"

    note = forms.CharField(
        label="Your reply",
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you have done or plan to do, and when. The organisation that made the visit reads "
        "it and closes the action when it has checked. Schools do not see your reply.",
        error_messages={
            "required": "Enter your reply",
            "max_length": f"Your reply must be {REPLY_MAX_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("note", rows=5))
