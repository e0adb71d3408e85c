from django import forms

from apcommission.forms.govuk import GovUKFormMixin
from apcommission.tenancy import rules


def submitted(request):
    """The posted data for a form, or None on GET (an empty POST still counts as a submission)."""
    return request.POST if request.method == "POST" else None


def show_refusal(form, error) -> None:
    """A service's refusal (a ValidationError) shown on the form: each message on its field when the form
    has one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RoleForm(GovUKFormMixin, forms.Form):
    submit_label = "Save role"
    role = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose one of the roles listed"},
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in rules.assignable_roles(membership)]


class InviteForm(RoleForm):
    submit_label = "Send invitation"
    email = forms.EmailField(
        label="Email address",
        help_text="We will email them a link to set a password and an authenticator app.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    field_order = ["email", "role"]


class ConfirmForm(GovUKFormMixin, forms.Form):
    submit_label = "Remove member"
