"""Forms for QA visits: the visit with a judgement per area of the framework and as many actions as it
found, a follow-up note on an action, and an area an LA adds to its framework."""

import re

from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.forms.utils import ErrorDict
from django.utils.html import escape

from apcommission.forms.dates import DateField, years_ago
from apcommission.forms.govuk import PARAGRAPHS_LIMIT, apply_service_defaults
from apcommission.tenancy.forms import GovUKFormMixin
from apcommission.tenancy.roles import OrganisationKind
from providers.forms.actions import FIELDS as ACTION_FIELDS
from providers.forms.actions import PROVIDER, action_fields, action_layout, action_values
from providers.forms.notes import WritingForm, writing
from providers.models import Judgement, QAArea, VisitKind
from providers.services.quality import due_before_visit

# The visit page asks for one action to begin with and adds a row each time "Add another action" is
# pressed. A page holds at most this many; more can be added to the visit afterwards, one at a time.
MAX_ACTION_ROWS = 30
ADD_ACTION = "add_action"
_ACTION_KEY = re.compile(r"^action_(\d+)_")
ROWS_FULL = (
    f"You can add up to {MAX_ACTION_ROWS} actions while recording a visit. Save the visit, then add the "
    "others from its page"
)

SUMMARY_READERS = {
    OrganisationKind.LOCAL_AUTHORITY: "Your LA and the provider read it; your schools read it as the "
    "summary of your latest visit, without the findings.",
    OrganisationKind.SCHOOL: "Your school, your LA, your trust (if you are in one) and the provider read "
    "it. Other schools do not.",
}


def action_rows(data) -> int:
    """How many action rows to show: as many as were shown or sent (one at first), and one more when
    "Add another action" was pressed while there is room. Rows sent past the limit are shown too, so
    that nothing typed is lost from sight (the form refuses them); Django's cap on the number of fields
    posted bounds them."""
    rows = _rows_sent(data)
    if data is not None and ADD_ACTION in data and rows < MAX_ACTION_ROWS:
        rows += 1
    return rows


def _rows_sent(data) -> int:
    if data is None:
        return 1
    numbers = [int(match.group(1)) for key in data if (match := _ACTION_KEY.match(key))]
    shown = str(data.get("action_rows", ""))
    return max([1, min(int(shown), MAX_ACTION_ROWS) if shown.isdigit() else 1, *numbers])


def action_anchor(number: int) -> str:
    """The id of action `number`'s fieldset, to link to a row."""
    return f"action-{number}"


