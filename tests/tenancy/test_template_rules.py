"""Every app's template rules share one filter namespace (`{% load rules %}`): one name, one rule."""

from collections import Counter

import pytest
from django.core.exceptions import ImproperlyConfigured

from apcommission.tenancy.templatetags import rules as rules_tags


def test_no_two_apps_name_a_template_rule_the_same():
    names = Counter(
        name
        for module in rules_tags._rules_modules()
        for table in ("FOR_TEMPLATES", "ON_A_RECORD")
        for name in getattr(module, table, {})
    )
    assert [name for name, count in names.items() if count > 1] == []
    assert {"may_decide", "may_decide_at_panel", "may_refer"} <= set(names)


def test_a_second_rule_under_a_taken_name_stops_the_project_loading():
    class Module:
        __name__ = "someapp.rules"

    with pytest.raises(ImproperlyConfigured, match="'may_decide'"):
        rules_tags._register("may_decide", lambda membership: True, Module)
    assert rules_tags.register.filters["may_decide"].__name__ == "check"  # the referrals' rule stays
