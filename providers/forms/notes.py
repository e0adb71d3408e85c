"""Forms that ask for one piece of writing, and perhaps a tick box: a follow-up note on an action, the
provider's reply to one, the reason a record was entered in error. Each text box says its own limit."""

from crispy_forms_gds.layout import Field, Layout
from django import forms

from apcommission.tenancy.forms import GovUKFormMixin


def writing(label: str, *, subject: str, limit: int, rows: int, required: str, help_text: str = ""):
    """A text box of `rows` lines taking at most `limit` characters; `subject` names it in the message
    when it is too long ("Your reply must be 2,000 characters or fewer"), `required` when it is empty."""
    too_long = f"{subject} must be {limit:,} characters or fewer"
    return forms.CharField(
        label=label,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": required, "max_length": too_long},
    )


class WritingForm(GovUKFormMixin, forms.Form):
    """Lays its text boxes out at their own number of rows, and its tick boxes as GOV.UK checkboxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            *(
                Field.textarea(name, rows=field.widget.attrs["rows"])
                if isinstance(field.widget, forms.Textarea)
                else Field.checkbox(name)
                for name, field in self.fields.items()
            )
        )
