from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "jiandu.service"
    label = "service"
    verbose_name = "服务型执法"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("service_home", "一企一档与服务", "view_service"),
        ("service_my_submissions", "我的反映", "view_own_submissions"),
    ]
