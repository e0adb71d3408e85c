"""Numbers as people write them, the one way every page, export and history line words them."""

from decimal import Decimal


def plain_number(value: Decimal | float | str) -> str:
    """ "15" for 15.0, "12.5" for 12.50, "100" for 1E+2: a decimal as a person writes it."""
    return f"{Decimal(value).normalize():f}"


def hours_text(value: Decimal | int | float) -> str:
    """Hours to the nearest tenth, as people write them: "24", "23.5"."""
    return plain_number(Decimal(value).quantize(Decimal("0.1")))
