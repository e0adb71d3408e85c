"""The referral's forms: the short referral (started for a pupil, then edited as a draft), sending it to
providers, a provider's answer, the school's decision, visits and the detailed referral. Choices come from
the acting membership's view, so another school's pupil or an id that is not a provider is not a choice."""

from decimal import Decimal

from crispy_forms_gds.choices import Choice
from django import forms

from apcommission.forms.dates import DateField, years_ago, years_ahead
from apcommission.forms.govuk import ServiceFormMixin, apply_service_defaults
from apcommission.forms.numbers import DecimalField
from apcommission.numbers import plain_number
from apcommission.tenancy.forms import GovUKFormMixin
from apcommission.tenancy.models import Organisation
from providers.forms.inputs import number_input
from pupils.models import Pupil
from referrals.choosing import ProviderChoice
from referrals.models import (
    DetailSection,
    ReferralReason,
    ReferralStatus,
    Shared,
    VisitKind,
    shared_by_default,
)
from referrals.selectors import WITH_OFFERS
from referrals.services import (
    FIXED_ONCE_SENT,
    HOURS_MESSAGE,
    PROVIDER_ANSWERS,
    read_by_providers,
    refused_providers,
)


def _box(label: str, *, hint: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, help_text=hint, widget=forms.Textarea(attrs={"rows": rows})
    )


def _plain(hours: Decimal | None) -> Decimal | None:
    """15 hours shown as "15" in its box, not "15.0"; 12.5 as "12.5"."""
    return None if hours is None else Decimal(plain_number(hours))


def _hours(label: str) -> DecimalField:
    """Hours a week, with the service's one message for any that are not 0.5 to 40 ("15.00" is 15). A
    number out of that range is left to the service, which says so with the form's other problems."""
    return DecimalField(
        label=label,
        required=False,
        max_digits=4,
        decimal_places=1,
        widget=number_input(4, decimal=True),
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value", "max_digits", "max_whole_digits", "max_decimal_places"),
            HOURS_MESSAGE,
        ),
    )


