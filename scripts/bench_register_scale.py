"""The register and the attendance pages with about 3,000,000 attendance marks in the database: each page's
requests a second as a ratio to /ping, at the demo's size and then at 3 million marks, in one run.

    .venv/bin/python scripts/bench_register_scale.py          (BENCH_SECONDS=5, BENCH_MARKS=3000000)

As `make bench` (scripts/bench.py: gunicorn, production settings, wrk, demo accounts signed in through
password and TOTP, each page checked before and after), on a database of its own that is emptied at
every run: BENCH_SCALE_DATABASE_URL, else apcommission_bench_scale on the local PostgreSQL, else an
embedded one. The demo is seeded at an LA's size (`seed_demo --placements 10000`, as `make bench`), whose
generated placements have no marks: the pages are measured, then marks are added set-based (one
INSERT ... SELECT over generate_series a few weeks at a time, no row made in Python) for every generated
placement that has started, each timetabled session of each school day up to its end or today, back
from today until the table holds BENCH_MARKS, and the pages are measured again. A placement started at
most 170 days ago, so to reach a year's marks most of them are marked from before it started: what is
measured is the cost of the rows in the table and its indexes, not the rules the services keep.

Between the two, EXPLAIN ANALYZE of each read of marks the pages make for one pupil's term, one
provider's week, one school's day and a school's attendance since September shows which index answers
it; the run stops if any reads the whole table. The school is the one with most marks: the Academy's
generated placements are all planned (every 150th of them, so every 10th), which leaves its pages
nearly without marks.
"""

import contextlib
import os
import signal
import sys

from bench import (
    SECONDS,
    Item,
    Setup,
    Target,
    count_queries,
    measure,
    resolve,
    sign_in_all,
    start_services,
)
from bench_services import BenchError, demo_env, django_json, fresh_database_url

MARKS = int(os.environ.get("BENCH_MARKS") or 3_000_000)
WEEKS_A_STATEMENT = 4
REGISTER = "Pupils in alternative provision"

TARGETS = [
    Target("ping", "/ping", expect="pong"),
    # The register reads no marks: it should cost the same with 3 million of them.
    Target("register", "/register/", "ap_lead", expect=REGISTER),
    Target("LA placement list", "/register/", "la_officer", expect=REGISTER),
    # Today's and the last school day's absences, the providers that have not marked, and attendance
    # since 1 September: the Academy's, and every school's in the area as the LA sees it.
    Target(
        "school attendance", "/attendance/school/", "ap_lead", expect="Attendance at alternative provision"
    ),
    Target("school attendance, LA", "/attendance/school/", "la_officer", expect="Attendance at alternative"),
    Target("area attendance", "/attendance/area/", "la_officer", expect="Attendance across the area"),
    Target("provider's week", "/attendance/", "provider_manager", expect="Attendance: week beginning"),
]

COUNT_MARKS = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM attendance_mark")
    print(json.dumps(cursor.fetchone()[0]))
"""

# Marks for the generated placements (active or ended, without a mark so far), a few weeks a statement
# back from today, until the table holds payload["marks"]. The same mix as the demo's marks (mostly
# present; late, illness and other absences), picked by a hash of the session so that it is repeatable.
LOAD_MARKS = """
import datetime, sys, time
from django.db import connection
from django.utils import timezone

INSERT = '''
    INSERT INTO attendance_mark (placement_id, school_id, local_authority_id, provider_id, pupil_id, "on",
                                 session, mark, comment, source, recorded_by_id, recorded_at)
    SELECT p.id, p.school_id, p.local_authority_id, p.provider_id, p.pupil_id, day, half,
           CASE WHEN roll < 6 THEN 'late' WHEN roll < 9 THEN 'illness' WHEN roll < 10 THEN 'medical'
                WHEN roll < 11 THEN 'other_authorised' WHEN roll < 13 THEN 'unauthorised'
                ELSE 'present' END,
           '', 'file', NULL, now()
    FROM placements_placement AS p
    CROSS JOIN (SELECT d::date AS day FROM generate_series(%(first)s::date, %(last)s::date, '1 day') AS d)
         AS days
    CROSS JOIN (VALUES ('am'), ('pm')) AS halves (half)
    CROSS JOIN LATERAL (SELECT (hashtext(p.id || '-' || day || half) & 2147483647) %% 100 AS roll) AS dice
    WHERE p.id = ANY(%(placements)s)
      AND extract(isodow FROM day) < 6
      AND day <= CASE WHEN p.status = 'ended' THEN p.ended_on ELSE p.planned_end_on END
      AND (day < %(today)s OR half = 'am')
      AND ((ARRAY['mon', 'tue', 'wed', 'thu', 'fri'])[extract(isodow FROM day)::int] || '_' || half)
          = ANY(p.sessions)
'''
today = timezone.localdate()
started = time.monotonic()
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT id FROM placements_placement AS p WHERE status IN ('active', 'ended') "
        "AND NOT EXISTS (SELECT 1 FROM attendance_mark AS m WHERE m.placement_id = p.id)"
    )
    placements = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT count(*) FROM attendance_mark")
    total = cursor.fetchone()[0]
    last, weeks = today, 0
    while total < payload["marks"] and placements and weeks < 520:
        first = last - datetime.timedelta(weeks=payload["weeks"]) + datetime.timedelta(days=1)
        cursor.execute(INSERT, {"first": first, "last": last, "today": today, "placements": placements})
        total += cursor.rowcount
        weeks += payload["weeks"]
        print(f"  {total:>10,} marks, back to {first:%-d %B %Y}", file=sys.stderr, flush=True)
        last = first - datetime.timedelta(days=1)
