"""`make bench`'s services: the database, Redis, the environment, Django commands and gunicorn.

Everything started here is registered on the caller's ExitStack, so it is stopped on every way out.
"""

import base64
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse

from run import DATA, ROOT, start_embedded_postgres

PYTHON = sys.executable  # make runs us with the venv's python; children use the same one
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/apcommission_bench"
LOCAL_REDIS = "redis://127.0.0.1:6379/8"
GUNICORN_LOG = DATA / "bench-gunicorn.log"


class BenchError(Exception):
    """A step failed: printed as the reason `make bench` stopped."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(host: str, port: int, probe: bytes = b"", expect: bytes = b"") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1) as sock:
            if probe:
                sock.sendall(probe)
                return sock.recv(64).startswith(expect)
            return True
    except OSError:
        return False


# Database --------------------------------------------------------------------------------------------


def database_url(stack: contextlib.ExitStack) -> tuple[str, str]:
    """DATABASE_URL; else the local PostgreSQL's apcommission_bench; else an embedded PostgreSQL."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"], "DATABASE_URL"
    if _answers("127.0.0.1", 5432):
        try:
            _create_database(LOCAL_POSTGRES)
            return LOCAL_POSTGRES, "PostgreSQL on 127.0.0.1:5432"
        except Exception as error:  # e.g. a fresh Debian cluster that refuses role postgres over TCP
            print(f"PostgreSQL answers on 127.0.0.1:5432 but refused us ({error}); using an embedded one.")
    return _embedded_postgres(stack), "embedded PostgreSQL in .data/bench-postgres"


def fresh_database_url(stack: contextlib.ExitStack, variable: str, name: str) -> tuple[str, str]:
    """A database emptied for this run: the one named by the environment variable `variable`, else the
    local PostgreSQL's `name`, else `name` in an embedded PostgreSQL. Dropped and made again: its
    contents are the benchmark's own."""
    if os.environ.get(variable):
        _create_database(os.environ[variable], fresh=True)
        return os.environ[variable], variable
    if _answers("127.0.0.1", 5432):
        url = LOCAL_POSTGRES.rsplit("/", 1)[0] + "/" + name
        try:
            _create_database(url, fresh=True)
            return url, f"PostgreSQL on 127.0.0.1:5432 ({name})"
        except Exception as error:
            print(f"PostgreSQL answers on 127.0.0.1:5432 but refused us ({error}); using an embedded one.")
    return _embedded_postgres(
        stack, name, fresh=True
    ), f"embedded PostgreSQL in .data/bench-postgres ({name})"


def _create_database(url: str, *, fresh: bool = False) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _embedded_postgres(stack: contextlib.ExitStack, database="apcommission_bench", *, fresh=False) -> str:
    # As `make run` does, but in a folder of its own: a bench must never stop `make run`'s database.
    folder = DATA / "bench-postgres"
    folder.parent.mkdir(parents=True, exist_ok=True)
    print("Starting an embedded PostgreSQL in", folder, flush=True)
    try:
        server = start_embedded_postgres(folder, database=database)
    except ImportError as error:
        raise BenchError("no PostgreSQL: set DATABASE_URL or install the dev dependencies") from error
    stack.callback(server.cleanup)
    if fresh:  # `database` is one of our own names
        server.psql(f"DROP DATABASE {database} WITH (FORCE);")
        server.psql(f"CREATE DATABASE {database};")
    return server.get_uri(database=database)


