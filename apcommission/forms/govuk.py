"""What every form in the service gets: GOV.UK markup and error summary (crispy-forms-gds), a length
limit on every text field, and error messages in the GOV.UK style instead of Django's defaults.

Limits matter because history is append-only: a 20,000-character reason, once saved, can never be made
shorter. The HTML `maxlength` attribute is not used (GOV.UK advises against it: browsers cut pasted text
off silently); the server checks the length and says so.
"""

import functools
import re
from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.forms.utils import pretty_name

from apcommission.forms.dates import DateField

# The longest text a field takes when it does not say: a line of text, and a box of paragraphs.
TEXT_LIMIT = 200
PARAGRAPHS_LIMIT = 5000


def subject(field: forms.Field, name: str = "") -> str:
    """How error messages name a field: its label without asides such as "(optional)" or "(£)", or the
    field's name when it has no label of its own."""
    label = re.sub(r"\s*\([^)]*\)", "", str(field.label or pretty_name(name))).strip()
    return label or "This"


def _default_messages(field: forms.Field) -> dict:
    return _class_messages(type(field))


@functools.cache  # read, never changed: every form built on every request asks for the same classes
def _class_messages(field_class: type) -> dict:
    defaults = {}
    for cls in reversed(field_class.__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def _limit(field, validator_class):
    limits = [v.limit_value for v in field.validators if isinstance(v, validator_class)]
    if not limits:
        return None
    return max(limits) if validator_class is MinValueValidator else min(limits)


def _number(value) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return f"{value:,}"


def _text_field(field: forms.CharField, name: str, messages: dict) -> None:
    if field.max_length is None:
        field.max_length = PARAGRAPHS_LIMIT if isinstance(field.widget, forms.Textarea) else TEXT_LIMIT
        field.validators.append(MaxLengthValidator(field.max_length))
    field.widget.attrs.pop("maxlength", None)
    messages.setdefault("max_length", f"{name} must be {field.max_length:,} characters or fewer")
    messages.setdefault("null_characters_not_allowed", f"{name} must not contain null characters")


def _number_field(field: forms.Field, name: str, messages: dict, defaults: dict) -> None:
    # Nothing the service counts or prices is below zero.
    if _limit(field, MinValueValidator) is None:
        field.validators.append(MinValueValidator(0))
    highest = _limit(field, MaxValueValidator)
    if highest is None and isinstance(field, forms.DecimalField) and field.max_digits:
        places = field.decimal_places or 0
        highest = Decimal(10) ** (field.max_digits - places) - Decimal(10) ** -places
    lowest = _limit(field, MinValueValidator)
    messages.setdefault("min_value", f"{name} must be {_number(lowest)} or more")
    if highest is not None:
        for code in ("max_value", "max_digits", "max_whole_digits"):
            messages.setdefault(code, f"{name} must be {_number(highest)} or less")
    if isinstance(field, forms.DecimalField):
        places = field.decimal_places or 0
        plural = "" if places == 1 else "s"
        messages.setdefault("max_decimal_places", f"{name} must have {places} decimal place{plural} or fewer")
        if messages.get("invalid") == defaults.get("invalid"):
            messages["invalid"] = f"{name} must be a number, like 12 or 12.50"
    elif messages.get("invalid") == defaults.get("invalid"):
        messages["invalid"] = f"{name} must be a whole number, like 12"


def _model_bounds(form: forms.BaseForm, name: str) -> list:
    """A model form's field checks its model field's bounds (the model would refuse them later anyway),
    so the form knows the limits it must put into words."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return []
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a form field of its own
        return []
    return [v for v in model_field.validators if isinstance(v, MinValueValidator | MaxValueValidator)]


def apply_service_defaults(form: forms.BaseForm) -> None:
    """Gives each of the form's fields a length limit and GOV.UK wording where it has not its own."""
    for field_name, field in form.fields.items():
        for bound in _model_bounds(form, field_name):
            if bound not in field.validators:
                field.validators.append(bound)
        name = subject(field, field_name)
        messages = field.error_messages
        defaults = _default_messages(field)

        def replace(code, text, messages=messages, defaults=defaults):
            if code in messages and messages[code] == defaults.get(code):
                messages[code] = text

        if isinstance(field, DateField):
            continue
        if isinstance(field, forms.CharField):
            _text_field(field, name, messages)
        if isinstance(field, forms.IntegerField | forms.DecimalField):
            _number_field(field, name, messages, defaults)
        lowered = name[:1].lower() + name[1:]
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.ModelMultipleChoiceField):
            replace("required", "Select " + lowered)
            for code in ("invalid_choice", "invalid_pk_value"):
                replace(code, f"Select {lowered} from the list")  # noqa: S608 (a sentence, not SQL)
        if isinstance(field, forms.EmailField):
            replace("invalid", "Enter an email address in the correct format, like name@example.org")
        if isinstance(field, forms.URLField):
            replace("invalid", "Enter a web address in the correct format, like https://www.example.org")
        replace("required", "Enter " + lowered)


def normalise_newlines(cleaned_data: dict) -> None:
    """Browsers send a text box's line breaks as CRLF. Stored text uses LF, so that text saved unchanged
    compares equal to what was there (or an LA's "changes since verified" would list it)."""
    for name, value in cleaned_data.items():
        if isinstance(value, str) and "\r" in value:
            cleaned_data[name] = value.replace("\r\n", "\n").replace("\r", "\n")


class ServiceFormMixin:
    """Limits, wording and line breaks for any form, including GET filter forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_service_defaults(self)

    def clean(self):
        cleaned = super().clean()
        normalise_newlines(self.cleaned_data)
        return cleaned


class GovUKFormMixin(ServiceFormMixin):
    """Renders through crispy-forms-gds: GOV.UK markup, the error summary and one submit button."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # The server's GOV.UK error summary, not the browser's pop-ups, tells people what is wrong.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", self.submit_label))
