"""Referrals: pupils (with CTF import) and the referral from a school to a provider (journey stage 2).

May depend on providers; placements and reviews build on it.
"""
