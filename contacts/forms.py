"""The contact log's forms: a contact (new or changed), marking one entered in error, and the log's
filters. Choices come from the acting membership's view, so another school's placement is not a choice;
the services check again."""

from __future__ import annotations

from django import forms

from apcommission.forms.dates import DateField, long_date, years_ago
from apcommission.forms.govuk import ServiceFormMixin
from apcommission.tenancy.forms import GovUKFormMixin
from contacts.models import Contact, ContactKind
from contacts.selectors import ContactFilters
from contacts.services import EARLIEST_YEARS
from placements.models import Placement


class PlacementChoice(forms.ModelChoiceField):
    def label_from_instance(self, placement: Placement) -> str:
        return (
            f"{placement.pupil.name} at {placement.provider.name}, from {long_date(placement.starts_on)} "
            f"({placement.get_status_display().lower()})"
        )


class ContactForm(GovUKFormMixin, forms.Form):
    submit_label = "Save"

    kind = forms.ChoiceField(
        label="What kind of contact",
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of contact"},
    )
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=None,
        empty_label="Choose a provider",
        error_messages={
            "required": "Select the provider",
            "invalid_choice": "Select a provider from the list",
        },
    )
    placement = PlacementChoice(
        label="Pupil (optional)",
        queryset=None,
        required=False,
        empty_label="None: about the provider, or several pupils",
        help_text="The placement the contact was about, if it was about one pupil.",
        error_messages={"invalid_choice": "Select one of your school's placements, or none"},
    )
    on = DateField("Date", name="the date", past=True, earliest=years_ago(EARLIEST_YEARS))
    with_whom = forms.CharField(
        label="With whom", max_length=200, help_text="For example, Jo Khan, the provider's manager"
    )
    summary = forms.CharField(
        label="Summary",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you saw, heard or agreed, and anything to follow up.",
    )

    def __init__(self, *args, providers, placements, contact: Contact | None = None, **kwargs):
        if contact is not None:
            kwargs.setdefault("initial", self.initial_for(contact))
        super().__init__(*args, **kwargs)
        # A contact being changed keeps its date, however long ago: the bounds are for dates being set.
        self.keeps_stored_dates = contact is not None
        self.fields["provider"].queryset = providers
        self.fields["placement"].queryset = placements

    @classmethod
    def initial_for(cls, contact: Contact) -> dict:
        return {
            "kind": contact.kind,
            "provider": contact.provider_id,
            "placement": contact.placement_id,
            "on": contact.on,
            "with_whom": contact.with_whom,
            "summary": contact.summary,
        }

    def values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("provider", "placement", "kind", "on", "with_whom", "summary")
        }


class EnteredInErrorForm(GovUKFormMixin, forms.Form):
    submit_label = "Mark as entered in error"

    reason = forms.CharField(
        label="Why was it entered in error?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, logged against the wrong provider. The entry stays in the log, marked.",
        error_messages={"required": "Enter why it was entered in error"},
    )


class ContactFilterForm(ServiceFormMixin, forms.Form):
    """The log's filters: one that cannot be used is shown with its error and left out."""

    provider = forms.TypedChoiceField(
        label="Provider",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a provider from the list"},
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *ContactKind.choices],
        error_messages={"invalid_choice": "Choose a kind from the list"},
    )
    from_on = DateField("From", name="the date to show contacts from", required=False, help_text="")
    to_on = DateField("To", name="the date to show contacts to", required=False, help_text="")
    with_errors = forms.BooleanField(label="Show entries marked as entered in error", required=False)

    def __init__(self, *args, providers: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "Any provider"), *providers]

    def filters(self) -> ContactFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ContactFilters(
            provider=data.get("provider"),
            kind=data.get("kind") or "",
            from_on=data.get("from_on"),
            to_on=data.get("to_on"),
            with_errors=bool(data.get("with_errors")),
        )

    def in_use(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) not in (None, "", False) for name in self.fields)
