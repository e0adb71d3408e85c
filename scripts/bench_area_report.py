"""The LA's area report at the size of a real LA: 10,000 placements across 40 schools and 25 providers in
one LA. Times gathering its sections and writing its HTML, WeasyPrint's layout of that HTML into the PDF,
and the two together, against the issue's aim: built in the background within a minute.

    .venv/bin/python scripts/bench_area_report.py        (BENCH_PLACEMENTS=10000, BENCH_REPEAT=3)

On a database of its own, emptied at every run (as `scripts/bench_alerts.py`): BENCH_AREA_DATABASE_URL,
else apcommission_bench_area on the local PostgreSQL, else an embedded one.

The demo is seeded with 18 generated providers (25 on Demoshire's register with the demo's own) and
`BENCH_PLACEMENTS` generated placements spread over 40 of Demoshire's schools (`apcommission.demo.scale`,
its school count set to 40 for the run: every tenth placement planned, every tenth ended, every fourth
part time with a plan). Then, set-based (INSERT ... SELECT, no row made in Python), what the sections read
and the demo does not make: for each generated placement, a first review held if it started more than
four weeks ago (a third of them late) and the next one due (4 in 100 overdue); two visits in person by
each school to each provider it places with and one welfare check; and an outcome for four in five of
the ended placements.

Measured as Demoshire's officer sees it, for this academic year to today, in one process: `gather` (the
sections' queries), `build` (those and the HTML), and `render_pdf` (WeasyPrint's layout and the PDF),
each BENCH_REPEAT times, best and median, with the queries and the pages.
"""

import contextlib
import os
import signal
import sys
import time

from bench_services import (
    BenchError,
    demo_env,
    django_json,
    fresh_database_url,
    manage,
    production_env,
    redis_url,
)

PLACEMENTS = int(os.environ.get("BENCH_PLACEMENTS") or 10_000)
REPEAT = int(os.environ.get("BENCH_REPEAT") or 3)
SCHOOLS = 40
GENERATED_PROVIDERS = 18  # with the demo's own seven: 25 on Demoshire's register
DATABASE = "apcommission_bench_area"

SEED = """
from apcommission.demo import scale
from apcommission.demo.seed import seed_demo
scale.SCHOOLS = payload["schools"]
seed_demo(generated_providers=payload["providers"], generated_placements=payload["placements"])
print(json.dumps(True))
"""

# Each statement is run once on a fresh database. %(today)s is the local date.
LOAD = r"""
import sys, time
from django.db import connection
from django.utils import timezone

STATEMENTS = [
    ("placements without reviews (the generated ones)", '''
        CREATE TEMPORARY TABLE bare AS
        SELECT p.id, p.status, p.starts_on FROM placements_placement AS p
        WHERE NOT EXISTS (SELECT 1 FROM reviews_review AS r WHERE r.placement_id = p.id)
    '''),
    ("held first reviews", '''
        INSERT INTO reviews_review (placement_id, kind, number, planned_on, due_on, moved, state, held_on,
                                    held_by_id, attended, attended_others, provider_report, decision,
                                    not_on_track, cancelled_reason, created_at, updated_at)
        SELECT p.id, 'scheduled', 1, p.starts_on + 28, p.starts_on + 28, false, 'held',
               p.starts_on + 28 + CASE WHEN p.id %% 3 = 0 THEN 5 ELSE 0 END,
               NULL, ARRAY['school', 'provider', 'parent'], '', 'Settling in.', 'continue',
               false, '', now(), now()
        FROM bare AS p
        WHERE p.status IN ('active', 'ended') AND p.starts_on + 33 < %(today)s
    '''),
    ("next reviews due", '''
        INSERT INTO reviews_review (placement_id, kind, number, planned_on, due_on, moved, state,
                                    attended, attended_others, provider_report, decision, not_on_track,
                                    cancelled_reason, created_at, updated_at)
        SELECT p.id, 'scheduled', n.number, due.on, due.on, false, 'due', '{}', '', '', '', false, '',
               now(), now()
        FROM bare AS p
        CROSS JOIN LATERAL (SELECT CASE WHEN p.starts_on + 33 < %(today)s THEN 2 ELSE 1 END AS number) AS n
        CROSS JOIN LATERAL (SELECT CASE WHEN p.id %% 100 < 4 THEN %(today)s - 3
                                        ELSE %(today)s + 10 END AS on) AS due
        WHERE p.status IN ('active', 'planned')
    '''),
    ("visits and welfare checks", '''
        INSERT INTO contacts_contact (school_id, local_authority_id, provider_id, kind, "on", by_id,
                                      with_whom, summary, error_reason, created_at, updated_at)
        SELECT pair.school_id, pair.local_authority_id, pair.provider_id, k.kind, %(today)s - k.days,
               (SELECT min(id) FROM accounts_user), 'The manager', 'Saw the pupils at work.', '', now(), now()
        FROM (SELECT DISTINCT school_id, local_authority_id, provider_id FROM placements_placement) AS pair
        CROSS JOIN (VALUES ('visit', 10), ('visit', 50), ('welfare_check', 20)) AS k (kind, days)
    '''),
    ("outcomes", '''
        INSERT INTO outcomes_outcome (placement_id, objectives_met, destination, destination_detail,
                                      left_on, recorded_by_id, recorded_at, updated_at)
        SELECT p.id, (ARRAY['met', 'partly_met', 'not_met'])[1 + p.id %% 3],
               (ARRAY['reintegrated', 'further_education', 'special_school', 'neet'])[1 + p.id %% 4], '',
               p.ended_on, (SELECT min(id) FROM accounts_user), now(), now()
        FROM placements_placement AS p
        WHERE p.status = 'ended' AND p.id %% 5 <> 0
          AND NOT EXISTS (SELECT 1 FROM outcomes_outcome AS o WHERE o.placement_id = p.id)
    '''),
]
today = timezone.localdate()
with connection.cursor() as cursor:
    for name, statement in STATEMENTS:
        started = time.monotonic()
        cursor.execute(statement, {"today": today})
        print(f"  {name}: {cursor.rowcount:,} rows in {time.monotonic() - started:.1f} s", file=sys.stderr)
    cursor.execute("ANALYZE")
    sizes = {}
    for table in ("placements_placement", "reviews_review", "contacts_contact", "outcomes_outcome"):
        cursor.execute(f"SELECT count(*) FROM {table}")
        sizes[table] = cursor.fetchone()[0]
print(json.dumps({"sizes": sizes}))
"""

