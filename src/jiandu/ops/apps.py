from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "jiandu.ops"
    label = "ops"
    verbose_name = "运行维护"
    navigation: list[tuple[str, str, str]] = []
