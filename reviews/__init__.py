"""Reviews: scheduled reviews of each placement, reminders and alerts sent once (journey stage 4).

May depend on providers, referrals and placements.
"""
