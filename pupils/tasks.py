"""Celery tasks for pupils: thin wrappers over the services (the database says what is due)."""

from apcommission.tasks import sweep
from pupils.import_uploads import discard_old_uploads


@sweep("retention: uploaded Common Transfer Files")
def discard_old_ctf_uploads() -> int:
    """Empty uploaded CTFs left unimported past their time (run hourly by beat; safe to repeat)."""
    return discard_old_uploads()
