"""The evidence pack of a school with 60 pupils placed this academic year: the whole pack (gathering, the
HTML and WeasyPrint's layout) against WeasyPrint alone laying out the same finished HTML.

    .venv/bin/python scripts/bench_pack.py                      (BENCH_PUPILS=60, BENCH_REPEAT=5)
    BENCH_PACK_REUSE=1 .venv/bin/python scripts/bench_pack.py   (measure again on the database as it is)

The aim: the whole pack takes no more than a third longer than WeasyPrint alone (A / B <= 1.33, the median
of each), gathering its data in a handful of queries, not one a pupil. Exits non-zero when it does not.

On a database of its own, emptied at every run (as `scripts/bench_alerts.py`): BENCH_PACK_DATABASE_URL,
else apcommission_bench_pack on the local PostgreSQL, else an embedded one; with BENCH_PACK_REUSE=1 it is
kept, and seeded only if it has not been. Migrated, then seeded (together about two minutes) with the
test factories (tests/*/factories.py) for the records and one INSERT ... SELECT for the attendance marks:

- the school (Demoshire Academy, in Demoshire) with BENCH_PUPILS pupils placed since 1 September across
  six providers (two unregistered), each with a profile, a site, the LA's evidence checks (one
  provider's expired), an approved-list entry (one with conditions) and QA visits by the LA and by the
  school; about a sixth of the placements ended with an outcome and check-ins, a quarter part time with a
  plan and its steps, the rest active;
- each placement: two or three objectives with baselines and ten progress entries each, the pupil's two
  earlier years of attendance, a mark for each timetabled session of each school day it ran, its reviews
  (held with judgements and views, one in seven overdue, the next one due), answers through a link for a
  third, changes of plan for a third, and the school's visits, calls and contacts;
- another school of the same LA and a school of another LA with their own pupils at the same providers
  and their own, so that the pack's scoping is exercised.

Then, as the Celery task builds a pack (acting as the school's leader), BENCH_REPEAT times each:
  A = reports.pack.document.build(...) then reports.pdf.render_pdf(built.html)   (the whole pack)
  B = reports.pdf.render_pdf(html) on the same finished HTML                     (WeasyPrint alone)
printing the best and the median of each, the gathering and HTML part (A - B), each section's share of
it, the SQL queries the gathering makes, the pages, and A / B. Over or near the limit, cProfile of the
gathering and HTML shows where the time goes.
"""

import contextlib
import os
import signal
import statistics
import sys
import time
from urllib.parse import urlparse

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

PUPILS = int(os.environ.get("BENCH_PUPILS") or 60)
REPEAT = int(os.environ.get("BENCH_REPEAT") or 5)
LIMIT = 1.33  # the whole pack no more than a third longer than WeasyPrint alone
NEAR = 1.2  # from here on, profile the gathering and HTML
REUSE = os.environ.get("BENCH_PACK_REUSE") == "1"
DATABASE = "apcommission_bench_pack"
LEADER = "helen.head@example.org"  # the school leader the seeding makes: whose view the pack is
TABLES = (
    "placements_placement",
    "placements_objective",
    "progress_progressentry",
    "attendance_mark",
    "reviews_review",
    "contacts_contact",
    "providers_evidence",
    "providers_qavisit",
)

