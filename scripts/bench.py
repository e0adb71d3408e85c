"""`make bench`: requests per second and median latency of our pages, side by side with the trivial view.

Production settings (manifest static files, Secure `__Host-` cookies, persistent connections) under
gunicorn with 2 sync workers, loaded by `wrk -t2 -c16` (a Python load generator if wrk cannot be had).
Each demo account signs in through the real password + TOTP flow; its session cookie is then sent with
every request, and each page is checked to answer 200 as that account before and after it is measured.

Database: DATABASE_URL, else PostgreSQL on 127.0.0.1:5432 (database apcommission_bench), else an
embedded PostgreSQL in .data/bench-postgres. Cache: REDIS_URL, else Redis on 127.0.0.1:6379 (database
8), else the database cache. BENCH_SECONDS sets how long each target is measured (default 5).
"""

import contextlib
import os
import signal
import sys
from dataclasses import dataclass

from bench_http import Result, check_page, find_wrk, run_python, run_wrk, sign_in
from bench_services import (
    BenchError,
    database_url,
    demo_env,
    free_port,
    manage,
    production_env,
    provider_ids,
    query_counts,
    redis_url,
    start_gunicorn,
    totp_codes,
)

EVERY_ROLE = "every role"
BUSY_PROVIDER = "Forge Vocational Training"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    # None: anonymous; a role ("la_officer": the first demo account with it); an email; or EVERY_ROLE,
    # which measures the page once for each role that `manage.py demo_accounts` lists.
    account: str | None = None
    expect: str | None = None  # text the page must contain (signed-in pages must also show the account)
    provider: str | None = None  # a demo provider's name: its id fills `{provider}` in the path


# What `make bench` measures, in this order. The first is the trivial view every ratio is against.
TARGETS = [
    Target("ping", "/ping", expect="pong"),
    Target("home", "/", EVERY_ROLE),
    # At the size of a real LA: 80 generated providers with evidence, list entries and QA visits.
    Target("provider directory", "/providers/", "ap_lead"),
    Target("approved list", "/approved-list/", "la_officer"),
    # A provider with evidence, entries on two LAs' lists and visits, as the LA that checks it sees it.
    Target("provider page", "/providers/{provider}/", "la_officer", provider=BUSY_PROVIDER),
    Target("evidence list", "/providers/{provider}/evidence/", "la_officer", provider=BUSY_PROVIDER),
    # At the size of a large secondary school: 300 generated pupils at Demoshire Academy (the first of
    # them, in surname order, shows the AP lead is acting for the Academy, not Riverside).
    Target("pupil list", "/pupils/", "ap_lead", expect="Adams-000"),
    # ... and its 60 referrals (the demo's at Demoshire Academy and those generated), as its AP lead and
    # as the provider asked.
    Target("referral list", "/referrals/?status=", "ap_lead"),
    Target("referrals to answer", "/referrals/?show=all", "provider_manager"),
    # At the size of a real LA: 10,000 placements across 150 schools and every provider on its register,
    # as the Academy's AP lead (its share, more than a page) and as the LA's officer (every one of them).
    Target("register", "/register/", "ap_lead", expect="Pupils in alternative provision"),
    Target("LA placement list", "/register/", "la_officer", expect="Pupils in alternative provision"),
]
PROVIDERS = 80
PUPILS = 300
REFERRALS = 55
PLACEMENTS = 10_000

SECONDS = float(os.environ.get("BENCH_SECONDS") or 5)
WARM_UP_SECONDS = 1
WORKERS, THREADS, CONNECTIONS = 2, 2, 16  # gunicorn sync workers; wrk threads and connections
DEMO_PASSWORD = "demo-password-2026"


@dataclass
class Setup:
    port: int
    env: dict[str, str]  # production settings
    description: str
    accounts: dict[str, list[tuple[str, str]]]  # email -> [(role, organisation)], demo_accounts' order
    providers: dict[str, int]  # the id of each provider a target names


@dataclass
class Item:
    """A target resolved to one account and its signed-in session."""

    name: str
    path: str
    email: str | None
    organisations: tuple[str, ...]
    expect: str | None
    cookie: str = ""
    result: Result | None = None
    queries: int | None = None


