"""Forms for the LA's approved list: an entry's terms, putting a provider on the list, changing its status,
filtering the list and the categories an LA adds. Choices come from the scoped managers, so another LA's
category id is not a valid choice."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from apcommission.forms.dates import DateField, years_ahead
from apcommission.forms.govuk import ServiceFormMixin
from apcommission.tenancy.forms import GovUKFormMixin
from providers.forms.inputs import number_input
from providers.models import ApprovalCategory, ApprovalStatus, ApprovedListEntry
from providers.services.approval import STARTING_STATUSES, allowed_moves

S = ApprovalStatus
APPROVED = (S.APPROVED, S.APPROVED_WITH_CONDITIONS)
CONDITIONS_HINT = (
    "Only for approved with conditions, which needs them. Seen by your LA and the provider, never by "
    "schools. Approving without conditions clears them."
)
PLACING_CONDITIONS_HINT = (
    "Only for approved with conditions: what a school must know before it places a pupil, such as a cap "
    "on pupils. Your LA's schools see these. Approving without conditions clears them."
)


def placing_conditions_field():
    return forms.CharField(
        label="Conditions for placing (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PLACING_CONDITIONS_HINT,
    )


class EntryTermsForm(GovUKFormMixin, forms.ModelForm):
    """What an entry is approved for and on what terms."""

    submit_label = "Save terms"

    categories = forms.ModelMultipleChoiceField(
        label="Categories it is approved for",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose categories from the list"},
    )
    next_review_on = DateField(
        "Next review",
        name="the next review date",
        required=False,
        latest=years_ahead(5),
        help_text="Leave blank to review it a year from the day it is approved. For example, 27 3 2027",
    )
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=CONDITIONS_HINT,
    )
    placing_conditions = placing_conditions_field()

    class Meta:
        model = ApprovedListEntry
        fields = ["categories", "price", "price_unit", "next_review_on", "conditions", "placing_conditions"]
        labels = {"price": "Price agreed (£, optional)", "price_unit": "The price is"}
        error_messages = {"price": {"invalid": "Enter the price as a number, like 95.00"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_use = Q(retired_at__isnull=True)
        if self.instance.pk:  # a category retired since it was given stays on the entry until unticked
            in_use |= Q(pk__in=self.instance.categories.all())
        self.fields["categories"].queryset = ApprovalCategory.objects.filter(in_use)
        self.fields["price"].widget = number_input(5, decimal=True)
        self.fields["price_unit"].choices = [
            ("", "Choose what the price is for"),
            *list(self.fields["price_unit"].choices)[1:],
        ]

        if self.instance.pk:
            self.fields["next_review_on"].help_text = (
                "The day your LA will next review this entry. Clear the day, month and year only if it "
                "should have no review date: an approval without one is given a review a year on."
                if self.instance.status not in APPROVED
                else "The day your LA will next review this approval."
            )
            self.fields["next_review_on"].required = self.instance.status in APPROVED
            if self.instance.status != S.APPROVED_WITH_CONDITIONS:
                # Both kinds of conditions belong to approved with conditions: not asked for otherwise.
                del self.fields["conditions"]
                del self.fields["placing_conditions"]

    def clean_next_review_on(self):
        """A review date already in the past may stay as it is (the review is overdue, which the list
        shows), but a new date must not be in the past."""
        review_on = self.cleaned_data.get("next_review_on")
        unchanged = self.instance.pk and review_on == self.instance.next_review_on
        if review_on and not unchanged and review_on < timezone.localdate():
            raise forms.ValidationError("The next review date must be today or in the future")
        return review_on

    def terms(self) -> dict:
        """The entry's terms as the services take them (those the form asked for)."""
        return {name: self.cleaned_data[name] for name in EntryTermsForm.Meta.fields if name in self.fields}

    def status_needing_conditions(self) -> bool:
        return self.instance.status == S.APPROVED_WITH_CONDITIONS

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("price") is not None and not cleaned.get("price_unit"):
            self.add_error(
                "price_unit", "Say what the price is for: a day, a session, a week, an hour or a placement"
            )
        if self.status_needing_conditions() and not (cleaned.get("conditions") or "").strip():
            self.add_error("conditions", "Enter the conditions of approval")
        return cleaned


class ApprovalCreateForm(EntryTermsForm):
    """Putting a provider on the LA's list: its first status, why, and its terms."""

    submit_label = "Add to approved list"

    status = forms.ChoiceField(
        label="Status",
        choices=[(s.value, s.label) for s in STARTING_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status", "invalid_choice": "Choose a status"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the checks made or the panel that decided. Kept in the entry's history.",
        error_messages={"required": "Enter the reason for this status"},
    )
    field_order = [
        "status",
        "reason",
        "conditions",
        "placing_conditions",
        "categories",
        "price",
        "price_unit",
        "next_review_on",
    ]

    def status_needing_conditions(self) -> bool:
        return self.cleaned_data.get("status") == S.APPROVED_WITH_CONDITIONS


class StatusChangeForm(GovUKFormMixin, forms.Form):
    """A move of an entry's status: only the moves the table allows from its current status are offered."""

    submit_label = "Change status"

    to_status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new status", "invalid_choice": "Choose the new status"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the entry's history with your name and today's date.",
        error_messages={"required": "Enter the reason for this status"},
    )
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=CONDITIONS_HINT,
    )
    placing_conditions = placing_conditions_field()

    def __init__(self, *args, entry, **kwargs):
        kwargs.setdefault(
            "initial", {"conditions": entry.conditions, "placing_conditions": entry.placing_conditions}
        )
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s.value, s.label) for s in allowed_moves(entry.status)]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("to_status") == S.APPROVED_WITH_CONDITIONS
            and not (cleaned.get("conditions") or "").strip()
        ):
            self.add_error("conditions", "Enter the conditions of approval")
        return cleaned


class ApprovedListFilterForm(ServiceFormMixin, forms.Form):
    """The list's filters, read from the query string; anything unknown is ignored rather than refused."""

    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *S.choices])
    category = forms.ModelChoiceField(
        label="Category", required=False, queryset=None, empty_label="Any category"
    )
    q = forms.CharField(label="Provider name", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ApprovalCategory.objects.all()

    def filters(self) -> dict:
        self.is_valid()  # a field that does not clean (an unknown category id) is left out, not refused
        category = self.cleaned_data.get("category")
        return {
            "status": self.cleaned_data.get("status") or "",
            "category": category.pk if category else None,
            "query": (self.cleaned_data.get("q") or "").strip(),
        }


class CategoryForm(GovUKFormMixin, forms.Form):
    submit_label = "Add category"

    name = forms.CharField(
        label="Name of the new category",
        max_length=100,
        help_text="For example, Lot 3: post-16 re-engagement.",
        error_messages={"required": "Enter the name of the category"},
    )
