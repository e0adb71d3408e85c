from django import forms

from apcommission.tenancy.forms import GovUKFormMixin
from apcommission.tenancy.models import Organisation


class ProviderOrganisationForm(GovUKFormMixin, forms.ModelForm):
    """A provider's identity on the LA's register. Its full profile comes with the provider register."""

    submit_label = "Save provider"

    class Meta:
        model = Organisation
        fields = ["name", "urn", "ukprn", "setting_type"]
        labels = {
            "name": "Provider name",
            "urn": "URN (if registered with Ofsted or DfE)",
            "ukprn": "UKPRN (if an FE or training provider)",
            "setting_type": "Setting type (if it has no URN or UKPRN)",
        }
        error_messages = {"name": {"required": "Enter the provider's name"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["setting_type"].choices = [
            ("", "Not needed: it has a URN or UKPRN"),
            *self.fields["setting_type"].choices[1:],
        ]
        for name in ("urn", "ukprn"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-10"})

    def clean(self):
        cleaned = super().clean()
        for name in ("urn", "ukprn"):
            cleaned[name] = cleaned.get(name) or None  # blank means unknown, and must not clash as unique ""
        return cleaned
