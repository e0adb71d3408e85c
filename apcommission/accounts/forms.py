from django import forms
from django.contrib.auth import password_validation

from apcommission.tenancy.forms import GovUKFormMixin


class AcceptInvitationForm(GovUKFormMixin, forms.Form):
    """A new person's name and password. People who already have an account only confirm."""

    submit_label = "Accept invitation"
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    password1 = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unrelated words make a strong password.",
        error_messages={"required": "Create a password"},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Confirm your password"},
    )

    def __init__(self, *args, invitation, existing_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        if existing_user:
            for name in ("full_name", "password1", "password2"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match")
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
