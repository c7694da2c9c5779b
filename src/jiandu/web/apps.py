from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jiandu.web"
    verbose_name = "工作台"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("dashboard", "工作台", "view_dashboard"),
        ("workdays", "工作日计算", "use_workdays"),
    ]

    def ready(self) -> None:
        from jiandu.audit.signals import recorded
        from jiandu.web.hooks import on_audit_entries

        recorded.connect(on_audit_entries, dispatch_uid="jiandu.web.notifications")