# The world, made with the test factories inside `unscoped` (each factory is). Users are made directly with
# no usable password: the pack needs who recorded what, not anybody able to sign in.
SEED = r"""
import datetime, random, sys, time
from decimal import Decimal

import factory.random
from django.db import connection
from django.utils import timezone

from apcommission.accounts.models import User
from apcommission.tenancy.models import Membership
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from attendance.days import academic_year_start
from contacts.models import ContactKind
from outcomes.models import CheckInKind, Destination, ObjectivesMet
from placements.models import ObjectiveArea, PlacementReason, PlacementStatus
from providers.models import ApprovalStatus, Judgement, ProviderType, RegistrationStatus
from reviews.models import Decision, Rating, ReviewKind, ReviewState, Voice
from tests import factories as f
from tests.contacts.factories import ContactRecordFactory
from tests.outcomes.factories import CheckInFactory, OutcomeFactory
from tests.placements.factories import (
    ObjectiveFactory, PartTimePlanFactory, PartTimeStepFactory, PlacementFactory, PlanChangeFactory,
)
from tests.progress.factories import ProgressEntryFactory
from tests.providers.factories import (
    ApprovedListEntryFactory, AreaJudgementFactory, ProviderProfileFactory, QAActionFactory, QAVisitFactory,
    SiteFactory, full_evidence, standard_areas,
)
from tests.pupils.factories import AttendanceYearFactory, PupilFactory
from tests.reviews.factories import (
    ReviewFactory, ReviewObjectiveFactory, ReviewViewsFactory, VoiceResponseFactory,
)

DAY = datetime.timedelta(days=1)
factory.random.reseed_random("bench_pack")
rng = random.Random(7)
today = timezone.localdate()
year_start = academic_year_start(today)
last_year = year_start.year - 1
started = time.monotonic()

def say(text):
    print(f"  {time.monotonic() - started:5.0f} s  {text}", file=sys.stderr, flush=True)

def person(organisation, role, name):
    user = User.objects.create(email=f"{name.lower().replace(' ', '.')}@example.org", full_name=name,
                               password="!")
    return f.MembershipFactory(organisation=organisation, role=role, user=user)

def school_day(day):
    while day.weekday() > 4:
        day += DAY
    return day

OBJECTIVES = [
    (ObjectiveArea.ATTENDANCE, "Attend every morning session.", "Sessions attended, per cent", "%", 62, 90),
    (ObjectiveArea.MATHS, "Secure the GCSE foundation topics.", "Working-at grade", "grade", 2, 4),
    (ObjectiveArea.ENGLISH, "Read for pleasure and for study.", "Reading age", "years", 10, 13),
    (ObjectiveArea.BEHAVIOUR, "Stay in lessons when frustrated.", "Removals from lessons a week", "", 6, 1),
    (ObjectiveArea.WELLBEING, "Feel safe and settled.", "Wellbeing score out of 10", "", 3, 7),
]
DESTINATIONS = [Destination.REINTEGRATED, Destination.FURTHER_EDUCATION, Destination.SPECIAL_SCHOOL,
                Destination.APPRENTICESHIP, Destination.MOVED_SCHOOL]
FULL_WEEK = [f"{d}_{h}" for d in ("mon", "tue", "wed", "thu", "fri") for h in ("am", "pm")]
REASONS = list(PlacementReason.values)
PART_WEEK = ["mon_am", "mon_pm", "tue_am", "tue_pm", "thu_am", "thu_pm"]

def providers_of(la, officer, count, prefix):
    made = []
    kinds = [
        (ProviderType.PRU, RegistrationStatus.REGISTERED),
        (ProviderType.FE_COLLEGE, RegistrationStatus.FE_REGISTERED),
        (ProviderType.TRAINING_PROVIDER, RegistrationStatus.FE_REGISTERED),
        (ProviderType.INDEPENDENT_SCHOOL, RegistrationStatus.REGISTERED),
        (ProviderType.TUITION, RegistrationStatus.UNREGISTERED),
        (ProviderType.OTHER_UNREGISTERED, RegistrationStatus.UNREGISTERED),
    ]
    for k in range(count):
        provider = f.ProviderFactory(name=f"{prefix} Provider {k + 1}", local_authority=la)
        provider_type, registration = kinds[k % len(kinds)]
        ProviderProfileFactory(provider=provider, added_by=la, provider_type=provider_type,
                               registration_status=registration, key_stages=["ks3", "ks4"])
        SiteFactory(provider=provider, name="Main site")
        full_evidence(provider, la, by=officer.user,
                      expires_on=today - 5 * DAY if k == count - 1 else None)
        with_conditions = k == 1
        ApprovedListEntryFactory(
            local_authority=la, provider=provider,
            status=ApprovalStatus.APPROVED_WITH_CONDITIONS if with_conditions else ApprovalStatus.APPROVED,
            conditions="A named mentor for each pupil." if with_conditions else "",
            placing_conditions="Tell the provider of any exclusion history." if with_conditions else "",
        )
        for days_ago in (400, 40):
            visit = QAVisitFactory(provider=provider, visiting_organisation=la, visited_by=officer.user,
                                   visited_on=today - days_ago * DAY)
            for area in standard_areas(in_use_only=True):
                AreaJudgementFactory(visit=visit, area=area,
                                     judgement=Judgement.PARTLY if k % 3 == 2 else Judgement.MEETS)
            QAActionFactory(visit=visit)
        manager = person(provider, Role.PROVIDER_MANAGER, f"{prefix} Manager {k + 1}")
        made.append((provider, manager))
    return made

def place(school, providers, count, lead, name):
    # Which placements ended and which are part time, spread across the providers.
    ended = set(range(0, count, 6))
    part_time = set(i for i in range(count) if i % 4 == 1 and i not in ended)
    span = max((today - year_start).days - 28, 1)
    placements = []
    for i in range(count):
        provider, manager = providers[i % len(providers)]
        pupil = PupilFactory(school=school, date_of_birth=datetime.date(2011, 1 + i % 12, 1 + i % 28))
        AttendanceYearFactory(pupil=pupil, academic_year=last_year, possible_sessions=380,
                              attended_sessions=rng.randint(150, 330), authorised_absences=20,
                              unauthorised_absences=10)
        AttendanceYearFactory(pupil=pupil, academic_year=last_year - 1, possible_sessions=380,
                              attended_sessions=rng.randint(250, 370), authorised_absences=10,
                              unauthorised_absences=0)
        starts = school_day(year_start + rng.randint(0, span) * DAY)
        values = dict(
            pupil=pupil, provider=provider, created_by=lead.user, starts_on=starts,
            planned_end_on=max(starts + 16 * 7 * DAY, today + 28 * DAY),
            reason=REASONS[i % len(REASONS)], status=PlacementStatus.ACTIVE,
            sessions=FULL_WEEK, hours_per_week=Decimal("25"), school_hours_per_week=Decimal("0"),
        )
        if i in part_time:
            values.update(sessions=PART_WEEK, hours_per_week=Decimal("15"),
                          school_hours_per_week=Decimal("3"))
        if i in ended:
            values.update(status=PlacementStatus.ENDED, end_reason="Objectives met; moving on.",
                          ended_on=starts + rng.randint(21, max((today - starts).days - 1, 21)) * DAY)
            values["ended_on"] = min(values["ended_on"], today - DAY)
        placement = PlacementFactory(**values)
        placements.append(placement)
        last = placement.ended_on or today
        objectives = []
        for n in range(2 + i % 2):
            area, description, measure, unit, baseline, target = OBJECTIVES[(i + n) % len(OBJECTIVES)]
            objective = ObjectiveFactory(
                placement=placement, area=area, description=description, measure=measure, unit=unit,
                baseline_value=Decimal(baseline), baseline_on=starts - 7 * DAY,
                target_value=Decimal(target), target_on=placement.planned_end_on,
            )
            objectives.append(objective)
            for j in range(10):
                on = starts + ((last - starts).days * (j + 1) // 11) * DAY
                value = baseline + (target - baseline) * (j + 1) / 12 + rng.uniform(-0.5, 0.5)
                ProgressEntryFactory(objective=objective, value=Decimal(f"{value:.1f}"), on=on,
                                     recorded_by=manager.user, comment=f"Week {j + 1}: steady.")
        # Reviews: 4 weeks after the start, then every 6 weeks; those past held (one in seven overdue).
        due, number, stalled = starts + 28 * DAY, 1, i % 5 == 0
        while due <= placement.planned_end_on:
            if placement.ended_on and due > placement.ended_on:
                break
            if due >= today:
                ReviewFactory(placement=placement, number=number, planned_on=due, due_on=due)
                break
            held_on = min(due + (3 * DAY if number % 3 == 0 else 0 * DAY), today)
            if i % 7 == 3 and due + 42 * DAY >= today:
                ReviewFactory(placement=placement, number=number, planned_on=due, due_on=due)  # overdue
            else:
                not_on_track = stalled and number > 1
                review = ReviewFactory(
                    placement=placement, number=number, planned_on=due, due_on=due, state=ReviewState.HELD,
                    held_on=held_on, held_by=lead.user, attended=["school", "provider", "parent", "pupil"],
                    decision=Decision.AMEND if not_on_track else Decision.CONTINUE, not_on_track=not_on_track,
                    provider_report="Settling; attendance improving.",
                )
                for objective in objectives:
                    ReviewObjectiveFactory(
                        review=review, objective=objective,
                        rating=Rating.NOT_ON_TRACK if not_on_track else Rating.ON_TRACK,
                        latest_value=objective.baseline_value, latest_on=held_on,
                    )
                ReviewViewsFactory(
                    review=review, pupil_views="I like the practical work; mornings are hard.",
                    parent_views="Happier at home; still tired.",
                    decision_note="Mornings moved later." if not_on_track else "",
                )
                if i % 3 == 0:
                    VoiceResponseFactory(link__review=review, link__voice=Voice.PUPIL,
                                         link__created_by=lead.user)
            due, number = due + 42 * DAY, number + 1
        if placement.ended_on:
            ReviewFactory(placement=placement, kind=ReviewKind.FINAL, number=0, planned_on=placement.ended_on,
                          due_on=placement.ended_on, state=ReviewState.HELD, held_on=placement.ended_on,
                          held_by=lead.user, decision=Decision.END, attended=["school", "pupil", "parent"])
            OutcomeFactory(placement=placement, recorded_by=lead.user, left_on=placement.ended_on,
                           objectives_met=[ObjectivesMet.MET, ObjectivesMet.PARTLY_MET][i % 2],
                           destination=DESTINATIONS[i % len(DESTINATIONS)])
            CheckInFactory(placement=placement, due_on=placement.ended_on + 180 * DAY)
            CheckInFactory(placement=placement, kind=CheckInKind.YEARS, years=1,
                           due_on=placement.ended_on + 365 * DAY)
        if i in part_time:
            plan = PartTimePlanFactory(placement=placement, ends_by=starts + 84 * DAY,
                                       parent_agreed_on=starts - 3 * DAY, la_notified_on=starts + 2 * DAY)
            for weeks, hours in ((4, 22), (8, 25)):
                PartTimeStepFactory(plan=plan, from_on=starts + weeks * 7 * DAY,
                                    hours_per_week=Decimal(hours))
        if i % 3 == 0:
            PlanChangeFactory(placement=placement, changed_by=lead.user, kind="hours",
                              reason="Settling well: one more afternoon.")
            PlanChangeFactory(placement=placement, changed_by=lead.user, kind="objectives",
                              reason="Reading age target raised.")
        contacts = ((ContactKind.PARENT, 10), (ContactKind.PUPIL, 20), (ContactKind.WELFARE_CHECK, 30))
        for kind, days in contacts:
            if starts + days * DAY < today:
                ContactRecordFactory(school=school, provider=provider, placement=placement, kind=kind,
                                     on=starts + days * DAY, by=lead.user, with_whom="The family")
    # The school's visits to each provider every three weeks, and calls every fortnight.
    for provider, _manager in providers:
        day = year_start
        while day < today:
            kind = ContactKind.VISIT if (day - year_start).days % 21 == 0 else ContactKind.PROVIDER
            ContactRecordFactory(school=school, provider=provider, kind=kind, on=day, by=lead.user)
            day += 7 * DAY
        visit = QAVisitFactory(provider=provider, visiting_organisation=school, visited_by=lead.user,
                               visited_on=year_start + 20 * DAY)
        for area in standard_areas(in_use_only=True):
            AreaJudgementFactory(visit=visit, area=area)
    say(f"{name}: {count} placements")
    return placements

with unscoped("bench_pack: the world"):
    la = f.LocalAuthorityFactory(name="Demoshire Council")
    other_la = f.LocalAuthorityFactory(name="Otherton Council")
    trust = f.TrustFactory(name="Demoshire Learning Trust")
    school = f.SchoolFactory(name="Demoshire Academy", local_authority=la, trust=trust)
    sibling = f.SchoolFactory(name="Hillside Academy", local_authority=la)
    other_school = f.SchoolFactory(name="Otherton School", local_authority=other_la)
    officer = person(la, Role.LA_OFFICER, "Olive Officer")
    other_officer = person(other_la, Role.LA_OFFICER, "Otto Officer")
    leader = person(school, Role.SCHOOL_LEADER, "Helen Head")
    lead = person(school, Role.AP_LEAD, "Amir Lead")
    sibling_lead = person(sibling, Role.AP_LEAD, "Sita Lead")
    other_lead = person(other_school, Role.AP_LEAD, "Omar Lead")
    providers = providers_of(la, officer, 6, "Demoshire")
    other_providers = providers_of(other_la, other_officer, 2, "Otherton")
    say("organisations, people and providers")
    place(school, providers, payload["pupils"], lead, school.name)
    place(sibling, providers[:3], payload["pupils"] // 4, sibling_lead, sibling.name)
    place(other_school, other_providers + providers[:1], payload["pupils"] // 3, other_lead,
          other_school.name)

# A mark for each timetabled session of each school day of each placement, up to its end or today (this
# morning's only), mostly present: one statement, the mix picked by a hash of the session.
MARKS = '''
    INSERT INTO attendance_mark (placement_id, school_id, local_authority_id, provider_id, pupil_id, "on",
                                 session, mark, comment, source, recorded_by_id, recorded_at)
    SELECT p.id, p.school_id, p.local_authority_id, p.provider_id, p.pupil_id, day, half,
           CASE WHEN roll < 6 THEN 'late' WHEN roll < 9 THEN 'illness' WHEN roll < 10 THEN 'medical'
                WHEN roll < 11 THEN 'other_authorised' WHEN roll < 15 THEN 'unauthorised'
                ELSE 'present' END,
           '', 'file', NULL, now()
    FROM placements_placement AS p
    CROSS JOIN LATERAL (SELECT d::date AS day FROM generate_series(p.starts_on,
                        coalesce(p.ended_on, %(today)s), '1 day') AS d) AS days
    CROSS JOIN (VALUES ('am'), ('pm')) AS halves (half)
    CROSS JOIN LATERAL (SELECT (hashtext(p.id || '-' || day || half) & 2147483647) %% 100 AS roll) AS dice
    WHERE p.status IN ('active', 'ended')
      AND extract(isodow FROM day) < 6
      AND (day < %(today)s OR half = 'am')
      AND ((ARRAY['mon', 'tue', 'wed', 'thu', 'fri'])[extract(isodow FROM day)::int] || '_' || half)
          = ANY(p.sessions)
'''
with connection.cursor() as cursor:
    cursor.execute(MARKS, {"today": today})
    marks = cursor.rowcount
    say(f"{marks:,} attendance marks")
    cursor.execute("VACUUM ANALYZE")
print(json.dumps({"seconds": time.monotonic() - started}))
"""

