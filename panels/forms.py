"""Forms for panels: the LA's setting, a meeting, putting a referral to a meeting, and the decision.

Meetings to choose from are given by the view (from the scoped selectors), so another LA's meeting has
no choice here and its id is refused as "not one of those listed"."""

from django import forms

from apcommission.forms.dates import DateField, long_date, years_ago, years_ahead
from apcommission.tenancy.forms import GovUKFormMixin
from panels.models import Decision, PanelKind, PanelMeeting
from panels.services import changes_problem

YES_NO = [("yes", "Yes"), ("no", "No")]


class SettingForm(GovUKFormMixin, forms.Form):
    submit_label = "Save"

    uses_panel = forms.ChoiceField(
        label="Do referrals from your schools go to a panel?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="Your schools' AP leads and your officers can then put a referral to one of your panel's "
        "meetings, and your officers record the panel's decision.",
        error_messages={"required": "Select yes if referrals go to a panel"},
    )


def attendees_text(attendees: list[dict]) -> str:
    """The attendees as the form shows them: one a line, "name, role"."""
    return "\n".join(", ".join(part for part in (a["name"], a["role"]) if part) for a in attendees)


class MeetingForm(GovUKFormMixin, forms.Form):
    submit_label = "Save meeting"

    meets_on = DateField(
        "Date of the meeting", name="the date of the meeting", earliest=years_ago(2), latest=years_ahead(2)
    )
    kind = forms.ChoiceField(
        label="Kind of panel",
        choices=PanelKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of panel"},
    )
    attendees = forms.CharField(
        label="Who attends",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One person a line: their name, a comma, then their role. For example, Priya Shah, "
        "chair and head of inclusion.",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen by your LA's people only.",
    )

    @classmethod
    def initial_for(cls, meeting: PanelMeeting) -> dict:
        return {
            "meets_on": meeting.meets_on,
            "kind": meeting.kind,
            "attendees": attendees_text(meeting.attendees),
            "notes": meeting.notes,
        }

    def clean_attendees(self) -> list[dict]:
        people = []
        for line in self.cleaned_data["attendees"].replace("\r", "\n").split("\n"):
            if not line.strip():
                continue
            name, _, role = line.partition(",")
            if not name.strip():
                raise forms.ValidationError("Give each person's name before their role")
            people.append({"name": name.strip(), "role": role.strip()})
        return people

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("meets_on", "kind", "attendees", "notes")}


def meeting_choices(meetings: list[PanelMeeting]) -> list[tuple[str, str]]:
    return [
        (str(meeting.pk), f"{meeting.get_kind_display()}, {long_date(meeting.meets_on)}")
        for meeting in meetings
    ]


class PutForm(GovUKFormMixin, forms.Form):
    submit_label = "Put to the panel"

    meeting = forms.ChoiceField(
        label="Which meeting of the panel?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a meeting of the panel",
            "invalid_choice": "Select one of the meetings listed",
        },
    )

    def __init__(self, *args, meetings: list[PanelMeeting], **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(meeting.pk): meeting for meeting in meetings}
        self.fields["meeting"].choices = meeting_choices(meetings)

    def chosen(self) -> PanelMeeting:
        return self.meetings[self.cleaned_data["meeting"]]


class DecisionForm(GovUKFormMixin, forms.Form):
    submit_label = "Record the decision"

    decision = forms.ChoiceField(
        label="The panel's decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the panel's decision"},
    )
    changes = forms.CharField(
        label="The changes the panel asks for",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only when the panel agreed with changes.",
    )
    reasons = forms.CharField(
        label="The panel's reasons",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The school and your LA's people read them on the referral.",
    )
    later_meeting = forms.ChoiceField(
        label="Put it to a later meeting (optional)",
        required=False,
        help_text="Only when the panel deferred its decision.",
        error_messages={"invalid_choice": "Select one of the meetings listed"},
    )

    def __init__(self, *args, later_meetings: list[PanelMeeting], **kwargs):
        super().__init__(*args, **kwargs)
        self.later_meetings = {str(meeting.pk): meeting for meeting in later_meetings}
        self.fields["later_meeting"].choices = [
            ("", "No later meeting yet"),
            *meeting_choices(later_meetings),
        ]

    def clean(self) -> dict:
        data = super().clean()
        # Said with the other fields' problems, not on the next submit.
        if "decision" in data and (problem := changes_problem(data["decision"], data.get("changes", ""))):
            self.add_error("changes", problem)
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "decision": data["decision"],
            "changes": data["changes"],
            "reasons": data["reasons"],
            "later_meeting": self.later_meetings.get(data["later_meeting"] or ""),
        }
