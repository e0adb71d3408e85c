"""`{% url %}` keeps argument-less paths, and behaves as Django's tag everywhere else."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_an_argument_less_url_is_its_path():
    assert render("{% url 'home' %}") == reverse("home")


def test_a_url_with_arguments_is_reversed_as_django_does():
    assert render("{% url 'provider_detail' 7 %}") == reverse("provider_detail", args=[7])


def test_as_var_swallows_a_missing_url_as_django_s_tag_does():
    assert render("{% url 'no_such_page' as link %}[{{ link }}]") == "[]"


def test_a_missing_url_without_as_var_fails_loudly():
    with pytest.raises(NoReverseMatch):
        render("{% url 'no_such_page' %}")
