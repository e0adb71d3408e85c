"""The form for printing an evidence pack: which school (a trust chooses), the period and how pupils are
named. The service checks the period and the school (`reports.services`)."""

from django import forms
from django.utils import timezone

from apcommission.forms.dates import DateField
from apcommission.forms.govuk import GovUKFormMixin
from reports.pack.scope import Naming, Period


class EvidencePackForm(GovUKFormMixin, forms.Form):
    submit_label = "Make the evidence pack"

    school = forms.TypedChoiceField(
        label="School",
        coerce=int,
        error_messages={"required": "Select the school", "invalid_choice": "Select the school"},
    )
    period_start = DateField(
        "From", name="the start of the period", past=True, help_text="For example, 1 9 2026"
    )
    period_end = DateField(
        "To", name="the end of the period", past=True, help_text="Today, or an earlier day"
    )
    naming = forms.ChoiceField(
        label="How should the pack name pupils?",
        choices=Naming.choices,
        initial=Naming.FULL_NAME,
        widget=forms.RadioSelect,
        help_text="Initials or UPNs keep names out of a copy you share.",
        error_messages={
            "required": "Select how to name pupils",
            "invalid_choice": "Select how to name pupils",
        },
    )

    def __init__(self, *args, schools, choose: bool, **kwargs):
        """`choose`: a trust chooses among its schools; a school prints its own."""
        default = Period.this_academic_year(timezone.localdate())
        kwargs.setdefault("initial", {"period_start": default.start, "period_end": default.end})
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [(school.pk, school.name) for school in schools]
        if not choose:
            self.fields["school"].initial = schools[0].pk if schools else None
            self.fields["school"].widget = forms.HiddenInput()
        else:
            self.fields["school"].widget = forms.RadioSelect(choices=self.fields["school"].choices)

    def period(self) -> Period:
        return Period(self.cleaned_data["period_start"], self.cleaned_data["period_end"])


class PeriodForm(GovUKFormMixin, forms.Form):
    """The period of a report about a whole area or all of a trust's schools."""

    submit_label = "Make the report"

    period_start = DateField(
        "From", name="the start of the period", past=True, help_text="For example, 1 9 2026"
    )
    period_end = DateField(
        "To", name="the end of the period", past=True, help_text="Today, or an earlier day"
    )

    def __init__(self, *args, **kwargs):
        default = Period.this_academic_year(timezone.localdate())
        kwargs.setdefault("initial", {"period_start": default.start, "period_end": default.end})
        super().__init__(*args, **kwargs)

    def period(self) -> Period:
        return Period(self.cleaned_data["period_start"], self.cleaned_data["period_end"])
