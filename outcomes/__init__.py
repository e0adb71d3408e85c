"""What became of a placement (DOMAIN.md 3.7): the outcome and the destination recorded when it ends, and
the check-ins that follow the pupil's destination for years after."""
