"""Authenticator secrets encrypted with a key the database does not hold.

allauth stores each TOTP secret and recovery-code seed in `Authenticator.data`. Anyone who reads the
database (a backup, a replica, the operator's admin) could otherwise compute every user's codes, so they
are stored encrypted with `settings.MFA_ENCRYPTION_KEY`, a key that lives in the environment and never in
the database. Fernet gives authenticated encryption: a value changed in the database fails to decrypt
instead of becoming a secret someone chose.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MALFORMED_KEY = (
    "MFA_ENCRYPTION_KEY must be a Fernet key (32 url-safe base64-encoded bytes). Make one with: "
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def cipher(key: str | None = None) -> Fernet:
    """The cipher for `key`, by default settings.MFA_ENCRYPTION_KEY (a Fernet key)."""
    key = settings.MFA_ENCRYPTION_KEY if key is None else key
    try:
        return Fernet(key)
    except ValueError as error:
        raise ImproperlyConfigured(MALFORMED_KEY) from error


def encrypt_secret(text: str) -> str:
    return cipher().encrypt(text.encode()).decode()


def decrypt_secret(token: str) -> str:
    """The plain secret. Raises InvalidToken for anything not encrypted with the key, plain text included."""
    return cipher().decrypt(token.encode()).decode()


class MFAAdapter(DefaultMFAAdapter):
    """allauth calls encrypt() before storing a TOTP secret or recovery-code seed and decrypt() after
    reading one."""

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)
