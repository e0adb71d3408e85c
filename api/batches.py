"""Reading a posted batch of marks into the rows `attendance.services.record_marks` checks. The shape of
each item (an object, a date written YYYY-MM-DD) is checked here; everything else (whose placement, which
sessions, duplicates, the mark itself) by the service, as for the grid and a file. Both sets of problems
are reported together, by row, so one reply lists everything to correct."""

from __future__ import annotations

import datetime

from attendance.services import MarkRow, Problem

FIELDS = frozenset({"placement", "date", "session", "mark", "comment"})


def _date(value) -> datetime.date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def mark_rows(items: list) -> tuple[list[MarkRow], list[Problem]]:
    """The items as mark rows (those whose shape is right), and the problems of the rest."""
    rows, problems = [], []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(
                Problem(number, "send each mark as an object with placement, date, session and mark")
            )
            continue
        if unknown := sorted(str(name)[:40] for name in item if name not in FIELDS):
            problems.append(
                Problem(
                    number, f"unknown field {unknown[0]}: send placement, date, session, mark and comment"
                )
            )
            continue
        on = _date(item.get("date"))
        if on is None:
            problems.append(
                Problem(number, "enter the date, written YYYY-MM-DD, like 2026-11-30")
                if item.get("date") in (None, "")
                else Problem(number, "the date must be a day written YYYY-MM-DD, like 2026-11-30")
            )
            continue
        comment = item.get("comment") or ""
        rows.append(
            MarkRow(
                row=number,
                placement=item.get("placement") if not isinstance(item.get("placement"), bool) else None,
                on=on,
                session=str(item.get("session", "")).strip().lower(),
                mark=str(item.get("mark", "")).strip().lower(),
                comment=comment if isinstance(comment, str) else str(comment),
            )
        )
    return rows, problems
