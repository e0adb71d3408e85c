"""The pupil pages' forms: the list's search and filters, a pupil's record, a contact and a year of
attendance. They put values into words a school uses and check what can be checked on the page; the
services (`pupils.services`) check everything again, for the importer too."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from apcommission.forms.dates import DateField, years_ago
from apcommission.forms.govuk import GovUKFormMixin, ServiceFormMixin
from pupils import services
from pupils.identifiers import check_upn, year_group_name
from pupils.models import Contact, Pupil, SENStatus
from pupils.selectors import NOT_REFERRED, REFERRED, PupilFilters

YEAR_GROUP_CHOICES = [(year, year_group_name(year)) for year in services.YEAR_GROUPS]
REFERRED_CHOICES = [("", "All pupils"), (REFERRED, "Referred or in AP"), (NOT_REFERRED, "Not referred")]


def _number(width: int) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "class": f"govuk-input--width-{width}"})


class PupilFilterForm(ServiceFormMixin, forms.Form):
    q = forms.CharField(label="Name or UPN", required=False)
    year = forms.TypedMultipleChoiceField(
        label="Year group",
        choices=YEAR_GROUP_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sen = forms.MultipleChoiceField(
        label="Special educational needs",
        choices=SENStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    referred = forms.ChoiceField(label="Referrals", choices=REFERRED_CHOICES, required=False)

    def __init__(self, *args, sees_sen: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not sees_sen:
            del self.fields["sen"]  # a filter by SEN would tell who may not know it

    def filters(self) -> PupilFilters:
        """The filters that can be used (one that cannot is shown with its error and left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PupilFilters(
            query=(data.get("q") or "").strip(),
            year_groups=tuple(data.get("year") or ()),
            sen_statuses=tuple(data.get("sen") or ()),
            referred=data.get("referred") or "",
        )

    def in_use(self) -> bool:
        return any(getattr(self, "cleaned_data", {}).get(name) for name in self.fields)


NAME_FIELDS = [
    "legal_forename",
    "legal_middle_names",
    "legal_surname",
    "preferred_forename",
    "preferred_surname",
]
IDENTITY_FIELDS = ["date_of_birth", "sex", "upn", "former_upn", "uln"]
YEAR_FIELDS = ["year_group_override", "year_group_reason"]
NEEDS_FIELDS = ["sen_status", "primary_need", "sen_detail"]
WELFARE_FIELDS = ["looked_after", "social_care", "health_needs"]
FUNDING_FIELDS = ["free_school_meals", "pupil_premium", "home_local_authority_code"]
RADIOS = {"sex", "sen_status", "social_care"}
CHECKBOXES = {"looked_after", "free_school_meals", "pupil_premium"}


def _identifier(label: str, help_text: str = "") -> forms.CharField:
    # Longer than the stored value: spaces typed between characters are taken out, never cut off.
    return forms.CharField(
        label=label,
        required=False,
        max_length=30,
        help_text=help_text,
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
    )


def _add_problems(form: forms.Form, problems: dict[str, str]) -> None:
    """The service's messages on the fields that have none of their own yet."""
    for name, problem in problems.items():
        if name in form.fields and name not in form.errors:
            form.add_error(name, problem)


class PupilForm(GovUKFormMixin, forms.ModelForm):
    """A pupil's record as the AP lead keeps it, in groups."""

    submit_label = "Save pupil"

    date_of_birth = DateField(
        "Date of birth", past=True, earliest=years_ago(30), help_text="For example, 14 3 2012"
    )
    upn = _identifier(
        "Unique pupil number (UPN)",
        "13 characters, starting with a letter, for example A123456789012. A temporary UPN ends in a letter.",
    )
    former_upn = _identifier("Former UPN (optional)")
    uln = _identifier("Unique learner number (ULN) (optional)", "10 digits, for pupils aged 14 and over")
    year_group_override = forms.TypedChoiceField(
        label="Year group",
        choices=[("", "The year group for their age"), *YEAR_GROUP_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Choose a year group only if the pupil is taught out of the year group for their age.",
    )

    class Meta:
        model = Pupil
        fields = [
            *NAME_FIELDS,
            *IDENTITY_FIELDS,
            *YEAR_FIELDS,
            *NEEDS_FIELDS,
            *WELFARE_FIELDS,
            *FUNDING_FIELDS,
        ]
        labels = {
            "legal_middle_names": "Middle names (optional)",
            "preferred_forename": "Preferred first name (optional)",
            "preferred_surname": "Preferred last name (optional)",
            "year_group_reason": "Why the year group differs (if it does)",
            "primary_need": "Primary need (optional)",
            "sen_detail": "SEN detail (optional)",
            "social_care": "Child in need or on a child protection plan",
            "health_needs": "Health needs (optional)",
            "home_local_authority_code": "Home LA code (optional)",
            "free_school_meals": "Eligible for free school meals",
            "pupil_premium": "Receives pupil premium",
            "looked_after": "Looked after by a local authority",
        }
        help_texts = {
            "legal_forename": "As on their birth certificate or passport",
            "home_local_authority_code": "The 3-digit code of the LA where the pupil lives, for example 938",
            "sen_detail": "What the need is and what helps, as much as AP needs to know",
        }
        widgets = {"home_local_authority_code": _number(3)}
        error_messages = {
            "legal_forename": {"required": "Enter the pupil's first name"},
            "legal_surname": {"required": "Enter the pupil's last name"},
            "sex": {"required": "Select the pupil's sex"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Its bounds are the choices; the model's bounds would compare the text before it is a number.
        self.fields["year_group_override"].validators = []
        self.fields["upn"].required = True
        self.fields["upn"].error_messages["required"] = "Enter the pupil's UPN"
        for name in RADIOS:
            self.fields[name].widget = forms.RadioSelect(choices=self.fields[name].choices)
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]

        def layout(name):
            if name in RADIOS:
                return Field.radios(name, legend_size=Size.SMALL, small=True)
            if name in CHECKBOXES:
                return Field.checkbox(name, small=True)
            return name

        def group(names, legend):
            return Fieldset(*(layout(name) for name in names), legend=legend, legend_size=Size.MEDIUM)

        self.helper.layout = Layout(
            group(NAME_FIELDS, "Name"),
            group(IDENTITY_FIELDS, "Identity"),
            group(YEAR_FIELDS, "Year group"),
            group(NEEDS_FIELDS, "Special educational needs"),
            group(WELFARE_FIELDS, "Care and health"),
            group(FUNDING_FIELDS, "Funding and home LA"),
        )

    def _clean_upn(self, name: str) -> str:
        value = "".join((self.cleaned_data.get(name) or "").split()).upper()
        if value:
            check = check_upn(value)
            if not check.valid:
                raise forms.ValidationError(check.problem)
        return value

    def clean_upn(self):
        return self._clean_upn("upn")

    def clean_former_upn(self):
        return self._clean_upn("former_upn")

    def clean_uln(self):
        return "".join((self.cleaned_data.get("uln") or "").split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("year_group_override") is None:
            cleaned["year_group_reason"] = ""
        elif not cleaned.get("year_group_reason") and "year_group_reason" not in self.errors:
            self.add_error("year_group_reason", "Enter why the year group differs from the pupil's age")
        # The service's own checks, now, so that every mistake on the page is shown at once.
        _add_problems(self, services.pupil_problems(cleaned, today=timezone.localdate()))
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ContactForm(GovUKFormMixin, forms.ModelForm):
    submit_label = "Save contact"

    class Meta:
        model = Contact
        fields = list(services.CONTACT_FIELDS)
        labels = {
            "name": "Full name",
            "telephone": "Telephone (optional)",
            "email": "Email address (optional)",
            "address": "Address (optional)",
            "priority": "Order to contact",
        }
        help_texts = {
            "priority": "1 is the first to contact",
            "telephone": "Give at least one way to reach them: a telephone number, an email address or an "
            "address",
        }
        widgets = {
            "telephone": forms.TextInput(
                attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}
            ),
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "address": forms.Textarea(attrs={"rows": 4}),
            "priority": _number(2),
        }
        error_messages = {
            "name": {"required": "Enter the contact's full name"},
            "relationship": {"required": "Select the contact's relationship to the pupil"},
            "email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        priority = self.fields["priority"]
        priority.validators += [MinValueValidator(1), MaxValueValidator(99)]
        priority.error_messages["min_value"] = "Order to contact must be 1 or more"
        priority.error_messages["max_value"] = "Order to contact must be 99 or less"
        self.helper.layout = Layout(
            "name",
            "relationship",
            Field.checkbox("parental_responsibility", small=True),
            "telephone",
            "email",
            "address",
            "priority",
        )

    def clean(self):
        cleaned = super().clean()
        _add_problems(self, services.contact_problems(cleaned))
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def _sessions(label: str, *, required: bool = True, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=services.MOST_SESSIONS_IN_A_YEAR,
        help_text=help_text,
        widget=_number(4),
        error_messages={
            "max_value": f"A school year has at most {services.MOST_SESSIONS_IN_A_YEAR} sessions"
        },
    )


class AttendanceYearForm(GovUKFormMixin, forms.Form):
    """One academic year of attendance before AP. Recording a year already recorded replaces it."""

    submit_label = "Save attendance"

    academic_year = forms.TypedChoiceField(
        label="Academic year", coerce=int, help_text="A year already recorded is replaced by what you enter"
    )
    possible_sessions = _sessions("Possible sessions", help_text="Two a day: a full school year is about 380")
    attended_sessions = _sessions("Sessions attended")
    authorised_absences = _sessions("Authorised absences (sessions)", required=False)
    unauthorised_absences = _sessions("Unauthorised absences (sessions)", required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = [(year, f"{year}/{(year + 1) % 100:02d}") for year in years]

    def values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in services.ATTENDANCE_FIELDS}
        for name in ("authorised_absences", "unauthorised_absences"):
            values[name] = values[name] or 0
        return values
