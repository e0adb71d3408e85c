"""What happens to a placement that later stages act on, sent inside the transaction that made it
happen: a receiver's writes commit or roll back with it, and a receiver that raises refuses the change.

Each is sent with `placement` (the locked row, as saved) and `by` (the acting membership). The later
stages connect in their own `ready()`, so this app names none of them (reviews make the schedule)."""

from django.dispatch import Signal

# An active placement from now on.
started = Signal()
# An active placement's start or planned end changed.
dates_changed = Signal()
# An active placement ended, on `placement.ended_on`.
ended = Signal()