def start_services(stack: contextlib.ExitStack, database: tuple[str, str] | None = None) -> Setup:
    """Migrate, seed the demo at an LA's size and start gunicorn, on `database` (its URL and how to
    describe it), else `database_url`'s."""
    port = free_port()
    database, database_description = database or database_url(stack)
    redis = redis_url()
    env = production_env(database, redis, port)
    print(f"Database: {database_description}. Cache: {redis or 'the database'}.", flush=True)
    print("Preparing: migrate, collectstatic, seed_demo ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    if not redis:
        manage(env, "createcachetable")
    # The demo commands refuse production settings, by design.
    manage(
        demo_env(env),
        "seed_demo",
        *("--providers", str(PROVIDERS), "--pupils", str(PUPILS), "--referrals", str(REFERRALS)),
        *("--placements", str(PLACEMENTS)),
    )
    accounts: dict[str, list[tuple[str, str]]] = {}
    for line in manage(demo_env(env), "demo_accounts").splitlines()[1:]:
        email, role, _kind, organisation = line.split("\t")
        accounts.setdefault(email, []).append((role, organisation))
    providers = provider_ids(demo_env(env), sorted({t.provider for t in TARGETS if t.provider}))
    start_gunicorn(stack, env, port, WORKERS)
    cache = "Redis" if redis else "database cache"
    return Setup(port, env, f"{database_description}, {cache}", accounts, providers)


def resolve(targets: list[Target], accounts: dict[str, list[tuple[str, str]]], providers) -> list[Item]:
    first_by_role: dict[str, str] = {}
    for email, memberships in accounts.items():
        for role, _organisation in memberships:
            first_by_role.setdefault(role, email)
    items = []
    for target in targets:
        if target.account == EVERY_ROLE:
            pairs = [(f"{target.name} ({role})", email) for role, email in first_by_role.items()]
        elif target.account is None or "@" in target.account:
            pairs = [(target.name, target.account)]
        elif target.account in first_by_role:
            pairs = [(target.name, first_by_role[target.account])]
        else:
            raise BenchError(f"target {target.name!r}: no demo account has the role {target.account!r}")
        for name, email in pairs:
            if email is not None and email not in accounts:
                raise BenchError(f"target {name!r}: {email} is not a demo account")
            organisations = tuple(org for _role, org in accounts.get(email, []) if org != "-")
            path = target.path.format(provider=providers.get(target.provider))
            items.append(Item(name, path, email, organisations, target.expect or target.provider))
    return items


def sign_in_all(setup: Setup, items: list[Item]) -> None:
    emails = list(dict.fromkeys(item.email for item in items if item.email))
    if not emails:
        return
    print(f"Signing in {len(emails)} demo accounts ...", flush=True)
    totp_code = totp_codes(demo_env(setup.env), emails)
    cookies = {email: sign_in(setup.port, email, DEMO_PASSWORD, totp_code) for email in emails}
    for item in items:
        item.cookie = cookies.get(item.email, "")


def measure(setup: Setup, items: list[Item]) -> str:
    wrk = find_wrk()
    tool = f"wrk -t{THREADS} -c{CONNECTIONS}" if wrk else f"Python, {CONNECTIONS} connections (no wrk)"
    for item in items:
        print(f"Measuring {item.name} ({item.path}) ...", flush=True)
        check = (setup.port, item.path, item.cookie, item.email, item.organisations, item.expect)
        check_page(*check)
        for seconds in (WARM_UP_SECONDS, SECONDS):
            if wrk:
                url = f"http://127.0.0.1:{setup.port}{item.path}"
                item.result = run_wrk(wrk, url, item.cookie, seconds, THREADS, CONNECTIONS)
            else:
                item.result = run_python(setup.port, item.path, item.cookie, seconds, CONNECTIONS)
            if item.result.bad_responses:
                raise BenchError(
                    f"{item.name}: {item.result.bad_responses} of {item.result.requests} responses "
                    "were not 2xx while measuring"
                )
        check_page(*check)  # still the same page: the session did not end during the run
    return tool


def count_queries(setup: Setup, items: list[Item]) -> None:
    pages = [(item.path, item.cookie) for item in items]
    for item, count in zip(items, query_counts(setup.env, setup.port, pages), strict=True):
        item.queries = count


def report(setup: Setup, items: list[Item], tool: str) -> None:
    baseline = items[0].result.rps
    print(
        f"\nGunicorn {WORKERS} sync workers, production settings, {setup.description}; {tool}; "
        f"{SECONDS:g} s per target after {WARM_UP_SECONDS} s warm-up; {os.cpu_count()} CPUs.\n"
    )
    rows = [("target", "path", "account", "requests/s", "p50 ms", f"vs {items[0].name}", "SQL")]
    for item in items:
        rows.append(
            (
                item.name,
                item.path,
                item.email or "-",
                f"{item.result.rps:,.0f}",
                f"{item.result.p50_ms:.2f}",
                f"{item.result.rps / baseline:.2f}\N{MULTIPLICATION SIGN}",
                "?" if item.queries is None else str(item.queries),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        cells = [
            c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))
        if number == 0:
            print("  ".join("-" * w for w in widths))
    for item in items:
        if item.result.socket_errors:
            print(f"Note, {item.name}: {item.result.socket_errors}")


def run(stack: contextlib.ExitStack) -> None:
    setup = start_services(stack)
    items = resolve(TARGETS, setup.accounts, setup.providers)
    sign_in_all(setup, items)
    tool = measure(setup, items)
    count_queries(setup, items)
    report(setup, items, tool)


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with contextlib.ExitStack() as stack:
            try:
                run(stack)
            finally:  # a second Ctrl-C must not cut stopping gunicorn or PostgreSQL short
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except BenchError as error:
        sys.exit(f"\nError: {error}")
    except KeyboardInterrupt:
        sys.exit("\nInterrupted: stopped gunicorn.")


if __name__ == "__main__":
    main()
