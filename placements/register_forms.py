"""The register's search, filters and sort, read through a form like every other input: a filter that
cannot be used (a provider or a school not in the register, a year group that does not exist) is shown
with its error and left out, never silently ignored. Only a trust and an LA, which see many schools'
placements, are offered the school filter; a school's register has no such field, so a school asked for
in its address is not read at all."""

from dataclasses import dataclass

from django import forms

from apcommission.forms.govuk import ServiceFormMixin
from placements.register import SORT_CHOICES, STATUS_CHOICES, RegisterFilters
from placements.register_flags import ANY_FLAG, ENDING_SOON, ENDING_SOON_LABEL, Flag
from pupils.forms import YEAR_GROUP_CHOICES


@dataclass(frozen=True)
class Select:
    """A filter drawn from its choices, each marked selected or not: a page of the register draws
    a hundred providers' options, which a template comparing each would spend most of its time on."""

    id: str
    name: str
    label: str
    errors: list[str]
    options: list[tuple[str, str, bool]]


class RegisterFilterForm(ServiceFormMixin, forms.Form):
    q = forms.CharField(label="Pupil name or UPN", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUS_CHOICES,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    provider = forms.TypedChoiceField(
        label="Provider",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a provider from the list"},
    )
    school = forms.TypedChoiceField(
        label="School",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a school from the list"},
    )
    year = forms.TypedChoiceField(
        label="Year group",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any year group"), *YEAR_GROUP_CHOICES],
        error_messages={"invalid_choice": "Choose a year group from the list"},
    )
    flag = forms.ChoiceField(
        label="Needs attention",
        required=False,
        choices=[
            ("", "Every placement"),
            (ANY_FLAG, "Any flag"),
            *Flag.choices,
            (ENDING_SOON, ENDING_SOON_LABEL),
        ],
        error_messages={"invalid_choice": "Choose a flag from the list"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=SORT_CHOICES,
        error_messages={"invalid_choice": "Choose how to sort from the list"},
    )

    def __init__(
        self, *args, providers: list[tuple[int, str]], schools: list[tuple[int, str]] | None = None, **kwargs
    ):
        """`schools`: those a trust's or an LA's register may be filtered by; None for a school's own."""
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "Any provider"), *providers]
        if schools is None:
            del self.fields["school"]
        else:
            self.fields["school"].choices = [("", "Any school"), *schools]
        self.fields["q"].error_messages["max_length"] = "Pupil name or UPN must be 200 characters or fewer"

    def filters(self) -> RegisterFilters:
        """The filters that can be used (one that cannot is shown with its error and left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return RegisterFilters(
            status=data.get("status") or "current",
            provider=data.get("provider"),
            school=data.get("school"),
            year_group=data.get("year"),
            flag=data.get("flag") or "",
            query=(data.get("q") or "").strip(),
            sort=data.get("sort") or "pupil",
        )

    def select(self, name: str) -> Select:
        bound = self[name]
        chosen = "" if bound.value() is None else str(bound.value())
        options = [(str(value), str(label), str(value) == chosen) for value, label in bound.field.choices]
        return Select(bound.id_for_label, bound.html_name, str(bound.label), list(bound.errors), options)

    def selects(self) -> dict[str, Select]:
        names = ("status", "provider", "school", "year", "flag", "sort")
        return {name: self.select(name) for name in names if name in self.fields}

    def in_use(self) -> bool:
        """Narrowed by anything beyond the default status (the sort does not narrow)."""
        data = getattr(self, "cleaned_data", {})
        return any(
            data.get(name) not in (None, "") for name in ("q", "provider", "school", "year", "flag")
        ) or (data.get("status") not in (None, "", "current"))
