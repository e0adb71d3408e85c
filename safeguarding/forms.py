"""The safeguarding forms: the provider's concern, the DSL's record of what was done, and the DSL's
decision to share the details. The services check everything again."""

from django import forms

from apcommission.forms.dates import DateField, years_ago
from apcommission.tenancy.forms import GovUKFormMixin
from safeguarding.models import ReferredTo, SharedWith
from safeguarding.services import EARLIEST_YEARS

YES_NO = [("yes", "Yes"), ("no", "No")]


def _box(label: str, *, hint: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(label=label, help_text=hint, widget=forms.Textarea(attrs={"rows": rows}))


class ConcernForm(GovUKFormMixin, forms.Form):
    submit_label = "Send the concern to the school"

    what_happened = _box(
        "What was seen or heard",
        hint="Write what happened, or what the pupil said, in their words where you can. Facts, not "
        "opinions.",
        rows=8,
    )
    happened_on = DateField(
        "When it was seen or heard",
        name="the date it was seen or heard",
        past=True,
        earliest=years_ago(EARLIEST_YEARS),
    )
    happened_time = forms.CharField(
        label="Time (optional)",
        required=False,
        max_length=100,
        help_text="For example, 10:30am, or at lunchtime",
    )
    who_involved = _box("Who was involved", hint="The pupil, and anyone else: staff, other pupils, family.")
    immediate_risk = forms.ChoiceField(
        label="Is the pupil at immediate risk of harm?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the pupil is at immediate risk of harm"},
    )
    provider_action = _box(
        "What you have done already",
        hint="For example, who you told, or that you called the police. Write that you have done nothing "
        "yet if so.",
    )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "what_happened": data["what_happened"],
            "happened_on": data["happened_on"],
            "happened_time": data["happened_time"],
            "who_involved": data["who_involved"],
            "immediate_risk": data["immediate_risk"] == "yes",
            "provider_action": data["provider_action"],
        }


class ActionForm(GovUKFormMixin, forms.Form):
    submit_label = "Save what was done"

    action = _box("What was done", hint="Decisions, who was told, advice taken, and why.")
    done_by = forms.CharField(label="Who did it", max_length=200)
    done_on = DateField(
        "When it was done", name="the date it was done", past=True, earliest=years_ago(EARLIEST_YEARS)
    )
    referred_to = forms.MultipleChoiceField(
        label="Referred to (optional)",
        required=False,
        choices=ReferredTo.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select who it was referred to from the list"},
    )
    referred_elsewhere = forms.CharField(
        label="Who else it was referred to (optional)",
        required=False,
        max_length=200,
        help_text="Only when you selected someone else.",
    )
    close = forms.ChoiceField(
        label="Is the concern now closed?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="Once closed, nothing more can be added to it.",
        error_messages={"required": "Select yes if the concern is now closed"},
    )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "action": data["action"],
            "done_by": data["done_by"],
            "done_on": data["done_on"],
            "referred_to": data["referred_to"],
            "referred_elsewhere": data["referred_elsewhere"],
            "close": data["close"] == "yes",
        }


class ShareForm(GovUKFormMixin, forms.Form):
    submit_label = "Share the details"

    role = forms.ChoiceField(
        label="Who needs to read the details?",
        choices=SharedWith.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who to share the details with"},
    )
    reason = _box("Why they need to know", hint="Kept with the concern, and shown to them.", rows=4)

    def values(self) -> dict:
        return {"role": self.cleaned_data["role"], "reason": self.cleaned_data["reason"]}
