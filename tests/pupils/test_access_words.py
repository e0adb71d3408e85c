"""Every access event the code writes has words on "Who has viewed this record", found by reading the code
itself: a page that starts writing a new action code fails here until its app words it."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from apcommission.audit.models import AccessEvent
from pupils.viewed import access_words, shown_as
from tests.factories import AccessEventFactory
from tests.forms.browser_post import posted_form
from tests.providers.pages import signed_in
from tests.pupils.factories import PupilFactory

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {"tests", ".venv", "node_modules", ".data", ".git"}
CALL = re.compile(r"\brecord_access\(")
ACTION = re.compile(r'\baction="([^"]+)"')


def written_codes() -> dict[str, str]:
    """Each action code a `record_access(...)` call in the project's code writes, with where."""
    found = {}
    for path in ROOT.rglob("*.py"):
        if SKIPPED & set(path.relative_to(ROOT).parts):
            continue
        text = path.read_text()
        for call in CALL.finditer(text):
            if text[: call.start()].rstrip().endswith("def"):
                continue  # the function itself
            depth, end = 0, call.end() - 1
            for end in range(call.end() - 1, len(text)):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                if depth == 0:
                    break
            where = f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, call.start()) + 1}"
            action = ACTION.search(text[call.start() : end])
            assert action, f"{where}: record_access without a literal action code cannot be checked here"
            found[action.group(1)] = where
    return found


def test_the_code_is_read_for_the_calls_it_makes():
    codes = written_codes()
    assert {"pupil.view", "pupil.list", "referral.view", "panels.meeting", "pupil.ctf_import"} <= set(codes)


def test_every_access_code_written_anywhere_has_words():
    missing = {code: where for code, where in written_codes().items() if code not in access_words()}
    assert missing == {}, "word these in their app's AppConfig.access_words"


def test_a_code_with_no_words_is_said_plainly_never_as_the_code():
    assert shown_as("pupil.view") == "Opened the pupil's record"
    assert shown_as("retired.code") == "Shown the pupil's details"


def test_each_access_code_is_worded_once_and_every_word_is_a_sentence():
    words = access_words()
    assert all(text[:1].isupper() and not text.endswith(".") for text in words.values())
    assert len(set(words.values())) == len(words)


@pytest.mark.django_db
def test_a_upn_found_on_an_edit_is_said_to_be_typed_into_another_record(world):
    taken = PupilFactory(school=world.school)
    editing = PupilFactory(school=world.school)
    client = signed_in(world, "ap_lead")
    url = reverse("pupils:edit", args=[editing.pk])
    data = dict(posted_form(client.get(url).content.decode())) | {"upn": taken.upn}

    assert client.post(url, data).status_code == 200

    (event,) = AccessEvent.objects.filter(action__startswith="pupil.duplicate")
    assert (event.action, event.pupil_ids) == ("pupil.duplicate_edit", [taken.pk])
    AccessEventFactory(action="pupil.duplicate", pupil_ids=[taken.pk])
    page = signed_in(world, "school_leader").get(reverse("pupils:viewers", args=[taken.pk])).content.decode()
    assert "Shown as already having the UPN typed into another pupil&#x27;s record" in page
    assert "Shown as already having the UPN typed for a new pupil" in page
