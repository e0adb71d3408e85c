"""An action a QA visit found must change: its fields are asked for each action on the visit form (as
many as needed) and on a page of its own, to add one to a visit afterwards."""

from crispy_forms_gds.layout import Field, Layout
from django import forms

from apcommission.forms.dates import DateField, years_ahead
from apcommission.forms.govuk import apply_service_defaults
from apcommission.tenancy.forms import GovUKFormMixin
from providers.models import QAArea
from providers.services.quality import due_before_visit

FIELDS = ("description", "owner", "owned_by", "due_on", "area")
PROVIDER, VISITOR = "provider", "visitor"


def action_fields(areas: list[QAArea], *, visitor_name: str, number: int | None = None) -> dict:
    """The fields of one action. `number` names it in messages ("action 2") on the visit form, where an
    action may be left empty, so each field is optional there and checked as a whole by the form, with
    these same messages: an action is spoken of one way on both pages."""
    required = number is None
    which = f" for action {number}" if number else ""
    area_choices = [("", "Not about one area")] + [(str(area.pk), str(area)) for area in areas]
    due_on = DateField(
        "Due by",
        name=f"the due date of action {number}" if number else "the due date",
        required=required,
        latest=years_ahead(3),
    )
    due_on.error_messages["required"] = f"Enter {due_on.name}"  # as the field itself says it
    return {
        "description": forms.CharField(
            label="What needs to change",
            required=required,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": f"Enter what needs to change{which}"},
        ),
        "owner": forms.CharField(
            label="Who will do it",
            required=required,
            max_length=200,
            help_text="A name or a role, for example the provider's manager",
            error_messages={"required": f"Enter who will do it{which}"},
        ),
        "owned_by": forms.ChoiceField(
            label="Whose action is it?",
            required=required,
            initial=PROVIDER,
            choices=[
                (PROVIDER, "The provider's: it sees the action and can reply to it"),
                (VISITOR, f"{visitor_name}'s own: the provider does not see it"),
            ],
            widget=forms.RadioSelect,
            error_messages={
                "required": f"Select whose action it is{which}",
                "invalid_choice": f"Select whose action it is{which}",
            },
        ),
        "due_on": due_on,
        "area": forms.ChoiceField(
            label="Area (optional)",
            required=False,
            choices=area_choices,
            error_messages={"invalid_choice": "Choose an area from the list"},
        ),
    }


def action_layout(prefix: str = "") -> list:
    return [
        Field.textarea(prefix + "description", rows=2),
        Field(prefix + "owner"),
        Field.radios(prefix + "owned_by", small=True),
        Field(prefix + "due_on"),
        Field(prefix + "area"),
    ]


def action_values(values: dict) -> dict:
    """What the services take, from one action's cleaned fields."""
    return {
        "description": values["description"],
        "owner": values["owner"],
        "due_on": values["due_on"],
        "area": int(values["area"]) if values.get("area") else None,
        "owned_by_provider": values.get("owned_by") != VISITOR,
    }


class ActionForm(GovUKFormMixin, forms.Form):
    """One more action on a visit already recorded. `areas` are the framework in use (the scoped
    manager's), so another LA's area is not a choice."""

    submit_label = "Add action"

    def __init__(self, *args, visit, areas: list[QAArea], **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.fields.update(action_fields(areas, visitor_name=visit.visiting_organisation.name))
        apply_service_defaults(self)  # for the fields added here
        self.helper.layout = Layout(*action_layout())

    def clean(self):
        cleaned = super().clean()
        due_on = cleaned.get("due_on")
        if due_on and due_on < self.visit.visited_on:
            self.add_error("due_on", due_before_visit(self.visit.visited_on))
        return cleaned

    def values(self) -> dict:
        return action_values(self.cleaned_data)
