"""The evidence pack built by a real Celery worker on a Redis of the test's own (tests/alerts/test_worker.py
has the processes), and a build whose task was lost in a Redis restart made all the same: the row, not
the queue, says what is still to build."""

import time

import redis
from celery import Celery
from django.conf import settings

from apcommission.tenancy.scoping import unscoped
from reports.models import Report, ReportState
from tests.alerts.test_worker import eventually, processes, redis_server  # noqa: F401  (fixtures)
from tests.reports.factories import ReportFactory
from tests.reports.pdf_text import text_of, words
from tests.reports.test_pack import placed
from tests.test_tasks import vocabularies  # noqa: F401  (a fixture: the rows a transactional test empties)


def state_of(report) -> str:
    with unscoped("a test reads the row as stored"):
        return Report.objects.get(pk=report.pk).state


def made_text(report) -> str:
    with unscoped("a test reads the row as stored"):
        stored = Report.objects.get(pk=report.pk)
    return words(text_of(stored.file.read()))


def a_pack(world) -> Report:
    placed(world.school, world.provider, "Gwenllian")
    return ReportFactory(school=world.school, requested_as=world.members["school_leader"])


def test_a_real_worker_builds_the_pack_it_is_sent(world, processes, redis_server):  # noqa: F811
    report = a_pack(world)
    processes.worker(PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT))
    broker = Celery(broker=f"redis://127.0.0.1:{redis_server.port}/0")
    broker.send_task(
        "reports.tasks.build_report", args=[report.pk], kwargs={"membership_id": report.requested_as_id}
    )
    eventually(lambda: state_of(report) == ReportState.READY, 60, processes, "the pack")
    assert "Gwenllian Testpupil" in made_text(report)


def test_a_build_lost_in_a_redis_restart_is_sent_again_by_beat(world, processes, redis_server):  # noqa: F811
    report = a_pack(world)
    broker = Celery(broker=f"redis://127.0.0.1:{redis_server.port}/0")
    broker.send_task(
        "reports.tasks.build_report", args=[report.pk], kwargs={"membership_id": report.requested_as_id}
    )
    queued = redis.Redis(port=redis_server.port)
    assert queued.llen("celery") == 1
    redis_server.stop()  # keeps nothing on disk: the queued task is gone
    redis_server.start()
    assert queued.llen("celery") == 0
    time.sleep(1.5)  # the report has now waited longer than REPORT_QUEUED_SECONDS
    extra = {
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "REPORT_QUEUED_SECONDS": "1",
        "REPORT_TEND_EVERY_SECONDS": "1",
    }
    processes.worker(**extra)
    processes._start(["beat", "-s", str(processes.tmp / "beat"), "--pidfile=", "-l", "INFO"], **extra)
    eventually(lambda: state_of(report) == ReportState.READY, 90, processes, "the pack sent again")
    assert "Gwenllian Testpupil" in made_text(report)
    with unscoped("a test reads the row as stored"):
        assert Report.objects.get(pk=report.pk).attempts == 1
