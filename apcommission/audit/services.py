from apcommission.audit.models import AccessEvent


def record_access(*, request, action: str, pupil_ids) -> AccessEvent:
    """Write one access event for a page, API response, export or PDF that showed pupils' data."""
    membership = getattr(request, "membership", None)
    return AccessEvent.objects.create(
        user=request.user,
        organisation=membership.organisation if membership else None,
        role=membership.role if membership else "",
        action=action,
        pupil_ids=sorted(set(pupil_ids)),
        path=request.path[:500],
    )
