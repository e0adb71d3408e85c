"""What every form gets: a length limit on text, no negative or absurd numbers, GOV.UK wording in place of
Django's, and line breaks stored one way."""

from django import forms

from apcommission.forms.govuk import PARAGRAPHS_LIMIT, TEXT_LIMIT, GovUKFormMixin, ServiceFormMixin


class NoteForm(GovUKFormMixin, forms.Form):
    title = forms.CharField(label="Title")
    reason = forms.CharField(label="Reason (optional)", required=False, widget=forms.Textarea)
    places = forms.IntegerField(label="Places", required=False)
    price = forms.DecimalField(label="Price (£)", required=False, max_digits=8, decimal_places=2)
    hours = forms.DecimalField(label="Hours", required=False, max_value=60)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A")], required=False)


def problems(**data) -> dict:
    form = NoteForm({"title": "A title", **data})
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_every_text_field_has_a_limit_and_says_it_plainly():
    assert problems(title="x" * (TEXT_LIMIT + 1)) == {"title": ["Title must be 200 characters or fewer"]}
    assert problems(reason="x" * 20_000) == {"reason": ["Reason must be 5,000 characters or fewer"]}
    assert problems(reason="x" * PARAGRAPHS_LIMIT) == {}


def test_no_maxlength_attribute_cuts_typed_or_pasted_text_off_silently():
    form = NoteForm()

    assert "maxlength" not in str(form["title"])
    assert "maxlength" not in str(form["reason"])


def test_numbers_are_never_negative_or_absurd():
    assert problems(price="-50.00") == {"price": ["Price must be 0 or more"]}
    assert problems(price="99999999999") == {"price": ["Price must be 999,999.99 or less"]}
    assert problems(price="9.999") == {"price": ["Price must have 2 decimal places or fewer"]}
    assert problems(places="-1") == {"places": ["Places must be 0 or more"]}
    assert problems(hours="61") == {"hours": ["Hours must be 60 or less"]}
    assert problems(places="abc") == {"places": ["Places must be a whole number, like 12"]}


def test_one_decimal_place_is_said_in_the_singular():
    class Tenths(ServiceFormMixin, forms.Form):
        rate = forms.DecimalField(label="Rate", max_digits=4, decimal_places=1)

    form = Tenths({"rate": "1.25"})
    form.is_valid()

    assert form.errors["rate"] == ["Rate must have 1 decimal place or fewer"]


def test_djangos_default_wording_is_replaced():
    assert problems(title="") == {"title": ["Enter title"]}
    assert problems(kind="z") == {"kind": ["Select kind from the list"]}
    assert problems(title="nul\x00") == {"title": ["Title must not contain null characters"]}


def test_a_fields_own_message_is_kept():
    class Own(ServiceFormMixin, forms.Form):
        title = forms.CharField(error_messages={"required": "Enter the title of the note"})

    form = Own({})
    form.is_valid()

    assert form.errors["title"] == ["Enter the title of the note"]


def test_line_breaks_from_a_browser_are_stored_as_newlines():
    form = NoteForm({"title": "T", "reason": "one\r\ntwo\r\n\r\nthree"})

    assert form.is_valid()
    assert form.cleaned_data["reason"] == "one\ntwo\n\nthree"