# Whose view the pack is (the school's leader, by the address the seeding gave them), and the sizes.
FIND = r"""
from django.db import connection
from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import unscoped

with unscoped("bench_pack: whose view the pack is"):
    leader = Membership.objects.filter(user__email=payload["leader"]).values_list("pk", flat=True).first()
sizes = {}
with connection.cursor() as cursor:
    for table in payload["tables"]:
        cursor.execute(f"SELECT count(*) FROM {table}")
        sizes[table] = cursor.fetchone()[0]
print(json.dumps({"leader": leader, "sizes": sizes}))
"""

# The measurement, as `reports.services.build_report` builds a pack: acting as the school's leader, the
# period this academic year to today.
MEASURE = r"""
import cProfile, io, pstats, statistics, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import acting_as, unscoped
from reports.pack import document
from reports.pack.scope import PackScope, Period
from reports.pdf import render_pdf

with unscoped("bench_pack: whose view the pack is"):
    leader = Membership.objects.select_related("organisation", "user").get(pk=payload["leader"])
today = timezone.localdate()
scope = PackScope(membership=leader, school=leader.organisation, period=Period.this_academic_year(today),
                  today=today)

def build():
    with acting_as(leader):
        return document.build(scope, generated_by=leader.user.full_name, generated_at=timezone.now())

def whole():
    began = time.perf_counter()
    built = build()
    render_pdf(built.html)
    return time.perf_counter() - began

def layout(html):
    began = time.perf_counter()
    pages = render_pdf(html).pages
    return time.perf_counter() - began, pages

# Once untimed, to warm the caches (templates, fonts, the static stylesheet) both sides use.
built = build()
html = built.html
rendered = render_pdf(html)
with acting_as(leader), CaptureQueriesContext(connection) as captured:
    document.build(scope, generated_by=leader.user.full_name, generated_at=timezone.now())
queries = len(captured)

# Each section's gathering alone, then the whole build (gathering and the HTML), untimed by the other.
sections = {section.key: [] for section in document.SECTIONS}
builds = []
a_times, b_times = [], []
for _ in range(payload["repeat"]):
    a_times.append(whole())
    seconds, pages = layout(html)
    b_times.append(seconds)
    with acting_as(leader):
        for section in document.SECTIONS:
            began = time.perf_counter()
            section.gather(scope)
            sections[section.key].append(time.perf_counter() - began)
    began = time.perf_counter()
    build()
    builds.append(time.perf_counter() - began)

result = {
    "a": a_times, "b": b_times, "builds": builds,
    "sections": {key: min(times) for key, times in sections.items()},
    "queries": queries, "pages": pages, "html_bytes": len(html.encode()), "pupils": len(built.pupil_ids),
    "period": scope.period.words,
}
ratio = statistics.median(a_times) / statistics.median(b_times)
if ratio > payload["near"]:
    profiler = cProfile.Profile()
    profiler.enable()
    build()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    result["profile"] = out.getvalue()
print(json.dumps(result))
"""


