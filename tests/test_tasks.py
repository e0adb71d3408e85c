"""Celery tasks say whom they act for, and the history their changes make names the task: run through a
real worker (a thread consuming from the test Redis), as beat and the services' callers would."""

import datetime
import importlib
import logging
import os
import time
import warnings
from contextlib import contextmanager
from unittest import mock

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.apps import apps as django_apps
from django.utils import timezone

from apcommission.celery import app
from apcommission.tasks import for_membership, sweep
from apcommission.tenancy.scoping import acting_as, current_scope, unscoped
from apcommission.tenancy.services import remove_member
from providers.models import Evidence, Site
from providers.services.evidence import DBS_COPY_REMOVED_REASON
from providers.services.profile import update_site
from providers.tasks import purge_dbs_certificate_copies
from tests.providers.factories import EvidenceFactory, SiteFactory

standard_vocabularies = importlib.import_module("providers.migrations.0002_standard_vocabularies")

# What the test task below saw as the acting scope, for the test to read back.
seen_scopes = []


@for_membership()
def rename_site(*, membership, site_id: int, name: str) -> None:
    """A task for one organisation, as later ones will be: it calls a service with `by=membership`."""
    seen_scopes.append(current_scope())
    site = Site.objects.visible_to(membership).get(pk=site_id)
    update_site(site=site, by=membership, values={"name": name})


@pytest.fixture
def vocabularies(django_db_blocker):
    """The standard evidence types, approval categories and QA areas (rows from a data migration), there
    during the test and put back after it: a transactional test ends by emptying every table, which
    would leave a reused test database without them. Requested before `transactional_db`, so its
    clean-up runs after that emptying."""
    with django_db_blocker.unblock():
        standard_vocabularies.add_standard_vocabularies(django_apps, None)
    yield
    with django_db_blocker.unblock():
        standard_vocabularies.add_standard_vocabularies(django_apps, None)


@pytest.fixture
def worker(vocabularies, transactional_db):
    """A real Celery worker on the project's app and broker; its thread has its own database connection,
    so the test's rows are committed (transactional_db) for it to see."""
    app.control.purge()  # nothing left over from an earlier run is taken for this test's
    with logging_as_configured(), start_worker(app, perform_ping_check=False, shutdown_timeout=10):
        yield


@contextmanager
def logging_as_configured():
    """Setting a worker up takes over the root logger (and routes warnings into logging) unless something
    answers Celery's setup_logging signal; the rest of the suite relies on the handlers Django's LOGGING
    set up, so this answers it for the test and puts the warnings back afterwards."""

    def keep_djangos_logging(**kwargs):
        return None

    signals.setup_logging.connect(keep_djangos_logging)
    try:
        with warnings.catch_warnings(), mock.patch.dict(os.environ):
            yield
    finally:
        signals.setup_logging.disconnect(keep_djangos_logging)
        logging.captureWarnings(False)


def eventually(check, seconds: float = 20):
    """Wait until `check()` is true: the worker runs the task in its own time."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the worker did not run the task in time"
        time.sleep(0.1)


def latest_event(model, pk):
    with unscoped("test: reading history"):
        return model.pgh_event_model.objects.filter(pgh_obj_id=pk).select_related("pgh_context").last()


def test_the_purge_runs_unscoped_and_its_history_names_the_task(worker, world):
    due = timezone.localdate() - datetime.timedelta(days=1)
    copy = EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        holds_dbs_copies=True,
        document="evidence/dbs.pdf",
        document_delete_after=due,
    )

    purge_dbs_certificate_copies.delay()

    def purged():
        with unscoped("test"):
            return Evidence.objects.get(pk=copy.pk).document_removed_reason == DBS_COPY_REMOVED_REASON

    eventually(purged)
    event = latest_event(Evidence, copy.pk)
    assert event.pgh_label == "update"
    assert event.pgh_context.metadata == {"task": "providers.tasks.purge_dbs_certificate_copies"}


def test_a_task_for_a_membership_acts_as_it_and_its_history_names_the_task_and_the_person(worker, world):
    manager = world.members["provider_manager"]
    site = SiteFactory(provider=world.provider, name="Main site")
    seen_scopes.clear()

    rename_site.delay(membership_id=manager.pk, site_id=site.pk, name="Station Road site")

    def renamed():
        with unscoped("test"):
            return Site.objects.get(pk=site.pk).name == "Station Road site"

    eventually(renamed)
    assert [scope.pk for scope in seen_scopes] == [manager.pk]
    event = latest_event(Site, site.pk)
    assert event.pgh_context.metadata == {
        "task": "tests.test_tasks.rename_site",
        "user": manager.user_id,
        "membership": manager.pk,
    }


def test_a_task_for_a_membership_removed_since_it_was_sent_does_nothing(world, caplog):
    manager, staff = world.members["provider_manager"], world.members["provider_staff"]
    site = SiteFactory(provider=world.provider, name="Main site")
    with acting_as(manager):
        remove_member(member=staff, by=manager)
    seen_scopes.clear()

    rename_site(membership_id=staff.pk, site_id=site.pk, name="Station Road site")

    assert seen_scopes == []
    with unscoped("test"):
        assert Site.objects.get(pk=site.pk).name == "Main site"
    assert f"membership {staff.pk} no longer acts" in caplog.text


def test_a_sweep_must_say_why_it_sees_everyone():
    with pytest.raises(ValueError, match="says why"):
        sweep("")
