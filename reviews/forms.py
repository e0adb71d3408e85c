"""The forms of the review schedule: moving a review (a new date and why), and an LA's review rules.
They read what was typed; the services (`reviews.services`) check it against the placement and say what
is wrong, on the field it is about."""

from django import forms

from apcommission.forms.dates import DateField
from apcommission.forms.govuk import GovUKFormMixin, apply_service_defaults
from providers.forms.inputs import number_input
from reviews.services import LIMITS, RULE_FIELDS


class MoveReviewForm(GovUKFormMixin, forms.Form):
    submit_label = "Save the new date"

    due_on = DateField("New date", name="the new date")
    reason = forms.CharField(
        label="Why is the review moving?",
        required=False,  # the service asks for it only when the date changes
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The school, its trust and the LA read this. The provider sees only the new date.",
        max_length=2000,
    )

    def __init__(self, *args, review, **kwargs):
        kwargs.setdefault("initial", {"due_on": review.due_on})
        super().__init__(*args, **kwargs)
        self.keeps_stored_dates = True
        apply_service_defaults(self)

    def values(self) -> dict:
        return {"to_on": self.cleaned_data["due_on"], "reason": self.cleaned_data["reason"]}


def _weeks(name: str, label: str, help_text: str, required: str) -> forms.IntegerField:
    least, most = LIMITS[name]
    return forms.IntegerField(
        label=label,
        min_value=least,
        max_value=most,
        widget=number_input(3),
        help_text=help_text,
        error_messages={
            "required": required,
            "invalid": "Enter a whole number of weeks, like 6",
            "min_value": f"Enter at least {least} week",
            "max_value": f"Enter {most} weeks or fewer",
        },
    )


class ReviewRulesForm(GovUKFormMixin, forms.Form):
    submit_label = "Save your review rules"

    first_after_weeks = _weeks(
        "first_after_weeks",
        "Weeks from the start to the first review",
        "The usual rule is 4 weeks.",
        "Enter the weeks from the start of a placement to its first review",
    )
    every_weeks = _weeks(
        "every_weeks",
        "Weeks between reviews after that",
        "The usual rule is every 6 weeks. The final review is always on the planned end.",
        "Enter the weeks between reviews",
    )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}
