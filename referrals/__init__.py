"""Referrals: the referral from a school to one or more providers, with the provider's response, the
visit or taster, the panel and the decision (journey stage 3).

Depends on pupils and providers; placements and reviews build on it.
"""
