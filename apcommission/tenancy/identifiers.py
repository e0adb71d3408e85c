"""Validators for the identifiers organisations are known by, with messages a person can act on."""

from django.core.validators import RegexValidator


def _digits(count: int, name: str, example: str) -> RegexValidator:
    return RegexValidator(
        regex=rf"^\d{{{count}}}$",
        message=f"Enter the {name} as {count} digits, like {example}",
        code=f"invalid_{name.lower().replace(' ', '_')}",
    )


validate_la_code = _digits(3, "LA code", "999")
validate_urn = _digits(6, "URN", "999001")
validate_laestab = _digits(7, "LAESTAB", "9994001")
validate_ukprn = _digits(8, "UKPRN", "10012345")
