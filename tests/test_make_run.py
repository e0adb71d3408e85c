"""`make run` from a clean clone: the embedded PostgreSQL, demo data, a real sign-in, and a clean Ctrl-C.

Only committed files are used (`git clone`). The clone runs with this test's virtualenv, so nothing is
installed, and without DATABASE_URL or REDIS_URL, so it starts its own embedded PostgreSQL and uses the
filesystem Celery broker, as on a new laptop. Anything missing is a failure, never a skip.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(Path(sys.prefix) / "bin" / "python")
EMAIL = "la.officer@demoshire.example"
PASSWORD = "demo-password-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"|value="([^"]+)" name="csrfmiddlewaretoken"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def processes_in(folder: Path) -> dict[int, str]:
    """Every process (but this one) with `folder` in its command line, or running inside it: Celery's
    worker and runserver are started with relative paths, so their command lines do not name it."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
            if str(folder) in command or cwd == str(folder) or cwd.startswith(f"{folder}/"):
                found[int(entry.name)] = command.strip()
    return found


def csrf_token(response: requests.Response) -> str:
    assert response.status_code == 200, f"{response.url} answered {response.status_code}"
    match = CSRF.search(response.text)
    assert match, f"no CSRF token in the form at {response.url}"
    return match.group(1) or match.group(2)


def clean_env(port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}
        and not key.startswith("APCOMMISSION_")
    }
    env.update(PORT=str(port), PYTHONUNBUFFERED="1")
    return env


def wait_for_sign_in_page(proc: subprocess.Popen, url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"make run exited ({proc.returncode}):\n{log.read_text()[-4000:]}"
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer 200 within {timeout:.0f} s:\n{log.read_text()[-4000:]}")


def demo_totp(clone: Path, env: dict[str, str]) -> str:
    # Not in the last seconds of a 30-second period: the code must still be current when it is posted.
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.5)
    result = subprocess.run(
        [PYTHON, "manage.py", "demo_totp", EMAIL],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"demo_totp failed: {result.stderr}"
    code = result.stdout.strip()
    assert re.fullmatch(r"\d{6}", code), f"demo_totp printed {code!r}"
    return code


def sign_in_and_see_home(base: str, clone: Path, env: dict[str, str]) -> None:
    session = requests.Session()
    session.trust_env = False  # never through a proxy from the environment
    token = csrf_token(session.get(f"{base}/accounts/login/", timeout=10))
    response = session.post(
        f"{base}/accounts/login/",
        data={"login": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, f"sign-in answered {response.status_code}:\n{response.text[:2000]}"
    assert response.headers["Location"].endswith("/accounts/2fa/authenticate/")
    token = csrf_token(session.get(f"{base}/accounts/2fa/authenticate/", timeout=10))
    response = session.post(
        f"{base}/accounts/2fa/authenticate/",
        data={"code": demo_totp(clone, env), "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/2fa/authenticate/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, f"the TOTP step answered {response.status_code}"
    assert response.headers["Location"] in ("/", f"{base}/")
    home = session.get(f"{base}/", allow_redirects=False, timeout=30)
    assert home.status_code == 200
    assert "Demoshire Council" in home.text


def stop_leftovers(proc: subprocess.Popen, clone: Path) -> None:
    """Whatever this test started and is still running: the make group, then anything in the clone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(10)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in processes_in(clone):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 5
        while processes_in(clone) and time.monotonic() < deadline:
            time.sleep(0.2)


@pytest.mark.slow
def test_make_run_from_a_clean_clone():
    for tool in ("git", "make"):
        assert shutil.which(tool), f"{tool} is needed to test `make run`"
    # A short path: PostgreSQL's socket lives in the data folder and socket paths are limited to ~100.
    workdir = Path(tempfile.mkdtemp(prefix="mkrun-"))
    clone, log = workdir / "clone", workdir / "make-run.log"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    port = free_port()
    env = clean_env(port)
    base = f"http://127.0.0.1:{port}"
    # -o: the clone's pyproject.toml is newer than the virtualenv's stamp, and must not reinstall it.
    command = ["make", "-o", f"{sys.prefix}/.installed", "run", f"VENV={sys.prefix}"]
    started = time.monotonic()
    with log.open("w") as output:
        proc = subprocess.Popen(
            command,
            cwd=clone,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_sign_in_page(proc, f"{base}/accounts/login/", log, timeout=120)
        print(f"make run answered after {time.monotonic() - started:.1f} s")
        sign_in_and_see_home(base, clone, env)
        printed = log.read_text()
        assert EMAIL in printed, "make run did not print the demo sign-ins"
        assert PASSWORD in printed, "make run did not print the demo password"

        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in the terminal
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"make run was still running 30 s after Ctrl-C:\n{log.read_text()[-4000:]}")
        deadline = time.monotonic() + 10  # processes that have just exited can linger briefly
        while processes_in(clone) and time.monotonic() < deadline:
            time.sleep(0.2)
        leftovers = processes_in(clone)
        assert not leftovers, f"still running after Ctrl-C: {leftovers}\n{log.read_text()[-4000:]}"
        assert "Embedded PostgreSQL stopped." in log.read_text()
    finally:
        stop_leftovers(proc, clone)
        shutil.rmtree(workdir, ignore_errors=True)
