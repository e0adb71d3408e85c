"""The alerts sweep over 100,000 placements with their reviews, evidence, QA actions and concerns: how long
each kind's source takes, making every alert (and making them again, which makes none), and claiming and
sending every email due.

    .venv/bin/python scripts/bench_alerts.py                      (BENCH_PLACEMENTS=100000, BENCH_REPEAT=5)
    BENCH_ALERTS_REUSE=1 .venv/bin/python scripts/bench_alerts.py (measure again on the database as it is)

On a database of its own, emptied at every run (as `scripts/bench_register_scale.py`):
BENCH_ALERTS_DATABASE_URL, else apcommission_bench_alerts on the local PostgreSQL, else an embedded one.
With BENCH_ALERTS_REUSE=1 the database is kept: migrated, topped up with what is missing, and measured
again, which takes minutes rather than the seeding's much longer.

The demo is seeded at size (`seed_demo --providers 80 --placements 100000`: 150 schools, every provider
on Demoshire's register, part-time plans on every fourth placement, a check of every type of evidence and
a QA visit for each generated provider). What the sources read and the demo does not make is then added
set-based, each one INSERT ... SELECT, no row made in Python, and only where missing, so a second run adds
nothing:

- people to tell: an AP lead and a DSL for each school and a manager for each provider with none (the
  generated ones have nobody), a third of the AP leads taking review alerts in the daily summary;
- review schedules for the placements without one: a held first review for those started more than four
  weeks ago, the next one due (about 4 in 100 overdue, 8 in 100 within a week, the rest later) and the
  final review on the planned end;
- three earlier checks of each piece of evidence, a year apart, superseded by the latest;
- four earlier QA visits to each generated provider with three actions each, those long past closed;
- a safeguarding concern raised (not yet handled) at one active placement in 500, closed at nine more;
- a review of every fourth generated provider's approved-list entry brought within the month.

Then, inside `unscoped` as `run_reminders` runs: each source alone BENCH_REPEAT times (best and median),
`alerts.sweep.make` from no alerts and at once again (BENCH_MAKE_REPEAT times), then claiming and sending
every email due now and every daily summary at the next summary time, with the locmem email backend.
Whatever `alerts.sources.all_sources()` returns is measured: a source added later is measured too (it
may need its own rows added here). Last, EXPLAIN (ANALYZE, BUFFERS) of the slowest source's queries with
the indexes they used.
"""

import contextlib
import os
import signal
import statistics
import sys
import time

from bench_services import (
    LOCAL_POSTGRES,
    BenchError,
    demo_env,
    django_json,
    fresh_database_url,
    manage,
    production_env,
    redis_url,
)

PLACEMENTS = int(os.environ.get("BENCH_PLACEMENTS") or 100_000)
PROVIDERS = 80
REPEAT = int(os.environ.get("BENCH_REPEAT") or 5)
MAKE_REPEAT = int(os.environ.get("BENCH_MAKE_REPEAT") or 3)
REUSE = os.environ.get("BENCH_ALERTS_REUSE") == "1"
DATABASE = "apcommission_bench_alerts"

COUNT_PLACEMENTS = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM placements_placement")
    print(json.dumps(cursor.fetchone()[0]))
"""

# Each statement adds only what is missing. %(today)s is the local date; hashtext(...) picks, repeatably,
# which rows fall in which share.
LOAD = r"""
import sys, time
from django.db import connection
from django.utils import timezone

