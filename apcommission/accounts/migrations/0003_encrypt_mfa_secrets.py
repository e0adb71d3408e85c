"""Encrypt the MFA secrets already stored in plain text (TOTP secrets and recovery-code seeds).

From here on allauth stores them through apcommission.accounts.mfa.MFAAdapter, encrypted with
settings.MFA_ENCRYPTION_KEY. The functions below are written out rather than imported, so the migration
keeps working whatever that module becomes. Running it twice changes nothing; reversing it decrypts.
"""

import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import migrations

# What allauth writes in plain text: a base32 TOTP secret, a hex recovery-code seed, digit codes.
PLAIN = re.compile(r"[A-Z2-7]+=*|[0-9a-f]+|[0-9]+")


def _secrets(data: dict):
    """(container, key) of every secret in an authenticator's data."""
    for name in ("secret", "seed"):
        if isinstance(data.get(name), str):
            yield data, name
    for index, value in enumerate(data.get("migrated_codes") or []):
        if isinstance(value, str):
            yield data["migrated_codes"], index


def _is_encrypted(fernet: Fernet, value: str) -> bool:
    try:
        fernet.decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def encrypt_existing_secrets(apps, schema_editor):
    fernet = Fernet(settings.MFA_ENCRYPTION_KEY)
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.using(schema_editor.connection.alias).iterator():
        changed = False
        for container, key in _secrets(authenticator.data):
            value = container[key]
            if _is_encrypted(fernet, value):
                continue
            if not PLAIN.fullmatch(value):
                raise RuntimeError(
                    f"Authenticator {authenticator.pk} holds a secret that is neither plain nor encrypted "
                    "with MFA_ENCRYPTION_KEY: was it encrypted with another key?"
                )
            container[key] = fernet.encrypt(value.encode()).decode()
            changed = True
        if changed:
            authenticator.save(update_fields=["data"])


def decrypt_secrets(apps, schema_editor):
    fernet = Fernet(settings.MFA_ENCRYPTION_KEY)
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.using(schema_editor.connection.alias).iterator():
        for container, key in _secrets(authenticator.data):
            if _is_encrypted(fernet, container[key]):
                container[key] = fernet.decrypt(container[key].encode()).decode()
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_existing_secrets, decrypt_secrets),
    ]
