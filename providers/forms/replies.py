"""The provider's reply to an action a QA visit left it to do."""

from providers.forms.notes import WritingForm, writing

REPLY_MAX_LENGTH = 2000


class ReplyForm(WritingForm):
    submit_label = "Send reply"

    note = writing(
        "Your reply",
        subject="Your reply",
        limit=REPLY_MAX_LENGTH,
        rows=5,
        required="Enter your reply",
        help_text="What you have done or plan to do, and when. The organisation that made the visit reads "
        "it and closes the action when it has checked. Schools do not see your reply.",
    )
