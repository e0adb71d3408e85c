"""Access events are append-only: the database itself refuses to change or delete them.

The trigger RAISEs (SQLSTATE P0001), which psycopg reports as RaiseException and Django as ProgrammingError.
"""

import pytest
from django.db import ProgrammingError, transaction

from apcommission.audit.models import AccessEvent
from tests import factories


@pytest.fixture
def event(db):
    return factories.AccessEventFactory(action="pupil.view", pupil_ids=[7])


def _refused(change):
    with pytest.raises(ProgrammingError, match="pgtrigger: Cannot update or delete"), transaction.atomic():
        change()


def _unchanged(event):
    kept = AccessEvent.objects.get(pk=event.pk)
    assert (kept.action, kept.pupil_ids, kept.user_id) == ("pupil.view", [7], event.user_id)


def test_an_access_event_cannot_be_edited(event):
    event.action = "nothing.to.see"

    _refused(event.save)

    _unchanged(event)


def test_access_events_cannot_be_bulk_updated(event):
    _refused(lambda: AccessEvent.objects.filter(pk=event.pk).update(pupil_ids=[]))

    _unchanged(event)


def test_an_access_event_cannot_be_deleted(event):
    _refused(event.delete)

    _unchanged(event)


def test_access_events_cannot_be_bulk_deleted(event):
    _refused(AccessEvent.objects.all().delete)

    _unchanged(event)


def test_new_access_events_can_still_be_written(event):
    factories.AccessEventFactory(user=event.user)

    assert AccessEvent.objects.filter(user=event.user).count() == 2
