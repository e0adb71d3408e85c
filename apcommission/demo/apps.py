from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "apcommission.demo"
    label = "demo"
    verbose_name = "Demo world"