loaded = time.monotonic() - started
with connection.cursor() as cursor:  # Django's connection is in autocommit: VACUUM runs outside a transaction
    cursor.execute("VACUUM ANALYZE attendance_mark")
    cursor.execute("VACUUM ANALYZE attendance_tally")
print(json.dumps({"marks": total, "placements": len(placements), "weeks": weeks, "seconds": loaded,
                  "vacuum_seconds": time.monotonic() - started - loaded}))
"""

# EXPLAIN ANALYZE of every query on attendance_mark (or the tallies kept of it) that each read makes, as
# the demo's accounts.
EXPLAIN = """
import datetime, re
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.db.models import Count
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.scoping import acting_as, unscoped
from attendance import selectors
from attendance.days import academic_year_start, previous_school_day
from attendance.models import Mark
from placements.models import Placement

today = timezone.localdate()
last_day = previous_school_day(today)
monday = today - datetime.timedelta(days=today.weekday())
since = academic_year_start(today)
with unscoped("make bench: the demo accounts whose reads are explained"):
    provider = Membership.objects.get(user__email=payload["provider"])
    la = Membership.objects.get(user__email=payload["la"], organisation__kind="local_authority")
    # The school with the most marks on the last school day (a generated one: the demo's schools have
    # few), read as the Academy's AP lead would read their own school's: the same role, not saved.
    academy = Membership.objects.get(user__email=payload["school"], organisation__name="Demoshire Academy")
    busiest = (
        Mark.objects.filter(on=last_day).values("school_id").annotate(n=Count("pk")).order_by("-n").first()
    )
    school = Membership(
        user=academy.user, organisation=Organisation.objects.get(pk=busiest["school_id"]), role=academy.role
    )
    marked = Mark.objects.filter(school_id=school.organisation_id, on=last_day).order_by("pupil_id")
    pupil_id = marked.values_list("pupil_id", flat=True).first()
    placement = Placement.objects.filter(pupil_id=pupil_id).first()

READS = [
    # (what, as whom, must be an index lookup, the read)
    ("one pupil's term", school, True,
     lambda m: list(Mark.objects.visible_to(m).filter(pupil_id=pupil_id, on__gte=since, on__lte=today))),
    ("one placement's attendance (its page)", school, True,
     lambda m: selectors.placement_attendance(placement, membership=m, today=today)),
    ("one provider's week (the grid)", provider, True,
     lambda m: selectors.provider_week(monday, 1, membership=m, today=today)),
    ("one provider's week, every mark", provider, True,
     lambda m: list(Mark.objects.visible_to(m).filter(on__gte=monday, on__lte=today))),
    ("one school's day", school, True, lambda m: list(Mark.objects.visible_to(m).filter(on=last_day))),
    ("one school's same-day absences", school, True,
     lambda m: selectors.same_day_absences([today, last_day], membership=m)),
    ("one school's providers not marked", school, True,
     lambda m: selectors.providers_not_marked(last_day, membership=m)),
    ("one school's attendance since 1 September", school, True,
     lambda m: selectors.summary(since, membership=m, today=today)),
    ("the area's day (LA)", la, True, lambda m: list(Mark.objects.visible_to(m).filter(on=last_day))),
    ("the area's attendance since 1 September (LA)", la, True,
     lambda m: selectors.summary(since, membership=m, today=today)),
]
SCAN = re.compile(r"Scan (?:using|on) (?:attendance_mark|mark_|one_mark|attendance_tally|tally_|one_tally)")
found = []
for what, membership, must, read in READS:
    with acting_as(membership), CaptureQueriesContext(connection) as captured:
        read(membership)
    for query in captured.captured_queries:
        if "attendance_mark" not in query["sql"] and "attendance_tally" not in query["sql"]:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
        scans = [line.strip(" ->") for line in plan if SCAN.search(line)]
        time = next((line for line in plan if line.startswith("Execution Time")), "")
        found.append({
            "what": what, "must": must, "scans": scans, "time": time,
            "whole_table": any("Seq Scan on attendance_mark" in line for line in plan),
        })
