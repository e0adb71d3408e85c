"""The placement's one transition table (the service's state-machine helper, `apcommission.workflow`).
What a move needs beyond the table (a start needs an objective with a baseline, and a part-time
timetable its plan) is checked by the placement services before they move it. A planned placement that
will not take place is cancelled, not ended: it never started."""

from apcommission.workflow import Move, Workflow
from placements.models import PlacementStatus as S
from placements.models import PlacementStatusChange

PLACEMENT_STATUS = Workflow(
    states=S,
    subject="placement",
    history=PlacementStatusChange,
    moves={
        S.PLANNED: [
            Move(S.ACTIVE, "Start the placement", reason_required=False),
            Move(S.CANCELLED, "Cancel the placement"),
        ],
        S.ACTIVE: [Move(S.ENDED, "End the placement")],
    },
    described={
        S.CANCELLED: "A cancelled placement",
        S.ENDED: "An ended placement",
        S.ACTIVE: "An active placement",
        S.PLANNED: "A planned placement",
    },
)
