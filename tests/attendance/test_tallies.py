"""Each placement's marks are tallied per academic year by the database itself, whoever writes them (the
service's batches, a bulk insert, a raw INSERT ... SELECT), and the summaries read the tallies: the
tallies always equal a count of the marks, and a summary reads in the same queries however many there
are."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.models import Case, Count, F, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from attendance import selectors
from attendance.counting import COUNTS
from attendance.models import Mark, MarkKind, Source, Tally
from tests.attendance.world import MONDAY, WEDNESDAY, placed, record, row

ALL_WEEK = [f"{day}_{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]
TUESDAY = MONDAY + datetime.timedelta(days=1)
KINDS = list(MarkKind.values)
COLUMNS = ("placement_id", "year", "school_id", "local_authority_id", "provider_id", "marks", *COUNTS)


def recount() -> dict[tuple, dict]:
    """The marks counted afresh, per placement and academic year, with the summaries' own aggregates."""
    year = Case(When(on__month__gte=9, then=ExtractYear("on")), default=ExtractYear("on") - 1)
    with unscoped("test: the marks counted again"):
        rows = (
            Mark.objects.annotate(year=year)
            .values("placement_id", "year", "school_id", "local_authority_id", "provider_id")
            .annotate(marks=Count("pk"), **COUNTS)
            .order_by()
        )
        return {(r["placement_id"], r["year"]): {c: r[c] for c in COLUMNS} for r in rows}


def tallies() -> dict[tuple, dict]:
    with unscoped("test: the tallies as kept"):
        return {(r["placement_id"], r["year"]): r for r in Tally.objects.values(*COLUMNS)}


def assert_tallied():
    counted = recount()
    assert counted, "there are marks to count"
    assert tallies() == counted


@pytest.fixture
def manager(world):
    return world.members["provider_manager"]


def week(placement, marks: list[str], *, monday=MONDAY) -> list:
    """A row per session from Monday morning, `marks` in order."""
    sessions = [(monday + datetime.timedelta(days=d), h) for d in range(5) for h in ("am", "pm")]
    return [
        row(placement, on, half, mark, number=n)
        for n, ((on, half), mark) in enumerate(zip(sessions[: len(marks)], marks, strict=True))
    ]


def test_new_changed_and_re_sent_batches_keep_the_tallies_equal_to_the_marks(world, manager):
    amira = placed(world, sessions=ALL_WEEK)
    ben = placed(world, name=("Ben", "Ali"), sessions=ALL_WEEK)
    first = week(amira, [*KINDS, "present", "late"]) + week(ben, ["present"] * 10)
    record(manager, first)
    assert_tallied()
    assert tallies()[(amira.pk, 2025)] | {"placement_id": 0} == {
        "placement_id": 0,
        "year": 2025,
        "school_id": world.school.pk,
        "local_authority_id": world.la.pk,
        "provider_id": world.provider.pk,
        "marks": 10,
        "possible": 9,
        "attended": 4,
        "late": 2,
        "unauthorised": 1,
        "illness": 1,
        "authorised": 3,
    }
    record(manager, first, source="file")  # the same batch again
    assert_tallied()
    changed = week(amira, ["unauthorised"] * 10) + week(ben, ["present"] * 9 + ["illness"])
    assert record(manager, changed).changed == 10
    assert_tallied()
    assert (tallies()[(amira.pk, 2025)]["unauthorised"], tallies()[(ben.pk, 2025)]["illness"]) == (10, 1)
    # A new week alongside the same one re-sent: only the new marks count.
    record(manager, changed + week(amira, ["present"] * 10, monday=MONDAY + datetime.timedelta(days=7)))
    assert_tallied()
    assert tallies()[(amira.pk, 2025)]["marks"] == 20


