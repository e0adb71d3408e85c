"""Exactly once, with real parts (SECURITY.md 8): a real Celery worker and real beat schedulers, each in
its own process, on a Redis server of the test's own (so it can be restarted), against the test database.
Emails are written one file each (EMAIL_FILE_PATH) so the test counts what was really sent.

- a due alert is delivered;
- the worker killed with SIGKILL in the middle of sending, then restarted: delivered exactly once;
- Redis restarted with the task queued: nothing lost;
- two beat schedulers at once: nothing made or sent twice.
"""

import contextlib
import email
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from alerts.kinds import AlertKind
from alerts.models import Alert, SweepMark
from alerts.sources.safeguarding import due_for
from alerts.sweep import claim, insert
from apcommission.tenancy.scoping import unscoped
from tests.safeguarding.factories import ConcernFactory
from tests.safeguarding.world import placed
from tests.test_tasks import vocabularies  # noqa: F401  (a fixture: the rows a transactional test empties)

ROOT = Path(settings.BASE_DIR)
REDISPATCH = 2  # seconds before an email claimed and not sent is claimed again


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, keeping nothing on disk (as the machine's does)."""

    def __init__(self):
        self.port = _free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "the test's redis-server did not start"
                time.sleep(0.05)

    def stop(self):
        self.process.kill()
        self.process.wait(10)


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Processes:
    """Celery workers and beats started for a test, each in its own process group, all stopped after."""

    def __init__(self, redis: RedisServer, mail: Path, tmp: Path):
        self.redis, self.mail, self.tmp = redis, mail, tmp
        self.running: list[subprocess.Popen] = []

    def env(self, **extra) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": f"redis://127.0.0.1:{self.redis.port}/0",
            "EMAIL_FILE_PATH": str(self.mail),
            "ALERT_REDISPATCH_SECONDS": str(REDISPATCH),
            "ALERT_SWEEP_EVERY_SECONDS": "1",
            "ALERT_MAKE_EVERY_SECONDS": "3600",
            **extra,
        }

    def _start(self, args: list[str], **extra) -> subprocess.Popen:
        log = open(self.tmp / f"{args[0]}-{len(self.running)}.log", "w")  # noqa: SIM115 (kept open while it runs)
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "apcommission", *args],
            cwd=ROOT,
            env=self.env(**extra),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running.append(process)
        return process

    def worker(self, **extra) -> subprocess.Popen:
        return self._start(
            ["worker", "--concurrency", "2", "--without-gossip", "--without-mingle", "-l", "INFO"], **extra
        )

    def beat(self) -> subprocess.Popen:
        schedule = self.tmp / f"beat-{len(self.running)}"
        return self._start(["beat", "-s", str(schedule), "--pidfile=", "-l", "INFO"])

    def kill(self, process: subprocess.Popen, sig=signal.SIGKILL):
        """Signal the whole process group: a worker's pool children die with it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(20)

    def stop_all(self):
        for process in self.running:
            if process.poll() is None:
                self.kill(process)

    def logs(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.tmp.glob("*.log")))


@pytest.fixture
def processes(redis_server, tmp_path, vocabularies, transactional_db):  # noqa: F811
    mail = tmp_path / "mail"
    mail.mkdir()
    running = Processes(redis_server, mail, tmp_path)
    yield running
    running.stop_all()


def sent_messages(mail: Path) -> list[email.message.Message]:
    found = []
    for path in sorted(mail.glob("*.log")):
        # The file backend writes each message followed by a line of dashes.
        for part in path.read_text().split("-" * 79):
            if part.strip():
                found.append(email.message_from_string(part.strip()))
    return found


def eventually(check, seconds: float, processes: Processes, what: str):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, (
            f"{what} did not happen in {seconds}s:\n{processes.logs()[-4000:]}"
        )
        time.sleep(0.2)


def alerts_now() -> list[Alert]:
    with unscoped("a test reads the rows as stored"):
        return list(Alert.objects.order_by("pk"))


def made_already():
    """Alerts made this hour already: the beats in a test only claim and send, unless it says otherwise."""
    with unscoped("a test sets when alerts were last made"):
        SweepMark.objects.update_or_create(pk=1, defaults={"made_at": timezone.now()})


def a_due_alert(world) -> Alert:
    """A DSL's alert for a raised concern, due to be emailed now, as raising it makes one."""
    concern = ConcernFactory(placement=placed(world))
    with unscoped("a test makes the alert as raising the concern does"):
        insert(
            AlertKind.SAFEGUARDING_CONCERN,
            [due_for(concern.pk, concern.school_id, concern.provider.name, timezone.localdate())],
            now=timezone.now(),
            close=False,
        )
    [alert] = alerts_now()
    return alert


