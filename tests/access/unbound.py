"""The views that take posts without a binding to the acting membership, and why none is needed."""

UNBOUND = {
    "switch_organisation": "switching is right from a tab drawn for any of one's organisations",
    "accept_invitation": "an invitation is taken up before its organisation is acted for",
    "account_login": "signing in acts for the person, not an organisation",
    "account_logout": "signing out acts for the person, not an organisation",
    "account_signup": "sign-up is closed, and acts for nobody",
    "admin:logout": "the operator's admin acts for no organisation",
}
