"""Authenticator secrets encrypted with a key the database does not hold, and the code step's refusals
explained and logged.

allauth stores each TOTP secret and recovery-code seed in `Authenticator.data`. Anyone who reads the
database (a backup, a replica, the operator's admin) could otherwise compute every user's codes, so they
are stored encrypted with `settings.MFA_ENCRYPTION_KEY`, a key that lives in the environment and never in
the database.

Fernet's encryption is authenticated: someone who can write to the database but has no key cannot plant
a secret of their own, as a value made up or altered fails to decrypt. It does not tie a value to its
user, though (allauth's adapter encrypts the text alone, with no user to bind it to): a value copied
from one user's row to another's decrypts as that user's. Someone able to write to the database could
so give another account their own authenticator's secret; signing in as it still needs its password.
"""

import logging

from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base import forms as allauth_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError

from apcommission.accounts.security_log import client_ip

log = logging.getLogger("apcommission.security")

CODE_JUST_USED = (
    "That code has just been used. Wait for your authenticator app to show a new code, then enter it"
)


def cipher() -> Fernet:
    """The cipher for settings.MFA_ENCRYPTION_KEY, read on each use so tests may change the key. A
    malformed key never gets this far: settings.py refuses to start with one, and says why."""
    return Fernet(settings.MFA_ENCRYPTION_KEY)


def encrypt_secret(text: str) -> str:
    return cipher().encrypt(text.encode()).decode()


def decrypt_secret(token: str) -> str:
    """The plain secret. Raises InvalidToken for anything not encrypted with the key, plain text included."""
    return cipher().decrypt(token.encode()).decode()


class MFAAdapter(DefaultMFAAdapter):
    """allauth calls encrypt() before storing a TOTP secret or recovery-code seed and decrypt() after
    reading one."""

    # GOV.UK style, as the code-reused message: says what to do, no full stop.
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "Incorrect code: enter the 6-digit code your authenticator app shows now",
    }

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)


# --- The code step: say why a code was refused, and log it -------------------------------------------


def is_current_totp_code(user, code: str) -> bool:
    """Whether `code` is the code the user's authenticator app shows now. allauth refuses such a code
    only when it has already been used in this period (so that a code seen once cannot be replayed)."""
    authenticator = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return False
    return validate_totp_code(decrypt_secret(authenticator.data["secret"]), code)


class _ExplainedRefusals:
    """Mixed into allauth's code forms: a code used twice gets its own message, and every refusal is
    logged as one line (ASVS 16.3) naming the account by its id only, never its email or name."""

    reauthentication = False

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except ValidationError as error:
            code = self.cleaned_data.get("code", "")
            reason = {"incorrect_code": "wrong code", "too_many_login_attempts": "too many attempts"}.get(
                error.code, error.code
            )
            if error.code == "incorrect_code" and is_current_totp_code(self.user, code):
                reason = "code already used"
                error = ValidationError(CODE_JUST_USED, code="code_just_used")
            step = "re-authentication" if self.reauthentication else "sign-in"
            log.warning(
                "authenticator code refused at %s for user %s from %s: %s",
                step,
                self.user.pk,
                client_ip(context.request),
                reason,
            )
            raise error from None


class AuthenticateForm(_ExplainedRefusals, allauth_forms.AuthenticateForm):
    pass


class ReauthenticateForm(_ExplainedRefusals, allauth_forms.ReauthenticateForm):
    reauthentication = True
