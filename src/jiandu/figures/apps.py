from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "jiandu.figures"
    label = "figures"
    verbose_name = "统计汇总"
    navigation: list[tuple[str, str, str]] = []
