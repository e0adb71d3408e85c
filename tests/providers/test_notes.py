"""The pages that ask for one piece of writing about a record (a follow-up note, a reply, the reason a
record was entered in error) share one form shape and one page shape: each refuses what its rule refuses,
says its limit in words, shows a service's refusal on the form and says what happened."""

import re

import pytest
from crispy_forms.utils import render_crispy_form
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from providers.forms.corrections import EnteredInErrorForm
from providers.forms.quality import FollowUpForm
from providers.forms.replies import ReplyForm
from providers.views.notes import note_page


@pytest.mark.parametrize(
    ("form_class", "name", "limit", "too_long"),
    [
        (EnteredInErrorForm, "reason", 1000, "The reason must be 1,000 characters or fewer"),
        (ReplyForm, "note", 2000, "Your reply must be 2,000 characters or fewer"),
        (FollowUpForm, "note", 5000, "The note must be 5,000 characters or fewer"),
    ],
)
def test_each_writing_form_says_its_limit_and_takes_text_up_to_it(form_class, name, limit, too_long):
    assert form_class({name: "x" * (limit + 1)}).errors[name] == [too_long]
    assert form_class({name: "x" * limit}).is_valid()


def test_a_writing_form_lays_out_its_boxes_at_their_rows_and_its_tick_box_as_a_checkbox():
    html = render_crispy_form(FollowUpForm())

    assert re.search(r'<textarea[^>]*name="note"[^>]*rows="4"|<textarea[^>]*rows="4"[^>]*name="note"', html)
    assert 'class="govuk-checkboxes__input"' in html
    assert 'rows="5"' in render_crispy_form(ReplyForm())


def page(method="get", data=None, **overrides):
    request = getattr(RequestFactory(), method)("/", data or {})
    request._messages = Messages()
    arguments = {
        "allowed": True,
        "form": ReplyForm(data if method == "post" else None),
        "save": lambda cleaned: None,
        "done": lambda: "Saved.",
        "then": "/after/",
        "template": "providers/quality/action_reply.html",
        "context": {},
    }
    return request, note_page(request, **{**arguments, **overrides})


class Messages(list):
    def add(self, level, message, extra_tags=""):
        self.append(message)


def test_a_note_page_refuses_what_its_rule_refuses_before_reading_anything():
    with pytest.raises(PermissionDenied):
        page("post", {"note": "Done."}, allowed=False, save=lambda cleaned: pytest.fail("saved"))


def test_a_note_page_saves_says_so_and_moves_on():
    saved = []

    request, response = page("post", {"note": "Done."}, save=saved.append, then="/visits/1/")

    assert saved == [{"note": "Done."}]
    assert (response.status_code, response["Location"]) == (302, "/visits/1/")
    assert request._messages == ["Saved."]


def test_a_note_page_shows_the_services_refusal_on_the_form_and_saves_nothing():
    def refuse(cleaned):
        raise ValidationError({"note": "This action was closed on 1 May 2026."})

    request, response = page("post", {"note": "Done."}, save=refuse, context={"action": None})

    assert response.status_code == 200
    assert "This action was closed on 1 May 2026." in response.content.decode()
    assert request._messages == []


def test_a_note_page_links_back_to_where_it_goes_next():
    _request, response = page(then="/visits/1/")

    assert '<a href="/visits/1/" class="govuk-back-link">' in response.content.decode()
