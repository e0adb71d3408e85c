"""The attendance pages' forms: sending a file, and choosing the week of a file template."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from apcommission.documents.uploads import EMPTY
from apcommission.forms.govuk import GovUKFormMixin
from attendance.days import monday_of

TEMPLATE_WEEKS = 12  # this week and the eleven before it


class UploadForm(GovUKFormMixin, forms.Form):
    submit_label = "Check and record the marks"

    file = forms.FileField(
        label="Upload a file of marks",
        required=False,  # said in clean_file, so that a file dropped for its size gets one message
        error_messages={"empty": EMPTY, "invalid": "Select a CSV or Excel file of marks"},
    )

    def __init__(
        self, *args, refused: str | None = None, max_megabytes: float = 5, max_rows: int = 0, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.refused = refused
        self.fields["file"].help_text = (
            f"A CSV (saved as \u201cCSV UTF-8\u201d) or an Excel workbook (.xlsx) smaller than "
            f"{max_megabytes:g} MB, with at most {max_rows:,} rows of marks. Nothing is recorded unless "
            "every row is right."
        )

    def clean_file(self):
        if self.refused:
            raise ValidationError(self.refused, code="size")
        file = self.cleaned_data.get("file")
        if not file:
            raise ValidationError("Select a CSV or Excel file of marks", code="required")
        return file


def week_choices(today: datetime.date) -> list[tuple[str, str]]:
    this_week = monday_of(today)
    mondays = [this_week - datetime.timedelta(weeks=n) for n in range(TEMPLATE_WEEKS)]
    return [(monday.isoformat(), f"Week beginning {monday:%-d %B %Y}") for monday in mondays]


class TemplateForm(forms.Form):
    """Which week's template, in which format: a GET form."""

    week = forms.ChoiceField(
        label="Week", error_messages={"invalid_choice": "Choose one of the weeks listed"}
    )
    file_format = forms.ChoiceField(
        label="Format",
        choices=[("xlsx", "Excel workbook (.xlsx)"), ("csv", "CSV")],
        widget=forms.RadioSelect,
        initial="xlsx",
        error_messages={"invalid_choice": "Choose Excel or CSV"},
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["week"].choices = week_choices(today)
        self.fields["week"].initial = monday_of(today).isoformat()

    @property
    def monday(self) -> datetime.date:
        return datetime.date.fromisoformat(self.cleaned_data["week"])
