"""The sweep: make what is due into alerts, close what is dealt with, and send what is due, exactly once.

The database is the source of truth (SECURITY.md 8); Celery only carries the work.

1. **Make** (`make`): each kind's source lists what is due today; one INSERT ... SELECT per kind makes an
   alert for each row and each person with the kind's roles in its organisation. The unique key (kind,
   person, subject, due date) makes a second run, or a second scheduler, make nothing: an open alert is
   left as it is. One the source had stopped listing (closed: dealt with) and lists again is opened
   afresh, unread and to be emailed again: the thing is due once more. A second statement closes the
   open alerts of the kind its source no longer lists.
2. **Claim** (`claim`): the emails due and not sent are claimed with SELECT ... FOR UPDATE SKIP LOCKED and
   stamped `dispatched_at`, so two schedulers claim different rows. A row claimed but never sent (its
   task lost with Redis, its worker killed) is claimed again after `ALERT_REDISPATCH_SECONDS`.
3. **Send** (`alerts.delivery`): each email is sent inside a transaction holding its rows' lock, and
   `emailed_at` is set in that transaction, so it is sent once whichever worker or retry gets there.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from alerts.kinds import SPECS
from alerts.models import Alert, Preference, SweepMark
from alerts.sources import Due, all_sources
from apcommission.accounts.models import User
from apcommission.tenancy.models import Membership

logger = logging.getLogger(__name__)


def digest_time(now: datetime.datetime) -> datetime.datetime:
    """When a daily summary made now goes: the next `ALERT_DIGEST_HOUR` o'clock, local time."""
    local = timezone.localtime(now)
    at = local.replace(hour=settings.ALERT_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if at <= local:
        at += datetime.timedelta(days=1)
    return at


_INSERT = """
INSERT INTO {alert} (kind, membership_id, organisation_id, subject, due_on, link, words, created_at,
                     digest, email_due_at)
SELECT DISTINCT ON (m.id, d.subject, d.due_on)
       %(kind)s, m.id, m.organisation_id, d.subject, d.due_on, d.link, d.words, %(now)s,
       COALESCE(p.digest, false) AND NOT %(immediate)s,
       CASE WHEN COALESCE(p.digest, false) AND NOT %(immediate)s THEN %(digest_at)s ELSE %(now)s END
FROM unnest(%(orgs)s::bigint[], %(subjects)s::text[], %(dues)s::date[], %(links)s::text[], %(words)s::text[])
     AS d(organisation_id, subject, due_on, link, words)
JOIN {membership} m ON m.organisation_id = d.organisation_id AND m.removed_at IS NULL
                   AND m.role = ANY(%(roles)s::text[])
JOIN {user} u ON u.id = m.user_id AND u.is_active AND NOT u.is_api_client
LEFT JOIN {preference} p ON p.membership_id = m.id AND p.kind = %(kind)s
ON CONFLICT (kind, membership_id, subject, due_on) DO UPDATE
   SET closed_at = NULL, read_at = NULL, created_at = EXCLUDED.created_at, link = EXCLUDED.link,
       words = EXCLUDED.words, digest = EXCLUDED.digest, email_due_at = EXCLUDED.email_due_at,
       dispatched_at = NULL, emailed_at = NULL
 WHERE {alert}.closed_at IS NOT NULL
RETURNING membership_id
"""

# Open alerts of the kind whose (organisation, subject, due date) the source no longer lists are dealt
# with. A person who left the organisation is not listed either: their alerts close too. NOT IN over the
# listed rows is answered with a hashed subplan, one pass over each side whatever the table's statistics
# (a NOT EXISTS was planned as a nested loop on a table not yet analysed: 20 s at 100,000 placements).
_CLOSE = """
UPDATE {alert} a SET closed_at = %(now)s
WHERE a.kind = %(kind)s AND a.closed_at IS NULL
  AND (a.organisation_id, a.subject, a.due_on) NOT IN (
    SELECT d.organisation_id, d.subject, d.due_on
    FROM unnest(%(orgs)s::bigint[], %(subjects)s::text[], %(dues)s::date[])
         AS d(organisation_id, subject, due_on))
RETURNING membership_id
"""


def _tables() -> dict[str, str]:
    return {
        "alert": Alert._meta.db_table,
        "membership": Membership._meta.db_table,
        "user": User._meta.db_table,
        "preference": Preference._meta.db_table,
    }


def insert(kind: str, rows: list[Due], *, now: datetime.datetime, close: bool) -> tuple[int, set[int]]:
    """Make the alerts for `rows` of `kind` (and, with `close`, close the open ones not in `rows`).
    Returns how many were made and the people whose alerts changed."""
    spec = SPECS[kind]
    params = {
        "kind": kind,
        "now": now,
        "immediate": spec.always_immediate,
        "digest_at": digest_time(now),
        "roles": [str(role) for role in spec.roles],
        "orgs": [row.organisation_id for row in rows],
        "subjects": [row.subject for row in rows],
        "dues": [row.due_on for row in rows],
        "links": [row.link for row in rows],
        "words": [row.words for row in rows],
    }
    changed: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(_INSERT.format(**_tables()), params)
        made = [membership for (membership,) in cursor.fetchall()]
        changed.update(made)
        if close:
            cursor.execute(_CLOSE.format(**_tables()), params)
            changed.update(membership for (membership,) in cursor.fetchall())
    return len(made), changed


@dataclass
class Made:
    made: int
    people: set[int]
    by_kind: dict[str, int]


def make(today: datetime.date, *, now: datetime.datetime) -> Made:
    """Make every kind's alerts due `today` and close those dealt with. Each kind in its own transaction,
    so one kind's failure does not hold back the others."""
    total = Made(0, set(), {})
    for kind, source in all_sources().items():
        with transaction.atomic():
            made, people = insert(kind, list(source(today)), now=now, close=True)
        total.made += made
        total.people |= people
        if made:
            total.by_kind[kind] = made
            logger.info("alerts made: %s %s", kind, made)
    _people_changed(total.people)
    return total


def make_if_due(today: datetime.date, *, now: datetime.datetime) -> Made | None:
    """`make`, unless alerts were made less than `ALERT_MAKE_EVERY_SECONDS` ago or another sweep is
    making them now (its lock on the one `SweepMark` row is skipped, not waited for)."""
    with transaction.atomic():
        SweepMark.objects.get_or_create(pk=1)
    with transaction.atomic():
        mark = SweepMark.objects.select_for_update(skip_locked=True).filter(pk=1).first()
        if mark is None:
            return None
        every = datetime.timedelta(seconds=settings.ALERT_MAKE_EVERY_SECONDS)
        if mark.made_at is not None and now - mark.made_at < every:
            return None
        made = make(today, now=now)
        mark.made_at = now
        mark.save(update_fields=["made_at"])
        return made


_CLAIM = """
WITH due AS (
  SELECT id FROM {alert}
  WHERE emailed_at IS NULL AND closed_at IS NULL AND email_due_at <= %(now)s
    AND (dispatched_at IS NULL OR dispatched_at < %(again)s)
  ORDER BY email_due_at, id
  LIMIT %(limit)s
  FOR UPDATE SKIP LOCKED)
UPDATE {alert} a SET dispatched_at = %(now)s FROM due WHERE a.id = due.id
RETURNING a.id, a.membership_id, a.digest
"""


@dataclass
class Claimed:
    alerts: list[int]  # sent one email each
    digests: list[int]  # memberships sent one daily summary each

    def __len__(self) -> int:
        return len(self.alerts) + len(self.digests)


def claim(*, now: datetime.datetime, limit: int | None = None) -> Claimed:
    """Claim the emails due now that no other sweep holds or handed out lately."""
    again = now - datetime.timedelta(seconds=settings.ALERT_REDISPATCH_SECONDS)
    params = {"now": now, "again": again, "limit": limit or settings.ALERT_CLAIM_BATCH}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CLAIM.format(**_tables()), params)
        rows = cursor.fetchall()
    alerts = sorted(pk for pk, _, digest in rows if not digest)
    digests = sorted({membership for _, membership, digest in rows if digest})
    return Claimed(alerts, digests)


def _people_changed(memberships: set[int]) -> None:
    from alerts import counts

    counts.changed(memberships)