STATEMENTS = [
    ("people to tell", '''
        WITH wanted AS (
            SELECT o.id AS organisation_id, r.role,
                   'bench-' || replace(r.role, '_', '-') || '-' || o.id || '@example.org' AS email
            FROM tenancy_organisation AS o
            JOIN (VALUES ('ap_lead', 'school'), ('dsl', 'school'), ('provider_manager', 'provider'))
                 AS r (role, kind) ON r.kind = o.kind
            WHERE NOT EXISTS (SELECT 1 FROM tenancy_membership AS m
                              WHERE m.organisation_id = o.id AND m.role = r.role AND m.removed_at IS NULL)),
        made AS (
            INSERT INTO accounts_user (password, is_superuser, first_name, last_name, is_staff, is_active,
                                       date_joined, email, full_name, is_api_client)
            SELECT '!', false, '', '', false, true, now(), w.email, 'Bench ' || w.role, false FROM wanted AS w
            RETURNING id, email)
        INSERT INTO tenancy_membership (role, created_at, user_id, organisation_id)
        SELECT w.role, now(), made.id, w.organisation_id FROM made JOIN wanted AS w ON w.email = made.email
    '''),
    ("daily summaries chosen", '''
        INSERT INTO alerts_preference (membership_id, kind, digest)
        SELECT m.id, k.kind, true
        FROM tenancy_membership AS m
        JOIN accounts_user AS u ON u.id = m.user_id AND u.email LIKE 'bench-%%'
        CROSS JOIN (VALUES ('review_due_soon'), ('review_overdue')) AS k (kind)
        WHERE m.role = 'ap_lead' AND m.id %% 3 = 0
        ON CONFLICT (membership_id, kind) DO NOTHING
    '''),
    ("placements without reviews", '''
        CREATE TEMPORARY TABLE bare AS
        SELECT p.id, p.status, p.starts_on, p.planned_end_on,
               (hashtext('review-' || p.id) & 2147483647) %% 100 AS roll
        FROM placements_placement AS p
        WHERE NOT EXISTS (SELECT 1 FROM reviews_review AS r WHERE r.placement_id = p.id)
    '''),
    ("held first reviews", '''
        INSERT INTO reviews_review (placement_id, kind, number, planned_on, due_on, moved, state, held_on,
                                    held_by_id, attended, attended_others, provider_report, decision,
                                    not_on_track, cancelled_reason, created_at, updated_at)
        SELECT b.id, 'scheduled', 1, b.starts_on + 28, b.starts_on + 28, false, 'held', b.starts_on + 28,
               NULL, ARRAY['school', 'provider', 'parent'], '', 'Settling in.', 'continue',
               false, '', now(), now()
        FROM bare AS b
        WHERE b.status IN ('active', 'ended') AND b.starts_on + 28 < %(today)s
    '''),
    ("next reviews due", '''
        INSERT INTO reviews_review (placement_id, kind, number, planned_on, due_on, moved, state,
                                    attended, attended_others, provider_report, decision, not_on_track,
                                    cancelled_reason, created_at, updated_at)
        SELECT b.id, 'scheduled', n.number, due.on, due.on, false, 'due', '{}', '', '', '', false, '',
               now(), now()
        FROM bare AS b
        CROSS JOIN LATERAL (SELECT CASE WHEN b.starts_on + 28 < %(today)s THEN 2 ELSE 1 END AS number) AS n
        CROSS JOIN LATERAL (SELECT CASE
            WHEN b.status <> 'active' THEN b.starts_on + 28 * n.number
            WHEN b.roll < 4 THEN %(today)s - (1 + b.roll * 7)
            WHEN b.roll < 12 THEN %(today)s + (b.roll - 4)
            ELSE %(today)s + (8 + b.roll - 12) END AS on) AS due
        WHERE b.status IN ('active', 'planned')
    '''),
    ("final reviews", '''
        INSERT INTO reviews_review (placement_id, kind, number, planned_on, due_on, moved, state,
                                    attended, attended_others, provider_report, decision, not_on_track,
                                    cancelled_reason, created_at, updated_at)
        SELECT b.id, 'final', 0, b.planned_end_on, b.planned_end_on, false, 'due', '{}', '', '', '', false,
               '', now(), now()
        FROM bare AS b
        WHERE b.status IN ('active', 'planned')
    '''),
    ("earlier checks of evidence", '''
        INSERT INTO providers_evidence (provider_id, evidence_type_id, checked_on, checked_by_id,
                                        checked_for_id, expires_on, outcome, notes, document, document_name,
                                        document_content_type, document_size, holds_dbs_copies,
                                        document_delete_after, document_removed_at, document_removed_reason,
                                        recorded_at, entered_in_error_at, entered_in_error_by_id,
                                        entered_in_error_reason)
        SELECT e.provider_id, e.evidence_type_id, e.checked_on - 365 * y, e.checked_by_id, e.checked_for_id,
               e.expires_on - 365 * y, 'satisfactory', '', '', '', '', NULL, false, NULL, NULL, '',
               e.recorded_at - make_interval(days => 365 * y), NULL, NULL, ''
        FROM providers_evidence AS e
        CROSS JOIN generate_series(1, 3) AS y
        WHERE e.entered_in_error_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM providers_evidence AS other
                          WHERE other.provider_id = e.provider_id AND other.checked_for_id = e.checked_for_id
                            AND other.evidence_type_id = e.evidence_type_id AND other.id <> e.id)
    '''),
    ("earlier QA visits", '''
        INSERT INTO providers_qavisit (visited_on, kind, summary, recorded_at, provider_id, visited_by_id,
                                       visiting_organisation_id, local_authority_id, entered_in_error_at,
                                       entered_in_error_by_id, entered_in_error_reason)
        SELECT %(today)s - (90 * k - v.provider_id %% 20)::int, v.kind, 'Routine monitoring visit.',
               now(), v.provider_id, v.visited_by_id, v.visiting_organisation_id, v.local_authority_id,
               NULL, NULL, ''
        FROM providers_qavisit AS v
        JOIN tenancy_organisation AS o ON o.id = v.provider_id AND o.ukprn LIKE '10098%%'
        CROSS JOIN generate_series(1, 4) AS k
        WHERE v.entered_in_error_at IS NULL
          AND (SELECT count(*) FROM providers_qavisit AS other WHERE other.provider_id = v.provider_id) = 1
    '''),
    ("their actions", '''
        INSERT INTO providers_qaaction (description, owner, due_on, closed_at, created_at, closed_by_id,
                                        area_id, visit_id, owned_by_provider)
        SELECT 'Bring the attendance policy up to date.', 'Manager', v.visited_on + 30 * j,
               CASE WHEN v.visited_on + 30 * j < %(today)s - 45 THEN now() END, now(),
               CASE WHEN v.visited_on + 30 * j < %(today)s - 45 THEN v.visited_by_id END,
               NULL, v.id, j <> 2
        FROM providers_qavisit AS v
        CROSS JOIN generate_series(1, 3) AS j
        WHERE NOT EXISTS (SELECT 1 FROM providers_qaaction AS a WHERE a.visit_id = v.id)
    '''),
    ("safeguarding concerns", '''
        INSERT INTO safeguarding_concern (placement_id, pupil_id, school_id, local_authority_id, provider_id,
                                          state, raised_at, raised_by_id, handled_at, closed_at)
        SELECT p.id, p.pupil_id, p.school_id, p.local_authority_id, p.provider_id,
               CASE WHEN dice.roll = 0 THEN 'raised' ELSE 'closed' END,
               now() - make_interval(days => dice.roll), manager.user_id,
               CASE WHEN dice.roll > 0 THEN now() END, CASE WHEN dice.roll > 0 THEN now() END
        FROM placements_placement AS p
        CROSS JOIN LATERAL (SELECT (hashtext('concern-' || p.id) & 2147483647) %% 500 AS roll) AS dice
        CROSS JOIN LATERAL (SELECT m.user_id FROM tenancy_membership AS m
                            WHERE m.organisation_id = p.provider_id AND m.role = 'provider_manager'
                            ORDER BY m.id LIMIT 1) AS manager
        WHERE p.status = 'active' AND dice.roll < 10
          AND NOT EXISTS (SELECT 1 FROM safeguarding_concern AS c WHERE c.placement_id = p.id)
    '''),
    ("approved-list reviews due", '''
        UPDATE providers_approvedlistentry AS e SET next_review_on = %(today)s + (e.id %% 40 - 5)::int
        FROM tenancy_organisation AS o
        WHERE o.id = e.provider_id AND o.ukprn LIKE '10098%%' AND e.provider_id %% 4 = 0
          AND e.next_review_on > %(today)s + 60
    '''),
]
TABLES = ["accounts_user", "tenancy_membership", "alerts_preference", "reviews_review", "providers_evidence",
          "providers_qavisit", "providers_qaaction", "safeguarding_concern", "providers_approvedlistentry"]
