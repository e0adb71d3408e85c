"""The directory's search and filters: a GET form whose valid parts become `DirectoryFilters`."""

from dataclasses import dataclass

from django import forms

from apcommission.forms.govuk import ServiceFormMixin
from providers.models import ApprovalStatus, EvidenceState, KeyStage, Offer, Specialism
from providers.selectors.directory import NOT_ON_LIST, DirectoryFilters

SUBJECTS = [("english", "English"), ("maths", "Maths")]
STATUSES = [*ApprovalStatus.choices, (NOT_ON_LIST, "Not on the list")]
# The multiple-choice filters, in the order the filter column shows them.
CHECKBOX_FILTERS = ("key_stage", "specialism", "subject", "offer", "status", "evidence")


def _checkboxes(choices, label):
    return forms.MultipleChoiceField(
        choices=choices, label=label, required=False, widget=forms.CheckboxSelectMultiple
    )


class DirectoryFilterForm(ServiceFormMixin, forms.Form):
    q = forms.CharField(label="Name, URN or UKPRN", required=False, max_length=200)
    key_stage = _checkboxes(KeyStage.choices, "Key stage")
    specialism = _checkboxes(Specialism.choices, "Specialism")
    subject = _checkboxes(SUBJECTS, "Teaches")
    other_subject = forms.CharField(label="Other subject", required=False, max_length=100)
    offer = _checkboxes(Offer.choices, "Offer")
    status = _checkboxes(STATUSES, "Approved list status")
    evidence = _checkboxes(EvidenceState.choices, "Evidence")
    capacity = forms.IntegerField(
        label="At least this many places",
        required=False,
        min_value=1,
        max_value=10_000,
        error_messages={
            "invalid": "Enter the number of places as a whole number",
            "min_value": "Enter a number of places of 1 or more",
            "max_value": "Enter a number of places of 10,000 or fewer",
        },
    )
    unregistered = forms.BooleanField(label="Unregistered providers only", required=False)

    def __init__(self, *args, has_approved_list: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_approved_list:
            del self.fields["status"]  # a trust spans LAs: there is no one list to filter by

    def filters(self) -> DirectoryFilters:
        """The valid filters (an invalid one is shown with its error and left out)."""
        self.is_valid()
        data = self.cleaned_data

        def chosen(name):
            return tuple(data.get(name) or ())

        return DirectoryFilters(
            query=(data.get("q") or "").strip(),
            key_stages=chosen("key_stage"),
            specialisms=chosen("specialism"),
            offers=chosen("offer"),
            subjects=chosen("subject"),
            other_subject=(data.get("other_subject") or "").strip(),
            statuses=chosen("status"),
            evidence_states=chosen("evidence"),
            min_capacity=data.get("capacity"),
            unregistered_only=bool(data.get("unregistered")),
        )

    def checkbox_groups(self) -> list["CheckboxGroup"]:
        """The multiple-choice filters as the page draws them, with the ids Django's widget would give
        each box: read from the choices and the submitted values, without building a widget for each."""
        groups = []
        for name in CHECKBOX_FILTERS:
            if name not in self.fields:
                continue
            field = self[name]
            chosen = {str(value) for value in field.value() or ()}
            options = [
                CheckboxOption(f"{field.auto_id}_{index}", str(value), label, str(value) in chosen)
                for index, (value, label) in enumerate(field.field.choices)
            ]
            groups.append(CheckboxGroup(name, field.html_name, field.label, options))
        return groups

    def selected(self, query_dict) -> list[dict]:
        """The filters in use, each value with a link that removes just it (GOV.UK 'selected filters')."""
        data = getattr(self, "cleaned_data", {})
        groups = []
        for name in CHECKBOX_FILTERS:
            if name not in self.fields or not data.get(name):
                continue
            labels = dict(self.fields[name].choices)
            items = [
                {"label": labels[value], "remove": _without(query_dict, name, value)} for value in data[name]
            ]
            groups.append({"legend": self.fields[name].label, "items": items})
        for name in ("q", "other_subject", "capacity", "unregistered"):
            value = data.get(name)
            if value not in (None, "", False):
                shown = "Yes" if value is True else str(value)
                groups.append(
                    {
                        "legend": self.fields[name].label,
                        "items": [{"label": shown, "remove": _without(query_dict, name)}],
                    }
                )
        return groups


@dataclass(frozen=True)
class CheckboxOption:
    id: str
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class CheckboxGroup:
    name: str
    html_name: str
    legend: str
    options: list[CheckboxOption]


def _without(query_dict, name, value=None) -> str:
    """The query string with one value of `name` (or all of them) removed, and back to the first page."""
    remaining = query_dict.copy()
    remaining.pop("page", None)
    if value is None:
        remaining.pop(name, None)
    else:
        remaining.setlist(name, [v for v in remaining.getlist(name) if v != value])
    encoded = remaining.urlencode()
    return f"?{encoded}" if encoded else "?"
