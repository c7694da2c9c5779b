from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "jiandu.prevention"
    verbose_name = "风险预防"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = []
