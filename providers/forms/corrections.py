"""Marking an evidence check or a QA visit as entered in error: the reason is all that is asked."""

from providers.forms.notes import WritingForm, writing
from providers.models.corrections import REASON_MAX_LENGTH


class EnteredInErrorForm(WritingForm):
    submit_label = "Mark as entered in error"

    reason = writing(
        "Why was it entered in error?",
        subject="The reason",
        limit=REASON_MAX_LENGTH,
        rows=4,
        required="Enter why it was entered in error",
        help_text="For example, recorded against the wrong provider. The record is kept with your reason, "
        "your name and today's date, and stops counting.",
    )
