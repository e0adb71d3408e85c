"""`make bench`'s HTTP side: a minimal cookie-keeping client, the real sign-in flow, and load generators.

Requests go to gunicorn over plain HTTP with `X-Forwarded-Proto: https`, which the production settings
trust: Django then treats them as secure, sets its `__Host-` Secure cookies and checks CSRF origins
against https://127.0.0.1:<port>.
"""

import html
import http.client
import os
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote_plus

from bench_services import BenchError

PROTO_HEADER = ("X-Forwarded-Proto", "https")
CSRF_INPUT = re.compile(r"<input[^>]*\bname=\"csrfmiddlewaretoken\"[^>]*>")
ACTING = re.compile(r'data-testid="acting-organisation">([^<]*)<')
ERRORS = re.compile(r'class="govuk-error-summary__list".*?</ul>|class="govuk-error-message">.*?</p>', re.S)


@dataclass
class Response:
    status: int
    location: str
    body: str


class Client:
    """One browser: keeps the cookies Django sets (Secure ones too: Django believes this is HTTPS)."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def get(self, path: str) -> Response:
        return self._request("GET", path, {})

    def post(self, path: str, form: dict[str, str]) -> Response:
        body = "&".join(f"{key}={quote_plus(value)}" for key, value in form.items())
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            "Referer": self.origin + path,
        }
        return self._request("POST", path, headers, body)

    def _request(self, method: str, path: str, headers: dict[str, str], body: str | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {PROTO_HEADER[0]: PROTO_HEADER[1], **headers}
            if self.cookies:
                headers["Cookie"] = self.cookie_header()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                self._store(header)
            return Response(response.status, response.getheader("Location") or "", text)
        finally:
            connection.close()

    def _store(self, header: str) -> None:
        jar = SimpleCookie()
        try:
            jar.load(header)
        except CookieError as error:
            raise BenchError(f"could not read a Set-Cookie header: {header!r}") from error
        for name, morsel in jar.items():
            if morsel.value == "" or morsel["max-age"] == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


def csrf_token(page: Response, where: str) -> str:
    tag = CSRF_INPUT.search(page.body)
    value = re.search(r'\bvalue="([^"]+)"', tag.group(0)) if tag else None
    if page.status != 200 or value is None:
        raise BenchError(f"{where}: expected a form with a CSRF token, got HTTP {page.status}")
    return value.group(1)


def form_errors(page: Response) -> str:
    found = " ".join(re.sub(r"<[^>]+>", " ", match) for match in ERRORS.findall(page.body))
    return " ".join(html.unescape(found).split()) or f"HTTP {page.status}, no error message on the page"


def sign_in(port: int, email: str, password: str, totp_code) -> str:
    """The real flow: password, then a TOTP code. Returns the Cookie header of the signed-in session.

    `totp_code(email)` gives the code for the current period; a code already used in this period
    (a bench run moments ago) is refused, so the next period's code is tried once.
    """
    client = Client(port)
    login = "/accounts/login/"
    token = csrf_token(client.get(login), f"GET {login}")
    page = client.post(login, {"login": email, "password": password, "csrfmiddlewaretoken": token})
    if page.status == 429:
        raise BenchError("allauth's sign-in rate limit (30 a minute per IP) was hit: wait a minute")
    mfa = "/accounts/2fa/authenticate/"
    if page.status != 302 or not page.location.endswith(mfa):
        raise BenchError(f"signing in {email} with the demo password failed: {form_errors(page)}")
    token = csrf_token(client.get(mfa), f"GET {mfa}")
    for attempt in range(2):
        page = client.post(mfa, {"code": totp_code(email), "csrfmiddlewaretoken": token})
        if page.status == 302 and page.location in ("/", client.origin + "/"):
            client.get("/")  # as a browser would: shows (and so clears) the "signed in" message
            return client.cookie_header()
        if page.status != 200 or attempt:
            raise BenchError(f"the TOTP step for {email} failed: {form_errors(page)}")
        token = csrf_token(page, f"POST {mfa}")
        time.sleep(30 - time.time() % 30 + 0.5)  # wait for a fresh period
    raise AssertionError("unreachable")


def check_page(port: int, path: str, cookie: str, email: str | None, organisations, expect: str | None):
    """Fail loudly unless `path` answers 200 with the expected page for that account (no sign-in page)."""
    client = Client(port)
    if cookie:
        client.cookies.update(pair.split("=", 1) for pair in cookie.split("; "))
    page = client.get(path)
    where = f"GET {path}" + (f" as {email}" if email else "")
    if page.status != 200:
        to = f" to {page.location}" if page.location else ""
        raise BenchError(f"{where} answered HTTP {page.status}{to}, not 200")
    if email and "app-account__sign-out" not in page.body:  # the header's sign-out form: signed in
        raise BenchError(f"{where} did not show the page signed in as {email}")
    acting = ACTING.search(page.body)
    if organisations and (acting is None or html.unescape(acting.group(1)) not in organisations):
        raise BenchError(f"{where} was not acting for {' or '.join(organisations)}")
    if expect and expect not in page.body:
        raise BenchError(f"{where} answered 200 but the page does not contain {expect!r}")


# Load generators -------------------------------------------------------------------------------------


@dataclass
class Result:
    rps: float
    p50_ms: float
    requests: int
    bad_responses: int  # anything but 2xx (wrk also lets 3xx through: pages are checked around each run)
    socket_errors: str = ""


def find_wrk() -> str | None:
    """Debian's wrk, installed with apt-get when missing and we are root."""
    if not shutil.which("wrk") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: installing Debian's wrk", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "wrk"]
        if subprocess.run(install, env=env, capture_output=True, check=False).returncode:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)
            subprocess.run(install, env=env, capture_output=True, check=False)
    return shutil.which("wrk")


def run_wrk(wrk: str, url: str, cookie: str, seconds: float, threads: int, connections: int) -> Result:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    command += ["-H", f"{PROTO_HEADER[0]}: {PROTO_HEADER[1]}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    proc = subprocess.run([*command, url], capture_output=True, text=True, check=False)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", proc.stdout)
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", proc.stdout, re.M)
    total = re.search(r"(\d+) requests in", proc.stdout)
    if proc.returncode or not (rps and p50 and total):
        raise BenchError(f"wrk failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", proc.stdout)
    sockets = re.search(r"Socket errors:.*", proc.stdout)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)]
    return Result(
        float(rps.group(1)),
        float(p50.group(1)) * scale,
        int(total.group(1)),
        int(bad.group(1)) if bad else 0,
        sockets.group(0).strip() if sockets else "",
    )


def run_python(port: int, path: str, cookie: str, seconds: float, connections: int) -> Result:
    """The fallback when wrk cannot be had: one thread per connection. Slower than wrk (the GIL)."""
    headers = {PROTO_HEADER[0]: PROTO_HEADER[1], **({"Cookie": cookie} if cookie else {})}
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()  # http.client reconnects on the next request
                status = 0
            mine.append(time.perf_counter() - started)
            if status != 200:
                bad.append(status)
        connection.close()
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    errors = f"{failures.count(0)} connection errors" if 0 in failures else ""
    p50 = statistics.median(latencies) * 1000 if latencies else 0.0
    return Result(len(latencies) / elapsed, p50, len(latencies), len(failures), errors)
