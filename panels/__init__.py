"""The LA's panels: a fair-access or commissioning panel that meets on a date and decides on the referrals
put to it (issue 10, step 4 of the referral). Optional: each LA says whether it uses one."""