print(json.dumps(found))
"""


def marks_in(setup: Setup) -> int:
    return django_json(demo_env(setup.env), COUNT_MARKS, None)


def load_marks(setup: Setup) -> dict:
    print(f"Adding marks until the table holds {MARKS:,} ...", flush=True)
    return django_json(demo_env(setup.env), LOAD_MARKS, {"marks": MARKS, "weeks": WEEKS_A_STATEMENT})


def explain(setup: Setup, items: list[Item]) -> None:
    accounts = {}
    for item in items:
        for target in TARGETS:
            if target.name == item.name and target.account in ("ap_lead", "provider_manager", "la_officer"):
                accounts.setdefault(target.account, item.email)
    payload = {
        "school": accounts["ap_lead"],
        "provider": accounts["provider_manager"],
        "la": accounts["la_officer"],
    }
    print("\nEXPLAIN ANALYZE of the reads of marks (the scans on attendance_mark and attendance_tally):")
    whole_table = []
    for read in django_json(demo_env(setup.env), EXPLAIN, payload):
        print(f"- {read['what']}: {read['time'] or '?'}")
        for scan in read["scans"]:
            print(f"    {scan}")
        if read["whole_table"] and read["must"]:
            whole_table.append(read["what"])
    if whole_table:
        raise BenchError(f"read the whole marks table: {', '.join(whole_table)}")


def report(setup: Setup, items: list[Item], before: dict, marks_before: int, marks_after: int, tool: str):
    print(
        f"\nGunicorn, production settings, {setup.description}; {tool}; {SECONDS:g} s a target; "
        f"{os.cpu_count()} CPUs. Ratios are to /ping in the same measurement.\n"
    )
    first, second = f"{marks_before:,} marks", f"{marks_after:,} marks"
    rows = [("target", "account", f"{first}: req/s", "ratio", f"{second}: req/s", "ratio", "p50 ms", "SQL")]
    base_before, base_after = before[items[0].name].rps, items[0].result.rps
    for item in items:
        then = before[item.name]
        rows.append(
            (
                item.name,
                item.email or "-",
                f"{then.rps:,.0f}",
                f"{then.rps / base_before:.3f}\N{MULTIPLICATION SIGN}",
                f"{item.result.rps:,.0f}",
                f"{item.result.rps / base_after:.3f}\N{MULTIPLICATION SIGN}",
                f"{then.p50_ms:.1f} \N{RIGHTWARDS ARROW} {item.result.p50_ms:.1f}",
                "?" if item.queries is None else str(item.queries),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        print(
            "  ".join(
                c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if number == 0:
            print("  ".join("-" * w for w in widths))
    for item in items:  # wrk gives up on a request after 2 s: a page slower than that counts none
        for phase, result in (("before", before[item.name]), ("after", item.result)):
            if result.socket_errors:
                print(f"Note, {item.name} {phase}: {result.socket_errors}")


def run(stack: contextlib.ExitStack) -> None:
    database = fresh_database_url(stack, "BENCH_SCALE_DATABASE_URL", "apcommission_bench_scale")
    setup = start_services(stack, database)
    items = resolve(TARGETS, setup.accounts, setup.providers)
    sign_in_all(setup, items)
    marks_before = marks_in(setup)
    print(f"\nAt the demo's size: {marks_before:,} marks.", flush=True)
    tool = measure(setup, items)
    before = {item.name: item.result for item in items}
    loaded = load_marks(setup)
    print(
        f"Added marks for {loaded['placements']:,} placements over {loaded['weeks']} weeks in "
        f"{loaded['seconds']:.0f} s (VACUUM ANALYZE {loaded['vacuum_seconds']:.0f} s): "
        f"{loaded['marks']:,} marks.",
        flush=True,
    )
    explain(setup, items)
    print(f"\nWith {loaded['marks']:,} marks.", flush=True)
    measure(setup, items)
    count_queries(setup, items)
    report(setup, items, before, marks_before, loaded["marks"], tool)


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
