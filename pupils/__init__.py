"""Pupils: the record a school keeps of each pupil it may place in AP, imported from a Common Transfer
File or typed in, and who has looked at it. Referrals, placements, reviews and reports stand on it.

May depend on the tenancy core; referrals, placements and reviews build on it.
"""