class ReferralForm(GovUKFormMixin, forms.Form):
    """The short referral. Once sent, what it was sent on (`FIXED_ONCE_SENT`) is not asked: the page shows
    it, read only."""

    submit_label = "Save referral"

    reason = forms.ChoiceField(
        label="Reason for the referral",
        choices=ReferralReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the reason for the referral"},
    )
    needs_summary = forms.CharField(
        label="Needs summary",
        help_text="What the pupil needs, in a few sentences.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a summary of the pupil's needs"},
    )
    success_looks_like = forms.CharField(
        label="What success would look like",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what success would look like"},
    )
    # From today to a year ahead: the service's one rule (`preferred_start_problem`) says so on this field.
    preferred_start = DateField("Preferred start (optional)", name="the preferred start", required=False)
    hours_wanted = _hours("Hours a week wanted (optional)")
    pattern_wanted = forms.CharField(label="Days and times wanted (optional)", required=False, max_length=300)
    parent_informed_on = DateField(
        "Parent or carer told on (optional)",
        name="the date the parent or carer was told",
        required=False,
        past=True,
        earliest=years_ago(2),
    )
    parent_consents = forms.BooleanField(
        label="The parent or carer consents to the referral",
        required=False,
        help_text="Needed before sending, except for an off-site direction.",
    )
    parent_notice_on = DateField(
        "Written notice to the parent on (off-site direction only)",
        name="the date of the written notice",
        required=False,
        earliest=years_ago(2),
        latest=years_ahead(1),
        help_text="An off-site direction needs written notice at least 2 school days before it starts.",
    )
    pupil_wants = _box("What the pupil wants from it (optional)")
    pupil_worries = _box("What worries the pupil (optional)")
    pupil_good_at = _box("What the pupil is good at (optional)")
    pupil_choice = _box("The pupil's choice among the providers (optional)", rows=2)
    pupil_helped_by = forms.CharField(
        label="Who helped the pupil say it (optional)",
        required=False,
        help_text="An advocate, key worker or parent, for example.",
    )
    shared_for_deciding = forms.MultipleChoiceField(
        label="What the providers asked may read before they decide",
        choices=Shared.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Never the UPN, address, contacts or sensitive details.",
        error_messages={"invalid_choice": "Choose from the list"},
    )

    def __init__(self, *args, referral=None, **kwargs):
        if referral is not None:
            initial = {name: getattr(referral, name) for name in self.base_fields if name != "pupil"}
            kwargs.setdefault("initial", initial | {"hours_wanted": _plain(referral.hours_wanted)})
        super().__init__(*args, **kwargs)
        if referral is not None and referral.sent_at is not None:
            # What it was sent on is shown above the form, not offered in it: a box that could be ticked
            # and then silently ignored would say it was saved when it was not.
            for name in FIXED_ONCE_SENT:
                del self.fields[name]
            for name in read_by_providers(referral):
                field = self.fields[name]
                said = f"{field.help_text} " if field.help_text else ""
                field.help_text = f"{said}The providers asked read this: a change is noted on the timeline."
        if referral is None:
            self.fields["shared_for_deciding"].initial = shared_by_default()

    def changes(self) -> dict:
        """The values to save (those of a sent referral's fixed fields are not asked), shares in a fixed
        order."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "pupil"}
        if "shared_for_deciding" in data:
            chosen = set(data["shared_for_deciding"])
            data["shared_for_deciding"] = [value for value in Shared.values if value in chosen]
        return data


class StartReferralForm(ReferralForm):
    submit_label = "Save as a draft"

    pupil = forms.ModelChoiceField(
        label="Pupil",
        queryset=None,
        empty_label="Choose a pupil",
        error_messages={
            "required": "Choose the pupil the referral is for",
            "invalid_choice": "Choose one of your school's pupils",
        },
    )

    field_order = ["pupil"]

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = (
            Pupil.objects.visible_to(membership)
            .filter(school_id=membership.organisation_id)
            .only("pk", "legal_forename", "legal_surname", "preferred_forename", "preferred_surname")
        )


class SendForm(GovUKFormMixin, forms.Form):
    """The providers to ask, each with its status on the school's LA's list beside its name; a provider
    the LA suspended or removed needs its own "I know" box ticked (`referrals.choosing`)."""

    submit_label = "Send the referral"

    providers = forms.TypedMultipleChoiceField(
        label="Providers to ask",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each provider reads only what you chose to share until you accept its offer. Beside "
        "each is its status on your LA's approved list.",
        error_messages={
            "required": "Choose at least one provider to send the referral to",
            "invalid_choice": "Choose providers from the directory",
        },
    )
    confirmed = forms.TypedMultipleChoiceField(
        label="Providers your LA has suspended or removed",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You may still ask them. Tick to confirm you know, for each one you choose.",
        error_messages={"invalid_choice": "Confirm only the providers listed"},
    )

    def __init__(self, *args, choices: list[ProviderChoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = {choice.provider.pk: choice for choice in choices}
        self.fields["providers"].choices = [
            Choice(choice.provider.pk, str(choice.provider), hint=". ".join(choice.standing))
            for choice in choices
        ]
        to_confirm = [choice for choice in choices if choice.to_confirm]
        if to_confirm:
            self.fields["confirmed"].choices = [
                Choice(choice.provider.pk, choice.confirmation) for choice in to_confirm
            ]
        else:
            del self.fields["confirmed"]

    def clean(self):
        cleaned = super().clean()
        if "providers" not in cleaned:
            return cleaned  # its own error says why
        chosen = [self.choices[pk] for pk in cleaned["providers"]]
        refused = refused_providers(chosen, wanted=len(chosen), confirmed=set(cleaned.get("confirmed") or ()))
        for field, messages in refused.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned

    def chosen(self) -> list[Organisation]:
        return [self.choices[pk].provider for pk in self.cleaned_data["providers"]]

    def confirmed_ids(self) -> list[int]:
        return list(self.cleaned_data.get("confirmed") or ())


class RespondForm(GovUKFormMixin, forms.Form):
    submit_label = "Send your answer"

    response = forms.ChoiceField(
        label="Your answer",
        choices=[(r.value, r.label) for r in PROVIDER_ANSWERS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you can offer a place"},
    )
    # From today: the service says so in its one message (an offer made before, since passed, is kept).
    offered_start = DateField(
        "Start date you can offer (if you can offer)",
        name="the start date",
        required=False,
        latest=years_ahead(1),
    )
    offered_hours = _hours("Hours a week you can offer (if you can offer)")
    reason = _box("Why you cannot offer a place, or what you would like to know (if you cannot offer)")

    def __init__(self, *args, recipient=None, **kwargs):
        if recipient is not None and recipient.response in PROVIDER_ANSWERS:
            kwargs.setdefault(
                "initial",
                {
                    "response": recipient.response,
                    "offered_start": recipient.offered_start,
                    "offered_hours": _plain(recipient.offered_hours),
                    "reason": recipient.response_reason,
                },
            )
        super().__init__(*args, **kwargs)


class AcceptForm(GovUKFormMixin, forms.Form):
    submit_label = "Accept this offer"


class EndForm(GovUKFormMixin, forms.Form):
    submit_label = "End the referral"

    to = forms.ChoiceField(
        label="How the referral ends",
        choices=[
            (ReferralStatus.WITHDRAWN.value, "Withdraw it"),
            (ReferralStatus.CLOSED.value, "Close it with no offer"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to withdraw or close the referral"},
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the referral ends"},
    )

    def __init__(self, *args, can_withdraw_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_withdraw_only:
            self.fields["to"].choices = self.fields["to"].choices[:1]


class VisitForm(GovUKFormMixin, forms.Form):
    submit_label = "Arrange the visit"

    kind = forms.ChoiceField(
        label="Visit or taster",
        choices=VisitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a visit or a taster session"},
    )
    scheduled_on = DateField(
        "Date", name="the date of the visit", earliest=years_ago(1), latest=years_ahead(1)
    )


class OutcomeForm(GovUKFormMixin, forms.Form):
    submit_label = "Save the outcome"

    went_ahead = forms.TypedChoiceField(
        label="Did it go ahead?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it went ahead"},
    )
    risk_found = _box(
        "Any risk found (optional)", hint="Such as an existing relationship with a pupil in the cohort."
    )
    pupil_thought = _box("What the pupil thought of the setting (optional)")
    parent_thought = _box("What the parent or carer thought of the setting (optional)")

    def __init__(self, *args, visit=None, **kwargs):
        if visit is not None and visit.went_ahead is not None:
            kwargs.setdefault(
                "initial",
                {
                    "went_ahead": "yes" if visit.went_ahead else "no",
                    "risk_found": visit.risk_found,
                    "pupil_thought": visit.pupil_thought,
                    "parent_thought": visit.parent_thought,
                },
            )
        super().__init__(*args, **kwargs)


class DetailsForm(GovUKFormMixin, forms.Form):
    """A box and a "share it" box per section (`<section>_text`, `<section>_shared`)."""

    submit_label = "Save the detailed referral"

    def __init__(self, *args, kept=None, **kwargs):
        kept = kept or {}
        initial = {}
        for section in DetailSection:
            row = kept.get(section.value)
            initial[f"{section.value}_text"] = row.text if row else ""
            initial[f"{section.value}_shared"] = row.shared if row else False
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for section in DetailSection:
            self.fields[f"{section.value}_text"] = _box(f"{section.label} (optional)", rows=5)
            self.fields[f"{section.value}_shared"] = forms.BooleanField(
                label=f"Share {section.label[:1].lower()}{section.label[1:]} with the provider",
                required=False,
            )
        apply_service_defaults(self)  # the fields made here get the service's limits and wording too

    def sections(self) -> dict[str, tuple[str, bool]]:
        return {
            section: (self.cleaned_data[f"{section}_text"], self.cleaned_data[f"{section}_shared"])
            for section in DetailSection.values
        }


# A provider's list, by what it is to do (`referrals.selectors.PROVIDER_VIEWS`).
PROVIDER_SHOWS = [("waiting", "Waiting for your reply"), ("chosen", "Chosen by the school"), ("all", "All")]


class ListFilterForm(ServiceFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *ReferralStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=PROVIDER_SHOWS,
        error_messages={"invalid_choice": "Choose what to show from the list"},
    )

    def __init__(self, *args, provider: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not provider:  # a commissioner's list: every referral, or those with offers to decide
            self.fields["show"].choices = [("", "Every referral"), (WITH_OFFERS, "With offers to decide")]

    def value(self, name: str, default: str) -> str:
        if self.is_valid():
            return self.cleaned_data[name] or default
        return default
