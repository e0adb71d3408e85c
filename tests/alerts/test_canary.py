"""A canary pupil name never appears in an email body, its subject or a log line (SECURITY.md 10): every
alert a sweep makes about the canary's placement, and the concern raised about them, are emailed and
logged without it."""

import datetime
import logging
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.placements.factories import PlacementFactory
from tests.pupils.factories import PupilFactory
from tests.reviews.factories import ReviewFactory
from tests.safeguarding.world import raised

pytestmark = pytest.mark.django_db

CANARY_FORENAME = "Zebedee"
CANARY_SURNAME = "Quillfeather"


def test_no_email_or_log_line_names_the_pupil(world, caplog):
    pupil = PupilFactory(school=world.school, legal_forename=CANARY_FORENAME, legal_surname=CANARY_SURNAME)
    placement = PlacementFactory(pupil=pupil, provider=world.provider, provider_copy={"name": pupil.name})
    today = timezone.localdate()
    ReviewFactory(placement=placement, planned_on=today - datetime.timedelta(days=3))
    ReviewFactory(placement=placement, number=2, planned_on=today + datetime.timedelta(days=2))
    with caplog.at_level(logging.DEBUG):
        raised(world, placement)
        call_command("run_reminders", stdout=StringIO())
    assert len(mail.outbox) >= 3
    for message in mail.outbox:
        texts = [message.subject, message.body, *(content for content, _type in message.alternatives)]
        for text in texts:
            assert CANARY_FORENAME not in text
            assert CANARY_SURNAME not in text
    assert CANARY_SURNAME not in caplog.text
    assert CANARY_FORENAME not in caplog.text
    assert "alerts emailed" in caplog.text
