"""The two forms of a CTF import: choosing the file, and picking the pupils in it to import."""

from django import forms
from django.core.exceptions import ValidationError

from apcommission.forms.govuk import GovUKFormMixin
from pupils.importing import ImportPlan


class UploadForm(GovUKFormMixin, forms.Form):
    submit_label = "Upload and preview"

    file = forms.FileField(
        label="Upload a Common Transfer File",
        required=False,  # said in clean_file, so that a file dropped for its size gets one message
        help_text="The XML file (usually ending .xml) the pupil's last school sent you.",
    )

    def __init__(self, *args, refused: str | None = None, max_megabytes: float = 5, **kwargs):
        super().__init__(*args, **kwargs)
        self.refused = refused
        self.fields["file"].help_text = (
            f"The XML file (usually ending .xml) the pupil's last school sent you, smaller than "
            f"{max_megabytes:g} MB. Nothing is imported until you have seen what is in it."
        )

    def clean_file(self):
        if self.refused:
            raise ValidationError(self.refused, code="size")
        file = self.cleaned_data.get("file")
        if not file:
            raise ValidationError("Select a Common Transfer File", code="required")
        return file


class PickForm(forms.Form):
    """Which of the file's pupils to import: the preview table draws the boxes, ticked as the plan says."""

    pupils = forms.TypedMultipleChoiceField(
        coerce=int,
        required=True,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one pupil to import",
            "invalid_choice": "Select only pupils that can be imported",
        },
    )

    def __init__(self, *args, plan: ImportPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupils"].choices = [
            (str(each.position), each.pupil.name) for each in plan.pupils if each.importable
        ]
        self.chosen = (
            {str(value) for value in self.data.getlist("pupils")}
            if self.is_bound
            else {str(each.position) for each in plan.pupils if each.importable}
        )
