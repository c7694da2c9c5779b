from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "jiandu.prevention"
    verbose_name = "风险预防"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("prevention_hotspots", "投诉热点", "view_prevention"),
        ("prevention_warnings", "风险预警", "view_prevention"),
    ]
