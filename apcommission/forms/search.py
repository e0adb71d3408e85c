"""A page's search box, read through a form like every other input: a search that cannot be used (too
long, or holding a null character) is shown with its error rather than silently ignored."""

from django import forms

from apcommission.forms.govuk import ServiceFormMixin


class SearchForm(ServiceFormMixin, forms.Form):
    q = forms.CharField(label="Search", required=False)

    def __init__(self, *args, label: str = "Search", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = label
        # Worded after the label was set: "Search must be 200 characters or fewer".
        self.fields["q"].error_messages["max_length"] = "Search must be 200 characters or fewer"

    def query(self) -> str:
        """What to search for: the words typed, or nothing if they cannot be used."""
        return (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""
