"""The views that take posts without a binding to the acting membership, and why none is needed."""

UNBOUND = {
    "switch_organisation": "switching is right from a tab drawn for any of one's organisations",
    "accept_invitation": "an invitation is taken up before its organisation is acted for",
    "voice": "a pupil or parent answers by a one-time link, without an account: the link says which review",
    "account_login": "signing in acts for the person, not an organisation",
    "account_logout": "signing out acts for the person, not an organisation",
    "account_signup": "sign-up is closed, and acts for nobody",
    "admin:logout": "the operator's admin acts for no organisation",
    # The API is not driven by a browser's session: the key in each request says who acts, for one
    # organisation only, so there is no other tab's organisation to confuse it with.
    "api:attendance": "an API key acts for its one organisation; no session, so no other tab",
    "api:progress": "an API key acts for its one organisation; no session, so no other tab",
}