class VisitForm(GovUKFormMixin, forms.Form):
    """The visit, then one fieldset per area (`area_<id>_judgement`, `area_<id>_findings`), then the
    actions (`action_<n>_<field>`, as many rows as `action_rows` says). `areas` are the framework in use,
    from the scoped manager, so an area of another LA has no field here and its id is never read.

    Pressing "Add another action" posts the form to get one more row: `adding_action` is then true and
    nothing is checked or saved (the form comes back as it was typed, with no errors) with the new
    row's first box focused (`autofocus`), so the browser lands on it rather than the top of the page.
    Each row's fieldset is `#action-<n>`."""

    submit_label = "Save visit"
    max_rows = MAX_ACTION_ROWS

    visited_on = DateField("Date of visit", name="the date of the visit", past=True, earliest=years_ago(5))
    kind = forms.ChoiceField(
        label="Kind of visit",
        choices=VisitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of visit"},
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a summary of the visit"},
    )
    action_rows = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, data=None, *args, areas: list[QAArea], visitor=None, **kwargs):
        self.rows = action_rows(data)
        self.adding_action = data is not None and ADD_ACTION in data
        # The row "Add another action" has just added, if there was room for it.
        self.added_row = self.rows if self.adding_action and self.rows > _rows_sent(data) else None
        if data is not None:
            data = data.copy()
            data["action_rows"] = str(self.rows)  # the rows shown now, kept by the next post
        super().__init__(data, *args, **kwargs)
        self.fields["action_rows"].initial = self.rows
        self.areas = areas
        kind = visitor.kind if visitor is not None else None
        self.fields["summary"].help_text = "What a school choosing this provider should know. " + (
            SUMMARY_READERS.get(kind, "")
        )
        layout = [
            Field("visited_on"),
            Field.radios("kind", small=True),
            Field.textarea("summary", rows=4),
            Field("action_rows"),
        ]
        for area in areas:
            self.fields[f"area_{area.pk}_judgement"] = forms.ChoiceField(
                label="Judgement",
                choices=Judgement.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose a judgement for {area}"},
            )
            self.fields[f"area_{area.pk}_findings"] = forms.CharField(
                label="Findings", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            layout.append(
                Fieldset(
                    Field.radios(f"area_{area.pk}_judgement", small=True),
                    Field.textarea(f"area_{area.pk}_findings", rows=3),
                    # crispy-forms-gds prints legends unescaped, and an LA names its own areas.
                    legend=escape(area.name),
                    legend_size=Size.MEDIUM,
                )
            )
        visitor_name = visitor.name if visitor is not None else "Your organisation"
        for number in range(1, self.rows + 1):
            prefix = f"action_{number}_"
            fields = action_fields(areas, visitor_name=visitor_name, number=number)
            self.fields.update({prefix + name: field for name, field in fields.items()})
            layout.append(
                Fieldset(
                    *action_layout(prefix),
                    legend=f"Action {number} (optional)",
                    legend_size=Size.MEDIUM,
                    css_id=action_anchor(number),
                )
            )
        if self.added_row is not None:
            # Not an anchor in the URL as well: a browser skips autofocus on a page opened at a fragment.
            self.fields[f"action_{self.added_row}_description"].widget.attrs["autofocus"] = True
        if self.rows < MAX_ACTION_ROWS:
            layout.append(Button.secondary(ADD_ACTION, "Add another action"))
        apply_service_defaults(self)  # for the fields added here
        self.helper.layout = Layout(*layout)

    def full_clean(self):
        if self.adding_action:  # only another row was asked for: nothing is checked yet
            self._errors, self.cleaned_data = ErrorDict(), {}
            if self.rows >= MAX_ACTION_ROWS:  # but there is no room for it: say so, not nothing
                self.add_error(None, ROWS_FULL)
            return
        super().full_clean()

    def _filled(self, values: dict) -> bool:
        """An action row someone started: anything typed, or a choice other than the defaults."""
        return any(values[name] for name in ("description", "owner", "due_on", "area")) or (
            values["owned_by"] not in ("", None, PROVIDER)
        )

    def clean(self):
        cleaned = super().clean()
        for number in range(1, self.rows + 1):
            prefix = f"action_{number}_"
            values = {name: cleaned.get(prefix + name) for name in ACTION_FIELDS}
            # An untouched row is ignored; a row started but not finished is an error, field by field.
            if not self._filled(values) or prefix + "due_on" in self.errors:
                continue
            if number > MAX_ACTION_ROWS:  # never offered by the page: refused, never dropped unseen
                self.add_error(prefix + "description", f"{ROWS_FULL}: remove action {number} for now")
                continue
            for name in ("description", "owner", "due_on"):  # each said as on the add-action page
                if not values[name]:
                    field = self.fields[prefix + name]
                    self.add_error(prefix + name, field.error_messages["required"])
            visited_on = cleaned.get("visited_on")
            if visited_on and values["due_on"] and values["due_on"] < visited_on:
                self.add_error(prefix + "due_on", due_before_visit(visited_on, number))
        return cleaned

    def judgements(self) -> list[dict]:
        return [
            {
                "area": area.pk,
                "judgement": self.cleaned_data[f"area_{area.pk}_judgement"],
                "findings": self.cleaned_data[f"area_{area.pk}_findings"],
            }
            for area in self.areas
        ]

    def actions(self) -> list[dict]:
        actions = []
        for number in range(1, self.rows + 1):
            values = {name: self.cleaned_data.get(f"action_{number}_{name}") for name in ACTION_FIELDS}
            if values["description"]:
                actions.append(action_values(values))
        return actions


class FollowUpForm(WritingForm):
    submit_label = "Save follow-up"

    note = writing(
        "What has happened",
        subject="The note",
        limit=PARAGRAPHS_LIMIT,
        rows=4,
        required="Enter a note about what has happened",
    )
    close = forms.BooleanField(
        label="Close this action", required=False, help_text="Only when the change has been made and checked."
    )


class QAAreaForm(GovUKFormMixin, forms.ModelForm):
    submit_label = "Add area"

    class Meta:
        model = QAArea
        fields = ["name", "description"]
        labels = {"name": "Name of the area", "description": "What visits look at in this area"}
        error_messages = {"name": {"required": "Enter the name of the area"}}
