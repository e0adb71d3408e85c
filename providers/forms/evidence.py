"""Forms for compliance evidence: recording a check, and the types and validity periods an LA keeps."""

from django import forms
from django.conf import settings
from django.utils.html import escape

from apcommission.documents.uploads import check_document
from apcommission.forms.dates import DateField, must_not_be_before, years_ago, years_ahead
from apcommission.tenancy.forms import GovUKFormMixin
from providers import selectors
from providers.forms.inputs import number_input
from providers.models import EvidenceType, Outcome

YES_NO = [("yes", "Yes"), ("no", "No")]


class EvidenceForm(GovUKFormMixin, forms.Form):
    """One check of one piece of evidence. The expiry date may be left blank: the service then applies the
    LA's validity period for the type, which the hint lists."""

    submit_label = "Save check"

    evidence_type = forms.ModelChoiceField(
        label="Type of evidence",
        queryset=None,  # set per request from the scoped manager
        empty_label="Choose a type",
        error_messages={
            "required": "Select a type of evidence",
            "invalid_choice": "Select a type of evidence",
        },
    )
    # A check older than the longest validity period (10 years) could not count for anything.
    checked_on = DateField("Date checked", past=True, earliest=years_ago(10))
    expires_on = DateField("Expiry date", required=False, latest=years_ahead(10))
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the check"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen by the provider and your LA's officers, never by schools or other LAs.",
    )
    document = forms.FileField(
        label="Upload a document (optional)",
        required=False,
        help_text="A PDF, Word document (.docx), PNG or JPEG, smaller than 10 MB.",
    )
    holds_dbs_copies = forms.ChoiceField(
        label="Does this document include copies of DBS certificates?",
        required=False,
        choices=YES_NO,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        # Scoped: the standard types and this LA's own; another LA's type id is not a valid choice.
        types = selectors.required_evidence_types(membership=membership)
        self.fields["evidence_type"].queryset = EvidenceType.objects.visible_to(membership).in_use()
        days = selectors.validity_periods(types, membership=membership)
        # crispy-forms-gds renders help text as HTML: names an LA typed in are escaped here.
        periods = "; ".join(f"{escape(t.name)}: {days[t.pk]} days" for t in types)
        self.fields["expires_on"].help_text = (
            "Leave blank to use your LA's validity period for this type, counted from the date checked "
            f"({periods})."
        )
        self.dbs_types = [t for t in types if t.may_hold_dbs_copies]
        dbs_names = ", ".join(escape(t.name) for t in self.dbs_types) or "any type"
        self.fields["holds_dbs_copies"].help_text = (
            f"Answer if you upload a document for {dbs_names}. Copies of DBS certificates are deleted "
            f"{settings.DBS_COPY_RETENTION_DAYS} days (6 months) after upload, as Keeping children safe in "
            "education requires; the check itself is kept."
        )
        megabytes = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        self.fields[
            "document"
        ].help_text = f"A PDF, Word document (.docx), PNG or JPEG, smaller than {megabytes} MB."

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            check_document(document)  # raises the plain-English reason; leaves the file at its start
        return document

    def clean(self):
        data = super().clean()
        must_not_be_before(
            self, "expires_on", data.get("expires_on"), data.get("checked_on"), "the date checked"
        )
        evidence_type = data.get("evidence_type")
        says_dbs_copies = data.get("holds_dbs_copies") == "yes"
        if says_dbs_copies and not data.get("document") and "document" not in self.errors:
            self.add_error(
                "document",
                "Upload the document that includes copies of DBS certificates, or answer no to the question "
                "about DBS certificates",
            )
        if (
            data.get("document")
            and evidence_type
            and evidence_type.may_hold_dbs_copies
            and not data.get("holds_dbs_copies")
        ):
            self.add_error(
                "holds_dbs_copies", "Select yes if this document includes copies of DBS certificates"
            )
        return data


class EvidenceTypeForm(GovUKFormMixin, forms.Form):
    submit_label = "Add evidence type"

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the name of the evidence type"}
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What providers must show, in plain English.",
    )
    default_validity_days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        max_value=3650,
        widget=number_input(4),
        help_text="How long a check stays valid, for example 365 for a year.",
        error_messages={
            "required": "Enter how many days a check is valid for",
            "invalid": "Valid for must be a number of days, like 365",
            "min_value": "Valid for must be at least 1 day",
            "max_value": "Valid for must be 3650 days (10 years) or fewer",
        },
    )


class ValidityForm(GovUKFormMixin, forms.Form):
    submit_label = "Save validity period"

    validity_days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        max_value=3650,
        widget=number_input(4),
        help_text="New checks of this type expire this many days after the date checked. Checks already "
        "recorded keep their expiry date.",
        error_messages={
            "required": "Enter how many days a check is valid for",
            "invalid": "Valid for must be a number of days, like 365",
            "min_value": "Valid for must be at least 1 day",
            "max_value": "Valid for must be 3650 days (10 years) or fewer",
        },
    )
