from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "jiandu.public"
    verbose_name = "公开服务"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = []
