"""Forms for a provider's identity (on its Organisation), its profile and its sites."""

from decimal import Decimal

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from apcommission.forms.dates import DateField, years_ago, years_ahead
from apcommission.forms.postcodes import clean_postcode
from apcommission.numbers import plain_number
from apcommission.tenancy.forms import GovUKFormMixin
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from providers.forms.inputs import number_input, phone_input, web_address_input
from providers.models import KeyStage, Offer, ProviderProfile, Site, Specialism, Weekday
from providers.models.contact import WEBSITE_MESSAGE

REGISTRATION_THRESHOLD = (
    "A provider must register as an independent school if it gives full-time education (more than "
    f"{settings.REGISTRATION_FULL_TIME_HOURS} hours a week) to 5 or more pupils, or to 1 pupil who has "
    "an EHC plan or is looked after."
)
IDENTITY_LABELS = {
    "name": "Provider name",
    "urn": "URN (if registered with Ofsted or DfE)",
    "ukprn": "UKPRN (if an FE or training provider)",
    "setting_type": "Setting type (if it has no URN or UKPRN)",
}
BLANK = {"urn": None, "ukprn": None}  # unknown identifiers are NULL, so blanks never clash as unique
PROFILE_ERRORS = {
    "provider_type": {"required": "Choose the type of provider"},
    "registration_status": {"required": "Choose whether the provider is registered"},
}


def checkboxes(choices, label, **kwargs):
    return forms.MultipleChoiceField(
        choices=choices, label=label, required=False, widget=forms.CheckboxSelectMultiple, **kwargs
    )


def _identity_message(name: str, problem: ValidationError) -> str:
    """The model's message for an identity field, with Django's "Organisation with this URN already
    exists." said the GOV.UK way."""
    if problem.code == "unique":
        short = {"name": "name", "urn": "URN", "ukprn": "UKPRN"}.get(name, name)
        return f"Another organisation on the service already has this {short}: check the {short} is right"
    return next(iter(problem))


class IdentityFieldsMixin:
    """Adds a provider's identity (name, URN, UKPRN, setting type) before the form's own fields, and
    checks it the way the Organisation model does: formats, one identifier at least, and uniqueness
    across every organisation (including ones the viewer cannot see)."""

    def add_identity_fields(self, organisation: Organisation) -> None:
        self.organisation = organisation
        identity = {}
        for name, label in IDENTITY_LABELS.items():
            field = Organisation._meta.get_field(name).formfield(label=label, required=name == "name")
            field.initial = getattr(organisation, name) or ""
            identity[name] = field
        identity["name"].error_messages["required"] = "Enter the provider's name"
        identity["setting_type"].choices = [
            ("", "Not needed: it has a URN or UKPRN"),
            *identity["setting_type"].choices[1:],
        ]
        for name in ("urn", "ukprn"):
            identity[name].widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-10"})
        self.fields = {**identity, **self.fields}
        for name, field in identity.items():
            self.initial.setdefault(name, field.initial)

    def clean(self):
        cleaned = super().clean()
        candidate = Organisation(
            pk=self.organisation.pk,
            kind=Kind.PROVIDER,
            local_authority_id=self.organisation.local_authority_id,
            **{
                name: cleaned.get(name) or (None if name in ("urn", "ukprn") else "")
                for name in IDENTITY_LABELS
            },
        )
        candidate._state.adding = self.organisation._state.adding  # so it is not unique against itself
        try:
            candidate.full_clean(exclude=["local_authority", "trust", "la_code", "laestab"])
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                if name in IDENTITY_LABELS and name not in self.errors:
                    for problem in errors:
                        self.add_error(name, _identity_message(name, problem))
        return cleaned

    def identity(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in IDENTITY_LABELS}


class ProviderAddForm(IdentityFieldsMixin, GovUKFormMixin, forms.ModelForm):
    """A new provider: who it is and the least a school needs to know about it."""

    submit_label = "Save provider"

    class Meta:
        model = ProviderProfile
        fields = ["provider_type", "registration_status"]
        labels = {"provider_type": "Type of provider", "registration_status": "Registration"}
        help_texts = {"registration_status": REGISTRATION_THRESHOLD}
        widgets = {"provider_type": forms.RadioSelect, "registration_status": forms.RadioSelect}
        error_messages = PROFILE_ERRORS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_identity_fields(Organisation(kind=Kind.PROVIDER))
        for name in ("provider_type", "registration_status"):
            self.fields[name].choices = self.fields[name].choices[1:]  # radios need no blank choice

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


REGISTRATION_FIELDS = [
    "provider_type",
    "registration_status",
    "ofsted_judgement",
    "ofsted_judgement_on",
    "company_number",
    "charity_number",
]
OFFER_FIELDS = [
    "description",
    "offers",
    "key_stages",
    "age_from",
    "age_to",
    "capacity",
    "hours_per_week",
    "days",
    "session_times",
    "teaches_english",
    "teaches_maths",
    "other_subjects",
    "qualifications",
    "vocational_courses",
    "specialisms",
]
STAFF_FIELDS = [
    "staff_count",
    "qts_staff_count",
    "dsl_name",
    "dsl_email",
    "dsl_phone",
    "deputy_dsl_name",
    "deputy_dsl_email",
]
CONTACT_FIELDS = ["phone", "email", "website"]
PRICE_FIELDS = ["price", "price_unit", "price_notes"]
CHECKBOXES = {"offers", "key_stages", "days", "specialisms"}
SINGLE_CHECKBOXES = {"teaches_english", "teaches_maths"}  # small, as the groups around them are


class ProviderProfileForm(IdentityFieldsMixin, GovUKFormMixin, forms.ModelForm):
    """Everything a provider's profile says, in six groups."""

    submit_label = "Save profile"

    key_stages = checkboxes(KeyStage.choices, "Key stages")
    days = checkboxes(Weekday.choices, "Days open")
    offers = checkboxes(Offer.choices, "What it offers")
    specialisms = checkboxes(Specialism.choices, "Specialisms")
    ofsted_judgement_on = DateField(
        "Date of the latest judgement", required=False, past=True, earliest=years_ago(30)
    )

    class Meta:
        model = ProviderProfile
        fields = [
            *REGISTRATION_FIELDS,
            *CONTACT_FIELDS,
            *OFFER_FIELDS,
            *STAFF_FIELDS,
            *PRICE_FIELDS,
        ]
        labels = {
            "provider_type": "Type of provider",
            "registration_status": "Registration",
            "age_from": "Youngest age taught",
            "age_to": "Oldest age taught",
            "capacity": "Places",
            "price": "Price (£)",
            "price_unit": "Price is for",
            "phone": "Phone number (optional)",
            "email": "Email address (optional)",
            "website": "Website (optional)",
        }
        help_texts = {
            "registration_status": REGISTRATION_THRESHOLD,
            "phone": "Where schools and LAs ask about places, for example 01632 960 001 or +44 808 157 0192",
            "dsl_phone": "A UK number, for example 01632 960 001 or 07700 900 982",
            "email": "For enquiries about places, for example admissions@example.org",
            "website": "Starting https://, for example https://www.example.org",
        }
        widgets = {
            "phone": phone_input(),
            "dsl_phone": phone_input(autocomplete="off"),  # someone else's: the browser's own is no help
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "website": web_address_input(),
            "age_from": number_input(2),
            "age_to": number_input(2),
            "capacity": number_input(4),
            "hours_per_week": number_input(3, decimal=True),
            "staff_count": number_input(4),
            "qts_staff_count": number_input(4),
            "price": number_input(5, decimal=True),
        }
        error_messages = {
            **PROFILE_ERRORS,
            "capacity": {"invalid": "Enter the number of places as a whole number"},
            "hours_per_week": {"invalid": "Enter the hours as a number, like 25 or 12.5"},
            "staff_count": {"invalid": "Enter the number of staff as a whole number"},
            "qts_staff_count": {"invalid": "Enter the number of staff with QTS as a whole number"},
            "price": {"invalid": "Enter the price as an amount, like 95 or 95.50"},
            "dsl_email": {"invalid": "Enter the DSL's email address like name@example.org"},
            "deputy_dsl_email": {"invalid": "Enter the deputy's email address like name@example.org"},
            "email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
            "website": {"invalid": WEBSITE_MESSAGE},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_identity_fields(organisation)
        if self.initial.get("hours_per_week") is not None:  # "15", not "15.0", in the box
            self.initial["hours_per_week"] = Decimal(plain_number(self.initial["hours_per_week"]))
        self.helper.layout = Layout(
            Fieldset(*IDENTITY_LABELS, legend="Who the provider is", legend_size=Size.MEDIUM),
            Fieldset(*REGISTRATION_FIELDS, legend="Registration and Ofsted", legend_size=Size.MEDIUM),
            Fieldset(*CONTACT_FIELDS, legend="Contact details", legend_size=Size.MEDIUM),
            Fieldset(
                *(
                    Field.checkboxes(name, small=True)
                    if name in CHECKBOXES
                    else Field.checkbox(name, small=True)
                    if name in SINGLE_CHECKBOXES
                    else name
                    for name in OFFER_FIELDS
                ),
                legend="What it offers",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(*STAFF_FIELDS, legend="Staff and safeguarding", legend_size=Size.MEDIUM),
            Fieldset(*PRICE_FIELDS, legend="Prices", legend_size=Size.MEDIUM),
        )

    def profile(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in IDENTITY_LABELS}


class SiteForm(GovUKFormMixin, forms.ModelForm):
    submit_label = "Save site"
    # Longer than the stored postcode: what was typed is checked and tidied, never cut short.
    postcode = forms.CharField(
        label="Postcode", max_length=20, error_messages={"required": "Enter the postcode"}
    )
    closed_on = DateField(
        "Date the site closed",
        required=False,
        earliest=years_ago(30),
        latest=years_ahead(1),
        help_text="Leave blank while the site is open. For example, 27 3 2026",
    )

    class Meta:
        model = Site
        fields = ["name", "address_line_1", "address_line_2", "town", "postcode", "closed_on"]
        labels = {"name": "Site name", "address_line_1": "Address line 1", "address_line_2": "Address line 2"}
        error_messages = {
            "name": {"required": "Enter the site's name"},
            "address_line_1": {"required": "Enter the first line of the address"},
            "town": {"required": "Enter the town or city"},
            "postcode": {"required": "Enter the postcode"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["closed_on"]  # a new site is open

    def clean_postcode(self):
        return clean_postcode(self.cleaned_data["postcode"])

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