MEASURE = """
import statistics, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import acting_as, unscoped
from reports.area import document
from reports.area.scope import AreaScope
from reports.pack.scope import Period
from reports.pdf import render_pdf

with unscoped("the benchmark: find Demoshire's officer"):
    officer = (
        Membership.objects.filter(role=Role.LA_OFFICER, organisation__la_code="999", removed_at__isnull=True)
        .select_related("organisation", "user")
        .order_by("pk")
        .first()
    )
    schools = Organisation.objects.filter(kind="school", local_authority=officer.organisation).count()
today = timezone.localdate()
period = Period.this_academic_year(today)
scope = AreaScope(membership=officer, local_authority=officer.organisation, period=period, today=today)
times = {"gather": [], "build": [], "layout": [], "total": []}
for _ in range(payload["repeat"]):
    with acting_as(officer):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            gathered = document.gather(scope)
        times["gather"].append(time.perf_counter() - started)
        started = time.perf_counter()
        built = document.build(scope, generated_by="Bench Officer", generated_at=timezone.now())
        built_in = time.perf_counter() - started
    started = time.perf_counter()
    pdf = render_pdf(built.html)
    laid_out = time.perf_counter() - started
    times["build"].append(built_in)
    times["layout"].append(laid_out)
    times["total"].append(built_in + laid_out)
total = gathered["placements"].total
print(json.dumps({
    "times": {key: [min(values), statistics.median(values)] for key, values in times.items()},
    "queries": len(captured),
    "pages": pdf.pages,
    "bytes": len(pdf.content),
    "placements": total.placements,
    "schools": gathered["placements"].schools,
    "providers": gathered["placements"].providers,
    "schools_in_area": schools,
}))
"""


def run(stack: contextlib.ExitStack) -> None:
    database, description = fresh_database_url(stack, "BENCH_AREA_DATABASE_URL", DATABASE)
    env = demo_env(production_env(database, redis_url(), 0))
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    print(f"Database: {description}. Migrated in {time.monotonic() - started:.0f} s.", flush=True)
    print(f"Seeding the demo with {PLACEMENTS:,} placements over {SCHOOLS} schools ...", flush=True)
    started = time.monotonic()
    django_json(
        env,
        SEED,
        {"schools": SCHOOLS, "providers": GENERATED_PROVIDERS, "placements": PLACEMENTS},
        show_progress=True,
    )
    print(f"Seeded in {time.monotonic() - started:.0f} s. Adding reviews, visits and outcomes:", flush=True)
    loaded = django_json(env, LOAD, None, show_progress=True)
    print("Rows: " + ", ".join(f"{table} {count:,}" for table, count in loaded["sizes"].items()), flush=True)
    print(f"\nMeasuring, {REPEAT} times each:", flush=True)
    result = django_json(env, MEASURE, {"repeat": REPEAT}, show_progress=True)
    print(
        f"The report covers {result['placements']:,} placements of the period at {result['schools']} schools "
        f"and {result['providers']} providers: {result['pages']} pages, {result['bytes'] / 1024:.0f} KB, "
        f"{result['queries']} queries to gather."
    )
    labels = {
        "gather": "gather the sections",
        "build": "gather and write the HTML",
        "layout": "WeasyPrint: lay out and write the PDF",
        "total": "in all",
    }
    for key, label in labels.items():
        best, median = result["times"][key]
        print(f"  {label:<40} best {best:6.2f} s   median {median:6.2f} s")


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with contextlib.ExitStack() as stack:
            run(stack)
    except BenchError as error:
        sys.exit(f"\nError: {error}")
    except KeyboardInterrupt:
        sys.exit("\nInterrupted.")


if __name__ == "__main__":
    main()
