"""GOV.UK text inputs for numbers and web addresses.

crispy-forms-gds gives a text, email or password input the GOV.UK style, but leaves number and URL inputs
unstyled and as narrow as the browser draws them. GOV.UK asks for a number in a text input that brings up
a number pad (`inputmode`), and for each input to be as wide as what it holds.
"""

from django import forms


def number_input(width: int, *, decimal: bool = False) -> forms.TextInput:
    """A number of at most `width` characters: a whole number, or with a decimal point if `decimal`."""
    return forms.TextInput(
        attrs={
            "inputmode": "decimal" if decimal else "numeric",
            "spellcheck": "false",
            "class": f"govuk-input--width-{width}",
        }
    )


def web_address_input() -> forms.TextInput:
    """A web address: wide enough for most without scrolling, never the full page."""
    return forms.TextInput(
        attrs={"type": "url", "autocomplete": "url", "spellcheck": "false", "class": "govuk-input--width-30"}
    )


def phone_input(*, autocomplete: str = "tel") -> forms.TextInput:
    """A telephone number, as GOV.UK sizes one ("off" for someone else's number than the browser's own)."""
    return forms.TextInput(
        attrs={"type": "tel", "autocomplete": autocomplete, "class": "govuk-input--width-20"}
    )
