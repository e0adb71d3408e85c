"""UK postcodes: checked by shape and stored in the one way Royal Mail writes them ("SW1A 1AA")."""

import re

from django.core.exceptions import ValidationError

# Outward code (area, district) then inward code (sector, unit); the shapes Royal Mail uses, including
# London's lettered districts such as EC1A and W1J.
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def clean_postcode(text: str) -> str:
    """`text` as a postcode in capitals with one space, or a ValidationError in GOV.UK words."""
    squashed = re.sub(r"\s+", "", text or "").upper()
    match = POSTCODE.match(squashed)
    if not match:
        raise ValidationError("Enter a full UK postcode, like SW1A 1AA", code="invalid")
    return f"{match.group(1)} {match.group(2)}"
