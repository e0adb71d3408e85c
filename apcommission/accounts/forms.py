from allauth.account.forms import LoginForm
from allauth.account.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.core import context
from django import forms
from django.contrib.auth import password_validation

from apcommission.accounts.security_log import log_refused_by_lockout
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


class WithdrawInvitationForm(GovUKFormMixin, forms.Form):
    """The confirmation before an invitation is withdrawn."""

    submit_label = "Withdraw invitation"


LOCKOUT = "too_many_login_attempts"
# Which of the two was wrong is not said: that would tell a stranger which addresses have accounts.
WRONG_EMAIL_OR_PASSWORD = "The email address or password is incorrect"


class SignInForm(LoginForm):
    """allauth's sign-in form, with its errors beside the fields as GOV.UK asks, and lockouts logged.

    allauth reports a wrong email address or password, and a lockout, as errors of the whole form, which
    appear in the error summary only. GOV.UK shows each error in the summary and beside its field, so they
    go on the email address field, which the summary then links to.
    """

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == LOCKOUT:
                log_refused_by_lockout(context.request, self.cleaned_data.get("login"))
                self.add_error("login", error)
            else:
                self.add_error("login", forms.ValidationError(WRONG_EMAIL_OR_PASSWORD, code=error.code))
            return self.cleaned_data


class ReauthenticateForm(AllauthReauthenticateForm):
    """allauth's "confirm it is you" password form, with lockouts logged as sign-in's are."""

    def clean_password(self):
        try:
            return super().clean_password()
        except forms.ValidationError as error:
            if error.code == LOCKOUT:
                log_refused_by_lockout(context.request, self.user.email)
            raise
