"""How a provider's general contact details are checked: a UK telephone number's shape and a website
that is served over HTTPS. Used by the model (so every save is checked) and so by its forms."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models

PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
WEBSITE_MESSAGE = "Enter a website address that starts with https://, like https://www.example.org"

_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")


def validate_uk_phone(value: str) -> None:
    """A UK number as people write it: 0 then 9 or 10 more digits, or +44 (optionally "(0)") then 9 or
    10 digits. Spaces, brackets and hyphens are allowed between digits; anything else is not."""
    text = value.strip()
    if not _PHONE_CHARACTERS.match(text):
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
    digits = re.sub(r"[^0-9]", "", text.replace("(0)", ""))
    if text.startswith("+"):
        national = digits[2:] if digits.startswith("44") else ""
        valid = len(national) in (9, 10) and not national.startswith("0")
    else:
        valid = digits.startswith("0") and len(digits) in (10, 11) and not digits.startswith("00")
    if not valid:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")


def phone_field(verbose_name: str) -> models.CharField:
    """A UK phone number, optional: every phone field of the service is one of these, so none accepts
    "abc" (the tests check that every field named like a phone has the validator)."""
    return models.CharField(verbose_name, max_length=30, blank=True, validators=[validate_uk_phone])


def validate_https_url(value: str) -> None:
    """Only https:// addresses: a page people are sent to from this service should not be sent in the
    clear. The URL's own shape is checked by the URL field."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() != "https" or not parts.netloc:
        raise ValidationError(WEBSITE_MESSAGE, code="invalid_website")