def report(sizes: dict, result: dict, description: str) -> bool:
    load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
    rows = ", ".join(f"{table} {count:,}" for table, count in sizes.items())
    print(f"\n{description}; {os.cpu_count()} CPUs; load average {load} (1, 5, 15 minutes).")
    print(f"Rows in the database: {rows}.")
    print(
        f"The pack: {result['period']}, {result['pupils']} pupils named, {result['pages']} pages, "
        f"{result['html_bytes'] / 1024:,.0f} KiB of HTML. Each figure {REPEAT} times.\n"
    )
    a, b = result["a"], result["b"]
    rows = [
        ("", "best s", "median s"),
        ("A: the whole pack (build + render_pdf)", f"{min(a):.3f}", f"{statistics.median(a):.3f}"),
        ("B: WeasyPrint alone (render_pdf)", f"{min(b):.3f}", f"{statistics.median(b):.3f}"),
        (
            "A - B: gathering and the HTML",
            f"{min(a) - min(b):.3f}",
            f"{statistics.median(a) - statistics.median(b):.3f}",
        ),
        (
            "document.build, measured alone",
            f"{min(result['builds']):.3f}",
            f"{statistics.median(result['builds']):.3f}",
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for number, row in enumerate(rows):
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if number == 0:
            print("  ".join("-" * w for w in widths))
    print(
        "A - B is the difference of two figures of seconds each, as noisy as they are on a shared machine;\n"
        "document.build measured alone is the same part measured directly."
    )
    print("\nEach section's gathering alone, best:")
    for key, seconds in result["sections"].items():
        print(f"  {key:<14} {seconds:.3f} s")
    rest = min(result["builds"]) - sum(result["sections"].values())
    print(f"  {'the HTML':<14} {rest:.3f} s (the build less its sections: the templates)")
    print(f"\nSQL queries the gathering makes: {result['queries']}.")
    ratio = statistics.median(a) / statistics.median(b)
    verdict = "PASS" if ratio <= LIMIT else "FAIL"
    print(f"A / B (medians): {ratio:.2f} (the aim: at most {LIMIT}). {verdict}")
    if result.get("profile"):
        print("\ncProfile of document.build (gathering and the HTML), once:\n")
        print(result["profile"])
    return ratio <= LIMIT


def run(stack: contextlib.ExitStack) -> bool:
    if REUSE:
        database = (
            os.environ.get("BENCH_PACK_DATABASE_URL") or LOCAL_POSTGRES.rsplit("/", 1)[0] + "/" + DATABASE
        )
        description = f"{urlparse(database).path.lstrip('/')}, kept from an earlier run"
    else:
        database, description = fresh_database_url(stack, "BENCH_PACK_DATABASE_URL", DATABASE)
    env = demo_env(production_env(database, redis_url(), 0))
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    print(f"Database: {description}. Migrated in {time.monotonic() - started:.0f} s.", flush=True)
    find = {"leader": LEADER, "tables": TABLES}
    found = django_json(env, FIND, find, show_progress=True)
    if found["leader"] is None:
        print(
            f"Seeding a school with {PUPILS} pupils placed this academic year, and its neighbours:",
            flush=True,
        )
        seeded = django_json(env, SEED, {"pupils": PUPILS}, show_progress=True)
        print(f"Seeded in {seeded['seconds']:.0f} s.", flush=True)
        found = django_json(env, FIND, find, show_progress=True)
    print("Measuring:", flush=True)
    result = django_json(
        env, MEASURE, {"repeat": REPEAT, "near": NEAR, "leader": found["leader"]}, show_progress=True
    )
    return report(found["sizes"], result, description)


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with contextlib.ExitStack() as stack:
            passed = run(stack)
    except BenchError as error:
        sys.exit(f"\nError: {error}")
    except KeyboardInterrupt:
        sys.exit("\nInterrupted.")
    if not passed:
        sys.exit(1)


if __name__ == "__main__":
    main()