def emailed(alert: Alert) -> bool:
    with unscoped("a test reads the row as stored"):
        return Alert.objects.get(pk=alert.pk).emailed_at is not None


def test_a_due_alert_is_delivered_by_the_worker(world, processes):
    made_already()
    alert = a_due_alert(world)
    processes.worker()
    processes.beat()
    eventually(lambda: emailed(alert), 40, processes, "the email")
    [message] = sent_messages(processes.mail)
    assert message["To"] == world.members["dsl"].user.email
    assert message["Message-ID"] == f"<alert-{alert.pk}@{settings.ALERT_MESSAGE_ID_DOMAIN}>"


def test_a_worker_killed_in_the_middle_of_sending_sends_once_when_restarted(world, processes):
    made_already()
    alert = a_due_alert(world)
    first = processes.worker(ALERT_SEND_PAUSE_SECONDS="6")
    beat = processes.beat()

    def dispatched() -> bool:
        with unscoped("a test reads the row as stored"):
            return Alert.objects.get(pk=alert.pk).dispatched_at is not None

    eventually(dispatched, 40, processes, "the claim")
    # The worker is now inside the send, holding the row's lock, before the message is handed over.
    eventually(lambda: "alerts.tasks.deliver_alert" in processes.logs(), 20, processes, "the task start")
    time.sleep(1.5)
    processes.kill(first)
    assert sent_messages(processes.mail) == []
    assert not emailed(alert)

    processes.worker()
    eventually(lambda: emailed(alert), 60, processes, "the email after the restart")
    time.sleep(REDISPATCH + 3)  # time for any second send to show
    processes.kill(beat, signal.SIGTERM)
    assert len(sent_messages(processes.mail)) == 1


def test_a_task_lost_with_a_redis_restart_is_sent_all_the_same(world, processes, redis_server):
    made_already()
    alert = a_due_alert(world)
    # A sweep claims the email and queues its task; no worker is running to take it.
    with unscoped("a test claims as a sweep does"):
        assert claim(now=timezone.now()).alerts == [alert.pk]
    broker = Celery(broker=f"redis://127.0.0.1:{redis_server.port}/0")
    broker.send_task("alerts.tasks.deliver_alert", args=[alert.pk])
    queued = redis.Redis(port=redis_server.port)
    assert queued.llen("celery") == 1
    redis_server.stop()  # keeps nothing on disk: the queued task is gone
    redis_server.start()
    assert queued.llen("celery") == 0
    processes.worker()
    processes.beat()
    eventually(lambda: emailed(alert), 60, processes, "the email after Redis restarted")
    time.sleep(REDISPATCH + 2)
    assert len(sent_messages(processes.mail)) == 1


def test_two_beat_schedulers_make_and_send_each_alert_once(world, processes):
    concerns = [ConcernFactory(placement=placed(world)) for _ in range(12)]
    # No SweepMark: both beats' first sweeps make the alerts, racing for the one lock.
    processes.worker()
    processes.beat()
    processes.beat()

    def all_sent() -> bool:
        found = alerts_now()
        concerned = [alert for alert in found if alert.kind == AlertKind.SAFEGUARDING_CONCERN]
        return len(concerned) == len(concerns) and all(alert.emailed_at for alert in found)

    eventually(all_sent, 60, processes, "every email")
    time.sleep(REDISPATCH + 3)
    made = alerts_now()
    messages = sent_messages(processes.mail)
    assert len(messages) == len(made)
    assert len({message["Message-ID"] for message in messages}) == len(made)
    assert processes.logs().count("Scheduler: Sending due task alerts-sweep") >= 4
