"""Forms for QA visits: the visit with a judgement per area of the framework and up to three actions on
one page, a follow-up note on an action, and an area an LA adds to its framework."""

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import escape

from apcommission.forms.dates import DateField, long_date, must_not_be_before, years_ago, years_ahead
from apcommission.tenancy.forms import GovUKFormMixin
from providers.models import Judgement, QAArea, VisitKind
from providers.services.quality import MAX_ACTIONS

ACTION_FIELDS = ("description", "owner", "due_on", "area")


class VisitForm(GovUKFormMixin, forms.Form):
    """The visit, then one fieldset per area (`area_<id>_judgement`, `area_<id>_findings`), then the
    actions (`action_<n>_<field>`). `areas` are the framework in use, from the scoped manager, so an
    area of another LA has no field here and its id is never read."""

    submit_label = "Save visit"

    visited_on = DateField("Date of visit", name="the date of the visit", past=True, earliest=years_ago(5))
    kind = forms.ChoiceField(
        label="Kind of visit",
        choices=VisitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of visit"},
    )
    summary = forms.CharField(
        label="Summary",
        help_text="What a school choosing this provider should know. Schools in your area read this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a summary of the visit"},
    )

    def __init__(self, *args, areas: list[QAArea], **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        layout = [Field("visited_on"), Field.radios("kind", small=True), Field.textarea("summary", rows=4)]
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
        area_choices = [("", "Not about one area")] + [(str(area.pk), str(area)) for area in areas]
        for number in range(1, MAX_ACTIONS + 1):
            prefix = f"action_{number}_"
            self.fields[prefix + "description"] = forms.CharField(
                label="What needs to change", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[prefix + "owner"] = forms.CharField(
                label="Owner",
                required=False,
                max_length=200,
                help_text="Who will do it, for example the provider's manager",
            )
            self.fields[prefix + "due_on"] = DateField(
                "Due by",
                name=f"the date action {number} is due by",
                required=False,
                latest=years_ahead(3),
            )
            self.fields[prefix + "area"] = forms.ChoiceField(
                label="Area (optional)",
                required=False,
                choices=area_choices,
                error_messages={"invalid_choice": "Choose an area from the list"},
            )
            layout.append(
                Fieldset(
                    Field.textarea(prefix + "description", rows=2),
                    *(Field(prefix + name) for name in ACTION_FIELDS[1:]),
                    legend=f"Action {number} (optional)",
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper.layout = Layout(*layout)

    def clean(self):
        cleaned = super().clean()
        for number in range(1, MAX_ACTIONS + 1):
            prefix = f"action_{number}_"
            values = {name: cleaned.get(prefix + name) for name in ACTION_FIELDS}
            filled = {name for name, value in values.items() if value}
            # An untouched row is ignored; a row started but not finished is an error, field by field.
            if not filled or prefix + "due_on" in self.errors:
                continue
            if not values["description"]:
                self.add_error(prefix + "description", f"Enter what needs to change for action {number}")
            if not values["owner"]:
                self.add_error(prefix + "owner", f"Enter who owns action {number}")
            if not values["due_on"]:
                self.add_error(prefix + "due_on", f"Enter the date action {number} is due by")
            visited_on = cleaned.get("visited_on")
            if visited_on:
                visit = f"the visit ({long_date(visited_on)})"
                must_not_be_before(self, prefix + "due_on", values["due_on"], visited_on, visit)
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
        for number in range(1, MAX_ACTIONS + 1):
            values = {name: self.cleaned_data.get(f"action_{number}_{name}") for name in ACTION_FIELDS}
            if values["description"]:
                actions.append({**values, "area": int(values["area"]) if values["area"] else None})
        return actions


class FollowUpForm(GovUKFormMixin, forms.Form):
    submit_label = "Save follow-up"

    note = forms.CharField(
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a note about what has happened"},
    )
    close = forms.BooleanField(
        label="Close this action", required=False, help_text="Only when the change has been made and checked."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("note", rows=4), Field.checkbox("close"))


class QAAreaForm(GovUKFormMixin, forms.ModelForm):
    submit_label = "Add area"

    class Meta:
        model = QAArea
        fields = ["name", "description"]
        labels = {"name": "Name of the area", "description": "What visits look at in this area"}
        error_messages = {"name": {"required": "Enter the name of the area"}}
