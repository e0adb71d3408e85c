"""The forms of the review schedule: moving a review (a new date and why), and an LA's review rules.
They read what was typed; the services (`reviews.services`) check it against the placement and say what
is wrong, on the field it is about."""

from django import forms
from django.utils import timezone

from apcommission.forms.dates import DateField
from apcommission.forms.govuk import GovUKFormMixin, apply_service_defaults
from providers.forms.inputs import number_input
from reviews import voices
from reviews.holding import Held
from reviews.models import Attendee, Decision, Rating, Voice
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


def _box(label: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        max_length=5000,
    )


class HoldReviewForm(GovUKFormMixin, forms.Form):
    """Holding a review. The form reads what was typed and ticked; `reviews.holding` says what is missing
    or wrong, all at once, on the field it is about. One radio question per objective
    (`objective_<id>`), each showing the latest value recorded against it."""

    submit_label = "Save the review"

    held_on = DateField("Date the review was held", name="the date the review was held", required=False)
    attended = forms.MultipleChoiceField(
        label="Who attended",
        choices=Attendee.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select who attended the review"},
    )
    attended_others = forms.CharField(
        label="Who else attended (if you selected others)", required=False, max_length=300
    )
    pupil_views = _box("The pupil's views", "In their words where you can. The provider does not read this.")
    parent_views = _box("The parent's or carer's views", "The provider does not read this.")
    provider_report = _box("The provider's report", "The provider reads this.", rows=6)
    decision = forms.ChoiceField(
        label="Decision",
        choices=Decision.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the decision"},
    )
    decision_note = _box(
        "About the decision",
        "Say why, and for an escalation to whom. The provider does not read this.",
        rows=3,
    )

    def __init__(self, *args, objectives, **kwargs):
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.objective_names = []
        fields = list(self.fields.items())
        ratings = {}
        for now in objectives:
            objective = now.objective
            latest = (
                f"Latest recorded: {now.latest.value.normalize():f}{objective.unit and ' ' + objective.unit} "
                f"on {now.latest.on:%-d %B %Y}."
                if now.latest
                else "Nothing recorded yet."
            )
            baseline = (
                f" Baseline {objective.baseline_value.normalize():f}, target "
                f"{objective.target_value.normalize():f}."
                if objective.baseline_value is not None and objective.target_value is not None
                else ""
            )
            name = f"objective_{objective.pk}"
            self.objective_names.append(name)
            ratings[name] = forms.ChoiceField(
                label=f"{objective.get_area_display()}: {objective.description}",
                choices=Rating.choices,
                required=False,
                widget=forms.RadioSelect,
                help_text=latest + baseline,
                error_messages={"invalid_choice": "Select how the objective is going"},
            )
        # The objectives come after who attended, before the views.
        order = [name for name, _ in fields]
        at = order.index("pupil_views")
        self.fields = dict(fields[:at] + list(ratings.items()) + fields[at:])
        apply_service_defaults(self)

    def values(self, objectives) -> Held:
        data = self.cleaned_data
        return Held(
            held_on=data["held_on"],
            attended=list(data["attended"]),
            attended_others=data["attended_others"],
            ratings={now.objective.pk: data.get(f"objective_{now.objective.pk}") or "" for now in objectives},
            pupil_views=data["pupil_views"],
            parent_views=data["parent_views"],
            provider_report=data["provider_report"],
            decision=data["decision"],
            decision_note=data["decision_note"],
        )


class VoiceForm(GovUKFormMixin, forms.Form):
    """The pupil's or the parent's few questions, each a set of answers in words, and a comment. Every
    question may be skipped; `reviews.voices.answer_errors` asks for at least one answer."""

    submit_label = "Send your answers"

    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=voices.COMMENT_LIMIT,
    )

    def __init__(self, *args, voice: str, **kwargs):
        super().__init__(*args, **kwargs)
        parent = voice == Voice.PARENT
        questions = {
            question.name: forms.TypedChoiceField(
                label=question.asked_of(voice),
                choices=[(str(value), words) for value, words in question.scale.items()],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the answers"},
            )
            for question in voices.QUESTIONS
        }
        self.fields = {**questions, "comment": self.fields["comment"]}
        self.fields["comment"].label = (
            "Is there anything else you want to tell us about your child's placement?"
            if parent
            else "Is there anything else you want to tell us?"
        )
        self.fields[
            "comment"
        ].help_text = (
            "For example, what is going well, or what would make it better. You can leave this empty."
        )
        apply_service_defaults(self)

    def values(self) -> voices.Answers:
        data = self.cleaned_data
        return voices.Answers(
            ratings={name: data.get(name) for name in voices.QUESTION_NAMES},
            comment=data.get("comment") or "",
        )


class ParentRequestForm(GovUKFormMixin, forms.Form):
    """The day a parent asked for a review of an off-site direction. `reviews.requests` checks it against
    the placement."""

    submit_label = "Record the request"

    asked_on = DateField("Date the parent asked", name="the date the parent asked", required=False, past=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_service_defaults(self)

    def values(self) -> dict:
        return {"asked_on": self.cleaned_data["asked_on"]}