today = timezone.localdate()
added = {}
with connection.cursor() as cursor:
    for what, sql in STATEMENTS:
        started = time.monotonic()
        cursor.execute(sql, {"today": today})
        added[what] = cursor.rowcount
        print(f"  {what}: {cursor.rowcount:,} rows in {time.monotonic() - started:.1f} s", file=sys.stderr,
              flush=True)
    cursor.execute("DROP TABLE bare")
    for table in TABLES:
        cursor.execute(f"VACUUM ANALYZE {table}")
    # The seeding wrote 100,000 placements, their pupils and objectives in one transaction: statistics
    # for every table, as autovacuum would keep them, so that plans are those of a database in use.
    started = time.monotonic()
    cursor.execute("ANALYZE")
    print(f"  ANALYZE of every table in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
    sizes = {}
    for table in TABLES + ["placements_placement", "placements_parttimeplan"]:
        cursor.execute(f"SELECT count(*) FROM {table}")
        sizes[table] = cursor.fetchone()[0]
print(json.dumps({"added": added, "sizes": sizes}))
"""

# The measurements. Prints one JSON object last; progress goes to stderr.
MEASURE = r"""
import logging, re, statistics, sys, time
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from alerts import delivery, sweep
from alerts.sources import all_sources
from apcommission.tenancy.scoping import unscoped

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
INDEX = re.compile(
    r"(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)?(?: using| on) (\S+)(?: on (\S+))?"
)
SEQ = re.compile(r"Seq Scan on (\S+)")


# A line for each kind made and each email sent is the sweep's log, not the benchmark's.
logging.getLogger("alerts").setLevel(logging.WARNING)


def say(text):
    print(text, file=sys.stderr, flush=True)


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def summary(times):
    return {"best": min(times), "median": statistics.median(times), "runs": len(times)}


def empty_alerts():
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE alerts_alert")
        cursor.execute("DELETE FROM alerts_sweepmark")


# EXPLAIN (ANALYZE, BUFFERS) of each query `run` makes (its writes rolled back): the plan, the indexes
# used and the tables read whole.
def explained(run):
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        run()
        transaction.set_rollback(True)
    plans = []
    for query in captured.captured_queries:
        if not query["sql"].lstrip().upper().startswith(("SELECT", "WITH", "INSERT", "UPDATE")):
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
            transaction.set_rollback(True)
        indexes = sorted({m.group(2) + (f" on {m.group(3)}" if m.group(3) else "") + f" ({m.group(1)})"
                          for line in plan for m in [INDEX.search(line)] if m})
        scans = sorted({m.group(1) for line in plan for m in [SEQ.search(line)] if m})
        plans.append({"sql": query["sql"], "plan": plan, "indexes": indexes, "seq_scans": scans})
    return plans


def send_all(now):
    # As run_reminders: claim a batch, send each email in its own transaction, until none is left.
    claims = sends = 0.0
    alerts = summaries = batches = 0
    while True:
        claimed, took = timed(lambda: sweep.claim(now=now))
        claims += took
        if not claimed:
            break
        batches += 1
        started = time.perf_counter()
        alerts += sum(delivery.deliver(pk, now=now) for pk in claimed.alerts)
        summaries += sum(delivery.deliver_summary(pk, now=now) for pk in claimed.digests)
        sends += time.perf_counter() - started
        mail.outbox = []
    return {"alerts": alerts, "summaries": summaries, "batches": batches, "claim": claims, "send": sends}


now = timezone.now()
today = timezone.localdate(now)
result = {"sources": {}, "make": [], "today": str(today)}
with unscoped("bench_alerts: the sweep over every organisation, as run_reminders"), override_settings(
    MAILERS=LOCMEM
):
    mail.outbox = []
    empty_alerts()
    sources = all_sources()
    for kind, source in sources.items():
        times = []
        for _ in range(payload["repeat"]):
            rows, took = timed(lambda: list(source(today)))
            times.append(took)
        result["sources"][kind] = {"rows": len(rows), **summary(times)}
        say(f"  {kind}: {len(rows):,} rows, best {min(times):.3f} s")

    # Once untimed, then statistics of the alerts made: in use, autovacuum analyses the table long before
    # the next sweep, ten minutes on. Planned as an empty table, the statement that closes the alerts no
    # longer listed compares every open alert with every row listed, and takes tens of seconds.
    sweep.make(today, now=now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE alerts_alert")
    for run in range(payload["make_repeat"]):
        empty_alerts()
        first, first_took = timed(lambda: sweep.make(today, now=now))
        again, again_took = timed(lambda: sweep.make(today, now=now))
        result["make"].append({"made": first.made, "seconds": first_took, "again_made": again.made,
                               "again_seconds": again_took, "by_kind": first.by_kind,
                               "people": len(first.people)})
        say(f"  make {run + 1}: {first.made:,} alerts in {first_took:.2f} s; again {again.made} in "
            f"{again_took:.2f} s")

    # Each kind's share of `make`: its source's rows made into alerts (from none), then again (none made,
    # the open ones checked against the rows to close any no longer listed).
    empty_alerts()
    result["insert"] = {}
    for kind, source in sources.items():
        rows = list(source(today))
        with transaction.atomic():
            (made, _), first_took = timed(lambda: sweep.insert(kind, rows, now=now, close=True))
        with transaction.atomic():
            (again, _), again_took = timed(lambda: sweep.insert(kind, rows, now=now, close=True))
        result["insert"][kind] = {"made": made, "seconds": first_took, "again": again,
                                  "again_seconds": again_took}
        say(f"  {kind}: {made:,} made in {first_took:.3f} s, again {again} in {again_took:.3f} s")

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FILTER (WHERE NOT digest), count(*) FILTER (WHERE digest), "
                       "count(DISTINCT membership_id) FILTER (WHERE digest) FROM alerts_alert")
        immediate, digested, digest_people = cursor.fetchone()
    result["alerts"] = {"immediate": immediate, "digested": digested, "digest_people": digest_people}
    say(f"  sending {immediate:,} emails now ...")
    result["send_now"], took = timed(lambda: send_all(now))
    result["send_now"]["seconds"] = took
    at = sweep.digest_time(now)
    say(f"  sending {digest_people:,} daily summaries of {digested:,} alerts at {at:%H:%M} ...")
    result["send_summaries"], took = timed(lambda: send_all(at))
    result["send_summaries"]["seconds"] = took
    again, took = timed(lambda: send_all(at))
    result["send_again"] = {"sent": again["alerts"] + again["summaries"], "seconds": took}

    slowest = max(result["sources"], key=lambda kind: result["sources"][kind]["best"])
    result["explain"] = {"kind": slowest, "queries": explained(lambda: list(sources[slowest](today)))}
    # And the slowest kind's statements that make and close its alerts, with its alerts already made.
    heaviest = max(result["insert"], key=lambda kind: result["insert"][kind]["again_seconds"])
    rows = list(sources[heaviest](today))
    result["explain_insert"] = {
        "kind": heaviest,
        "queries": explained(lambda: sweep.insert(heaviest, rows, now=now, close=True)),
    }
print(json.dumps(result))
"""


def prepare(stack: contextlib.ExitStack) -> tuple[dict[str, str], str]:
    """The environment of a database seeded at size, and its description."""
    if REUSE:
        database = (
            os.environ.get("BENCH_ALERTS_DATABASE_URL") or LOCAL_POSTGRES.rsplit("/", 1)[0] + "/" + DATABASE
        )
        description = f"{DATABASE}, kept from an earlier run"
    else:
        database, description = fresh_database_url(stack, "BENCH_ALERTS_DATABASE_URL", DATABASE)
    env = demo_env(production_env(database, redis_url(), 0))
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    print(f"Database: {description}. Migrated in {time.monotonic() - started:.0f} s.", flush=True)
    if django_json(env, COUNT_PLACEMENTS, None, show_progress=True) < PLACEMENTS:
        print(f"Seeding the demo with {PLACEMENTS:,} placements ...", flush=True)
        started = time.monotonic()
        manage(env, "seed_demo", "--providers", str(PROVIDERS), "--placements", str(PLACEMENTS))
        print(f"Seeded in {time.monotonic() - started:.0f} s.", flush=True)
    print("Adding what the sources read and the demo does not make:", flush=True)
    loaded = django_json(env, LOAD, None, show_progress=True)
    sizes = ", ".join(f"{table} {count:,}" for table, count in loaded["sizes"].items())
    print(f"Rows: {sizes}.", flush=True)
    return env, description


def table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if number == 0:
            print("  ".join("-" * w for w in widths))


def report(result: dict, description: str) -> None:
    load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"\n{description}; {os.cpu_count()} CPUs; load average {load} (1, 5, 15 minutes).")
    print(f"Each source {REPEAT} times, the whole sweep {MAKE_REPEAT} times, for {result['today']}.\n")
    rows = [("kind", "rows", "source best s", "median s", "made", "insert s", "again s")]
    for kind, source in result["sources"].items():
        made = result["insert"][kind]
        rows.append(
            (
                kind,
                f"{source['rows']:,}",
                f"{source['best']:.3f}",
                f"{source['median']:.3f}",
                f"{made['made']:,}",
                f"{made['seconds']:.3f}",
                f"{made['again_seconds']:.3f}",
            )
        )
    total = sum(source["best"] for source in result["sources"].values())
    inserts = sum(made["seconds"] for made in result["insert"].values())
    inserts_again = sum(made["again_seconds"] for made in result["insert"].values())
    rows.append(("every kind (sum)", "", f"{total:.3f}", "", "", f"{inserts:.3f}", f"{inserts_again:.3f}"))
    table(rows)
    print()
    makes, again = [m["seconds"] for m in result["make"]], [m["again_seconds"] for m in result["make"]]
    made = result["make"][-1]
    rows = [("sweep.make, whole", "made", "best s", "median s")]
    rows.append(
        ("from no alerts", f"{made['made']:,}", f"{min(makes):.3f}", f"{statistics.median(makes):.3f}")
    )
    rows.append(
        ("at once again", f"{made['again_made']:,}", f"{min(again):.3f}", f"{statistics.median(again):.3f}")
    )
    table(rows)

    print()
    rows = [("sending", "emails", "claim s", "send s", "all s", "emails/s")]
    for name, step in (("at once, now", result["send_now"]), ("daily summaries", result["send_summaries"])):
        emails = step["alerts"] + step["summaries"]
        rate = emails / step["seconds"] if step["seconds"] else 0
        rows.append(
            (
                name,
                f"{emails:,}",
                f"{step['claim']:.2f}",
                f"{step['send']:.2f}",
                f"{step['seconds']:.2f}",
                f"{rate:,.0f}",
            )
        )
    rows.append(
        (
            "again: nothing left",
            str(result["send_again"]["sent"]),
            "",
            "",
            f"{result['send_again']['seconds']:.3f}",
            "",
        )
    )
    table(rows)

    for key, what in (("explain", "the slowest source"), ("explain_insert", "the slowest kind's make again")):
        explained = result[key]
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) of {what}, {explained['kind']}:")
        for query in explained["queries"]:
            sql = query["sql"] if len(query["sql"]) < 2000 else query["sql"][:600] + " ..."
            print(f"\n{sql}\n")
            for line in query["plan"]:
                print(f"    {line}")
            print(f"  Indexes used: {', '.join(query['indexes']) or 'none'}")
            print(f"  Tables read whole: {', '.join(query['seq_scans']) or 'none'}")

    steps = (result["send_now"], result["send_summaries"])
    emails = sum(step["alerts"] + step["summaries"] for step in steps)
    seconds = sum(step["seconds"] for step in steps)
    print(
        f"\nSummary: {len(result['sources'])} sources over {PLACEMENTS:,} placements list "
        f"their rows in {total:.2f} s; sweep.make makes {made['made']:,} alerts in {min(makes):.2f} s "
        f"(again: {made['again_made']} in {min(again):.2f} s); {emails:,} emails sent in {seconds:.1f} s "
        f"({emails / seconds if seconds else 0:,.0f} a second)."
    )


def run(stack: contextlib.ExitStack) -> None:
    env, description = prepare(stack)
    print("\nMeasuring:", flush=True)
    result = django_json(env, MEASURE, {"repeat": REPEAT, "make_repeat": MAKE_REPEAT}, show_progress=True)
    report(result, description)


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
