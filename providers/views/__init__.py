"""Thin views, one module per part of the providers app: each parses the request, asks a selector or a
service and renders. Who may do what is asked of `apcommission.tenancy.rules`."""
