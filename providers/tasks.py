"""Celery tasks for providers: thin wrappers over the services (the database says what is due)."""

from apcommission.tasks import sweep
from providers.services.evidence import purge_expired_dbs_copies


@sweep("retention: DBS certificate copies")
def purge_dbs_certificate_copies() -> int:
    """Delete copies of DBS certificates whose six months are up (run daily by beat; safe to repeat)."""
    return purge_expired_dbs_copies()