def redis_url() -> str:
    """REDIS_URL; else the local Redis (database 8) if it answers; else "" (the database cache)."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    return LOCAL_REDIS if _answers("127.0.0.1", 6379, b"PING\r\n", b"+PONG") else ""


# Environment and Django ------------------------------------------------------------------------------


def production_env(database: str, redis: str, port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("APCOMMISSION_")}
    env.pop("REDIS_URL", None)
    env.update(
        APCOMMISSION_PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        # A fixed Fernet key: the bench database, with its demo authenticators, outlives one run.
        MFA_ENCRYPTION_KEY=base64.urlsafe_b64encode(b"apcommission bench: demo data 32").decode(),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        EMAIL_URL="smtp://127.0.0.1:1025",  # never reached: the benchmark sends no mail
        PRIVATE_MEDIA_ROOT=str(DATA / "bench-private-media"),  # the benchmark uploads nothing
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        DATABASE_URL=database,
        DEBUG="0",
        PYTHONUNBUFFERED="1",
    )
    if redis:
        env["REDIS_URL"] = redis
    return env


def demo_env(env: dict[str, str]) -> dict[str, str]:
    """The same database and key without production settings: the demo commands refuse those."""
    return {key: value for key, value in env.items() if key != "APCOMMISSION_PRODUCTION"}


def manage(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode:
        raise BenchError(f"`manage.py {' '.join(args)}` failed (exit {proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def django_json(env: dict[str, str], code: str, payload, *, show_progress: bool = False) -> object:
    """Run `code` after django.setup() with `payload` in BENCH_PAYLOAD; it prints one JSON line last.
    With `show_progress`, what it writes to stderr is shown as it goes (a long seeding says how far it
    has got) rather than kept for the error."""
    script = "import django, json, os\ndjango.setup()\npayload = json.loads(os.environ['BENCH_PAYLOAD'])\n"
    proc = subprocess.run(
        [PYTHON, "-c", script + code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "apcommission.settings", "BENCH_PAYLOAD": json.dumps(payload)},
        stdout=subprocess.PIPE,
        stderr=None if show_progress else subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode or not proc.stdout.strip():
        raise BenchError(f"a Django helper failed (exit {proc.returncode}):\n{proc.stderr or ''}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# Prints this period's and the next few periods' TOTP codes (allauth's own helpers, as demo_totp does).
TOTP_CODES = """
import time
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
now = int(time.time()) // settings.MFA_TOTP_PERIOD
codes = {}
totp = Authenticator.objects.filter(type="totp", user__email__in=payload).select_related("user")
for authenticator in totp:
    secret = decrypt(authenticator.data["secret"])
    codes[authenticator.user.email] = {
        n: format_hotp_value(hotp_value(secret, n)) for n in range(now, now + 10)
    }
print(json.dumps({"period": settings.MFA_TOTP_PERIOD, "codes": codes}))
"""


def totp_codes(env: dict[str, str], emails: list[str]):
    """A function giving each account's code for the current period (for five minutes)."""
    answer = django_json(env, TOTP_CODES, emails)
    period, codes = answer["period"], answer["codes"]

    def code(email: str) -> str:
        try:
            return codes[email][str(int(time.time()) // period)]
        except KeyError as error:
            raise BenchError(
                f"no TOTP code for {email}: is it a demo account with an authenticator?"
            ) from error

    return code


# The id of each provider named in the payload, read as the demo commands do (outside any request).
PROVIDER_IDS = """
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.scoping import unscoped
with unscoped("make bench: the providers its targets name"):
    found = dict(Organisation.objects.filter(kind="provider", name__in=payload).values_list("name", "pk"))
print(json.dumps(found))
"""


def provider_ids(env: dict[str, str], names: list[str]) -> dict[str, int]:
    found = django_json(env, PROVIDER_IDS, names) if names else {}
    missing = sorted(set(names) - set(found))
    if missing:
        raise BenchError(f"no demo provider is called {', '.join(missing)}")
    return found


# The SQL queries of each page (its second request), under production settings with the session cookie.
QUERY_COUNTS = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
counts = []
for path, cookie, host in payload:
    client = Client(HTTP_HOST=host, headers={"x-forwarded-proto": "https"})
    client.cookies.load(cookie)
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path, secure=True).status_code
    counts.append(len(queries) if status == 200 else None)
print(json.dumps(counts))
"""


def query_counts(env: dict[str, str], port: int, pages: list[tuple[str, str]]) -> list[int | None]:
    return django_json(env, QUERY_COUNTS, [(path, cookie, f"127.0.0.1:{port}") for path, cookie in pages])


# gunicorn --------------------------------------------------------------------------------------------


def start_gunicorn(stack: contextlib.ExitStack, env: dict[str, str], port: int, workers: int) -> None:
    GUNICORN_LOG.parent.mkdir(parents=True, exist_ok=True)
    log = stack.enter_context(GUNICORN_LOG.open("w"))
    command = [PYTHON, "-m", "gunicorn", "apcommission.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--worker-class", "sync", "--log-level", "warning"]
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, process_group=0
    )
    stack.callback(_stop_group, proc)  # its own group: the master and its workers go together
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"gunicorn exited (exit {proc.returncode}):\n{GUNICORN_LOG.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer /ping in 30 s:\n{GUNICORN_LOG.read_text()[-3000:]}")


def _stop_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # whatever is left: a worker stuck in a request
    proc.wait()