def test_a_changed_comment_alone_leaves_the_tally_untouched(world, manager):
    amira = placed(world, sessions=ALL_WEEK)
    record(manager, [row(amira, WEDNESDAY, "am", "late")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM attendance_tally")
        (before,) = cursor.fetchone()
    record(manager, [row(amira, WEDNESDAY, "am", "late", "The bus was late")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM attendance_tally")
        assert cursor.fetchone() == (before,)
    assert_tallied()


def test_marks_written_in_bulk_or_by_sql_are_tallied(world):
    amira = placed(world, sessions=ALL_WEEK)
    ben = placed(world, name=("Ben", "Ali"), provider=world.other_provider, sessions=ALL_WEEK)
    keys = lambda p: {  # noqa: E731
        "placement": p,
        "school_id": p.school_id,
        "local_authority_id": p.local_authority_id,
        "provider_id": p.provider_id,
        "pupil_id": p.pupil_id,
    }
    now = timezone.now()
    with unscoped("test: marks written in bulk"):
        Mark.objects.bulk_create(
            Mark(**keys(p), on=MONDAY + datetime.timedelta(days=d), session=h, mark=KINDS[(d * 2 + i) % 8],
                 source=Source.FILE, recorded_at=now)
            for p in (amira, ben) for d in range(5) for i, h in enumerate(("am", "pm"))
        )  # fmt: skip
    assert_tallied()
    with connection.cursor() as cursor:  # a year of one placement's mornings in one statement
        cursor.execute(
            """
            INSERT INTO attendance_mark (placement_id, school_id, local_authority_id, provider_id, pupil_id,
                                         "on", session, mark, comment, source, recorded_at)
            SELECT %s, %s, %s, %s, %s, day, 'am', CASE WHEN extract(dow FROM day) = 1 THEN 'illness'
                   ELSE 'present' END, '', 'file', now()
            FROM generate_series('2025-06-02'::date, '2026-02-27'::date, '1 day') AS day
            WHERE extract(isodow FROM day) < 6 AND day::date NOT BETWEEN %s AND %s
            """,
            [amira.pk, amira.school_id, amira.local_authority_id, amira.provider_id, amira.pupil_id,
             MONDAY, MONDAY + datetime.timedelta(days=4)],
        )  # fmt: skip
    assert_tallied()
    assert set(tallies()) == {(amira.pk, 2024), (amira.pk, 2025), (ben.pk, 2025)}


def test_the_first_of_september_starts_a_new_years_tally(world, manager):
    summer = placed(
        world,
        starts_on=datetime.date(2026, 6, 1),
        planned_end_on=datetime.date(2026, 10, 30),
        sessions=ALL_WEEK,
    )
    monday, tuesday = datetime.date(2026, 8, 31), datetime.date(2026, 9, 1)
    rows = [row(summer, monday, "am", "illness"), row(summer, tuesday, "am", "present", number=2)]
    record(manager, rows, today=datetime.date(2026, 10, 30))
    assert_tallied()
    assert {key[1]: t["marks"] for key, t in tallies().items()} == {2025: 1, 2026: 1}
    # The summary of each year reads only that year's.
    la = world.members["la_officer"]
    with acting_as(la):
        autumn = selectors.summary(tuesday, membership=la, today=datetime.date(2026, 10, 30))
        summer = selectors.summary(datetime.date(2025, 9, 1), membership=la, today=monday)
    assert (autumn.total.placements, autumn.total.possible, autumn.total.attended, autumn.total.illness) == (
        1, 1, 1, 0
    )  # fmt: skip
    assert (summer.total.placements, summer.total.possible, summer.total.attended, summer.total.illness) == (
        1, 1, 0, 1
    )  # fmt: skip


def test_deleted_marks_come_off_and_an_empty_tally_goes(world, manager):
    amira = placed(world, sessions=ALL_WEEK)
    ben = placed(world, name=("Ben", "Ali"), sessions=ALL_WEEK)
    record(manager, week(amira, [*KINDS, "late", "late"]) + week(ben, ["present"] * 10))
    with unscoped("test: marks deleted"):
        Mark.objects.filter(placement=amira, mark__in=["late", "illness"]).delete()
        Mark.objects.filter(placement=ben).delete()
    assert_tallied()
    assert set(tallies()) == {(amira.pk, 2025)}


def test_a_mark_moved_to_another_year_moves_its_count(world, manager):
    amira = placed(world, sessions=ALL_WEEK)
    record(manager, [row(amira, WEDNESDAY, "am", "unauthorised")])
    with unscoped("test: a mark's date corrected by hand"):
        Mark.objects.update(on=F("on") + datetime.timedelta(days=210))
    assert_tallied()
    assert set(tallies()) == {(amira.pk, 2026)}


def test_marks_moved_to_another_placement_move_their_counts(world, manager):
    amira = placed(world, sessions=ALL_WEEK)
    ben = placed(world, name=("Ben", "Ali"), provider=world.other_provider, sessions=ALL_WEEK)
    record(manager, week(amira, ["unauthorised"] * 4 + ["present"] * 6))
    keys = {
        "placement_id": ben.pk,
        "school_id": ben.school_id,
        "local_authority_id": ben.local_authority_id,
        "provider_id": ben.provider_id,
        "pupil_id": ben.pupil_id,
    }
    with unscoped("test: marks put right onto another placement by hand"):
        # One statement: some marks to Ben's placement in the same year, one to Ben's in the next.
        Mark.objects.filter(placement=amira, mark="unauthorised").exclude(on=MONDAY).update(**keys)
        Mark.objects.filter(placement=amira, on=MONDAY, session="am").update(
            **keys, on=F("on") + datetime.timedelta(days=210)
        )
    assert_tallied()
    assert {key: t["unauthorised"] for key, t in tallies().items()} == {
        (amira.pk, 2025): 1,
        (ben.pk, 2025): 2,
        (ben.pk, 2026): 1,
    }
    assert tallies()[(ben.pk, 2025)]["provider_id"] == world.other_provider.pk
    with unscoped("test: every mark onto Ben's placement"):
        Mark.objects.filter(placement=amira).update(**keys)
    assert_tallied()
    assert {key[0] for key in tallies()} == {ben.pk}


def test_the_migration_counts_the_marks_already_recorded(world, manager):
    amira = placed(world, sessions=ALL_WEEK)
    record(manager, week(amira, [*KINDS, "present", "late"]))
    before = tallies()
    fill = importlib.import_module("attendance.migrations.0002_tallies").FILL
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM attendance_tally")
        cursor.execute(fill)
    assert tallies() == before == recount()


def _summary_from_marks(since, today, membership) -> list[tuple]:
    """The summary as it was read from the marks themselves, per provider and per school."""
    rows = list(
        Mark.objects.visible_to(membership)
        .filter(on__gte=since, on__lte=today)
        .values("placement_id", "provider_id", "school_id")
        .annotate(**COUNTS)
        .order_by()
    )
    out = []
    for key in ("provider_id", "school_id"):
        for value in sorted({r[key] for r in rows}):
            mine = [r for r in rows if r[key] == value]
            out.append(
                (
                    len(mine),
                    *(sum(r[c] for r in mine) for c in ("possible", "attended", "unauthorised", "illness")),
                )
            )
    return out


def test_the_summary_reads_what_the_marks_say(world, manager):
    second = MONDAY + datetime.timedelta(days=7)
    for n, school in enumerate((world.school, world.sibling_school, world.school)):
        pupil = placed(world, name=("Pupil", str(n)), school=school, sessions=ALL_WEEK)
        record(manager, week(pupil, KINDS[n:] + KINDS[:n]) + week(pupil, KINDS[: 5 + n], monday=second))
    la = world.members["la_officer"]
    since, today = datetime.date(2025, 9, 1), datetime.date(2026, 7, 1)
    with acting_as(la):
        read = selectors.summary(since, membership=la, today=today)
        expected = _summary_from_marks(since, today, la)
    got = [
        (r.placements, r.possible, r.attended, r.unauthorised, r.illness)
        for r in sorted(read.by_provider, key=lambda r: r.name) + sorted(read.by_school, key=lambda r: r.name)
    ]
    assert sorted(got) == sorted(expected)
    assert (read.total.placements, len(read.by_school)) == (3, 2)


def test_the_summary_counts_placements_that_reached_the_reported_counts(world, manager):
    amira = placed(world, sessions=ALL_WEEK)
    second = MONDAY + datetime.timedelta(days=7)
    record(manager, week(amira, ["unauthorised"] * 10) + week(amira, ["unauthorised"] * 10, monday=second))
    la = world.members["la_officer"]
    with acting_as(la):
        read = selectors.summary(datetime.date(2025, 9, 1), membership=la, today=datetime.date(2026, 7, 1))
    assert (read.total.unauthorised, read.total.unauthorised_reached) == (20, 1)


def test_the_summary_is_for_academic_years(world):
    la = world.members["la_officer"]
    for since in (datetime.date(2026, 1, 5), datetime.date(2024, 9, 1)):
        with acting_as(la), pytest.raises(ValueError, match="not 1 September of 2026-03-01's"):
            selectors.summary(since, membership=la, today=datetime.date(2026, 3, 1))


def test_the_summary_reads_in_three_queries_however_many_placements(
    world, manager, django_assert_num_queries
):
    la = world.members["la_officer"]
    since, today = datetime.date(2025, 9, 1), datetime.date(2026, 7, 1)

    def read():
        with acting_as(la), django_assert_num_queries(3):
            return selectors.summary(since, membership=la, today=today)

    amira = placed(world, sessions=ALL_WEEK)
    record(manager, week(amira, ["present"] * 10))
    assert read().total.placements == 1
    many = [placed(world, name=("Pupil", str(n)), sessions=ALL_WEEK) for n in range(6)]
    record(manager, [r for p in many for r in week(p, ["late"] * 10)])
    assert read().total.placements == 7


def test_a_tally_is_seen_as_its_marks_are(world, manager):
    amira = placed(world, sessions=ALL_WEEK)
    elsewhere = placed(world, school=world.other_school, provider=world.other_provider, name=("Far", "Away"))
    record(manager, [row(amira)])
    with unscoped("test: another provider's mark"):
        Mark.objects.create(
            placement=elsewhere, school_id=elsewhere.school_id,
            local_authority_id=elsewhere.local_authority_id, provider_id=elsewhere.provider_id,
            pupil_id=elsewhere.pupil_id, on=WEDNESDAY, session="am", mark="present", source=Source.GRID,
            recorded_at=timezone.now(),
        )  # fmt: skip
    for role in ("provider_manager", "ap_lead", "la_officer", "trust_leader"):
        membership = world.members[role]
        with acting_as(membership):
            marks = set(Mark.objects.visible_to(membership).values_list("placement_id", flat=True))
            seen = set(Tally.objects.visible_to(membership).values_list("placement_id", flat=True))
            ambient = set(Tally.objects.values_list("placement_id", flat=True))
        assert seen == ambient == marks == {amira.pk}, role
