from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "jiandu.prevention"
    verbose_name = "风险预防"
